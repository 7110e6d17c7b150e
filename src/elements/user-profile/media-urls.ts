import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UserDataProvider } from '../../data/provider.js';
import type { Attachment } from '../../model/types.js';

/** Content read through a reader: its object URL, or whether it is loading, failed or needs none. */
type ReadState = { url: string } | 'loading' | 'failed' | 'direct';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'blob:']);

// Types a browser shows as plain media. A blob URL has the page's origin, so
// an opened HTML, SVG or XML file would run its scripts as the page. Other
// types are served as `application/octet-stream`, which only downloads.
const INLINE_TYPES = /^(?:image\/(?:png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain|application\/pdf)(?:;.*)?$/i;

/**
 * Object URLs of attachment blobs, created once per attachment and revoked
 * when the host disconnects or the attachment leaves the list, so that a
 * long session does not keep every file it showed in memory.
 */
export class MediaUrlsController implements ReactiveController {
  private readonly urls = new Map<string, string>();
  private readonly reads = new Map<string, ReadState>();
  private currentProvider: UserDataProvider | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * The provider whose `readAttachment`, when it has one, reads remote
   * content such as files on a server that requires a token. Changing it
   * revokes the URLs of what the previous one read.
   */
  set provider(provider: UserDataProvider | undefined) {
    if (provider === this.currentProvider) return;
    this.currentProvider = provider;
    this.revokeExcept(new Set());
  }

  hostDisconnected(): void {
    this.revokeExcept(new Set());
  }

  /**
   * Returns a URL to show or download an attachment: an object URL for a
   * stored blob, else its `url` when that is http(s) or blob, else nothing,
   * so that a `javascript:` URL from data never reaches a link.
   */
  urlOf(attachment: Attachment): string | undefined {
    if (attachment.blob) {
      let url = this.urls.get(attachment.id);
      if (!url) {
        const blob = opensInline(attachment) ? attachment.blob : new Blob([attachment.blob], { type: 'application/octet-stream' });
        url = URL.createObjectURL(blob);
        this.urls.set(attachment.id, url);
      }
      return url;
    }
    const provider = this.currentProvider;
    if (provider?.readAttachment && attachment.url) return this.readUrl(attachment, provider);
    return safeUrl(attachment.url);
  }

  /** Revokes the URLs of attachments that are no longer shown. */
  retain(attachments: readonly Attachment[]): void {
    this.revokeExcept(new Set(attachments.map((attachment) => attachment.id)));
  }

  private revokeExcept(keep: Set<string>): void {
    for (const [id, url] of this.urls) {
      if (keep.has(id)) continue;
      URL.revokeObjectURL(url);
      this.urls.delete(id);
    }
    for (const [id, state] of this.reads) {
      if (keep.has(id)) continue;
      if (typeof state === 'object') URL.revokeObjectURL(state.url);
      this.reads.delete(id);
    }
  }

  /** Returns the object URL of content read through the reader, starting the read on first use. */
  private readUrl(attachment: Attachment, provider: UserDataProvider): string | undefined {
    const state = this.reads.get(attachment.id);
    if (state === 'direct') return safeUrl(attachment.url);
    if (typeof state === 'object') return state.url;
    if (state === undefined) {
      // TODO: every attachment of a loaded page is read at once; large files could wait for a click.
      this.reads.set(attachment.id, 'loading');
      Promise.resolve(provider.readAttachment?.(attachment)).then(
        (blob) => this.settleRead(attachment, provider, blob),
        () => this.settleRead(attachment, provider, null),
      );
    }
    return undefined;
  }

  private settleRead(attachment: Attachment, provider: UserDataProvider, blob: Blob | undefined | null): void {
    // A read that finishes after the provider changed or the list moved on is dropped.
    if (provider !== this.currentProvider || this.reads.get(attachment.id) !== 'loading') return;
    if (blob === null) {
      this.reads.set(attachment.id, 'failed');
    } else if (blob === undefined) {
      this.reads.set(attachment.id, 'direct');
    } else {
      const inline = opensInline({ ...attachment, blob });
      this.reads.set(attachment.id, { url: URL.createObjectURL(inline ? blob : new Blob([blob], { type: 'application/octet-stream' })) });
    }
    this.host.requestUpdate();
  }
}

function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, document.baseURI);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns whether an attachment may open in a new tab. A remote file may,
 * because its server decides how it is shown. A stored blob may when both
 * its media type and the blob's own type, which its URL is served with, are
 * plain media.
 */
export function opensInline(attachment: Attachment): boolean {
  if (!attachment.blob) return true;
  return INLINE_TYPES.test(attachment.mediaType) && INLINE_TYPES.test(attachment.blob.type);
}
