import type { UserFilter, UserSelection, UserSort, UserSortField } from '../../src/data/provider.js';
import { filterKey, foldText, normalizeFilter, searchPrefixes } from '../../src/data/user-query.js';
import { NO_ACTIVITY, type Db } from './db.js';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** The column each sort reads, and the index that has it first and `id` second. */
const SORTS: Record<UserSortField, { column: string; index: string }> = {
  id: { column: 'u.id', index: 'users_by_id' },
  name: { column: 'u.name_key', index: 'users_by_name' },
  phone: { column: 'u.phone_key', index: 'users_by_phone' },
  primaryChannel: { column: 'u.channel_key', index: 'users_by_channel' },
  source: { column: 'u.source_type', index: 'users_by_source' },
  createdAt: { column: 'u.created_at', index: 'users_by_created' },
  lastActivityAt: { column: 'u.activity_key', index: 'users_by_activity' },
};

/**
 * Matching users above which a filtered page walks the sort index (checking
 * the filter on the way) rather than sorting the matches. Walking costs the
 * rows skipped, sorting costs every match; SQLite's planner cannot tell
 * which is cheaper because it does not know how many rows match, but the
 * total, counted first, does.
 */
const SORT_IN_MEMORY_LIMIT = 20_000;

/**
 * Encodes a folded name as UTF-16BE bytes, so that SQLite's byte-wise BLOB
 * order is the UTF-16 code unit order of `sortKey`.
 */
export function nameKey(name: string): Buffer {
  return Buffer.from(foldText(name), 'utf16le').swap16();
}

// Every term that starts with a prefix sorts between the prefix and the
// prefix followed by the highest code point.
function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

/**
 * Builds the WHERE condition of a filter over `users u`, with the meaning
 * that `src/data/user-query.ts` gives it. Lists travel as one JSON
 * parameter each, so no list length changes the SQL.
 */
