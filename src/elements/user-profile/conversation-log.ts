import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { isDataError } from '../../data/errors.js';
import type { UserDataProvider } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import { formatDate, formatDateTime } from '../../i18n/format.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { Conversation, Message } from '../../model/types.js';
import { channelIcon, channelLabel } from '../shared/channel.js';
import { dispatchDataError } from '../shared/events.js';
import { t } from './messages.js';

/** Messages fetched per request; the log never requests a whole conversation at once. */
export const MESSAGE_PAGE_SIZE = 50;

// Older messages load when the reader scrolls this close to the top, in pixels.
const LOAD_THRESHOLD = 120;

/**
 * One conversation's messages, oldest at the top and newest at the bottom.
 * It starts with the newest page and fetches older pages as the reader
 * scrolls up, keeping the visible messages in place while it prepends.
 *
 * @internal
 */
export class ConversationLog extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    h3 {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      margin: 0 0 0.5rem;
      font-size: 1em;
    }

    .count {
      font-weight: normal;
      color: var(--user-profile-secondary-text-color, #57606a);
    }

    .log {
      max-height: var(--user-profile-log-height, 24rem);
      overflow-y: auto;
      overflow-anchor: none;
      border: 1px solid var(--user-profile-border-color, #d0d7de);
      border-radius: 0.5rem;
      padding: 0.5rem;
    }

    .log:focus-visible {
      outline: 2px solid var(--user-profile-accent-color, #0969da);
    }

    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }

    .message {
      max-width: 80%;
      padding: 0.5rem 0.75rem;
      border-radius: 0.75rem;
      border: 1px solid var(--user-profile-border-color, #d0d7de);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }

    .inbound {
      align-self: flex-start;
      background: var(--user-profile-inbound-background, #f6f8fa);
    }

    .outbound {
      align-self: flex-end;
      background: var(--user-profile-outbound-background, #ddf4ff);
    }

    .message-text {
      display: block;
    }

    .meta {
      display: block;
      font-size: 0.8em;
      color: var(--user-profile-secondary-text-color, #57606a);
    }

    .edge {
      text-align: center;
      font-size: 0.85em;
      color: var(--user-profile-secondary-text-color, #57606a);
      margin: 0 0 0.5rem;
    }

    .error {
      color: var(--user-profile-error-color, #b3261e);
    }
  `;

  private readonly locale = new LocaleController(this);
  private abort: AbortController | undefined;
  private resizeObserver: ResizeObserver | undefined;
  // The first page is shown scrolled to its newest message once the log has a size.
  private scrolledToEnd = false;
  // Distance from the bottom before a prepend, restored after it renders.
  private anchorFromBottom: number | undefined;

  @query('.log') private log!: HTMLElement | null;

  @state() private messages: Message[] = [];
  @state() private total = 0;
  @state() private loading = false;
  @state() private error: unknown;

  /** The provider to read messages from. */
  @property({ attribute: false }) provider: UserDataProvider | undefined;

  /** The conversation to show. */
  @property({ attribute: false }) conversation: Conversation | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.resizeObserver?.disconnect();
  }

  /** Number of messages loaded so far. */
  get loadedCount(): number {
    return this.messages.length;
  }

  /** Fetches the newest page again and appends messages that arrived since. */
  async refresh(): Promise<void> {
    const atBottom = this.isAtBottom();
    await this.fetchPage(0, (page) => {
      const known = new Set(this.messages.map((message) => message.id));
      const arrived = page.filter((message) => !known.has(message.id)).reverse();
      this.messages = [...this.messages, ...arrived];
    });
    if (atBottom) this.scrollToEnd();
  }

  /** Fetches the page before the oldest loaded message, unless one is loading or none is left. */
  async loadOlder(): Promise<void> {
    // TODO: pages stay loaded once read, so a reader who scrolls back to the
    // start of a long conversation ends with every message in memory and in
    // the DOM. Unloading far pages needs fetching newer pages again on the
    // way down, with offsets that shift as new messages arrive.
    if (this.loading || this.messages.length >= this.total) return;
    const log = this.log;
    if (log) this.anchorFromBottom = log.scrollHeight - log.scrollTop;
    await this.fetchPage(this.messages.length, (page) => {
      const known = new Set(this.messages.map((message) => message.id));
      const older = page.filter((message) => !known.has(message.id)).reverse();
      this.messages = [...older, ...this.messages];
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A refreshed copy of the same conversation (a new message count) keeps
    // the pages already loaded; `refresh` fetches what arrived.
    const previous = changed.get('conversation');
    const switched = changed.has('conversation') && previous?.id !== this.conversation?.id;
    if (changed.has('provider') || switched) {
      this.messages = [];
      this.total = 0;
      this.scrolledToEnd = false;
      void this.fetchPage(0, (page) => {
        this.messages = [...page].reverse();
      });
    }
  }

  protected override updated(): void {
    const log = this.log;
    if (!log) return;
    this.resizeObserver?.observe(log);
    if (this.anchorFromBottom !== undefined && !this.loading) {
      log.scrollTop = log.scrollHeight - this.anchorFromBottom;
      this.anchorFromBottom = undefined;
    }
    if (!this.scrolledToEnd && this.messages.length > 0 && log.clientHeight > 0) {
      this.scrollToEnd();
    }
  }

  protected override render() {
    const conversation = this.conversation;
    if (!conversation) return nothing;
    const headingId = `conversation-${conversation.id}`;
    return html`
      <section part="conversation">
        <h3 id=${headingId}>
          ${channelIcon(conversation.channel)}
          <span>${t('conversation-heading', {
            channel: channelLabel(conversation.channel),
            date: formatDate(conversation.startedAt),
          })}</span>
          <span class="count">${t('message-count', { count: this.total || conversation.messageCount })}</span>
        </h3>
        <div
          class="log"
          part="log"
          role="log"
          tabindex="0"
          aria-label=${t('conversation-log', { channel: channelLabel(conversation.channel) })}
          aria-busy=${this.loading ? 'true' : 'false'}
          @scroll=${this.onScroll}
        >
          ${this.renderEdge()}
          <ol>
            ${repeat(
              this.messages,
              (message) => message.id,
              (message) => this.renderMessage(message),
            )}
          </ol>
        </div>
      </section>
    `;
  }

  private renderEdge() {
    if (this.error) {
      return html`<p class="edge error" role="alert">${t('section-failed', { reason: describeError(this.error) })}
        <vaadin-button theme="tertiary" @click=${() => this.retry()}>${t('retry')}</vaadin-button></p>`;
    }
    if (this.loading) return html`<p class="edge">${t('loading-older')}</p>`;
    if (this.messages.length > 0 && this.messages.length >= this.total) {
      return html`<p class="edge">${t('start-of-conversation')}</p>`;
    }
    return nothing;
  }

  private renderMessage(message: Message) {
    const direction = message.direction === 'outbound' ? 'outbound' : 'inbound';
    const attachments = message.attachmentIds?.length ?? 0;
    return html`
      <li class="message ${direction}" part="message ${direction}" data-message=${message.id}>
        <span class="meta">${t(direction)} · <time datetime=${new Date(message.sentAt).toISOString()}
            >${formatDateTime(message.sentAt)}</time
          ></span>
        <span class="message-text" dir="auto">${message.text}</span>
        ${attachments > 0 ? html`<span class="meta">${t('message-attachments', { count: attachments })}</span>` : nothing}
      </li>
    `;
  }

  private async fetchPage(offset: number, apply: (page: Message[]) => void): Promise<void> {
    const provider = this.provider;
    const conversation = this.conversation;
    if (!provider || !conversation) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.loading = true;
    this.error = undefined;

    try {
      const page = await provider.listMessages(conversation.id, {
        offset,
        limit: MESSAGE_PAGE_SIZE,
        signal: abort.signal,
      });
      if (abort.signal.aborted) return;
      this.total = page.total;
      apply(page.items);
    } catch (error) {
      if (abort.signal.aborted || (isDataError(error) && error.code === 'aborted')) return;
      this.error = error;
      this.anchorFromBottom = undefined;
      dispatchDataError(this, error);
    } finally {
      if (this.abort === abort) this.loading = false;
    }
    await this.updateComplete;
    this.fillViewport();
  }

  private retry(): void {
    if (this.messages.length === 0) {
      void this.fetchPage(0, (page) => {
        this.messages = [...page].reverse();
      });
    } else {
      void this.loadOlder();
    }
  }

  private onScroll(): void {
    const log = this.log;
    if (log && this.scrolledToEnd && log.scrollTop < LOAD_THRESHOLD) void this.loadOlder();
  }

  private onResize(): void {
    if (!this.scrolledToEnd && this.messages.length > 0) this.scrollToEnd();
    this.fillViewport();
  }

  // A first page shorter than the log gives the reader nothing to scroll,
  // so older pages load until the log overflows or the conversation ends.
  private fillViewport(): void {
    const log = this.log;
    if (!log || log.clientHeight === 0 || this.error) return;
    if (log.scrollHeight <= log.clientHeight) void this.loadOlder();
  }

  private scrollToEnd(): void {
    const log = this.log;
    if (!log || log.clientHeight === 0) return;
    log.scrollTop = log.scrollHeight;
    this.scrolledToEnd = true;
  }

  private isAtBottom(): boolean {
    const log = this.log;
    return !log || log.scrollHeight - log.scrollTop - log.clientHeight < 4;
  }
}
