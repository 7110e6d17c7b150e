import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Attachment } from '../../model/types.js';

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

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
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
