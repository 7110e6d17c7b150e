import { completeNames } from '../model/user.js';
import {
  normalizeIdentifier,
  PHONE_CHANNELS,
  type IdentifierNormalizer,
  type NormalizeOptions,
  type NormalizeResult,
} from '../model/identifiers.js';
import type { ChannelKind, ContactIdentifier, UserInput } from '../model/types.js';
import type { ImportRecord } from '../data/provider.js';
import { englishMessage } from './messages.js';
import {
  ATTRIBUTE_FIELDS,
  IDENTIFIER_FIELDS,
  type ColumnMapping,
  type IdentifierField,
  type MappedCell,
  type MappingOptions,
  type RowIssueCode,
  type RowRejection,
  type RowWarning,
} from './types.js';

/** One data row turned into a record, or the reason it cannot be one. */
export interface MappedRecordRow {
  line: number;
  cells: MappedCell[];
  record?: ImportRecord;
  rejection?: RowRejection;
  warnings: RowWarning[];
}

/** Google Contacts joins several values of one field with ` ::: `. */
const MULTI_VALUE = /\s+:::\s+/;

/** Splits a cell that contains several values the way Google Contacts writes them. The first is primary. */
export function splitValues(raw: string): string[] {
  return raw
    .split(MULTI_VALUE)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Group names in a cell: ` ::: `-separated, and also comma or semicolon separated for a tags column. */
export function splitGroupNames(raw: string, tags: boolean): string[] {
  const parts = splitValues(raw).flatMap((part) => (tags ? part.split(/[,;]/) : [part]));
  // Google marks its own system groups with `* `, as in `* myContacts`.
  return [...new Set(parts.map((part) => part.replace(/^\*\s+/, '').trim()).filter((part) => part !== ''))];
}

function isIdentifierField(field: string): field is IdentifierField {
  return field in IDENTIFIER_FIELDS;
}

export type { IdentifierNormalizer };

/** Phone results the memo keeps at most. */
const MEMO_LIMIT = 100_000;

/**
 * Returns {@link normalizeIdentifier} with its phone results remembered by
 * kind, default country and raw value, up to `limit` of them. Phone
 * validation with the full metadata costs a fraction of a millisecond per
 * number, and the worker maps rows again to look them up and to write
 * them. Other kinds cost less to normalize again than to remember.
 *
 * Each accepted number is also remembered as the result for itself, because
 * normalizing a normalized value returns it unchanged. The default country
 * plays no part there, because a number that starts with `+` is read as
 * international. So a provider that validates the planned records again
 * with this function parses no number twice.
 */
export function memoizedNormalizer(limit = MEMO_LIMIT): IdentifierNormalizer {
  let results = new Map<string, NormalizeResult>();
  return (kind, raw, options) => {
    if (!PHONE_CHANNELS.has(kind)) return normalizeIdentifier(kind, raw, options);
    const key = memoKey(kind, raw, options.defaultCountry);
    let result = results.get(key);
    if (!result) {
      result = normalizeIdentifier(kind, raw, options);
      // Starting over keeps the memory of a huge file bounded, and the numbers of a common file all fit.
      if (results.size >= limit) results = new Map();
      results.set(key, result);
      if (result.ok && result.value !== raw) results.set(memoKey(kind, result.value, undefined), result);
    }
    return result;
  };
}

function memoKey(kind: ChannelKind, raw: string, defaultCountry: string | undefined): string {
  const country = PHONE_CHANNELS.has(kind) && !raw.startsWith('+') ? (defaultCountry ?? '') : '*';
  return `${kind}\u0000${country}\u0000${raw}`;
}

interface CellIssue {
  code: RowIssueCode;
  field: string;
  value: string;
}

/**
 * Returns the function that maps one data row with a mapping. Names are
 * completed from full or first and last. Identifiers are normalized part by
 * ` ::: ` part in column order, so the first is primary. Attributes are kept
 * as written when the options keep them. A row without a name, or without
 * any valid identifier, is rejected with the first reason found.
 */
export type RowMapper = (cells: readonly string[], line: number) => MappedRecordRow;

export function createRowMapper(
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  labels: readonly string[],
  normalize: IdentifierNormalizer = normalizeIdentifier,
): RowMapper {
  const normalizeOptions: NormalizeOptions = options.defaultCountry ? { defaultCountry: options.defaultCountry } : {};
  const byColumn = new Map(mapping.map((entry) => [entry.column, entry]));
  const groupEntry = options.groupColumn === undefined ? undefined : byColumn.get(options.groupColumn);

  return (cells, line) => {
    const mapped: MappedCell[] = cells.map((raw) => ({ raw }));
    const names = { fullName: [] as string[], firstName: [] as string[], lastName: [] as string[] };
    const identifiers: ContactIdentifier[] = [];
    const seen = new Set<string>();
    const issues: CellIssue[] = [];
    const warnings: RowWarning[] = [];
    const attributes: Record<string, string> = {};

    for (const entry of mapping) {
      const raw = cells[entry.column] ?? '';
      const cell = mapped[entry.column] ?? { raw };
      const field = labels[entry.column] ?? entry.label;
      if (raw.trim() === '') continue;

      if (entry.field === 'fullName' || entry.field === 'firstName' || entry.field === 'lastName') {
        names[entry.field].push(raw);
        cell.value = raw.replace(/\s+/g, ' ').trim();
      } else if (isIdentifierField(entry.field)) {
        const kind = IDENTIFIER_FIELDS[entry.field];
        const label = entry.labelColumn === undefined ? '' : (cells[entry.labelColumn] ?? '').trim();
        const values: string[] = [];
        for (const part of splitValues(raw)) {
          const result = normalize(kind, part, normalizeOptions);
          if (!result.ok) {
            if (result.reason === 'empty') continue;
            issues.push({ code: result.reason, field, value: part });
            cell.issue ??= result.reason;
            continue;
          }
          values.push(result.value);
          if (result.warning) {
            cell.warning ??= result.warning;
            warnings.push({ line, code: result.warning, field, value: result.value, message: englishMessage(result.warning, result.value) });
          }
          const identity = `${kind}:${result.value}`;
          if (seen.has(identity)) continue;
          seen.add(identity);
          identifiers.push(label ? { kind, value: result.value, label } : { kind, value: result.value });
        }
        if (values.length > 0) cell.value = values.join(' ::: ');
      } else if (ATTRIBUTE_FIELDS.includes(entry.field)) {
        cell.value = raw;
        if (options.keepUnmappedAsAttributes) attributes[entry.key] = raw;
      }
    }

    const nameParts = completeNames({
      name: names.fullName.join(' '),
      firstName: names.firstName.join(' '),
      lastName: names.lastName.join(' '),
    });
    // A last name alone does not name a person well enough to write to them.
    const named = names.fullName.some((value) => value.trim() !== '') || names.firstName.some((value) => value.trim() !== '');
    const rejection = rejectionOf(line, named, identifiers.length, issues);
    if (rejection) return { line, cells: mapped, rejection, warnings: [] };

    // Values dropped from a row that is still imported are reported, never lost in silence.
    for (const issue of issues) {
      warnings.push({ line, code: issue.code, field: issue.field, value: issue.value, message: englishMessage(issue.code, issue.value) });
    }

    const user: UserInput = { ...nameParts, identifiers };
    const primary = identifiers[0];
    if (primary) user.primaryChannel = primary.kind;
    if (Object.keys(attributes).length > 0) user.attributes = attributes;
    const record: ImportRecord = { line, user };
    if (groupEntry) {
      const groups = splitGroupNames(cells[groupEntry.column] ?? '', groupEntry.field === 'tags');
      if (groups.length > 0) record.extraGroups = groups;
    }
    return { line, cells: mapped, record, warnings };
  };
}

function rejectionOf(line: number, named: boolean, identifierCount: number, issues: readonly CellIssue[]): RowRejection | undefined {
  if (!named) return { line, code: 'name-required', field: 'name', message: englishMessage('name-required') };
  if (identifierCount > 0) return undefined;

  const issue = issues[0];
  if (!issue) return { line, code: 'identifier-required', field: 'identifiers', message: englishMessage('identifier-required') };
  return { line, code: issue.code, field: issue.field, value: issue.value, message: englishMessage(issue.code, issue.value) };
}
