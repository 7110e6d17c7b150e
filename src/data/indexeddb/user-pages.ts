import type { IDBPIndex, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { User } from '../../model/types.js';
import { throwIfAborted } from '../errors.js';
import type { Page, SortDirection, UserFilter, UserQuery, UserSelection, UserSort, UserSortField } from '../provider.js';
import {
  DEFAULT_SORT,
  filterKey,
  isEmptyFilter,
  matchesFilter,
  normalizeFilter,
  searchHead,
  searchIsHead,
  searchPrefixes,
  TOKEN_PREFIX,
} from '../user-query.js';
import { fromStoredUser, IDENTIFIER_KEY_STARTS, startsWithWord, type Database, type StoredUser, type UsersDB } from './schema.js';
import { saveStoredPages, STORED_PAGES_KEY, storedPagesOf, withBookmark, type IndexKey, type StoredBookmark, type StoredPages } from './stored-pages.js';

/**
 * Reads paged user queries without costing O(offset).
 *
 * Every sort has a compound `[key, id]` index, so a row's index key is
 * unique and a page can start from it (keyset paging). The first row of
 * every page read is kept as a bookmark per filter and sort field, so a
 * later page starts from the nearest one. Without a filter, the distance
 * from the bookmark is skipped with one key-cursor `advance()`, which
 * IndexedDB does without handing any key to JavaScript. Descending pages are
 * read as the mirrored ascending rows, so both directions share bookmarks.
 *
 * A filter is first resolved to the exact set of matching ids from its
 * indexes (kept with its size, which is the total). Small sets are sorted in
 * memory, and large ones are found by walking the sort index's keys and
 * keeping the members. A filter with one condition is resolved from index
 * keys alone, and its pages are found by walking while the walk stays
 * short. Only a page that the walk cannot reach cheaply has the records of
 * a small set read and sorted in memory. The first pages of a broad filter with one condition
 * skip that step: their total is a sum of index counts, and their rows are
 * found by checking records in sort order. So are the first pages of any
 * filter when the query accepts an approximate total. In name order, such a
 * search walks only the users that the `heads` index lists under its head.
 * Everything is cached until {@link UserPager.invalidate}, which the
 * provider calls after each write.
 *
 * The number of all users, and the bookmarks of unfiltered pages that took
 * a long skip to reach, are also kept in the database until the next write
 * to users (see stored-pages.ts), so a new provider starts from them.
 */
export interface PagerOptions {
  /** Matching rows between two bookmarks left by a walk through a filtered set. */
  bookmarkInterval: number;
  /** Bookmarks kept per filter and sort field; beyond it, every other one is dropped. */
  maxBookmarks: number;
  /** Primary keys read per request while walking an index for a filter. */
  walkChunk: number;
  /** Largest filtered set read whole and sorted in memory rather than found by walking the sort index. */
  sortInMemoryLimit: number;
  /**
   * Sort-index keys a page of a one-condition filter may walk, counted from
   * the walk's start and projected from the matches found so far, before the
   * set is read whole and sorted in memory instead (sets up to
   * `sortInMemoryLimit` only).
   */
  walkBeforeSortLimit: number;
  /** Pages ending before this row of a broad one-condition filter are read by checking records in sort order. */
  shallowPageLimit: number;
  /** Records such a read checks before it gives up and resolves the filter's ids. */
  shallowWalkLimit: number;
  /** Largest candidate set whose remaining conditions are checked on the records. */
  checkOnRecordsLimit: number;
  /** Filters whose results are kept. */
  cachedFilters: number;
  /** Rows an unfiltered page's cursor skips before the page's first row is stored as a bookmark for later providers. */
  storedBookmarkDistance: number;
  /** Bookmarks stored in the database per sort field. Past it, the one closest to its predecessor is dropped. */
  maxStoredBookmarks: number;
}

export const DEFAULT_PAGER_OPTIONS: PagerOptions = {
  bookmarkInterval: 500,
  maxBookmarks: 4096,
  walkChunk: 5000,
  sortInMemoryLimit: 20_000,
  walkBeforeSortLimit: 20_000,
  shallowPageLimit: 1000,
  shallowWalkLimit: 5000,
  checkOnRecordsLimit: 5000,
  cachedFilters: 32,
  storedBookmarkDistance: 200,
  maxStoredBookmarks: 64,
};

/** Fewest keys a walk reads per request, however dense the members. */
const MIN_WALK_CHUNK = 64;

type ReadTransaction = IDBPTransaction<UsersDB, ['users'], 'readonly'>;

interface Bookmark {
  /** Ascending row number. */
  row: number;
  id: string;
  /** The row's index key, filled when first needed. */
  key?: IndexKey;
}

interface SortState {
  /** Sorted by row. */
  bookmarks: Bookmark[];
  /** Matching ids in ascending order, for sets sorted in memory. */
  ordered?: string[];
}

/** A matching user's sort keys, kept for sets small enough to sort in memory. */
type SortRow = Record<UserSortField, string | number>;

interface FilterState {
  filter: UserFilter;
  total?: number;
  /** The count of all users in progress, so that queries arriving together count once. */
  counting?: Promise<number>;
  /** The users version that the state of an unfiltered query was loaded at, when the database has one. */
  version?: string;
  /** Matching ids, or `null` for no filter. */
  members?: Set<string> | null;
  /** Sort keys of every member, when the set was small enough to read whole. */
  rows?: SortRow[];
  /** Reads {@link rows} later, for a set resolved from keys alone that is small enough to sort in memory. */
  readRows?: () => Promise<SortRow[]>;
  sorts: Map<UserSortField, SortState>;
}

export class UserPager {
  private readonly states = new Map<string, FilterState>();
  private readonly options: PagerOptions;

  constructor(
    private readonly database: () => Promise<Database>,
    options: Partial<PagerOptions> = {},
  ) {
    this.options = { ...DEFAULT_PAGER_OPTIONS, ...options };
  }

  /** Drops every cached count, id set and bookmark; call after any write to users. */
  invalidate(): void {
    this.states.clear();
  }

  async query(query: UserQuery): Promise<Page<User>> {
    const sort = query.sort ?? DEFAULT_SORT;
    const state = this.state(query.filter);
    const signal = query.signal;
    const db = await this.database();
    throwIfAborted(signal);

    const headTotal = await this.headTotal(db, state, query);
    if (headTotal !== undefined) return { items: [], total: headTotal };
    const shallow = await this.shallowPage(db, state, query, sort);
    if (shallow) return shallow;
    const approximate = await this.approximatePage(db, state, query, sort);
    if (approximate) return approximate;

    const members = await this.members(db, state, signal);
    const total = await this.total(db, state, members);
    throwIfAborted(signal);

    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    let start = offset;
    let end = Math.min(total, offset + limit);
    if (sort.direction === 'desc') {
      start = Math.max(0, total - offset - limit);
      end = Math.max(0, total - offset);
    }
    if (start >= end) return { items: [], total };

    const sortState = this.sortState(state, sort.field);
    let items: User[] | undefined;
    if (members && !state.rows && state.readRows && this.walkTooLong(members.size, end)) await this.readRows(state);
    if (members && state.rows) {
      items = await this.pageInMemory(db, state.rows, sortState, sort.field, start, end);
    } else if (members) {
      const walkLimit = state.readRows ? this.options.walkBeforeSortLimit : undefined;
      items = await this.pageByWalking(db, members, sortState, sort.field, start, end, walkLimit, signal);
      if (!items) {
        const rows = await this.readRows(state);
        items = await this.pageInMemory(db, rows, sortState, sort.field, start, end);
      }
    } else {
      items = await this.pageByCursor(db, state, sortState, sort.field, start, end, total);
    }

    if (sort.direction === 'desc') items.reverse();
    return { items, total };
  }

  /** Returns the ids a selection applies to, in no particular order. */
  async selectedIds(selection: UserSelection, signal?: AbortSignal): Promise<string[]> {
    if ('ids' in selection) return [...new Set(selection.ids)];

    const db = await this.database();
    const members = await this.members(db, this.state(selection.filter), signal);
    const ids = members ? [...members] : await db.getAllKeys('users');
    const except = new Set(selection.exceptIds ?? []);
    return except.size === 0 ? ids : ids.filter((id) => !except.has(id));
  }

  private state(filter: UserFilter | undefined): FilterState {
    const key = filterKey(filter ?? {});
    let state = this.states.get(key);
    if (state) {
      // Map order is insertion order: re-inserting keeps recent filters last.
      this.states.delete(key);
    } else {
      state = { filter: normalizeFilter(filter), sorts: new Map() };
    }
    this.states.set(key, state);
    while (this.states.size > this.options.cachedFilters) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.states.delete(oldest);
    }
    return state;
  }

  private sortState(state: FilterState, field: UserSortField): SortState {
    let sortState = state.sorts.get(field);
    if (!sortState) {
      sortState = { bookmarks: [] };
      state.sorts.set(field, sortState);
    }
    return sortState;
  }

  /**
   * Tells whether finding rows up to `end` of a set of `size` users by
   * walking the sort index from its start would pass the walk limit. It
   * returns false until the unfiltered total is cached, and then the walk
   * projects its own length as it goes.
   */
  private walkTooLong(size: number, end: number): boolean {
    const all = this.cachedTotal();
    if (all === undefined || size === 0) return false;
    return (end * all) / size > this.options.walkBeforeSortLimit;
  }

  /** Returns the number of all users when an unfiltered query has counted them since the last write. */
  private cachedTotal(): number | undefined {
    return this.states.get(filterKey({}))?.total;
  }

  /** Reads the sort keys of a set resolved from keys alone, and keeps its ids in step with them. */
  private async readRows(state: FilterState): Promise<SortRow[]> {
    const rows = await state.readRows!();
    state.rows = rows;
    state.members = new Set(rows.map((row) => String(row.id)));
    state.readRows = undefined;
    return rows;
  }

  private async total(db: Database, state: FilterState, members: Set<string> | null): Promise<number> {
    if (members) return members.size;
    if (state.total !== undefined) return state.total;

    state.counting ??= this.countAll(db, state).catch((error: unknown) => {
      state.counting = undefined;
      throw error;
    });
    state.total = await state.counting;
    return state.total;
  }

  /**
   * Returns the number of all users: the one stored at the current users
   * version, or a count, which is then stored for later providers. Loads
   * the stored bookmarks into the sort states too. The stored state and
   * the count are read in one transaction, so both see the same users.
   */
  private async countAll(db: Database, state: FilterState): Promise<number> {
    const tx = db.transaction(['users', 'meta'], 'readonly');
    const stored = storedPagesOf(await tx.objectStore('meta').get(STORED_PAGES_KEY));
    const total = stored?.total ?? (await tx.objectStore('users').count());
    if (!stored) return total;

    state.version = stored.version;
    for (const [field, bookmarks] of Object.entries(stored.bookmarks ?? {}) as [UserSortField, StoredBookmark[]][]) {
      if (!SORT_FIELDS.includes(field)) continue;
      const sortState = this.sortState(state, field);
      for (const [row, key] of bookmarks) this.addBookmark(sortState, { row, id: key[1], key });
    }
    if (stored.total === undefined) this.saveStored(db, state, (pages) => ({ ...pages, total }));
    return total;
  }

  /** Stores pager state for later providers, without waiting, unless a write to users came first. */
  private saveStored(db: Database, state: FilterState, update: (pages: StoredPages) => StoredPages): void {
    if (state.version === undefined) return;
    void saveStoredPages(db, state.version, update);
  }

  private async members(db: Database, state: FilterState, signal?: AbortSignal): Promise<Set<string> | null> {
    if (state.members !== undefined) return state.members;
    if (isEmptyFilter(state.filter)) {
      state.members = null;
      return null;
    }
    const resolved = await resolveFilter(db, state.filter, this.options, signal);
    state.members = resolved.members;
    if (resolved.rows) state.rows = resolved.rows;
    if (resolved.readRows) state.readRows = resolved.readRows;
    return resolved.members;
  }

  /**
   * Reads an early page of a filter with one broad condition whose total is
   * a sum of counts (channels, sources, an activity range, one group),
   * without resolving the filter's ids: the sort index is walked in the
   * page's direction and each record checked. Returns undefined when the
   * filter does not qualify, its ids are already known, or the walk gets
   * too long, and the caller resolves the ids instead.
   */
  private async shallowPage(db: Database, state: FilterState, query: UserQuery, sort: UserSort): Promise<Page<User> | undefined> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    if (state.members !== undefined || offset + limit > this.options.shallowPageLimit) return undefined;
    const conditions = conditionRanges(state.filter);
    const [condition] = conditions;
    if (conditions.length !== 1 || !condition?.disjoint) return undefined;

    const tx = db.transaction('users', 'readonly');
    const total = await countRanges(tx, condition);
    if (total <= this.options.sortInMemoryLimit) return undefined;
    if (limit === 0) return { items: [], total };

    const walk = await this.walkPage(sortIndexRange(tx.store, sort), state.filter, offset, limit);
    return walk && { items: walk.items, total };
  }

  /**
   * Reads an ordered range in growing chunks and checks each record against
   * the filter, until the page from `offset` has `limit` users or the range
   * ends. Returns undefined when more than `shallowWalkLimit` records were
   * read without filling the page.
   */
  private async walkPage(ordered: OrderedRange, filter: UserFilter, offset: number, limit: number): Promise<PageWalk | undefined> {
    const read = recordReader(ordered);
    const items: User[] = [];
    const pageEnd = offset + limit;
    let matched = 0;
    let walked = 0;
    let chunk = 0;
    while (items.length < limit && walked <= this.options.shallowWalkLimit) {
      // With some matches seen, a read covers about the records expected to
      // contain the rest of the page, plus a quarter. Otherwise it doubles.
      const expected = matched === 0 ? chunk * 2 : Math.ceil((((pageEnd - matched) * walked) / matched) * 1.25);
      chunk = Math.min(this.options.walkChunk, Math.max(expected, MIN_WALK_CHUNK));
      const records = await read(chunk);
      let position = 0;
      for (; position < records.length && items.length < limit; position++) {
        const user = fromStoredUser(records[position] as StoredUser);
        if (!matchesFilter(user, filter)) continue;
        matched++;
        if (matched > offset) items.push(user);
      }
      walked += position;
      // A short read ends the range, so with every record checked no match is left.
      if (records.length < chunk && position === records.length) return { items, matched, walked, ended: true };
    }
    return items.length < limit ? undefined : { items, matched, walked, ended: false };
  }

  /**
   * Returns the total alone (`limit: 0`) of a filter that is only a search
   * matching exactly the users with its head. It counts the `heads` index,
   * which has one entry per match, where the search ranges span three
   * indexes. Returns undefined for any other query.
   */
  private async headTotal(db: Database, state: FilterState, query: UserQuery): Promise<number | undefined> {
    const { search, ...rest } = state.filter;
    if (Math.floor(query.limit) > 0 || state.members !== undefined || !isEmptyFilter(rest) || !searchIsHead(search)) return undefined;
    const head = searchHead(search) as string;
    return db.transaction('users', 'readonly').store.index('heads').count(IDBKeyRange.bound([head], [head, []]));
  }

  /**
   * Reads an early page of a filter for a query that accepts an approximate
   * total, without resolving the filter's ids: records are read in sort
   * order and checked. In name order, a search with a head walks only the
   * users with that head. The total is exact when the walk reaches the end
   * of its range. Otherwise a walk of the whole sort index estimates it as
   * the share of matches among the records walked times the stored number
   * of all users. Without that number, or after a walk of one head, it is
   * the rows found plus one. Returns undefined when the filter's ids are
   * already known or the walk passes `shallowWalkLimit` records.
   */
  private async approximatePage(db: Database, state: FilterState, query: UserQuery, sort: UserSort): Promise<Page<User> | undefined> {
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    if (!query.allowApproximateTotal || state.members !== undefined || isEmptyFilter(state.filter)) return undefined;
    if (limit === 0 || offset + limit > this.options.shallowPageLimit) return undefined;

    const tx = db.transaction(['users', 'meta'], 'readonly');
    const users = tx.objectStore('users');
    const head = sort.field === 'name' ? searchHead(state.filter.search) : undefined;
    const ordered = head === undefined ? sortIndexRange(users, sort) : headRange(users, head, sort.direction);
    const walk = await this.walkPage(ordered, state.filter, offset, limit);
    if (!walk) return undefined;
    if (walk.ended) return { items: walk.items, total: walk.matched };

    // The walk of one head does not tell what share of all users that head contains.
    const found = walk.matched + 1;
    if (head !== undefined) return { items: walk.items, total: found, totalApproximate: true };
    const all = this.cachedTotal() ?? storedPagesOf(await tx.objectStore('meta').get(STORED_PAGES_KEY))?.total;
    const estimate = all === undefined ? found : Math.round((walk.matched / walk.walked) * all);
    return { items: walk.items, total: Math.max(found, estimate), totalApproximate: true };
  }

  /** Sorts a small set of matching users in memory, once per sort field. */
  private async pageInMemory(
    db: Database,
    rows: SortRow[],
    sortState: SortState,
    field: UserSortField,
    start: number,
    end: number,
  ): Promise<User[]> {
    sortState.ordered ??= [...rows].sort((a, b) => compareKeys(a[field], b[field]) || compareKeys(a.id, b.id)).map((row) => String(row.id));
    return getUsers(db, sortState.ordered.slice(start, end));
  }

  /**
   * Reads an unfiltered page: a key cursor skips from the nearest bookmark
   * to the first row, then one `getAll` reads the page. A long skip leaves
   * its bookmark in the database too.
   */
  private async pageByCursor(
    db: Database,
    state: FilterState,
    sortState: SortState,
    field: UserSortField,
    start: number,
    end: number,
    total: number,
  ): Promise<User[]> {
    const tx = db.transaction('users', 'readonly');
    const index = tx.store.index(field);

    // advance() costs time in proportion to the rows it skips, so the cursor
    // starts from whichever is nearest: a bookmark before the page, one
    // after it, or the end of the index (walking backwards).
    const before = await this.nearestBookmark(tx, sortState, field, start);
    const fromBefore = start - (before?.row ?? 0);
    const after = fromBefore > 0 ? await this.nearestBookmark(tx, sortState, field, start, 'after') : undefined;
    const fromAfter = (after?.row ?? total - 1) - start;

    let cursor;
    const skipped = Math.min(fromAfter, fromBefore);
    if (fromAfter < fromBefore) {
      cursor = await index.openKeyCursor(after?.key ? IDBKeyRange.upperBound(after.key) : undefined, 'prev');
      if (cursor && fromAfter > 0) cursor = await cursor.advance(fromAfter);
    } else {
      cursor = await index.openKeyCursor(before?.key ? IDBKeyRange.lowerBound(before.key) : undefined);
      if (cursor && fromBefore > 0) cursor = await cursor.advance(fromBefore);
    }
    if (!cursor) return [];
    const key = cursor.key;
    this.addBookmark(sortState, { row: start, id: cursor.primaryKey, key });
    if (skipped >= this.options.storedBookmarkDistance) {
      const max = this.options.maxStoredBookmarks;
      this.saveStored(db, state, (pages) => ({
        ...pages,
        bookmarks: { ...pages.bookmarks, [field]: withBookmark(pages.bookmarks?.[field] ?? [], [start, key], max) },
      }));
    }

    const stored = await index.getAll(IDBKeyRange.lowerBound(cursor.key), end - start);
    return stored.map(fromStoredUser);
  }

  /**
   * Reads a page of a filtered set: walks the sort index's primary keys in
   * chunks from the nearest bookmark and keeps the members. With a
   * `walkLimit`, gives up and returns undefined once the keys walked plus
   * those the members found so far project for the rest of the page pass
   * it.
   */
  private async pageByWalking(
    db: Database,
    members: Set<string>,
    sortState: SortState,
    field: UserSortField,
    start: number,
    end: number,
    walkLimit?: number,
    signal?: AbortSignal,
  ): Promise<User[] | undefined> {
    const interval = this.options.bookmarkInterval;
    const tx = db.transaction('users', 'readonly');
    const index = tx.store.index(field);
    const bookmark = await this.nearestBookmark(tx, sortState, field, start);

    const firstRow = bookmark?.row ?? 0;
    let row = firstRow;
    let walked = 0;
    let range = bookmark?.key ? IDBKeyRange.lowerBound(bookmark.key) : undefined;
    const pageIds: string[] = [];
    const all = this.cachedTotal();
    let chunk = 0;
    while (row < end) {
      // Reading index keys costs time in proportion to their number, so
      // with the density of members known a chunk reads about the keys
      // expected to hold the rest of the page, plus a quarter. Members
      // cluster in sort order, so a chunk is at least twice the last one.
      let size = this.options.walkChunk;
      if (all !== undefined && members.size > 0) {
        const expected = Math.ceil((((end - row) * all) / members.size) * 1.25);
        size = Math.min(size, Math.max(expected, chunk * 2, MIN_WALK_CHUNK));
      }
      chunk = size;
      const ids = await index.getAllKeys(range, chunk);
      walked += ids.length;
      for (const id of ids) {
        if (!members.has(id)) continue;
        if (row === start || (row % interval === 0 && row < start)) this.addBookmark(sortState, { row, id });
        if (row >= start) pageIds.push(id);
        row++;
        if (row >= end) break;
      }
      const last = ids[ids.length - 1];
      if (ids.length < chunk || last === undefined) break;
      throwIfAborted(signal);
      // The density seen in fewer keys than a full chunk is no guide.
      if (walkLimit !== undefined && row < end && walked >= this.options.walkChunk) {
        const found = row - firstRow;
        const projected = found === 0 ? Number.POSITIVE_INFINITY : ((end - row) * walked) / found;
        if (walked + projected > walkLimit) return undefined;
      }

      // getAllKeys gives primary keys only; the next chunk starts after the
      // last one's index key, read from its record.
      const lastKey = await indexKeyOf(tx, field, last);
      if (!lastKey) break;
      range = IDBKeyRange.lowerBound(lastKey, true);
    }

    const users = await Promise.all(pageIds.map((id) => tx.store.get(id)));
    return users.filter((user): user is StoredUser => user !== undefined).map(fromStoredUser);
  }

  /**
   * Returns the bookmark nearest `row` on one side (at or before it, or
   * after it) whose record still exists, or undefined.
   */
  private async nearestBookmark(
    tx: ReadTransaction,
    sortState: SortState,
    field: UserSortField,
    row: number,
    side: 'before' | 'after' = 'before',
  ): Promise<Bookmark | undefined> {
    const bookmarks = sortState.bookmarks;
    const step = side === 'before' ? -1 : 1;
    const first = lastAtOrBefore(bookmarks, row) + (side === 'before' ? 0 : 1);
    for (let position = first; position >= 0 && position < bookmarks.length; position += step) {
      const bookmark = bookmarks[position] as Bookmark;
      bookmark.key ??= await indexKeyOf(tx, field, bookmark.id);
      if (bookmark.key) return bookmark;
    }
    return undefined;
  }

  private addBookmark(sortState: SortState, bookmark: Bookmark): void {
    const bookmarks = sortState.bookmarks;
    const position = lastAtOrBefore(bookmarks, bookmark.row);
    if (bookmarks[position]?.row === bookmark.row) return;
    bookmarks.splice(position + 1, 0, bookmark);
    if (bookmarks.length > this.options.maxBookmarks) {
      sortState.bookmarks = bookmarks.filter((_bookmark, index) => index % 2 === 0);
    }
  }
}

