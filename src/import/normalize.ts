import { completeNames } from '../model/user.js';
import {
  normalizeIdentifier,
  PHONE_CHANNELS,
  type IdentifierNormalizer,
  type NormalizeOptions,
  type NormalizeResult,
} from '../model/identifiers.js';
import type { ContactIdentifier, UserInput } from '../model/types.js';
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
  /** The row's cells as the preview shows them, or none when the mapper leaves them out. */
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

/** Maximum slots of the phone memo: 4,194,304 slots take 68 MiB and hold 2,097,152 numbers. */
const MEMO_MAX_SLOTS = 1 << 22;

/** Slots of a new phone memo. */
const MEMO_FIRST_SLOTS = 1 << 14;

/** Trailing digits of a remembered number that the raw value must end with. */
const CHECKED_DIGITS = 6;

const INTERNATIONAL = /^\+\d{1,15}$/;

/**
 * Returns {@link normalizeIdentifier} with its accepted phone numbers
 * remembered. Phone validation with the full metadata costs a fraction of a
 * millisecond per number, and the streaming worker maps every row again to
 * look it up and to write it. Other kinds cost less to normalize again than
 * to remember, and so do rejected numbers, which are few.
 *
 * The memo lives in typed arrays keyed by a 64-bit hash of the default
 * country and the raw value, so its size does not grow the JS heap with
 * the file. A hit counts only when the raw value's digits end with the
 * remembered number's last digits, which turns a hash collision into a new
 * parse instead of another person's number.
 *
 * Each accepted number is also remembered as the result for itself, because
 * normalizing a normalized value returns it unchanged. The default country
 * plays no part there, because a number that starts with `+` is read as
 * international. So a provider that validates the planned records again
 * with this function parses no number twice.
 */
export function memoizedNormalizer(maxSlots = MEMO_MAX_SLOTS): IdentifierNormalizer {
  const memo = new PhoneMemo(Math.min(MEMO_FIRST_SLOTS, maxSlots), maxSlots);
  return (kind, raw, options) => {
    if (!PHONE_CHANNELS.has(kind)) return normalizeIdentifier(kind, raw, options);
    const country = raw.startsWith('+') ? '*' : (options.defaultCountry ?? '');
    const known = memo.get(country, raw);
    if (known) return known;

    const result = normalizeIdentifier(kind, raw, options);
    if (result.ok && INTERNATIONAL.test(result.value)) {
      memo.set(country, raw, result);
      if (result.value !== raw) memo.set('*', result.value, result);
    }
    return result;
  };
}

/**
 * An open-addressing hash table from (country, raw phone) to an accepted
 * number: the number's digits as a float64 (15 digits fit exactly) and
 * whether it carried the range warning.
 */
class PhoneMemo {
  private high!: Uint32Array;
  private low!: Uint32Array;
  private digits!: Float64Array;
  /** 0: empty slot, 1: accepted, 2: accepted with `phone-range-unknown`. */
  private states!: Uint8Array;
  private size = 0;

  constructor(
    private slots: number,
    private readonly maxSlots: number,
  ) {
    this.allocate(slots);
  }

  get(country: string, raw: string): NormalizeResult | undefined {
    hashPair(country, raw);
    const { high, low } = lastHash;
    for (let slot = low & (this.slots - 1); this.states[slot] !== 0; slot = (slot + 1) & (this.slots - 1)) {
      if (this.high[slot] !== high || this.low[slot] !== low) continue;
      const value = `+${this.digits[slot]}`;
      if (!endsWithDigitsOf(raw, value)) return undefined;
      return this.states[slot] === 2 ? { ok: true, value, warning: 'phone-range-unknown' } : { ok: true, value };
    }
    return undefined;
  }

  set(country: string, raw: string, result: Extract<NormalizeResult, { ok: true }>): void {
    if (this.size >= this.slots / 2) {
      // Past its largest size the memo starts over, which keeps a huge file's memory bounded.
      if (this.slots >= this.maxSlots) this.allocate(this.slots);
      else this.grow();
    }
    hashPair(country, raw);
    const { high, low } = lastHash;
    this.place(high, low, Number(result.value.slice(1)), result.warning ? 2 : 1);
  }

  private place(high: number, low: number, digits: number, state: number): void {
    let slot = low & (this.slots - 1);
    while (this.states[slot] !== 0) {
      if (this.high[slot] === high && this.low[slot] === low) break;
      slot = (slot + 1) & (this.slots - 1);
    }
    if (this.states[slot] === 0) this.size++;
    this.high[slot] = high;
    this.low[slot] = low;
    this.digits[slot] = digits;
    this.states[slot] = state;
  }

  private allocate(slots: number): void {
    this.slots = slots;
    this.high = new Uint32Array(slots);
    this.low = new Uint32Array(slots);
    this.digits = new Float64Array(slots);
    this.states = new Uint8Array(slots);
    this.size = 0;
  }

