import { nationalDigits, PHONE_CHANNELS } from '../model/identifiers.js';
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

const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Folds text for search and name sorting: lower-cased, decomposed (NFD),
 * stripped of the combining diacritical marks U+0300–U+036F and recomposed
 * (NFC), so that `Émile` and `emile` compare equal.
 */
export function foldText(text: string): string {
  // ASCII text has no marks and normalizes to itself, and most names and addresses are ASCII.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** Trims search text and collapses its runs of white space to one space. */
export function normalizeSearchText(search: string | undefined): string {
  return (search ?? '').trim().replace(/\s+/g, ' ');
}

/**
 * Returns the folded name from the start of each of its words (runs of
 * letters, marks and digits) to its end. Search text matches a name when it
 * starts one of these, so it may run on past a word: `jean-luc p` finds
 * `Jean-Luc Picard`.
 */
export function nameSuffixes(name: string): string[] {
  const folded = foldText(name);
  return [...folded.matchAll(WORD)].map((match) => folded.slice(match.index));
}

/** A word of a name: a run of letters, marks and digits. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Minimum digits of a search text that matches phone numbers. */
export const MIN_PHONE_DIGITS = 3;

/**
 * Prefixes of the search tokens, one per kind of value, so that a key range
 * on one kind never matches another (a name word `123` is not a phone number).
 */
export const TOKEN_PREFIX = {
  /** The name from the start of one of its words, see {@link nameSuffixes}. */
  name: 'n',
  /** A whole e-mail address. */
  email: 'e',
  /** A whole Instagram handle. */
  handle: 'h',
  /** A phone number's digits, and those of its national number. */
  phone: 'p',
  /** A phone number's digits in reverse order, so that a prefix of the token is an ending of the number. */
  phoneEnd: 'r',
} as const;

/**
 * Returns the search tokens of a user. Search text matches the user when
 * one of its {@link searchPrefixes} starts one of the tokens. A phone number
 * has three: its digits, those of its national number (after the country
 * code) and its digits reversed, so a search finds the start of either or
 * the end of the number. A token per digit, which would find any run of
 * digits, made the search index the largest cost of writing users.
 */
export function searchTokens(user: Pick<User, 'name' | 'identifiers'>): string[] {
  const tokens = new Set<string>();
  for (const suffix of nameSuffixes(user.name)) tokens.add(TOKEN_PREFIX.name + suffix);

  for (const identifier of user.identifiers) {
    if (PHONE_CHANNELS.has(identifier.kind)) {
      const digits = identifier.value.replace(/\D/g, '');
      if (digits === '') continue;
      tokens.add(TOKEN_PREFIX.phone + digits);
      const national = nationalDigits(identifier.value);
      if (national) tokens.add(TOKEN_PREFIX.phone + national);
      tokens.add(TOKEN_PREFIX.phoneEnd + reversed(digits));
    } else if (identifier.kind === 'email') {
      tokens.add(TOKEN_PREFIX.email + foldText(identifier.value));
    } else if (identifier.kind === 'instagram') {
      tokens.add(TOKEN_PREFIX.handle + foldText(identifier.value));
    }
  }
  return [...tokens];
}

/**
 * Returns the token prefixes of a search text; a user matches when any of
 * them starts one of its {@link searchTokens}. Blank text has none and
 * matches every user. The text matches the start of a name word, the start
 * of an e-mail address or the start of a handle (a leading `@` dropped).
 * Text with no letters and three or more digits also matches the start or
 * the end of a phone number's digits. At the start, the number's national
 * digits count too, and so do the text's digits without their leading
 * zeros (a trunk prefix such as the 0 of `07700`, or the 00 of an
 * international call).
 */
export function searchPrefixes(search: string | undefined): string[] {
  const text = normalizeSearchText(search);
  if (text === '') return [];

  const folded = foldText(text);
  const prefixes: string[] = [
    TOKEN_PREFIX.name + folded,
    TOKEN_PREFIX.email + folded,
    TOKEN_PREFIX.handle + folded.replace(/^@/, ''),
  ];
  const digits = text.replace(/\D/g, '');
  if (!/\p{L}/u.test(text) && digits.length >= MIN_PHONE_DIGITS) {
    prefixes.push(TOKEN_PREFIX.phone + digits);
    const unpadded = digits.replace(/^0+/, '');
    if (unpadded !== digits && unpadded.length >= MIN_PHONE_DIGITS) prefixes.push(TOKEN_PREFIX.phone + unpadded);
    prefixes.push(TOKEN_PREFIX.phoneEnd + reversed(digits));
  }
  return prefixes;
}

function reversed(digits: string): string {
  return [...digits].reverse().join('');
}

/** Characters of a {@link searchHead}. */
export const SEARCH_HEAD_LENGTH = 3;

/** Returns the first {@link SEARCH_HEAD_LENGTH} characters (code points) of text, or undefined when it has fewer. */
function head(text: string, start = 0): string | undefined {
  let end = start;
  for (let count = 0; count < SEARCH_HEAD_LENGTH; count++) {
    if (end >= text.length) return undefined;
    const code = text.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < text.length ? 2 : 1;
  }
  return text.slice(start, end);
}

/**
 * Returns the first characters that every user matching a search text has
 * at the start of a name word, an e-mail address or a handle (see
 * {@link searchHeads}), or undefined when the text can match without one:
 * text shorter than {@link SEARCH_HEAD_LENGTH}, or text without letters,
 * which also matches phone numbers.
 */
export function searchHead(search: string | undefined): string | undefined {
  const text = normalizeSearchText(search);
  if (!/\p{L}/u.test(text)) return undefined;
  // A name word and an e-mail address never start with `@`, so only a handle can match such text.
  return head(foldText(text).replace(/^@/, ''));
}

/**
 * Tells whether search text matches exactly the users with its
 * {@link searchHead}: text with letters, as long as a head, that does not
 * start with `@`.
 */
export function searchIsHead(search: string | undefined): boolean {
  const folded = foldText(normalizeSearchText(search));
  return !folded.startsWith('@') && searchHead(search) === folded;
}

/**
 * Returns the distinct first {@link SEARCH_HEAD_LENGTH} characters of a
 * user's name tokens, e-mail addresses and handles: the {@link searchHead}
 * of every search text with letters that matches the user is one of them.
 */
export function searchHeads(user: Pick<User, 'name' | 'identifiers'>): string[] {
  const heads = new Set<string>();
  const add = (text: string) => {
    const start = head(text);
    if (start !== undefined) heads.add(start);
  };
  const folded = foldText(user.name);
  for (const word of folded.matchAll(WORD)) {
    const start = head(folded, word.index);
    if (start !== undefined) heads.add(start);
  }
  for (const identifier of user.identifiers) {
    if (identifier.kind === 'email' || identifier.kind === 'instagram') add(foldText(identifier.value));
  }
  return [...heads];
}

/** Tells whether a user matches a search text (see {@link searchPrefixes}). */
export function matchesSearch(user: Pick<User, 'name' | 'identifiers'>, search: string | undefined): boolean {
  const prefixes = searchPrefixes(search);
  if (prefixes.length === 0) return true;
  const tokens = searchTokens(user);
  return prefixes.some((prefix) => tokens.some((token) => token.startsWith(prefix)));
}

/**
 * Returns the filter without its empty conditions (blank search, empty
 * arrays), with search text normalized and arrays sorted and deduplicated,
 * so that equal filters have equal {@link filterKey}s. An activity range
 * with neither bound stays: it keeps the users that have any activity.
 */
export function normalizeFilter(filter: UserFilter | undefined): UserFilter {
  const result: UserFilter = {};
  if (!filter) return result;

  const search = normalizeSearchText(filter.search);
  if (search) result.search = search;
  const channels = sortedUnique(filter.channels);
  if (channels) result.channels = channels;
  const sources = sortedUnique(filter.sources);
  if (sources) result.sources = sources;
  const groupIds = sortedUnique(filter.groupIds);
  if (groupIds) result.groupIds = groupIds;

  if (filter.lastActivity) {
    const { from, to } = filter.lastActivity;
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
    normalized.lastActivity ? [normalized.lastActivity.from ?? null, normalized.lastActivity.to ?? null] : null,
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
