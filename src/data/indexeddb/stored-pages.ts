import type { UserSortField } from '../provider.js';
import type { Database, Meta } from './schema.js';

/**
 * Pager state kept in the database, so that a new provider (a reload,
 * another tab, a worker) starts from it instead of counting and walking
 * again: the number of all users and bookmarks of the sort indexes.
 *
 * It lives in one `meta` record together with a users version, a random
 * token. Every transaction that writes users replaces the whole record with
 * a new version and nothing else ({@link markUsersWritten}), so a total or
 * bookmark is only ever read in the same state of the users it was found
 * in. State is saved only when the record still contains the version it
 * was read at, checked in the saving transaction, so a write that commits
 * between the read and the save discards it.
 */
export const STORED_PAGES_KEY = 'userPages';

/** A sort index key: the sort value, then the user id that makes it unique. */
export type IndexKey = [string | number, string];

/** An ascending row number of an unfiltered sort and the index key found at it. */
export type StoredBookmark = [row: number, key: IndexKey];

export interface StoredPages {
  /** Replaced by every write to users. */
  version: string;
  /** Number of all users at {@link version}. */
  total?: number;
  /** Bookmarks per sort field at {@link version}, sorted by row. */
  bookmarks?: Partial<Record<UserSortField, StoredBookmark[]>>;
}

/** The `meta` store of a transaction that may write. */
interface MetaStore {
  put(record: Meta): Promise<unknown>;
}

/**
 * Replaces the stored pager state with a new users version, in the
 * caller's transaction, which must write users or be a schema upgrade. It
 * issues one put and does not wait for it, because a failed put aborts the
 * transaction and with it the write.
 */
export function markUsersWritten(meta: MetaStore): void {
  meta.put(usersWrittenRecord()).catch(() => undefined);
}

/** Returns the `meta` record that a write to users puts, with a new users version and no pager state. */
export function usersWrittenRecord(): Meta {
  const pages: StoredPages = { version: newVersion() };
  return { key: STORED_PAGES_KEY, value: pages };
}

/** Returns the stored pager state from a `meta` record, or undefined when the record is missing or not one. */
export function storedPagesOf(record: { value: unknown } | undefined): StoredPages | undefined {
  const value = record?.value as Partial<StoredPages> | undefined;
  if (typeof value?.version !== 'string') return undefined;
  const pages: StoredPages = { version: value.version };
  if (typeof value.total === 'number' && Number.isInteger(value.total) && value.total >= 0) pages.total = value.total;
  if (value.bookmarks && typeof value.bookmarks === 'object') {
    const bookmarks = Object.entries(value.bookmarks).filter(([, list]) => Array.isArray(list) && list.every(isBookmark));
    if (bookmarks.length > 0) pages.bookmarks = Object.fromEntries(bookmarks);
  }
  return pages;
}

function isBookmark(value: unknown): value is StoredBookmark {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [row, key] = value as [unknown, unknown];
  if (!Number.isInteger(row) || (row as number) < 0 || !Array.isArray(key) || key.length !== 2) return false;
  const [sortValue, id] = key as [unknown, unknown];
  return (typeof sortValue === 'string' || typeof sortValue === 'number') && typeof id === 'string';
}

/**
 * Stores `update(current)` when the stored state still has `version`, in
 * one transaction. Returns false, saving nothing, when a write to users
 * has replaced the version since, or when the database is closed or
 * fails. Stored state only saves work, so losing it is not an error.
 */
export async function saveStoredPages(
  db: Database,
  version: string,
  update: (current: StoredPages) => StoredPages,
): Promise<boolean> {
  try {
    const tx = db.transaction('meta', 'readwrite');
    const current = storedPagesOf(await tx.store.get(STORED_PAGES_KEY));
    if (current?.version !== version) {
      await tx.done;
      return false;
    }
    await tx.store.put({ key: STORED_PAGES_KEY, value: update(current) });
    await tx.done;
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds a bookmark to a sorted list, replacing one on the same row. Past
 * `max` bookmarks it drops the one closest to its predecessor, which
 * keeps the rows spread over the index.
 */
export function withBookmark(bookmarks: readonly StoredBookmark[], added: StoredBookmark, max: number): StoredBookmark[] {
  const list = bookmarks.filter(([row]) => row !== added[0]);
  const position = list.findIndex(([row]) => row > added[0]);
  list.splice(position === -1 ? list.length : position, 0, added);

  while (list.length > Math.max(1, max)) {
    let closest = 1;
    for (let index = 2; index < list.length; index++) {
      const gap = (list[index] as StoredBookmark)[0] - (list[index - 1] as StoredBookmark)[0];
      if (gap < (list[closest] as StoredBookmark)[0] - (list[closest - 1] as StoredBookmark)[0]) closest = index;
    }
    list.splice(closest, 1);
  }
  return list;
}

function newVersion(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