  private grow(): void {
    const { high, low, digits, states } = this;
    this.allocate(this.slots * 2);
    for (let slot = 0; slot < states.length; slot++) {
      if (states[slot] !== 0) this.place(high[slot] as number, low[slot] as number, digits[slot] as number, states[slot] as number);
    }
  }
}

/** The result of the last {@link hashPair} call, kept in one object so that a lookup allocates nothing. */
const lastHash = { high: 0, low: 0 };

/**
 * Computes two independent 32-bit FNV-1a style hashes of the country, a
 * U+0000 separator and the raw value, into {@link lastHash}.
 */
function hashPair(country: string, raw: string): void {
  lastHash.high = 0x811c9dc5;
  lastHash.low = 0x01000193 ^ raw.length;
  hashInto(country);
  hashInto('\u0000');
  hashInto(raw);
  lastHash.high >>>= 0;
  lastHash.low >>>= 0;
}

function hashInto(text: string): void {
  let { high, low } = lastHash;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995);
    low ^= low >>> 15;
  }
  lastHash.high = high;
  lastHash.low = low;
}

/** Checks whether the digits of `raw` end with the last {@link CHECKED_DIGITS} digits of the number `value`. */
function endsWithDigitsOf(raw: string, value: string): boolean {
  let position = value.length - 1;
  const stop = Math.max(1, value.length - CHECKED_DIGITS);
  for (let index = raw.length - 1; index >= 0 && position >= stop; index--) {
    const code = raw.charCodeAt(index);
    if (code < 48 || code > 57) continue;
    if (code !== value.charCodeAt(position)) return false;
    position--;
  }
  return position < stop;
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
 * any valid identifier, is rejected with the first reason found. With
 * `previewCells` false, the mapped rows carry no cells, which saves plans
 * and writes the preview's work.
 */
export type RowMapper = (cells: readonly string[], line: number) => MappedRecordRow;

export function createRowMapper(
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  labels: readonly string[],
  normalize: IdentifierNormalizer = normalizeIdentifier,
  previewCells = true,
): RowMapper {
  const normalizeOptions: NormalizeOptions = options.defaultCountry ? { defaultCountry: options.defaultCountry } : {};
  const byColumn = new Map(mapping.map((entry) => [entry.column, entry]));
  const groupEntry = options.groupColumn === undefined ? undefined : byColumn.get(options.groupColumn);

  return (cells, line) => {
    // Plans and writes read only the record, so they skip the preview's cells.
    const mapped: MappedCell[] = previewCells ? cells.map((raw) => ({ raw })) : [];
    const names = { fullName: [] as string[], firstName: [] as string[], lastName: [] as string[] };
    const identifiers: ContactIdentifier[] = [];
    const issues: CellIssue[] = [];
    const warnings: RowWarning[] = [];
    const attributes: Record<string, string> = {};

    for (const entry of mapping) {
      const raw = cells[entry.column] ?? '';
      const cell = previewCells ? (mapped[entry.column] ?? { raw }) : undefined;
      const field = labels[entry.column] ?? entry.label;
      if (raw.trim() === '') continue;

      if (entry.field === 'fullName' || entry.field === 'firstName' || entry.field === 'lastName') {
        names[entry.field].push(raw);
        if (cell) cell.value = raw.replace(/\s+/g, ' ').trim();
      } else if (isIdentifierField(entry.field)) {
        const kind = IDENTIFIER_FIELDS[entry.field];
        const label = entry.labelColumn === undefined ? '' : (cells[entry.labelColumn] ?? '').trim();
        const values: string[] = [];
        for (const part of splitValues(raw)) {
          const result = normalize(kind, part, normalizeOptions);
          if (!result.ok) {
            if (result.reason === 'empty') continue;
            issues.push({ code: result.reason, field, value: part });
            if (cell) cell.issue ??= result.reason;
            continue;
          }
          values.push(result.value);
          if (result.warning) {
            if (cell) cell.warning ??= result.warning;
            warnings.push({ line, code: result.warning, field, value: result.value, message: englishMessage(result.warning, result.value) });
          }
          // A row has a few identifiers, so a scan costs less than a set of `kind:value` strings.
          if (identifiers.some((identifier) => identifier.kind === kind && identifier.value === result.value)) continue;
          identifiers.push(label ? { kind, value: result.value, label } : { kind, value: result.value });
        }
        if (cell && values.length > 0) cell.value = values.join(' ::: ');
      } else if (ATTRIBUTE_FIELDS.includes(entry.field)) {
        if (cell) cell.value = raw;
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

    // Built field by field, in the order that spreading the names gives, because that
    // spread is a slow generic copy here and every row is mapped twice.
    const user = { name: nameParts.name } as UserInput;
    if (nameParts.firstName !== undefined) user.firstName = nameParts.firstName;
    if (nameParts.lastName !== undefined) user.lastName = nameParts.lastName;
    user.identifiers = identifiers;
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
