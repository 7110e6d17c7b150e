import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { UserSortField } from '../../data/provider.js';
import type { User, UserSource } from '../../model/types.js';
import { primaryPhone } from '../../model/user.js';
import { t, type TableMessageKey } from './messages.js';

/** A data column of the table; the selection column is not one of them. */
export type ColumnId = 'id' | 'name' | 'phone' | 'channel' | 'source' | 'lastActivity';

/** Data columns in display order. */
export const COLUMN_IDS: readonly ColumnId[] = ['id', 'name', 'phone', 'channel', 'source', 'lastActivity'];

/** The provider's sort field behind each column's sorter. */
export const COLUMN_SORT_FIELDS: Readonly<Record<ColumnId, UserSortField>> = {
  id: 'id',
  name: 'name',
  phone: 'phone',
  channel: 'primaryChannel',
  source: 'source',
  lastActivity: 'lastActivityAt',
};

const COLUMN_LABELS: Readonly<Record<ColumnId, TableMessageKey>> = {
  id: 'column-id',
  name: 'column-name',
  phone: 'column-phone',
  channel: 'column-channel',
  source: 'column-source',
  lastActivity: 'column-last-activity',
};

/** Returns a column's header text in the current locale. */
export function columnLabel(column: ColumnId): string {
  return t(COLUMN_LABELS[column]);
}

/**
 * Returns where a user came from: "Internal", "Import: <group>" with the
 * name of the group the import created, or "Integration: <name>".
 */
export function sourceLabel(source: UserSource, groupNameByImportId: ReadonlyMap<string, string>): string {
  switch (source.type) {
    case 'internal':
      return t('source-internal');
    case 'import': {
      const name = groupNameByImportId.get(source.importId);
      return name === undefined ? t('source-import') : t('source-import-named', { name });
    }
    case 'integration':
      return source.name ? t('source-integration-named', { name: source.name }) : t('source-integration');
  }
}

/** Returns the user's phone number in international format, or the stored E.164 text when it does not parse. */
export function phoneText(user: Pick<User, 'identifiers'>): string {
  const phone = primaryPhone(user);
  if (!phone) return '';
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}

/** Returns up to two initials: the first letters of the first and last words of a name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0];
  if (!first) return '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [first, last].filter((word): word is string => word !== undefined).map((word) => Array.from(word)[0] ?? '');
  return letters.join('').toLocaleUpperCase();
}

/** Returns a hue from 0 to 359 that stays the same for a user id, so avatars keep their color. */
export function avatarHue(id: string): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) {
    hash = (hash * 31 + id.charCodeAt(index)) | 0;
  }
  return Math.abs(hash) % 360;
}

const warnedStorageKeys = new Set<string>();

function warnStorageOnce(key: string, error: unknown): void {
  if (warnedStorageKeys.has(key)) return;
  warnedStorageKeys.add(key);
  console.warn(
    `<all-users-table>: the column choice cannot be kept in localStorage under "${key}" (${String(error)}). ` +
      'Columns reset on reload; allow storage for this site or set column-storage-key to "" to stop trying.',
  );
}

/**
 * Reads the hidden columns stored under a localStorage key. Returns
 * undefined when nothing valid is stored; unknown column ids are dropped.
 */
export function readHiddenColumns(key: string): ColumnId[] | undefined {
  if (!key) return undefined;
  let stored: string | null;
  try {
    stored = localStorage.getItem(key);
  } catch (error) {
    warnStorageOnce(key, error);
    return undefined;
  }
  if (stored === null) return undefined;

  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return undefined;
    return COLUMN_IDS.filter((column) => parsed.includes(column));
  } catch {
    return undefined;
  }
}

/** Stores the hidden columns under a localStorage key; an empty key stores nothing. */
export function writeHiddenColumns(key: string, hidden: readonly ColumnId[]): void {
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify(hidden));
  } catch (error) {
    warnStorageOnce(key, error);
  }
}