type UsersStore = IDBPObjectStore<UsersDB, ArrayLike<StoreNames<UsersDB>>, 'users', 'readonly'>;

/** A range of users in one index, read in one direction. `keyOf` returns a record's key in that index, which must be unique. */
interface OrderedRange {
  index: IDBPIndex<UsersDB, ArrayLike<StoreNames<UsersDB>>, 'users', UserSortField | 'heads', 'readonly'>;
  range: IDBKeyRange | null;
  direction: SortDirection;
  keyOf: (stored: StoredUser) => IDBValidKey;
}

/** The matches a walk of an ordered range found, and the records it read. */
interface PageWalk {
  items: User[];
  /** Matches passed, including those before the page. */
  matched: number;
  walked: number;
  /** True when the walk read the whole range, so `matched` is every match. */
  ended: boolean;
}

/**
 * Returns a function that reads the next records of an ordered range, as
 * many as requested, and an empty array at the end. Ascending reads are
 * one `getAll` each, which costs far less per record than a cursor step,
 * but `getAll` reads only upwards, so descending reads step a cursor.
 */
function recordReader({ index, range, direction, keyOf }: OrderedRange): (count: number) => Promise<StoredUser[]> {
  if (direction === 'desc') {
    let cursor: Awaited<ReturnType<OrderedRange['index']['openCursor']>> | undefined;
    let started = false;
    return async (count) => {
      if (!started) {
        started = true;
        cursor = await index.openCursor(range, 'prev');
      }
      const records: StoredUser[] = [];
      while (cursor && records.length < count) {
        records.push(cursor.value);
        cursor = await cursor.continue();
      }
      return records;
    };
  }

  let next = range;
  let ended = false;
  return async (count) => {
    if (ended) return [];
    const records = await index.getAll(next, count);
    const last = records[records.length - 1];
    if (records.length < count || last === undefined) {
      ended = true;
    } else if (range?.upper === undefined) {
      next = IDBKeyRange.lowerBound(keyOf(last), true);
    } else {
      next = IDBKeyRange.bound(keyOf(last), range.upper, true, range.upperOpen);
    }
    return records;
  };
}

