import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS, isBlankRow } from './headers.js';
import { PAPA_SETTINGS, unifyLineBreaks, type SourceRow } from './parse.js';
import { findHeaderIndex, LEADING_ROWS, searchLine, TableScan, trimEmptyTail, type RowSource, type SourceTable, type TableRow } from './table.js';
import type { Delimiter, QuoteProblem } from './types.js';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Bytes decoded and parsed at a time while a file is read. */
const CHUNK_BYTES = 1 << 20;

/** Quote problems kept for the preview. */
const LISTED_QUOTE_PROBLEMS = 100;

/**
 * Calls `onRow` with the byte range and line of every row of delimited
 * text, reading the bytes as papaparse reads text. A quote opens a quoted
 * cell only at the start of a cell, and `""` inside one is a quote. A quote
 * closes the cell only when spaces and then a delimiter, a line break or
 * the end follow. The bytes must be UTF-8 or Windows-1252, where quotes,
 * line breaks and delimiters are single bytes that no other character
 * contains. A line break at the very end does not start another row.
 *
 * NOTE: papaparse reads the spaces after a closing quote slightly
 * differently when line breaks are mixed, so a malformed quote followed by
 * spaces and another kind of break can still split rows otherwise than
 * reading the whole text would.
 */
export function scanRows(
  bytes: Uint8Array,
  from: number,
  delimiter: number,
  firstLine: number,
  onRow: (start: number, end: number, line: number) => void,
): void {
  const length = bytes.length;
  let inQuotes = false;
  let cellStart = true;
  let rowStart = from;
  let rowLine = firstLine;
  let line = firstLine;

  for (let i = from; i < length; i++) {
    const code = bytes[i];
    if (code === CR || code === LF) {
      const breakLength = code === CR && bytes[i + 1] === LF ? 2 : 1;
      line++;
      if (!inQuotes) {
        onRow(rowStart, i, rowLine);
        rowStart = i + breakLength;
        rowLine = line;
        cellStart = true;
      }
      i += breakLength - 1;
      continue;
    }

    if (inQuotes) {
      if (code !== QUOTE) continue;
      if (bytes[i + 1] === QUOTE) {
        i++;
        continue;
      }
      let next = i + 1;
      while (next < length && bytes[next] !== delimiter && isSpace(bytes[next])) next++;
      const after = bytes[next];
      if (next >= length || after === CR || after === LF || after === delimiter) inQuotes = false;
      continue;
    }

    if (code === QUOTE && cellStart) {
      inQuotes = true;
      cellStart = false;
    } else {
      cellStart = code === delimiter;
    }
  }
  if (rowStart < length) onRow(rowStart, length, rowLine);
}

/** Spaces papaparse allows between a closing quote and what follows it; a tab is one unless it is the delimiter. */
function isSpace(code: number | undefined): boolean {
  return code === SPACE || code === TAB || code === 0x0b || code === 0x0c;
}

/** Returns where the line break that ends a row at `end` ends, so that a row is parsed with its break as in the whole text. */
function afterBreak(bytes: Uint8Array, end: number): number {
  if (end >= bytes.length) return end;
  return bytes[end] === CR && bytes[end + 1] === LF ? end + 2 : end + 1;
}

interface ParsedText {
  rows: string[][];
  problems: { row: number; code: QuoteProblem['code'] }[];
}

/**
 * Parses text that contains `expected` whole rows, every cell as text;
 * undefined when papaparse splits it otherwise. `withBreak` means the text
 * ends with the line break of its last row, after which papaparse reads
 * one more, empty row.
 */
function parseRows(text: string, delimiter: Delimiter, expected: number, withBreak: boolean): ParsedText | undefined {
  if (text === '') return expected === 1 ? { rows: [['']], problems: [] } : undefined;
  const { rows, errors } = parseAll(text, delimiter);
  const last = rows[rows.length - 1];
  if (withBreak && last?.length === 1 && last[0] === '') rows.pop();
  if (rows.length !== expected) return undefined;
  const problems = errors.map((error) => ({
    row: error.row ?? 0,
    code: error.code === 'MissingQuotes' ? ('unterminated-quote' as const) : ('malformed-quote' as const),
  }));
  return { rows, problems };
}

