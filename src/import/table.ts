import { columnLabels, detectHeaderRow, isBlankRow } from './headers.js';
import type { SourceRow } from './parse.js';
import type { LeadingRow, RaggedRow, SourceColumn } from './types.js';

/** A data row as a table serves it: one cell per column. */
export interface TableRow {
  /** 1-based line where the row starts. */
  line: number;
  cells: string[];
}

/**
 * The data rows of a table, read on demand rather than held, so that a
 * source can keep its rows wherever they cost least (the bytes of a file,
 * the cells of a worksheet).
 */
export interface RowSource {
  readonly rowCount: number;
  /** Returns the data rows `from` to `from + count`, fewer at the end. */
  read(from: number, count: number): TableRow[];
  /** Returns the index of the data row that starts at a line, or -1. */
  indexOfLine(line: number): number;
}

/** The rows of a source below its header, with their columns; what the worker keeps. */
export interface SourceTable {
  columns: SourceColumn[];
  /** Header cells as written, one per column. */
  headers: string[];
  /** Data rows, blank rows left out; each has exactly one cell per column. */
  rows: RowSource;
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
export const LEADING_ROWS = 20;

/**
 * Counts the rows below a header one at a time: blank rows, ragged rows,
 * the widest row, and the samples and filled cells of each column. It
 * keeps nothing per row, so a source can feed it rows as it reads them.
 */
export class TableScan {
  readonly headers: string[];
  readonly headerLine: number;
  /** Cells of the widest row so far; rows are padded to it when read. */
  width: number;
  blankLinesSkipped = 0;
  raggedRowCount = 0;
  readonly raggedRows: RaggedRow[] = [];

  private readonly hasHeader: boolean;
  private readonly samples: string[][] = [];
  private readonly seen: Set<string>[] = [];
  private readonly filled: number[] = [];

  constructor(headerRow: SourceRow | undefined) {
    this.hasHeader = headerRow !== undefined;
    this.headers = headerRow ? detached(headerRow.cells) : [];
    this.headerLine = headerRow?.line ?? 0;
    this.width = this.headers.length;
  }

  /** Counts one row below the header; returns its cells, or undefined for a blank row, which is not data. */
  add(row: SourceRow): string[] | undefined {
    if (isBlankRow(row.cells)) {
      this.blankLinesSkipped++;
      return undefined;
    }

    const cells = trimEmptyTail(row.cells, this.headers.length);
    if (this.hasHeader && cells.length !== this.headers.length) {
      this.raggedRowCount++;
      if (this.raggedRows.length < LISTED_RAGGED_ROWS) {
        this.raggedRows.push({ line: row.line, cells: cells.length, expected: this.headers.length });
      }
    }
    this.width = Math.max(this.width, cells.length);
    this.sample(cells);
    return cells;
  }

  /** Completes the table once every row was added; `firstLine` is the line of the source's first row. */
  finish(rows: RowSource, leadingRows: readonly SourceRow[], firstLine: number): SourceTable {
    const width = this.width;
    while (this.headers.length < width) this.headers.push('');
    const labels = columnLabels(this.headers, width);
    const columns: SourceColumn[] = labels.map((label, index) => ({
      index,
      header: (this.headers[index] ?? '').trim(),
      label,
      samples: (this.samples[index] ?? []).slice(0, PREVIEW_SAMPLES),
      filled: this.filled[index] ?? 0,
    }));

    return {
      columns,
      headers: this.headers,
      rows,
      headerLine: this.headerLine,
      skippedPreambleLines: this.headerLine > 0 ? this.headerLine - firstLine : 0,
      blankLinesSkipped: this.blankLinesSkipped,
      raggedRows: this.raggedRows,
      raggedRowCount: this.raggedRowCount,
      leadingRows: leadingRows.slice(0, LEADING_ROWS).map((row) => ({ line: row.line, cells: detached(row.cells) })),
      detectionSamples: Array.from({ length: width }, (_, index) => this.samples[index] ?? []),
    };
  }

  /** Pads the cells of a data row to the width of the table, as {@link RowSource.read} must. */
  padded(cells: string[]): string[] {
    while (cells.length < this.width) cells.push('');
    return cells;
  }

  private sample(cells: readonly string[]): void {
    for (let column = 0; column < cells.length; column++) {
      const value = (cells[column] ?? '').trim();
      if (value === '') continue;
      this.filled[column] = (this.filled[column] ?? 0) + 1;
      const columnSamples = (this.samples[column] ??= []);
      const columnSeen = (this.seen[column] ??= new Set());
      if (columnSamples.length >= DETECTION_SAMPLES || columnSeen.has(value)) continue;
      const kept = detached(value);
      columnSeen.add(kept);
      columnSamples.push(kept);
    }
  }
}

/**
 * Returns a copy of a value whose strings share no memory with the text
 * they were parsed from. A cell is a slice of that text, and a slice that
 * is kept keeps the whole text alive: up to a megabyte for every kept cell
 * of a file read a chunk at a time.
 */
export function detached<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Splits source rows into header and data. `headerLine` is a 1-based line,
 * 0 for no header, or `auto` to detect it. Blank rows are dropped and
 * counted. Rows shorter or longer than the header are kept and reported,
 * and cells past the header become columns of their own so nothing is lost.
 * `firstLine` is the line of the first row, for the preamble count.
 */
export function buildTable(sourceRows: readonly SourceRow[], headerLine: number | 'auto', firstLine = 1): SourceTable {
  const headerIndex = findHeaderIndex(sourceRows, headerLine);
  const scan = new TableScan(headerIndex >= 0 ? sourceRows[headerIndex] : undefined);
  const rows: TableRow[] = [];

  for (let index = headerIndex + 1; index < sourceRows.length; index++) {
    const row = sourceRows[index];
    const cells = row && scan.add(row);
    if (row && cells) rows.push({ line: row.line, cells });
  }

  for (const row of rows) scan.padded(row.cells);
  return scan.finish(new ArrayRowSource(rows), sourceRows, firstLine);
}

/** Returns the index of the header among the rows, or -1 for none; `rows` must reach past a chosen line. */
export function findHeaderIndex(rows: readonly SourceRow[], headerLine: number | 'auto'): number {
  if (headerLine === 'auto') return detectHeaderRow(rows);
  if (headerLine <= 0) return -1;
  // A chosen line inside a multi-line cell means the row that contains it.
  let index = -1;
  for (let i = 0; i < rows.length && (rows[i]?.line ?? Infinity) <= headerLine; i++) index = i;
  return index;
}

/** Drops empty cells past the header width, such as a trailing delimiter, so they do not count as ragged. */
export function trimEmptyTail(cells: readonly string[], headerWidth: number): string[] {
  let end = cells.length;
  while (end > headerWidth && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

/** Rows held in an array: a worksheet's, which its reader returns whole anyway. */
export class ArrayRowSource implements RowSource {
  constructor(private readonly rows: readonly TableRow[]) {}

  get rowCount(): number {
    return this.rows.length;
  }

  read(from: number, count: number): TableRow[] {
    return this.rows.slice(Math.max(0, from), Math.max(0, from + count)).map((row) => ({ line: row.line, cells: [...row.cells] }));
  }

  indexOfLine(line: number): number {
    return searchLine(this.rows.length, (index) => this.rows[index]?.line ?? 0, line);
  }
}

/** Binary search over rows sorted by line. */
export function searchLine(count: number, lineAt: (index: number) => number, line: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = lineAt(middle);
    if (found === line) return middle;
    if (found < line) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