/** Returns every user, in the order of a sort. */
function sortIndexRange(store: UsersStore, sort: UserSort): OrderedRange {
  return {
    index: store.index(sort.field),
    range: null,
    direction: sort.direction,
    keyOf: (stored) => [storedSortKey(stored, sort.field), stored.id],
  };
}

/** Returns the users with a search head in name order, among whom are all the search's matches. */
function headRange(store: UsersStore, head: string, direction: SortDirection): OrderedRange {
  return {
    index: store.index('heads'),
    range: IDBKeyRange.bound([head], [head, []]),
    direction,
    keyOf: (stored) => [head, stored.k.name, stored.id],
  };
}

/** Returns the position of the last bookmark at or before `row`, or -1. */
function lastAtOrBefore(bookmarks: readonly Bookmark[], row: number): number {
  let low = 0;
  let high = bookmarks.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((bookmarks[middle] as Bookmark).row <= row) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Returns a user's key in the sort index of `field`, or undefined when the user is gone. */
async function indexKeyOf(tx: ReadTransaction, field: UserSortField, id: string): Promise<IndexKey | undefined> {
  const stored = await tx.store.get(id);
  return stored ? [storedSortKey(stored, field), id] : undefined;
}

function storedSortKey(stored: StoredUser, field: UserSortField): string | number {
  switch (field) {
    case 'id':
      return stored.id;
    case 'name':
      return stored.k.name;
    case 'phone':
      return stored.k.phone;
    case 'primaryChannel':
      return stored.k.channel;
    case 'source':
      return stored.k.source;
    case 'createdAt':
      return stored.createdAt;
    case 'lastActivityAt':
      return stored.k.activity;
  }
}

async function getUsers(db: Database, ids: string[]): Promise<User[]> {
  const tx = db.transaction('users', 'readonly');
  const stored = await Promise.all(ids.map((id) => tx.store.get(id)));
  return stored.filter((user): user is StoredUser => user !== undefined).map(fromStoredUser);
}

/** Returns the key range of one value of a `[key, id]` index. */
function valueRange(value: string | number): IDBKeyRange {
  return IDBKeyRange.bound([value], [value, []]);
}

/** One condition of a filter, resolvable through one index. */
interface Condition {
  /** Index entries in its ranges: the number of matching users or more. */
  estimate: number;
  ids: () => Promise<Set<string>>;
  /** The users in its ranges, each once. */
  records: () => Promise<StoredUser[]>;
}

interface ResolvedFilter {
  members: Set<string>;
  rows?: SortRow[];
  readRows?: () => Promise<SortRow[]>;
}

/**
 * Returns the exact ids matching a non-empty filter. When the smallest
 * condition covers few users, their records are read in bulk (one
 * `getAll` per key range, far cheaper than a `get` per user), checked
 * against the whole filter, and their sort keys kept. Otherwise the
 * conditions' ids are read from the smallest up, and once the candidates
 * are few, the larger conditions are checked on the candidate records
 * instead of read from their indexes.
 */
async function resolveFilter(
  db: Database,
  filter: UserFilter,
  options: PagerOptions,
  signal?: AbortSignal,
): Promise<ResolvedFilter> {
  const tx = db.transaction('users', 'readonly');
  const only = conditionRanges(filter);
  if (only.length === 1) return resolveOneCondition(db, tx, only[0] as ConditionRanges, filter, options);

  const conditions = await Promise.all(filterConditions(tx, filter));
  conditions.sort((a, b) => a.estimate - b.estimate);
  throwIfAborted(signal);

  const smallest = conditions[0];
  if (smallest && smallest.estimate <= options.sortInMemoryLimit) {
    const matching = (await smallest.records()).filter((user) => matchesFilter(fromStoredUser(user), filter));
    return { members: new Set(matching.map((user) => user.id)), rows: matching.map(sortRow) };
  }

  let candidates: Set<string> | undefined;
  let checkOnRecords = false;
  for (const condition of conditions) {
    if (candidates && candidates.size === 0) return { members: candidates };
    if (candidates && candidates.size <= options.checkOnRecordsLimit && condition.estimate > candidates.size * 4) {
      checkOnRecords = true;
      break;
    }
    const ids = await condition.ids();
    candidates = candidates ? intersect(candidates, ids) : ids;
    throwIfAborted(signal);
  }
  if (!candidates || !checkOnRecords) return { members: candidates ?? new Set() };

  const users = await Promise.all([...candidates].map((id) => tx.store.get(id)));
  const matching = users.filter((user): user is StoredUser => user !== undefined && matchesFilter(fromStoredUser(user), filter));
  return { members: new Set(matching.map((user) => user.id)), rows: matching.map(sortRow) };
}

/**
 * Resolves a filter with one condition from its index keys alone, without
 * counting first: the keys in its ranges are exactly its matches. Reading
 * records costs far more than reading keys, so the records (and with them
 * the sort keys) are read later, and only when a page cannot be found by a
 * short walk of the sort index.
 */
async function resolveOneCondition(
  db: Database,
  tx: ReadTransaction,
  condition: ConditionRanges,
  filter: UserFilter,
  options: PagerOptions,
): Promise<ResolvedFilter> {
  // TODO: Chromium 156 reads index entries at 9–48 µs each on the loaded
  // 2-core bench machine, whatever the request (`npm run bench:primitives`),
  // so a search prefix with 20,000 matches spends 0.2–0.9 s here. Object-store
  // keys cost 3–6 µs each, an estimated 60 ms or more for such a prefix, so an
  // exact total in a few milliseconds needs match counts per short prefix
  // that every write keeps up to date.
  const members = await idsInRanges(tx, condition);
  if (members.size > options.sortInMemoryLimit) return { members };

  const readRows = async (): Promise<SortRow[]> => {
    const users = await usersInRanges(db.transaction('users', 'readonly'), condition);
    return users.filter((user) => matchesFilter(fromStoredUser(user), filter)).map(sortRow);
  };
  return { members, readRows };
}

const SORT_FIELDS: readonly UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'createdAt', 'lastActivityAt'];

