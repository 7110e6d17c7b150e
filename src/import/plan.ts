import { identifierKey } from '../model/identifiers.js';
import type { ContactIdentifier } from '../model/types.js';
import type { ImportRecord } from '../data/provider.js';
import { cloneRecord, HashedKeyOwners, mergeRecord, sharedKey, type KeyOwners } from './dedupe.js';
import { createRowMapper, type IdentifierNormalizer, type RowMapper } from './normalize.js';
import { detached, type SourceTable } from './table.js';
import {
  ATTRIBUTE_FIELDS,
  type ColumnMapping,
  type DuplicateRow,
  type ExistingMatch,
  LISTED_WARNINGS,
  type GroupPreview,
  type ImportAnalysis,
  type MappedRow,
  type MappingOptions,
  type RowRejection,
  type RowWarning,
} from './types.js';

/**
 * Everything an import of a table with one mapping would send and report,
 * kept without its records: only what is proportional to rows with
 * something to report, and typed arrays. {@link planRecords} maps the
 * records again from the table's rows when they are needed.
 */
export interface ImportPlan {
  recordCount: number;
  /** The data row each record starts from, by record, so a batch is the same records on every read. */
  firstRows: Int32Array;
  /** Records that later rows merged into, as merged, by record. */
  merged: Map<number, ImportRecord>;
  /** Distinct identifier keys of all records. */
  identifierCount: number;
  rejected: RowRejection[];
  duplicates: DuplicateRow[];
  /** The first {@link LISTED_WARNINGS} warnings. */
  warnings: RowWarning[];
  warningCount: number;
  groups: GroupPreview[];
  droppedColumns: number[];
  /** Line of the row each merged row went into, by line. */
  duplicateOf: Map<number, number>;
  /** Maps a row as the plan did. */
  mapRow: RowMapper;
  /** The record that owns each identifier key. */
  owners: KeyOwners;
}

/** The summary of a plan that crosses to the page: what it reports, without how to read its records. */
export type PlanSummary = Pick<ImportPlan, 'recordCount' | 'rejected' | 'duplicates' | 'warnings' | 'warningCount' | 'groups' | 'droppedColumns'> & {
  totalRows: number;
};

/** Rows mapped between two progress reports, and read from the table at a time. */
const PROGRESS_ROWS = 2000;

/** A group's size and where it first appears among the records, which orders the groups. */
interface GroupCount {
  size: number;
  record: number;
  position: number;
}

