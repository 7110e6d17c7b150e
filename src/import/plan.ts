import { identifierKey } from '../model/identifiers.js';
import type { ContactIdentifier } from '../model/types.js';
import type { ImportRecord } from '../data/provider.js';
import { mergeDuplicates } from './dedupe.js';
import { createRowMapper, type IdentifierNormalizer } from './normalize.js';
import type { SourceTable } from './table.js';
import {
  ATTRIBUTE_FIELDS,
  type ColumnMapping,
  type DuplicateRow,
  type ExistingMatch,
  type GroupPreview,
  type ImportAnalysis,
  type MappedRow,
  type MappingOptions,
  type RowRejection,
  type RowWarning,
} from './types.js';

/** Everything an import of a table with one mapping would send and report. */
export interface ImportPlan {
  /** Merged records, in the order of their first row. */
  records: ImportRecord[];
  rejected: RowRejection[];
  duplicates: DuplicateRow[];
  warnings: RowWarning[];
  groups: GroupPreview[];
  droppedColumns: number[];
  /** Line of the row each merged row went into, by line. */
  duplicateOf: Map<number, number>;
}

/** The summary of a plan that crosses to the page: everything but the records. */
export type PlanSummary = Omit<ImportPlan, 'records' | 'duplicateOf'> & { recordCount: number; totalRows: number };

/** Rows mapped between two progress reports. */
const PROGRESS_ROWS = 2000;

/** Maps, normalizes and deduplicates every row of a table, reporting rows mapped as it goes. */
export function planImport(
  table: SourceTable,
  mapping: readonly ColumnMapping[],
  options: MappingOptions,
  normalize?: IdentifierNormalizer,
  onProgress?: (rows: number, total: number) => void,
): ImportPlan {
  const mapRow = createRowMapper(mapping, options, table.columns.map((column) => column.label), normalize);
  const accepted: ImportRecord[] = [];
  const rejected: RowRejection[] = [];
  const warnings: RowWarning[] = [];

  table.rows.forEach((cells, index) => {
    const row = mapRow(cells, table.lines[index] ?? 0);
    if (row.record) accepted.push(row.record);
    if (row.rejection) rejected.push(row.rejection);
    warnings.push(...row.warnings);
    if ((index + 1) % PROGRESS_ROWS === 0) onProgress?.(index + 1, table.rows.length);
  });
  onProgress?.(table.rows.length, table.rows.length);

  const { records, duplicates } = mergeDuplicates(accepted);
  return {
    records,
    rejected,
    duplicates,
    warnings,
    groups: countGroups(records),
    droppedColumns: droppedColumns(table, mapping, options),
    duplicateOf: new Map(duplicates.map((duplicate) => [duplicate.line, duplicate.duplicateOf])),
  };
}

export function summarizePlan(plan: ImportPlan, table: SourceTable): PlanSummary {
  const { records, duplicateOf: _duplicateOf, ...summary } = plan;
  return { ...summary, recordCount: records.length, totalRows: table.rows.length };
}

function countGroups(records: readonly ImportRecord[]): GroupPreview[] {
  const sizes = new Map<string, number>();
  for (const record of records) {
    for (const name of record.extraGroups ?? []) sizes.set(name, (sizes.get(name) ?? 0) + 1);
  }
  return [...sizes].map(([name, size]) => ({ name, size }));
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
  const end = Math.min(table.rows.length, page.offset + page.limit);
  const rows: MappedRow[] = [];

  for (let index = Math.max(0, page.offset); index < end; index++) {
    const line = table.lines[index] ?? 0;
    const row = mapRow(table.rows[index] ?? [], line);
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

/** Distinct identifiers of the plan's records, to look up among existing users. */
export function lookupIdentifiers(plan: ImportPlan): ContactIdentifier[] {
  const byKey = new Map<string, ContactIdentifier>();
  for (const record of plan.records) {
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
export function matchExisting(plan: ImportPlan, found: readonly FoundUser[]): ExistingMatch[] {
  // A first import into an empty database finds nobody, so the records need no second pass.
  if (found.length === 0) return [];
  const byKey = new Map(found.map((match) => [identifierKey(match.identifier), match]));
  const existing: ExistingMatch[] = [];
  for (const record of plan.records) {
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
    blankLinesSkipped: table.blankLinesSkipped,
    raggedRowCount: table.raggedRowCount,
    raggedRows: table.raggedRows,
    groups: summary.groups,
    droppedColumns: summary.droppedColumns,
  };
}