function sortRow(stored: StoredUser): SortRow {
  return Object.fromEntries(SORT_FIELDS.map((field) => [field, storedSortKey(stored, field)])) as SortRow;
}

function compareKeys(a: string | number, b: string | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

type UsersIndex = Parameters<ReadTransaction['store']['index']>[0];

/** One key range of a condition, on the index it reads. */
interface IndexRange {
  index: UsersIndex;
  range: IDBKeyRange | string;
}

/** The key ranges of one condition of a filter; a user matches when it falls in any of them. */
interface ConditionRanges {
  ranges: IndexRange[];
  /** True when a user falls in at most one range, so the ranges' counts add up to the exact total. */
  disjoint: boolean;
}

function conditionRanges(filter: UserFilter): ConditionRanges[] {
  const conditions: ConditionRanges[] = [];
  const search = searchRanges(filter.search);
  if (search.length > 0) conditions.push({ ranges: search, disjoint: false });
  if (filter.channels) conditions.push(onIndex('primaryChannel', filter.channels.map(valueRange), true));
  if (filter.sources) conditions.push(onIndex('source', filter.sources.map(valueRange), true));
  if (filter.groupIds) conditions.push(onIndex('groups', filter.groupIds, filter.groupIds.length === 1));
  if (filter.lastActivity) {
    const { from = -Number.MAX_VALUE, to = Number.POSITIVE_INFINITY } = filter.lastActivity;
    conditions.push(onIndex('lastActivityAt', from <= to ? [IDBKeyRange.bound([from], [to, []])] : [], true));
  }
  return conditions;
}

function onIndex(index: UsersIndex, ranges: (IDBKeyRange | string)[], disjoint: boolean): ConditionRanges {
  return { ranges: ranges.map((range) => ({ index, range })), disjoint };
}

/**
 * Returns the key ranges of a search text's matches: the `search` index, the
 * `name` index for a name's first word and the `identifiers` index for an
 * e-mail address, a handle or a phone number's digits. The stored tokens
 * leave out what those two indexes contain (see `storedSearchTokens` in
 * schema.ts).
 */
function searchRanges(search: string | undefined): IndexRange[] {
  const ranges: IndexRange[] = [];
  for (const prefix of searchPrefixes(search)) {
    ranges.push({ index: 'search', range: IDBKeyRange.bound(prefix, `${prefix}\uffff`) });
    const text = prefix.slice(1);
    // A name key is the first word's token only when a word starts the name.
    if (prefix.startsWith(TOKEN_PREFIX.name) && startsWithWord(text)) ranges.push({ index: 'name', range: IDBKeyRange.bound([text], [`${text}\uffff`]) });
    const keyStart = IDENTIFIER_KEY_STARTS[prefix[0] as string];
    if (keyStart) ranges.push({ index: 'identifiers', range: IDBKeyRange.bound(keyStart + text, `${keyStart}${text}\uffff`) });
  }
  return ranges;
}

async function countRanges(tx: ReadTransaction, { ranges }: ConditionRanges): Promise<number> {
  const counts = await Promise.all(ranges.map(({ index, range }) => tx.store.index(index).count(range)));
  return counts.reduce((sum, count) => sum + count, 0);
}

async function idsInRanges(tx: ReadTransaction, { ranges }: ConditionRanges): Promise<Set<string>> {
  const keys = await Promise.all(ranges.map(({ index, range }) => tx.store.index(index).getAllKeys(range)));
  return new Set(keys.flat());
}

async function usersInRanges(tx: ReadTransaction, { ranges }: ConditionRanges): Promise<StoredUser[]> {
  const found = await Promise.all(ranges.map(({ index, range }) => tx.store.index(index).getAll(range)));
  const byId = new Map<string, StoredUser>();
  for (const user of found.flat()) byId.set(user.id, user);
  return [...byId.values()];
}

function filterConditions(tx: ReadTransaction, filter: UserFilter): Promise<Condition>[] {
  return conditionRanges(filter).map(async (condition) => ({
    estimate: await countRanges(tx, condition),
    ids: () => idsInRanges(tx, condition),
    records: () => usersInRanges(tx, condition),
  }));
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const result = new Set<string>();
  for (const id of small) if (large.has(id)) result.add(id);
  return result;
}
