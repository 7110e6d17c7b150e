import { columnLabels, detectHeaderRow, isBlankRow } from './headers.js';
import type { SourceRow } from './parse.js';
import type { LeadingRow, RaggedRow, SourceColumn } from './types.js';

/** The rows of a source below its header, with their columns; what the worker keeps in memory. */
export interface SourceTable {
  columns: SourceColumn[];
  /** Header cells as written, one per column. */
  headers: string[];
  /** Data rows, blank rows left out; each has exactly one cell per column. */
  rows: string[][];
  /** 1-based line of each data row. */
  lines: number[];
  headerLine: number;
  skippedPreambleLines: number;
  blankLinesSkipped: number;
  raggedRows: RaggedRow[];
  raggedRowCount: number;
  leadingRows: LeadingRow[];
  /** Up to {@link DETECTION_SAMPLES} non-empty values per column, for mapping suggestions. */
  detectionSamples: string[][];
}

/** Non-empty values per column that mapping suggestions look at. */
export const DETECTION_SAMPLES = 50;
const PREVIEW_SAMPLES = 5;
const LISTED_RAGGED_ROWS = 100;
const LEADING_ROWS = 20;

/**
 * Splits source rows into header and data. `headerLine` is a 1-based line,
 * 0 for no header, or `auto` to detect it. Blank rows are dropped and
 * counted. Rows shorter or longer than the header are kept and reported,
 * and cells past the header become columns of their own so nothing is lost.
 * `firstLine` is the line of the first row, for the preamble count.
 */
export function buildTable(sourceRows: readonly SourceRow[], headerLine: number | 'auto', firstLine = 1): SourceTable {
  const headerIndex = findHeaderIndex(sourceRows, headerLine);
  const headerRow = headerIndex >= 0 ? sourceRows[headerIndex] : undefined;
  const headers = headerRow ? [...headerRow.cells] : [];
  const resolvedHeaderLine = headerRow?.line ?? 0;

  const rows: string[][] = [];
  const lines: number[] = [];
  const raggedRows: RaggedRow[] = [];
  let raggedRowCount = 0;
  let blankLinesSkipped = 0;
  let width = headers.length;

  for (let index = headerIndex + 1; index < sourceRows.length; index++) {
    const row = sourceRows[index];
    if (!row) continue;
    if (isBlankRow(row.cells)) {
      blankLinesSkipped++;
      continue;
    }

    const cells = trimEmptyTail(row.cells, headers.length);
    if (headerRow && cells.length !== headers.length) {
      raggedRowCount++;
      if (raggedRows.length < LISTED_RAGGED_ROWS) {
        raggedRows.push({ line: row.line, cells: cells.length, expected: headers.length });
      }
    }
    width = Math.max(width, cells.length);
    rows.push(cells);
    lines.push(row.line);
  }

  for (const cells of rows) while (cells.length < width) cells.push('');
  while (headers.length < width) headers.push('');

  const labels = columnLabels(headers, width);
  const { samples, filled } = collectSamples(rows, width);
  const columns: SourceColumn[] = labels.map((label, index) => ({
    index,
    header: (headers[index] ?? '').trim(),
    label,
    samples: (samples[index] ?? []).slice(0, PREVIEW_SAMPLES),
    filled: filled[index] ?? 0,
  }));

  return {
    columns,
    headers,
    rows,
    lines,
    headerLine: resolvedHeaderLine,
    skippedPreambleLines: resolvedHeaderLine > 0 ? resolvedHeaderLine - firstLine : 0,
    blankLinesSkipped,
    raggedRows,
    raggedRowCount,
    leadingRows: sourceRows.slice(0, LEADING_ROWS).map((row) => ({ line: row.line, cells: row.cells })),
    detectionSamples: samples,
  };
}

function findHeaderIndex(rows: readonly SourceRow[], headerLine: number | 'auto'): number {
  if (headerLine === 'auto') return detectHeaderRow(rows);
  if (headerLine <= 0) return -1;
  // A chosen line inside a multi-line cell means the row that contains it.
  let index = -1;
  for (let i = 0; i < rows.length && (rows[i]?.line ?? Infinity) <= headerLine; i++) index = i;
  return index;
}

/** Drops empty cells past the header width, such as a trailing delimiter, so they do not count as ragged. */
function trimEmptyTail(cells: readonly string[], headerWidth: number): string[] {
  let end = cells.length;
  while (end > headerWidth && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

function collectSamples(rows: readonly string[][], width: number): { samples: string[][]; filled: number[] } {
  const samples: string[][] = Array.from({ length: width }, () => []);
  const seen: Set<string>[] = Array.from({ length: width }, () => new Set());
  const filled: number[] = new Array<number>(width).fill(0);

  for (const cells of rows) {
    for (let column = 0; column < width; column++) {
      const value = (cells[column] ?? '').trim();
      if (value === '') continue;
      filled[column] = (filled[column] ?? 0) + 1;
      const columnSamples = samples[column];
      const columnSeen = seen[column];
      if (!columnSamples || !columnSeen || columnSamples.length >= DETECTION_SAMPLES || columnSeen.has(value)) continue;
      columnSeen.add(value);
      columnSamples.push(value);
    }
  }
  return { samples, filled };
}
