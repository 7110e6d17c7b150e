import { isDataError } from '../../data/errors.js';
import type { Page, UserDataProvider, UserFilter, UserQuery, UserSort } from '../../data/provider.js';
import { filterKey } from '../../data/user-query.js';
import type { User } from '../../model/types.js';

/** The rows the table shows: one filter and one sort. */
export interface QueryState {
  filter: UserFilter;
  sort: UserSort;
}

/** Returns a string equal for states that query the same rows in the same order. */
export function stateKey(state: QueryState): string {
  return `${filterKey(state.filter)}|${state.sort.field}:${state.sort.direction}`;
}

/** Tells whether an error only reports that its request was aborted. */
export function isAbortError(error: unknown): boolean {
  if (isDataError(error)) return error.code === 'aborted';
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Callbacks for the exact totals that follow pages with an estimated one, by filter key. */
export interface TotalListeners {
  onTotal?(filter: string): void;
  onTotalError?(filter: string, error: unknown): void;
}

/**
 * Loads pages of users for the table's grid, so that no page is requested
 * twice for the same state while it is cached or in flight.
 *
 * The grid drops its own pages on every `clearCache()` (after a sort, a
 * filter or a data change); this cache outlives those calls, so a cleared
 * grid gets its visible rows back without another provider request. It keeps
 * at most {@link UserPageLoader.MAX_CACHED_PAGES} settled pages, dropping the
 * least recently used first, so memory stays bounded however far the user
 * scrolls; a page scrolled back to after its eviction is requested again.
 *
 * Pages accept an approximate total, so a broad search shows its first rows
 * before its matches are counted. The first estimate for a filter sizes the
 * grid until the exact count, requested right after, replaces it.
 */
export class UserPageLoader {
  static readonly MAX_CACHED_PAGES = 40;

  /** Incremented by {@link invalidate}; results of an older generation are stale. */
  generation = 0;

  private readonly pages = new Map<string, Promise<Page<User>>>();
  private readonly settled = new Set<string>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly totals = new Map<string, number>();
  /** First estimated total per filter key, until its exact count arrives. */
  private readonly estimates = new Map<string, number>();
  /** Exact counts in flight, by filter key. */
  private readonly counts = new Map<string, AbortController>();
  /** Row counts cut short by a page that returned fewer rows than its total promised, by state key. */
  private readonly limits = new Map<string, number>();

  constructor(
    readonly provider: UserDataProvider,
    readonly pageSize: number,
    private readonly listeners: TotalListeners = {},
  ) {}

  /** Returns page `page` (0-based) of a state, from the cache or the provider. */
  load(state: QueryState, page: number): Promise<Page<User>> {
    const key = stateKey(state);
    const pageKey = `${key}#${page}`;
    const cached = this.pages.get(pageKey);
    if (cached) {
      // Re-inserting moves the page to the end, so eviction drops the least recently used.
      this.pages.delete(pageKey);
      this.pages.set(pageKey, cached);
      // A state left before its exact count arrived had that count aborted.
      const generation = this.generation;
      cached.then(
        (result) => this.keepTotal(state.filter, result, generation),
        () => undefined,
      );
      return cached;
    }

    let controller = this.controllers.get(key);
    if (!controller) {
      controller = new AbortController();
      this.controllers.set(key, controller);
    }
    const generation = this.generation;
    const request = this.query({
      offset: page * this.pageSize,
      limit: this.pageSize,
      sort: state.sort,
      filter: state.filter,
      signal: controller.signal,
      allowApproximateTotal: true,
    }).then((result) => {
      this.keepTotal(state.filter, result, generation);
      return result;
    });

    this.pages.set(pageKey, request);
    request.then(
      () => {
        if (this.pages.get(pageKey) !== request) return;
        this.settled.add(pageKey);
        this.evict();
      },
      () => {
        // A failed page leaves the cache, so that Retry requests it again.
        if (this.pages.get(pageKey) === request) this.pages.delete(pageKey);
      },
    );
    return request;
  }

  /**
   * Returns the row count to give the grid after a page arrived: the total,
   * or fewer rows when the page came back shorter than the total promised
   * (users deleted between the count and the read). The shorter count sticks
   * for the state until {@link invalidate}, so the grid does not ask again
   * for rows that are gone.
   */
  sizeAfter(state: QueryState, page: number, result: Page<User>): number {
    const key = stateKey(state);
    const offset = page * this.pageSize;
    const filter = filterKey(state.filter);
    const total = result.totalApproximate ? (this.totals.get(filter) ?? this.estimates.get(filter) ?? result.total) : result.total;
    let size = Math.min(total, this.limits.get(key) ?? Number.POSITIVE_INFINITY);
    const expected = Math.max(0, Math.min(this.pageSize, size - offset));
    if (result.items.length < expected) {
      size = offset + result.items.length;
      this.limits.set(key, size);
    }
    return size;
  }

  /** Returns the count last loaded for the state's filter, whatever its sort, or undefined. */
  knownTotal(state: QueryState): number | undefined {
    const total = this.totals.get(filterKey(state.filter));
    if (total === undefined) return undefined;
    return Math.min(total, this.limits.get(stateKey(state)) ?? Number.POSITIVE_INFINITY);
  }

  /** Aborts the requests of every state except `state` and drops their unsettled pages. */
  abortOtherStates(state: QueryState): void {
    const filter = filterKey(state.filter);
    for (const [key, controller] of this.counts) {
      if (key === filter) continue;
      controller.abort();
      this.counts.delete(key);
    }
    const keep = stateKey(state);
    for (const [key, controller] of this.controllers) {
      if (key === keep) continue;
      controller.abort();
      this.controllers.delete(key);
      this.forgetPending(key);
    }
  }

  /** Forgets every page and count after the data changed; requests in flight are aborted. */
  invalidate(): void {
    this.generation += 1;
    for (const controller of [...this.controllers.values(), ...this.counts.values()]) controller.abort();
    this.controllers.clear();
    this.counts.clear();
    this.estimates.clear();
    this.pages.clear();
    this.settled.clear();
    this.totals.clear();
    this.limits.clear();
  }

  /** Aborts every request; the loader must not be used afterwards. */
  dispose(): void {
    this.invalidate();
  }

  /** Keeps a page's exact total, or its first estimate, and then requests the exact count. */
  private keepTotal(filter: UserFilter, result: Page<User>, generation: number): void {
    if (generation !== this.generation) return;
    const key = filterKey(filter);
    if (!result.totalApproximate) {
      this.totals.set(key, result.total);
    } else if (!this.totals.has(key)) {
      if (!this.estimates.has(key)) this.estimates.set(key, result.total);
      this.countExactly(filter);
    }
  }

  /**
   * Requests the exact total of a filter whose page came with an estimate,
   * once while it is in flight. A failed count is forgotten, so the next
   * page with an estimate requests it again.
   */
  private countExactly(filter: UserFilter): void {
    const key = filterKey(filter);
    if (this.counts.has(key)) return;
    const controller = new AbortController();
    this.counts.set(key, controller);
    const generation = this.generation;
    this.query({ offset: 0, limit: 0, filter, signal: controller.signal }).then(
      (result) => {
        if (this.counts.get(key) === controller) this.counts.delete(key);
        if (generation !== this.generation) return;
        this.totals.set(key, result.total);
        this.estimates.delete(key);
        this.listeners.onTotal?.(key);
      },
      (error: unknown) => {
        if (this.counts.get(key) === controller) this.counts.delete(key);
        if (generation === this.generation) this.listeners.onTotalError?.(key, error);
      },
    );
  }

  /** Calls `queryUsers`, turning an error thrown before it returns into a rejection, so a grid callback always runs. */
  private query(query: UserQuery): Promise<Page<User>> {
    try {
      return this.provider.queryUsers(query);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private forgetPending(key: string): void {
    for (const pageKey of this.pages.keys()) {
      if (pageKey.startsWith(`${key}#`) && !this.settled.has(pageKey)) this.pages.delete(pageKey);
    }
  }

  private evict(): void {
    for (const pageKey of this.pages.keys()) {
      if (this.settled.size <= UserPageLoader.MAX_CACHED_PAGES) return;
      if (!this.settled.has(pageKey)) continue;
      this.pages.delete(pageKey);
      this.settled.delete(pageKey);
    }
  }
}