export function filterSql(filter: UserFilter): SqlPart {
  const normalized = normalizeFilter(filter);
  const conditions: string[] = [];
  const params: unknown[] = [];

  const prefixes = searchPrefixes(normalized.search);
  if (prefixes.length > 0) {
    const options = prefixes.map((prefix) => {
      params.push(prefix, prefixEnd(prefix));
      return 'u.seq IN (SELECT user_seq FROM search_terms WHERE term >= ? AND term < ?)';
    });
    conditions.push(`(${options.join(' OR ')})`);
  }

  if (normalized.channels) {
    conditions.push('u.channel_key IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(normalized.channels));
  }
  if (normalized.sources) {
    conditions.push('u.source_type IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(normalized.sources));
  }
  if (normalized.groupIds) {
    conditions.push('u.seq IN (SELECT user_seq FROM memberships WHERE group_id IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(normalized.groupIds));
  }

  const range = normalized.lastActivity;
  if (range) {
    conditions.push('u.activity_key > ?');
    params.push(NO_ACTIVITY);
    if (range.from !== undefined) {
      conditions.push('u.activity_key >= ?');
      params.push(range.from);
    }
    if (range.to !== undefined) {
      conditions.push('u.activity_key <= ?');
      params.push(range.to);
    }
  }

  return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1', params };
}

/** Builds the WHERE condition of a bulk selection. */
export function selectionSql(selection: UserSelection): SqlPart {
  if ('ids' in selection) {
    return { sql: 'u.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(selection.ids)] };
  }
  const filter = filterSql(selection.filter);
  if (!selection.exceptIds || selection.exceptIds.length === 0) return filter;
  return {
    sql: `${filter.sql} AND u.id NOT IN (SELECT value FROM json_each(?))`,
    params: [...filter.params, JSON.stringify(selection.exceptIds)],
  };
}

export interface Bookmark {
  offset: number;
  key: Buffer | string | number;
  id: string;
}

interface CachedQuery {
  total?: number;
  /** Bookmarks per sort field and direction, each list sorted by offset. */
  bookmarks: Map<string, Bookmark[]>;
}

const MAX_CACHED_FILTERS = 100;
const MAX_BOOKMARKS = 2000;

/**
 * Runs sorted, filtered page queries. `OFFSET n` walks n index entries, so
 * the end of every page served is remembered (a keyset bookmark) and a
 * later page seeks from the nearest bookmark before it and walks only the
 * rest. Totals are cached per filter. Any write clears both.
 */
export class UserQueryRunner {
  private readonly db: Db;
  private readonly cache = new Map<string, CachedQuery>();

  constructor(db: Db) {
    this.db = db;
  }

  invalidate(): void {
    this.cache.clear();
  }

  /** Returns the `seq` of the users on the page, in order, and the total. */
  page(filter: UserFilter, sort: UserSort, offset: number, limit: number): { seqs: number[]; total: number } {
    const cached = this.entry(filterKey(filter));
    const where = filterSql(filter);

    if (cached.total === undefined) {
      const row = this.db.prepare(`SELECT count(*) AS total FROM users u WHERE ${where.sql}`).get(...where.params) as { total: number };
      cached.total = row.total;
    }
    if (limit === 0 || offset >= cached.total) return { seqs: [], total: cached.total };

    const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const bookmarkKey = `${sort.field}:${direction}`;
    const bookmarks = cached.bookmarks.get(bookmarkKey) ?? [];
    cached.bookmarks.set(bookmarkKey, bookmarks);

    const bookmark = nearestBookmark(bookmarks, offset);
    const query = pageSql(where, sort, cached.total, bookmark);
    const rows = this.db
      .prepare(query.sql)
      .all(...query.params, limit, offset - (bookmark?.offset ?? 0)) as { seq: number; key: Bookmark['key']; id: string }[];

    const last = rows.at(-1);
    if (last) addBookmark(bookmarks, { offset: offset + rows.length, key: last.key, id: last.id });
    return { seqs: rows.map((row) => row.seq), total: cached.total };
  }

  private entry(key: string): CachedQuery {
    let entry = this.cache.get(key);
    if (entry) {
      // Re-inserting keeps the map ordered from least to most recently used.
      this.cache.delete(key);
    } else {
      entry = { bookmarks: new Map() };
    }
    this.cache.set(key, entry);
    if (this.cache.size > MAX_CACHED_FILTERS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return entry;
  }
}

/**
 * Builds the SELECT of a page (its LIMIT and OFFSET parameters left for the
 * caller): `seq`, sort key and id of the rows after `bookmark`, in order.
 */
export function pageSql(where: SqlPart, sort: UserSort, total: number, bookmark?: Pick<Bookmark, 'key' | 'id'>): SqlPart {
  const { column, index } = SORTS[sort.field];
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  // A `+` before a column keeps SQLite from reading the sort index, so it starts from the filter's own indexes.
  const walk = where.sql === '1' || total > SORT_IN_MEMORY_LIMIT;
  const from = walk ? `users u INDEXED BY ${index}` : 'users u';
  const plus = walk ? '' : '+';
  const after = direction === 'ASC' ? '>' : '<';

  // Ids are unique, so the id sort needs no tie-break (and a repeated
  // `u.id` term would make SQLite sort again).
  if (sort.field === 'id') {
    return {
      sql: `SELECT u.seq AS seq, u.id AS key, u.id AS id FROM ${from} WHERE ${where.sql}${bookmark ? ` AND u.id ${after} ?` : ''}
        ORDER BY ${plus}u.id ${direction} LIMIT ? OFFSET ?`,
      params: bookmark ? [...where.params, bookmark.id] : [...where.params],
    };
  }
  return {
    sql: `SELECT u.seq AS seq, ${column} AS key, u.id AS id FROM ${from} WHERE ${where.sql}${bookmark ? ` AND (${column}, u.id) ${after} (?, ?)` : ''}
      ORDER BY ${plus}${column} ${direction}, ${plus}u.id ${direction} LIMIT ? OFFSET ?`,
    params: bookmark ? [...where.params, bookmark.key, bookmark.id] : [...where.params],
  };
}

function nearestBookmark(bookmarks: readonly Bookmark[], offset: number): Bookmark | undefined {
  let found: Bookmark | undefined;
  for (const bookmark of bookmarks) {
    if (bookmark.offset > offset) break;
    found = bookmark;
  }
  return found;
}

function addBookmark(bookmarks: Bookmark[], bookmark: Bookmark): void {
  const index = bookmarks.findIndex((existing) => existing.offset >= bookmark.offset);
  if (index === -1) bookmarks.push(bookmark);
  else if (bookmarks[index]?.offset === bookmark.offset) return;
  else bookmarks.splice(index, 0, bookmark);
  if (bookmarks.length > MAX_BOOKMARKS) bookmarks.splice(Math.floor(bookmarks.length / 2), 1);
}