/** Maps, normalizes and deduplicates every row of a table, reporting rows mapped as it goes. */
export function planImport(
  table: SourceTable,
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  normalize?: IdentifierNormalizer,
  onProgress?: (rows: number, total: number) => void,
): ImportPlan {
  const steps = planSteps(table, mapping, options, normalize, onProgress, false);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Plans an import as {@link planImport} does and looks the records'
 * identifiers up while it maps the rows: each lookup of `chunkSize`
 * identifiers runs while the next rows are mapped, so the rows are read
 * once, not twice. Returns the plan and the records that belong to
 * existing users.
 */
export async function planWithLookups(
  table: SourceTable,
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  lookUp: (identifiers: ContactIdentifier[]) => Promise<FoundUser[]>,
  chunkSize: number,
  normalize?: IdentifierNormalizer,
  onProgress?: (rows: number, total: number) => void,
): Promise<{ plan: ImportPlan; existing: ExistingMatch[] }> {
  const steps = planSteps(table, mapping, options, normalize, onProgress, true);
  const found: FoundUser[] = [];
  let waiting: ContactIdentifier[] = [];
  let running: Promise<void> | undefined;

  // One lookup runs at a time, so the identifiers in flight stay bounded whatever the file's size.
  const flush = async () => {
    const identifiers = waiting;
    waiting = [];
    await running;
    running = lookUp(identifiers).then((matches) => {
      found.push(...detached(matches));
    });
    running.catch(() => undefined);
  };

  for (;;) {
    const step = steps.next();
    if (step.done) {
      if (waiting.length > 0) await flush();
      await running;
      return { plan: step.value, existing: existingMatches(table, step.value, found) };
    }
    waiting.push(...step.value);
    if (waiting.length >= chunkSize) await flush();
  }
}

/**
 * Plans an import a chunk of rows at a time, yielding after each chunk the
 * distinct identifiers of its rows' records when `collect` is set (an
 * empty list otherwise), and returning the plan.
 */
function* planSteps(
  table: SourceTable,
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  normalize: IdentifierNormalizer | undefined,
  onProgress: ((rows: number, total: number) => void) | undefined,
  collect: boolean,
): Generator<ContactIdentifier[], ImportPlan> {
  const mapRow = createRowMapper(mapping, options, table.columns.map((column) => column.label), normalize, false);
  const total = table.rows.rowCount;
  let firstRows = new Int32Array(Math.max(16, Math.min(total, 1 << 16)));
  const merged = new Map<number, ImportRecord>();
  const rejected: RowRejection[] = [];
  const warnings: RowWarning[] = [];
  const duplicates: DuplicateRow[] = [];
  const groups = new Map<string, GroupCount>();
  let recordCount = 0;
  let identifierCount = 0;
  let warningCount = 0;

  // A row that shares a key with an earlier record maps that record twice, once to confirm the
  // key and once to copy it, and each mapping parses the row's text again. So the last one is kept.
  let lastMapped: { index: number; record: ImportRecord | undefined } | undefined;
  const recordAt = (index: number) => {
    const record = merged.get(index);
    if (record) return record;
    if (lastMapped?.index !== index) lastMapped = { index, record: mapRow(...rowCells(table, firstRows[index] ?? 0)).record };
    return lastMapped.record;
  };
  const owners = new HashedKeyOwners((owner, key) => (recordAt(owner)?.user.identifiers ?? []).some((identifier) => identifierKey(identifier) === key));
  const countGroups = (names: readonly string[] | undefined, record: number, change: 1 | -1) => {
    (names ?? []).forEach((name, position) => {
      const count = groups.get(name);
      if (!count) groups.set(detached(name), { size: change, record, position });
      else {
        count.size += change;
        if (record < count.record || (record === count.record && position < count.position)) Object.assign(count, { record, position });
      }
    });
  };

  for (let from = 0; from < total; from += PROGRESS_ROWS) {
    // The chunk's identifiers by key, copied so the records need not be kept.
    const chunkIdentifiers = new Map<string, ContactIdentifier>();
    table.rows.read(from, PROGRESS_ROWS).forEach((source, offset) => {
      const row = mapRow(source.cells, source.line);
      // What the plan keeps of a row is copied, so that it keeps no slice of the text the row was read from.
      if (row.rejection) rejected.push(detached(row.rejection));
      for (const warning of row.warnings) if (warnings.length < LISTED_WARNINGS) warnings.push(detached(warning));
      warningCount += row.warnings.length;
      const record = row.record;
      if (!record) return;

      const keys = record.user.identifiers.map(identifierKey);
      if (collect) {
        record.user.identifiers.forEach((identifier, position) => {
          chunkIdentifiers.set(keys[position] as string, { kind: identifier.kind, value: identifier.value });
        });
      }
      const shared = sharedKey(keys, owners);
      if (!shared) {
        if (recordCount === firstRows.length) firstRows = grown(firstRows);
        firstRows[recordCount] = from + offset;
        for (const key of keys) owners.claim(key, recordCount);
        identifierCount += distinctCount(keys);
        countGroups(record.extraGroups, recordCount, 1);
        recordCount++;
        return;
      }

      const target = merged.get(shared.owner) ?? cloneRecord(recordAt(shared.owner) ?? record);
      merged.set(shared.owner, target);
      duplicates.push(detached({ line: record.line, duplicateOf: target.line, key: shared.key }));
      countGroups(target.extraGroups, shared.owner, -1);
      identifierCount += mergeRecord(target, shared.owner, record, keys, owners);
      countGroups(target.extraGroups, shared.owner, 1);
      merged.set(shared.owner, detached(target));
    });
    onProgress?.(Math.min(total, from + PROGRESS_ROWS), total);
    yield [...chunkIdentifiers.values()];
  }
  if (total === 0) onProgress?.(0, 0);

  return {
    recordCount,
    firstRows: firstRows.slice(0, recordCount),
    merged,
    identifierCount,
    rejected,
    duplicates,
    warnings,
    warningCount,
    groups: [...groups]
      .filter(([, count]) => count.size > 0)
      .sort(([, a], [, b]) => a.record - b.record || a.position - b.position)
      .map(([name, count]) => ({ name, size: count.size })),
    droppedColumns: droppedColumns(table, mapping, options),
    duplicateOf: new Map(duplicates.map((duplicate) => [duplicate.line, duplicate.duplicateOf])),
    mapRow,
    owners,
  };
}

/** Counts the distinct values of a short list, such as one record's keys, without the cost of a set per row. */
function distinctCount(values: readonly string[]): number {
  let count = 0;
  values.forEach((value, index) => {
    if (values.indexOf(value) === index) count++;
  });
  return count;
}

function grown(values: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(values.length * 2);
  next.set(values);
  return next;
}

function rowCells(table: SourceTable, index: number): [cells: string[], line: number] {
  const [row] = table.rows.read(index, 1);
  return [row?.cells ?? [], row?.line ?? 0];
}

/**
 * Returns the records `offset` to `offset + limit` of a plan, mapped again
 * from their rows (read as one range) or taken as merged.
 */
export function planRecords(table: SourceTable, plan: ImportPlan, offset: number, limit: number): ImportRecord[] {
  const first = Math.max(0, offset);
  const end = Math.min(plan.recordCount, offset + limit);
  if (end <= first) return [];

  const fromRow = plan.firstRows[first] ?? 0;
  const rows = table.rows.read(fromRow, (plan.firstRows[end - 1] ?? 0) - fromRow + 1);
  const records: ImportRecord[] = [];
  for (let index = first; index < end; index++) {
    const merged = plan.merged.get(index);
    const row = rows[(plan.firstRows[index] ?? 0) - fromRow];
    const record = merged ? cloneRecord(merged) : row && plan.mapRow(row.cells, row.line).record;
    if (record) records.push(record);
  }
  return records;
}

export function summarizePlan(plan: ImportPlan, table: SourceTable): PlanSummary {
  const { recordCount, rejected, duplicates, warnings, warningCount, groups, droppedColumns } = plan;
  return { recordCount, totalRows: table.rows.rowCount, rejected, duplicates, warnings, warningCount, groups, droppedColumns };
}

/** Attribute columns holding data that no form keeps. */
function droppedColumns(table: SourceTable, mapping: readonly ColumnMapping[], options: MappingOptions): number[] {
  if (options.keepUnmappedAsAttributes) return [];
  return mapping
    .filter((entry) => ATTRIBUTE_FIELDS.includes(entry.field) && (table.columns[entry.column]?.filled ?? 0) > 0)
    .map((entry) => entry.column);
}

/** Returns a page of data rows as the mapping turns them into records, marking rows merged into earlier ones. */
export function mappedRows(
  table: SourceTable,
  plan: ImportPlan | undefined,
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  page: { offset: number; limit: number },
  normalize?: IdentifierNormalizer,
): MappedRow[] {
  const mapRow = createRowMapper(mapping, options, table.columns.map((column) => column.label), normalize);
  const rows: MappedRow[] = [];

  for (const source of table.rows.read(page.offset, page.limit)) {
    const line = source.line;
    const row = mapRow(source.cells, line);
    const mapped: MappedRow = { line, values: row.cells };
    if (row.record) mapped.record = row.record.user;
    if (row.rejection) mapped.rejection = row.rejection;
    const duplicateOf = plan?.duplicateOf.get(line);
    if (duplicateOf !== undefined) mapped.duplicateOf = duplicateOf;
    rows.push(mapped);
  }
  return rows;
}

/**
 * Returns the key under which a plan can be reused: only what changes the
 * records counts, so editing a label or a description does not map the
 * file again.
 */
export function planKey(mapping: readonly ColumnMapping[], options: MappingOptions): string {
  const columns = mapping.map((entry) => [entry.column, entry.field, entry.key, entry.labelColumn ?? -1]);
  return JSON.stringify([columns, options.defaultCountry ?? '', options.keepUnmappedAsAttributes, options.groupColumn ?? -1]);
}

/** Distinct identifiers of some records, to look up among existing users. */
export function lookupIdentifiers(records: readonly ImportRecord[]): ContactIdentifier[] {
  const byKey = new Map<string, ContactIdentifier>();
  for (const record of records) {
    for (const identifier of record.user.identifiers) {
      const key = identifierKey(identifier);
      if (!byKey.has(key)) byKey.set(key, { kind: identifier.kind, value: identifier.value });
    }
  }
  return [...byKey.values()];
}

/** An existing user found by one of the looked-up identifiers. */
export interface FoundUser {
  identifier: ContactIdentifier;
  userId: string;
  name: string;
}

/** Finds which records belong to existing users, from the users found by identifier. */
export function matchExisting(records: readonly ImportRecord[], found: readonly FoundUser[]): ExistingMatch[] {
  // A first import into an empty database finds nobody, so the records need no second pass.
  if (found.length === 0) return [];
  const byKey = new Map(found.map((match) => [identifierKey(match.identifier), match]));
  const existing: ExistingMatch[] = [];
  for (const record of records) {
    for (const identifier of record.user.identifiers) {
      const key = identifierKey(identifier);
      const match = byKey.get(key);
      if (!match) continue;
      existing.push({ line: record.line, userId: match.userId, name: match.name, key });
      break;
    }
  }
  return existing;
}

/**
 * Finds which records of a plan belong to existing users, as
 * {@link matchExisting} does over all of them, reading only the chunks of
 * records that own a found identifier.
 */
export function existingMatches(table: SourceTable, plan: ImportPlan, found: readonly FoundUser[]): ExistingMatch[] {
  if (found.length === 0) return [];
  const owners = new Set<number>();
  for (const match of found) {
    const owner = plan.owners.ownerOf(identifierKey(match.identifier));
    if (owner >= 0) owners.add(owner);
  }

  const existing: ExistingMatch[] = [];
  const sorted = [...owners].sort((a, b) => a - b);
  let next = 0;
  while (next < sorted.length) {
    const offset = sorted[next] as number;
    existing.push(...matchExisting(planRecords(table, plan, offset, PROGRESS_ROWS), found));
    while (next < sorted.length && (sorted[next] as number) < offset + PROGRESS_ROWS) next++;
  }
  return existing;
}

/** Completes an analysis from a plan summary and the records that matched existing users. */
export function analysisOf(summary: PlanSummary, existing: ExistingMatch[], table: Pick<SourceTable, 'blankLinesSkipped' | 'raggedRowCount' | 'raggedRows'>): ImportAnalysis {
  return {
    totalRows: summary.totalRows,
    importable: summary.recordCount,
    newUsers: summary.recordCount - existing.length,
    existingUsers: existing.length,
    existing,
    rejected: summary.rejected,
    duplicates: summary.duplicates,
    warnings: summary.warnings,
    warningCount: summary.warningCount,
    blankLinesSkipped: table.blankLinesSkipped,
    raggedRowCount: table.raggedRowCount,
    raggedRows: table.raggedRows,
    groups: summary.groups,
    droppedColumns: summary.droppedColumns,
  };
}
