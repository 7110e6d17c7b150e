import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isDataError } from '../../data/errors.js';
import type { Page, PageRequest } from '../../data/provider.js';

export type PagedListStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Fetches one page; `signal` fires when a newer load replaces this one. */
export type PageFetcher<T> = (request: PageRequest) => Promise<Page<T>>;

/**
 * Pages of one list of a user's records (notes, tickets, …) loaded on
 * demand. Each load aborts the previous one and a late result is dropped,
 * so a reload after a change never mixes with an older page.
 */
export class PagedListController<T extends { id: string }> implements ReactiveController {
  items: T[] = [];
  total = 0;
  status: PagedListStatus = 'idle';
  error: unknown;

  private fetcher: PageFetcher<T> | undefined;
  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly pageSize: number,
    /** Called with every failure, for the host's error event. */
    private readonly onError: (error: unknown) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  /** Switches to another source (another user) and loads its first page. */
  async reset(fetcher: PageFetcher<T> | undefined): Promise<void> {
    this.fetcher = fetcher;
    this.items = [];
    this.total = 0;
    this.status = 'idle';
    if (fetcher) await this.reload();
    else this.abort?.abort();
  }

  /** Loads again as many records as are shown, to pick up changes. */
  async reload(): Promise<void> {
    await this.load(0, Math.max(this.pageSize, this.items.length), true);
  }

  /** Appends the next page. */
  async loadMore(): Promise<void> {
    if (this.status === 'loading' || !this.hasMore) return;
    await this.load(this.items.length, this.pageSize, false);
  }

  private async load(offset: number, limit: number, replace: boolean): Promise<void> {
    const fetcher = this.fetcher;
    if (!fetcher) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.status = 'loading';
    this.host.requestUpdate();

    try {
      const page = await fetcher({ offset, limit, signal: abort.signal });
      if (abort.signal.aborted) return;
      this.total = page.total;
      this.items = replace ? page.items : appendNew(this.items, page.items);
      this.status = 'ready';
      this.error = undefined;
    } catch (error) {
      if (abort.signal.aborted || (isDataError(error) && error.code === 'aborted')) return;
      this.status = 'error';
      this.error = error;
      this.onError(error);
    }
    this.host.requestUpdate();
  }
}

// Records written meanwhile shift the offsets, so a page may repeat items
// already shown.
function appendNew<T extends { id: string }>(items: T[], page: T[]): T[] {
  const seen = new Set(items.map((item) => item.id));
  return [...items, ...page.filter((item) => !seen.has(item.id))];
}