/** Grows a typed array of row positions by doubling; the positions live outside the JS heap. */
class Positions {
  values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  at(index: number): number {
    return this.values[index] ?? 0;
  }

  /** Drops the unused capacity once no more rows come. */
  trim(): void {
    this.values = this.values.slice(0, this.length);
  }
}

/**
 * The data rows of a delimited file, kept as the file's bytes and a typed
 * array of where each row starts and ends, and on which line. Rows are
 * decoded and parsed again on every read, so the rows never sit in the
 * JS heap, whatever the size of the file.
 */
export class CsvRowSource implements RowSource {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly decoder: TextDecoder,
    private readonly delimiter: Delimiter,
    private readonly starts: Positions,
    private readonly ends: Positions,
    private readonly lines: Positions,
    private readonly headerWidth: number,
    private readonly width: number,
  ) {}

  get rowCount(): number {
    return this.starts.length;
  }

  read(from: number, count: number): TableRow[] {
    const first = Math.max(0, from);
    const last = Math.min(this.rowCount, from + count) - 1;
    if (last < first) return [];

    // Blank rows between data rows, and the empty row after the last
    // break, are parsed along and dropped again.
    const text = this.decoder.decode(this.bytes.subarray(this.starts.at(first), afterBreak(this.bytes, this.ends.at(last))));
    const expected = last - first + 1;
    const cells = parseAll(text, this.delimiter).rows.filter((row) => !isBlankRow(row));
    const rows: TableRow[] = [];
    for (let index = first; index <= last; index++) {
      const row = cells.length === expected ? cells[index - first] : this.readOne(index);
      rows.push({ line: this.lines.at(index), cells: this.padded(row ?? []) });
    }
    return rows;
  }

  indexOfLine(line: number): number {
    return searchLine(this.rowCount, (index) => this.lines.at(index), line);
  }

  private readOne(index: number): string[] {
    const end = this.ends.at(index);
    const next = afterBreak(this.bytes, end);
    const text = this.decoder.decode(this.bytes.subarray(this.starts.at(index), next));
    return parseRows(text, this.delimiter, 1, next > end)?.rows[0] ?? [text];
  }

  private padded(cells: string[]): string[] {
    const trimmed = trimEmptyTail(cells, this.headerWidth);
    while (trimmed.length < this.width) trimmed.push('');
    return trimmed;
  }
}

/** Parses text into however many rows papaparse finds in it, with its quote errors. */
function parseAll(text: string, delimiter: Delimiter): { rows: string[][]; errors: Papa.ParseError[] } {
  if (text === '') return { rows: [['']], errors: [] };
  const { text: unified, newline } = unifyLineBreaks(text, delimiter);
  const result = Papa.parse<string[]>(unified, { ...PAPA_SETTINGS, delimiter, newline });
  return { rows: result.data, errors: result.errors };
}

export interface CsvTable {
  table: SourceTable;
  quoteProblems: QuoteProblem[];
}

/**
 * Reads delimited bytes into a table a chunk at a time: rows are found in
 * the bytes, decoded and parsed per chunk, counted into the table and
 * then dropped, and only their positions are kept. `headerLine` works as
 * for {@link buildTable}.
 */
