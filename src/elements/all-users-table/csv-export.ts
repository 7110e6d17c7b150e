import { isDataError, throwIfAborted } from '../../data/errors.js';
import type { UserDataProvider, UserSelection, UserSort } from '../../data/provider.js';
import type { User } from '../../model/types.js';
import { primaryPhone } from '../../model/user.js';
import { channelLabel } from '../shared/channel.js';
import { COLUMN_IDS, columnLabel, sourceLabel, type ColumnId } from './columns.js';

/**
 * Cells that a spreadsheet would run as a formula or a command: text that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return. Unlike
 * papaparse's built-in pattern this one has no `.*$`, so a value with a line
 * break after the first character is caught too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Users read per provider call while exporting. */
export const EXPORT_PAGE_SIZE = 500;

/** Ids looked up at once when exporting a selection of explicit ids. */
const ID_LOOKUPS_AT_ONCE = 20;

/** Returns the exported text of one column for a user. */
export function csvCell(user: User, column: ColumnId, groupNameByImportId: ReadonlyMap<string, string>): string {
  switch (column) {
    case 'id':
      return user.id;
    case 'name':
      return user.name;
    case 'phone':
      return primaryPhone(user) ?? '';
    case 'channel':
      return user.primaryChannel ? channelLabel(user.primaryChannel) : '';
    case 'source':
      return sourceLabel(user.source, groupNameByImportId);
    case 'lastActivity':
      return user.lastActivityAt === null ? '' : new Date(user.lastActivityAt).toISOString();
  }
}

/**
 * Formats rows as CSV (RFC 4180: comma, CRLF, quotes doubled) with formula
 * cells prefixed by `'`, through papaparse, which is loaded on first use.
 */
export async function toCsv(rows: string[][]): Promise<string> {
  const { default: Papa } = await import('papaparse');
  return Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_START });
}

export interface ExportProgress {
  /** Users written so far. */
  exported: number;
}

export interface ExportOptions {
  provider: UserDataProvider;
  selection: UserSelection;
  /** Order of the rows for an all-matching selection; explicit ids keep the order they were selected in. */
  sort: UserSort;
  groupNameByImportId: ReadonlyMap<string, string>;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  csv: string;
  /** Users written, header excluded. */
  rowCount: number;
  /** Selected ids that no longer exist. */
  missing: number;
}

/**
 * Exports the selected users with every table column, hidden ones included,
 * reading them page by page so that any number of users can be exported.
 */
export async function exportUsers(options: ExportOptions): Promise<ExportResult> {
  const header = COLUMN_IDS.map((column) => columnLabel(column));
  const chunks: string[] = [await toCsv([header])];
  let rowCount = 0;
  let missing = 0;

  const addUsers = async (users: User[]) => {
    if (users.length === 0) return;
    const rows = users.map((user) => COLUMN_IDS.map((column) => csvCell(user, column, options.groupNameByImportId)));
    chunks.push(await toCsv(rows));
    rowCount += users.length;
    options.onProgress?.({ exported: rowCount });
  };

  if ('ids' in options.selection) {
    const ids = options.selection.ids;
    for (let start = 0; start < ids.length; start += ID_LOOKUPS_AT_ONCE) {
      throwIfAborted(options.signal);
      const found = await Promise.all(
        ids.slice(start, start + ID_LOOKUPS_AT_ONCE).map((id) => getUserIfExists(options.provider, id, options.signal)),
      );
      const users = found.filter((user): user is User => user !== undefined);
      missing += found.length - users.length;
      await addUsers(users);
    }
  } else {
    const except = new Set(options.selection.exceptIds ?? []);
    // NOTE: offset paging can skip or repeat a user when users are written
    // during a long export; the provider interface has no cursor to pin.
    for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
      const page = await options.provider.queryUsers({
        offset,
        limit: EXPORT_PAGE_SIZE,
        sort: options.sort,
        filter: options.selection.filter,
        signal: options.signal,
      });
      await addUsers(page.items.filter((user) => !except.has(user.id)));
      if (page.items.length < EXPORT_PAGE_SIZE || offset + EXPORT_PAGE_SIZE >= page.total) break;
    }
  }

  return { csv: chunks.join('\r\n'), rowCount, missing };
}

async function getUserIfExists(provider: UserDataProvider, id: string, signal?: AbortSignal): Promise<User | undefined> {
  try {
    return await provider.getUser(id, { signal });
  } catch (error) {
    if (isDataError(error) && error.code === 'not-found') return undefined;
    throw error;
  }
}

/** Returns the export's file name for a day, such as `users-2025-03-01.csv`. */
export function exportFileName(now: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `users-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/** Saves text as a file through a temporary Blob URL; the UTF-8 BOM lets Excel detect the encoding. */
export function downloadCsv(csv: string, fileName: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download reads the URL after this task, so it is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
