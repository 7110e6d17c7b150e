import { PHONE_CHANNELS } from '../model/identifiers.js';
import type { User } from '../model/types.js';
import { primaryPhone } from '../model/user.js';
import type { UserFilter, UserSort, UserSortField } from './provider.js';

/**
 * The meaning of a {@link UserQuery}'s sort and filter, written once so that
 * every provider (IndexedDB, the reference server, a host's own) and the
 * brute-force references in tests agree on it.
 */

/** The sort used when a query names none. */
export const DEFAULT_SORT: UserSort = { field: 'name', direction: 'asc' };

/** Lower-cases a text and removes accents, so that `Émile` and `emile` compare equal. */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Splits a text into folded runs of letters and digits. */
export function wordRuns(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Shortest run of phone digits a search matches. */
export const MIN_PHONE_DIGITS = 3;

/**
 * Prefixes of the search tokens, one per kind of value, so that a range on
 * one kind never matches another (a name word `123` is not a phone number).
 */
export const TOKEN_PREFIX = {
  /** A word of the name, of an e-mail's local part or of an Instagram handle. */
  word: 'w',
  /** A whole e-mail address. */
  email: 'e',
  /** A whole Instagram handle. */
  handle: 'h',
  /** A suffix of a phone number's digits (country code included). */
  phone: 'p',
} as const;

/**
 * Returns the search tokens of a user. A query term matches the user when it
 * is a prefix of one of them, so a prefix of a phone-digit suffix is any run
 * of the digits. Suffixes shorter than {@link MIN_PHONE_DIGITS} are left out:
 * a 12-digit number costs 10 tokens.
 */
export function searchTokens(user: Pick<User, 'name' | 'identifiers'>): string[] {
  const tokens = new Set<string>();
  const addWords = (text: string) => {
    for (const run of wordRuns(text)) tokens.add(TOKEN_PREFIX.word + run);
  };

  addWords(user.name);
  for (const identifier of user.identifiers) {
    if (PHONE_CHANNELS.has(identifier.kind)) {
      const digits = identifier.value.replace(/\D/g, '');
      for (let start = 0; start <= digits.length - MIN_PHONE_DIGITS; start++) {
        tokens.add(TOKEN_PREFIX.phone + digits.slice(start));
      }
    } else if (identifier.kind === 'email') {
      const address = identifier.value.toLowerCase();
      tokens.add(TOKEN_PREFIX.email + address);
      addWords(address.slice(0, address.indexOf('@')));
    } else if (identifier.kind === 'instagram') {
      const handle = identifier.value.toLowerCase();
      tokens.add(TOKEN_PREFIX.handle + handle);
      addWords(handle);
    }
  }
  return [...tokens];
}

/**
 * One condition of a search: it holds when one of `prefixes` starts one of
 * the user's {@link searchTokens}.
 */
export interface SearchTerm {
  prefixes: string[];
}

const PHONE_LIKE = /^[+\d\s().\-/]+$/;

/**
 * Splits a search text into terms, all of which must match:
 * - text with an `@` after its first character is an e-mail address or its prefix;
 * - text starting with `@` is an Instagram handle or its prefix;
 * - text made of digits and phone punctuation, with at least three digits,
 *   is one run of phone digits (or a prefix of a word);
 * - anything else is split into words, each of which must start a word of
 *   the name, of an e-mail's local part or of a handle. A word of three or
 *   more digits also matches a run of a phone number's digits.
 */
export function searchTerms(search: string | undefined): SearchTerm[] {
  const text = (search ?? '').trim();
  if (text === '') return [];

  if (!/\s/.test(text) && text.indexOf('@') > 0) {
    return [{ prefixes: [TOKEN_PREFIX.email + text.toLowerCase()] }];
  }
  if (!/\s/.test(text) && text.startsWith('@') && text.length > 1) {
    return [{ prefixes: [TOKEN_PREFIX.handle + text.slice(1).toLowerCase()] }];
  }
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= MIN_PHONE_DIGITS) return [digitTerm(digits)];
  }

  return wordRuns(text).map((run) => (/^\d+$/.test(run) && run.length >= MIN_PHONE_DIGITS ? digitTerm(run) : { prefixes: [TOKEN_PREFIX.word + run] }));
}

function digitTerm(digits: string): SearchTerm {
  return { prefixes: [TOKEN_PREFIX.phone + digits, TOKEN_PREFIX.word + digits] };
}