export function readCsvTable(args: {
  bytes: Uint8Array;
  /** Where the text starts: after a byte order mark and a `sep=` line. */
  from: number;
  decoder: TextDecoder;
  delimiter: Delimiter;
  firstLine: number;
  headerLine: number | 'auto';
  onProgress?: (bytes: number, rows: number) => void;
}): CsvTable {
  const { bytes, decoder, delimiter, headerLine } = args;
  const quoteProblems: QuoteProblem[] = [];
  const leadingRows: SourceRow[] = [];
  const starts = new Positions();
  const ends = new Positions();
  const lines = new Positions();

  // Rows wait here until the header is known: for a detected header, the
  // rows it looks at, and for a chosen line, the rows up to that line.
  let waiting: { row: SourceRow; start: number; end: number }[] | undefined = [];
  let scan: TableScan | undefined;
  let rowCount = 0;

  const addData = (row: SourceRow, start: number, end: number, table: TableScan) => {
    if (!table.add(row)) return;
    starts.push(start);
    ends.push(end);
    lines.push(row.line);
  };
  const settleHeader = () => {
    const pending = waiting ?? [];
    const headerIndex = findHeaderIndex(
      pending.map((entry) => entry.row),
      headerLine,
    );
    scan = new TableScan(pending[headerIndex]?.row);
    for (const entry of pending.slice(headerIndex + 1)) addData(entry.row, entry.start, entry.end, scan);
    waiting = undefined;
  };
  const headerKnown = (row: SourceRow) => {
    if (!waiting) return true;
    if (headerLine === 'auto') return waiting.length >= HEADER_SEARCH_ROWS;
    return headerLine <= 0 || row.line > headerLine;
  };

  // One chunk of rows: their byte ranges and lines, parsed together.
  let chunk: { start: number; end: number; line: number }[] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    const end = chunk[chunk.length - 1]?.end ?? 0;
    const next = afterBreak(bytes, end);
    const text = decoder.decode(bytes.subarray(chunk[0]?.start ?? 0, next));
    const parsed = parseRows(text, delimiter, chunk.length, next > end) ?? parseEach(chunk, bytes, decoder, delimiter);
    for (const problem of parsed.problems) {
      if (quoteProblems.length < LISTED_QUOTE_PROBLEMS) quoteProblems.push({ line: chunk[problem.row]?.line ?? 0, code: problem.code });
    }

    chunk.forEach((range, index) => {
      const row: SourceRow = { line: range.line, cells: parsed.rows[index] ?? [] };
      if (leadingRows.length < LEADING_ROWS) leadingRows.push(row);
      if (scan) addData(row, range.start, range.end, scan);
      else {
        if (headerKnown(row)) settleHeader();
        if (scan) addData(row, range.start, range.end, scan);
        else waiting?.push({ row, ...range });
      }
    });
    rowCount += chunk.length;
    args.onProgress?.(chunk[chunk.length - 1]?.end ?? 0, rowCount);
    chunk = [];
  };

  let chunkStart = args.from;
  scanRows(bytes, args.from, delimiter.charCodeAt(0), args.firstLine, (start, end, line) => {
    chunk.push({ start, end, line });
    if (end - chunkStart >= CHUNK_BYTES) {
      flush();
      chunkStart = end;
    }
  });
  flush();
  if (!scan) settleHeader();

  const table = scan as unknown as TableScan;
  starts.trim();
  ends.trim();
  lines.trim();
  const rows = new CsvRowSource(bytes, decoder, delimiter, starts, ends, lines, table.headers.length, table.width);
  return { table: table.finish(rows, leadingRows, args.firstLine), quoteProblems };
}

/** Parses each row of a chunk alone, for text that papaparse splits otherwise than the byte scan. */
function parseEach(chunk: readonly { start: number; end: number }[], bytes: Uint8Array, decoder: TextDecoder, delimiter: Delimiter): ParsedText {
  const rows: string[][] = [];
  const problems: ParsedText['problems'] = [];
  chunk.forEach((range, index) => {
    const next = afterBreak(bytes, range.end);
    const text = decoder.decode(bytes.subarray(range.start, next));
    const parsed = parseRows(text, delimiter, 1, next > range.end);
    rows.push(parsed?.rows[0] ?? [text]);
    for (const problem of parsed?.problems ?? []) problems.push({ row: index, code: problem.code });
  });
  return { rows, problems };
}
