/**
 * A brute-force reference of `queryUsers`: filter and sort in memory with the
 * semantics documented on `UserFilter`, `UserSortField` and `UserQuery`. It
 * is written for clarity, not speed, and shares no code with any provider so
 * that a shared mistake cannot hide.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { UserFilter, UserSelection, UserSort, UserSortField } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';

const PHONE_KINDS = new Set(['phone', 'whatsapp', 'sms']);

/** Folds text for search and name sorting: lower-cased, accents removed, recomposed. */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** Returns the folded name from the start of each of its words to its end. */
export function nameSuffixes(name: string): string[] {
  const folded = foldText(name);
  return [...folded.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((match) => folded.slice(match.index));
}

export function matchesSearch(user: User, search: string | undefined): boolean {
  const text = (search ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return true;
  const folded = foldText(text);

  if (nameSuffixes(user.name).some((suffix) => suffix.startsWith(folded))) return true;

  const handleText = folded.replace(/^@/, '');
  for (const identifier of user.identifiers) {
    if (identifier.kind === 'email' && foldText(identifier.value).startsWith(folded)) return true;
    if (identifier.kind === 'instagram' && foldText(identifier.value).startsWith(handleText)) return true;
  }

  const digits = text.replace(/\D/g, '');
  if (/\p{L}/u.test(text) || digits.length < 3) return false;
  const starts = [digits];
  if (/^0+\d{3}/.test(digits)) starts.push(digits.replace(/^0+/, ''));
  return user.identifiers.some((identifier) => {
    if (!PHONE_KINDS.has(identifier.kind)) return false;
    const number = identifier.value.replace(/\D/g, '');
    const parsed = identifier.value.trim().startsWith('+') ? parsePhoneNumberFromString(identifier.value) : undefined;
    const national = parsed ? number.slice(parsed.countryCallingCode.length) : undefined;
    if (number.endsWith(digits)) return true;
    return starts.some((start) => number.startsWith(start) || national?.startsWith(start));
  });
}

/** Returns whether a user meets every condition of a filter. */
export function matchesFilter(user: User, filter: UserFilter | undefined): boolean {
  if (!filter) return true;
  if (!matchesSearch(user, filter.search)) return false;

  if (filter.channels && filter.channels.length > 0) {
    if (user.primaryChannel === undefined || !filter.channels.includes(user.primaryChannel)) return false;
  }
  if (filter.sources && filter.sources.length > 0 && !filter.sources.includes(user.source.type)) return false;
  if (filter.groupIds && filter.groupIds.length > 0) {
    if (!user.groupIds.some((groupId) => filter.groupIds?.includes(groupId))) return false;
  }

  const range = filter.lastActivity;
  if (range) {
    const time = user.lastActivityAt;
    if (time === null) return false;
    if (range.from !== undefined && time < range.from) return false;
    if (range.to !== undefined && time > range.to) return false;
  }
  return true;
}

/** Returns the table's phone: the first `phone` identifier, else the first WhatsApp or SMS one. */
export function tablePhone(user: User): string | undefined {
  return (
    user.identifiers.find((identifier) => identifier.kind === 'phone') ??
    user.identifiers.find((identifier) => identifier.kind === 'whatsapp' || identifier.kind === 'sms')
  )?.value;
}

/** Returns the sort key of a user; `undefined` is a missing key, which sorts first. */
export function sortKey(user: User, field: UserSortField): string | number | undefined {
  switch (field) {
    case 'id':
      return user.id;
    case 'name':
      return foldText(user.name);
    case 'phone':
      return tablePhone(user);
    case 'primaryChannel':
      return user.primaryChannel;
    case 'source':
      return user.source.type;
    case 'createdAt':
      return user.createdAt;
    case 'lastActivityAt':
      return user.lastActivityAt ?? undefined;
  }
}

function compareKeys(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  // `<` compares strings by UTF-16 code unit, the order the contract names.
  return a < b ? -1 : 1;
}

export const DEFAULT_SORT: UserSort = { field: 'name', direction: 'asc' };

/** Returns a comparator for a sort: its key, then the id; descending reverses both. */
export function compareUsers(sort: UserSort = DEFAULT_SORT): (a: User, b: User) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const byKey = compareKeys(sortKey(a, sort.field), sortKey(b, sort.field));
    if (byKey !== 0) return sign * byKey;
    return sign * compareKeys(a.id, b.id);
  };
}

/** Returns every matching user in query order. */
export function referenceQuery(users: readonly User[], query: { sort?: UserSort; filter?: UserFilter }): User[] {
  return users.filter((user) => matchesFilter(user, query.filter)).sort(compareUsers(query.sort));
}

/** Returns the users a selection names, as the bulk actions must resolve it. */
export function referenceSelection(users: readonly User[], selection: UserSelection): User[] {
  if ('ids' in selection) return users.filter((user) => selection.ids.includes(user.id));
  const except = new Set(selection.exceptIds ?? []);
  return users.filter((user) => !except.has(user.id) && matchesFilter(user, selection.filter));
}