/** Tells whether a user matches a search text (see {@link searchTerms}). */
export function matchesSearch(user: Pick<User, 'name' | 'identifiers'>, search: string | undefined): boolean {
  const terms = searchTerms(search);
  if (terms.length === 0) return true;
  const tokens = searchTokens(user);
  return terms.every((term) => term.prefixes.some((prefix) => tokens.some((token) => token.startsWith(prefix))));
}

/**
 * Returns the filter without its empty conditions (blank search, empty
 * arrays, a range with neither bound), with arrays sorted and deduplicated,
 * so that equal filters have equal {@link filterKey}s.
 */
export function normalizeFilter(filter: UserFilter | undefined): UserFilter {
  const result: UserFilter = {};
  if (!filter) return result;

  const search = filter.search?.trim();
  if (search && searchTerms(search).length > 0) result.search = search;
  const channels = sortedUnique(filter.channels);
  if (channels) result.channels = channels;
  const sources = sortedUnique(filter.sources);
  if (sources) result.sources = sources;
  const groupIds = sortedUnique(filter.groupIds);
  if (groupIds) result.groupIds = groupIds;

  const from = filter.lastActivity?.from;
  const to = filter.lastActivity?.to;
  if (typeof from === 'number' || typeof to === 'number') {
    result.lastActivity = {};
    if (typeof from === 'number') result.lastActivity.from = from;
    if (typeof to === 'number') result.lastActivity.to = to;
  }
  return result;
}

function sortedUnique<T extends string>(values: T[] | undefined): T[] | undefined {
  if (!values || values.length === 0) return undefined;
  return [...new Set(values)].sort();
}

/** Returns a string equal for equal normalized filters. */
export function filterKey(filter: UserFilter): string {
  const normalized = normalizeFilter(filter);
  return JSON.stringify([
    normalized.search ?? '',
    normalized.channels ?? [],
    normalized.sources ?? [],
    normalized.groupIds ?? [],
    normalized.lastActivity?.from ?? null,
    normalized.lastActivity?.to ?? null,
  ]);
}

/** Tells whether a filter has no condition left after {@link normalizeFilter}. */
export function isEmptyFilter(filter: UserFilter | undefined): boolean {
  return filterKey(filter ?? {}) === filterKey({});
}

/** Tells whether a user meets every condition of a filter. */
export function matchesFilter(user: User, filter: UserFilter | undefined): boolean {
  const normalized = normalizeFilter(filter);

  if (normalized.channels && !(user.primaryChannel && normalized.channels.includes(user.primaryChannel))) {
    return false;
  }
  if (normalized.sources && !normalized.sources.includes(user.source.type)) return false;
  if (normalized.groupIds && !normalized.groupIds.some((id) => user.groupIds.includes(id))) return false;

  const range = normalized.lastActivity;
  if (range) {
    if (user.lastActivityAt === null) return false;
    if (range.from !== undefined && user.lastActivityAt < range.from) return false;
    if (range.to !== undefined && user.lastActivityAt > range.to) return false;
  }

  return matchesSearch(user, normalized.search);
}

/** Value sorted on for a user that has no activity: before every real time. */
export const NO_ACTIVITY_SORT_KEY = Number.NEGATIVE_INFINITY;

/**
 * Returns the value a user is sorted by. Names sort folded (case and accents
 * ignored), by UTF-16 code units as IndexedDB and `<` compare strings. A
 * missing phone or channel is the empty string and a missing activity
 * {@link NO_ACTIVITY_SORT_KEY}, so such users come first in ascending order.
 * The source sorts by its type.
 */
export function sortKey(user: User, field: UserSortField): string | number {
  switch (field) {
    case 'id':
      return user.id;
    case 'name':
      return foldText(user.name);
    case 'phone':
      return primaryPhone(user) ?? '';
    case 'primaryChannel':
      return user.primaryChannel ?? '';
    case 'source':
      return user.source.type;
    case 'createdAt':
      return user.createdAt;
    case 'lastActivityAt':
      return user.lastActivityAt ?? NO_ACTIVITY_SORT_KEY;
  }
}

/**
 * Compares two users for a sort. Ties are broken by id, and descending order
 * is the exact reverse of ascending order, tie-break included.
 */
export function compareUsers(a: User, b: User, sort: UserSort = DEFAULT_SORT): number {
  const order = compareKeys(sortKey(a, sort.field), sortKey(b, sort.field)) || compareKeys(a.id, b.id);
  return sort.direction === 'desc' ? -order : order;
}

function compareKeys(a: string | number, b: string | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
