import Papa from 'papaparse';
import type { Delimiter, QuoteProblem } from './types.js';

/** A row as read from the source, before the header is known. */
export interface SourceRow {
  /** 1-based line (file line, or worksheet row) where the row starts. */
  line: number;
  cells: string[];
}


export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Walks the text the way papaparse reads it and calls `onBreak` at every
 * line break outside quoted cells. A quote opens a quoted cell only at the
 * start of a cell. Inside one, `""` is a quote, and a quote closes the cell
 * only when spaces and then a delimiter, a line break or the end follow it.
 * `isDelimiter` decides which characters separate cells. Returns early when
 * `onBreak` returns false.
 */
function walkUnquotedBreaks(
  text: string,
  isDelimiter: (code: number) => boolean,
  onBreak: (index: number, length: 1 | 2) => boolean | void,
): void {
  let inQuotes = false;
  let cellStart = true;

  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);

    if (inQuotes) {
      if (code !== QUOTE) continue;
      if (text.charCodeAt(i + 1) === QUOTE) {
        i++;
        continue;
      }
      let next = i + 1;
      while (text.charCodeAt(next) === SPACE || text.charCodeAt(next) === TAB) next++;
      const after = text.charCodeAt(next);
      if (next >= text.length || after === CR || after === LF || isDelimiter(after)) inQuotes = false;
      continue;
    }

    if (code === QUOTE && cellStart) {
      inQuotes = true;
      cellStart = false;
    } else if (code === CR || code === LF) {
      const length = code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      if (onBreak(i, length) === false) return;
      i += length - 1;
      cellStart = true;
    } else {
      cellStart = isDelimiter(code);
    }
  }
}

/**
 * Detects the delimiter from the first rows, header included: for each
 * candidate, the count per row outside quotes, and the candidate whose most
 * frequent non-zero count appears in the most rows wins. Blank rows and
 * rows made only of delimiters are left out; ties go to the larger count,
 * then to the order comma, semicolon, tab, pipe. A text with no candidate
 * at all is one column, read with a comma.
 */
export function detectDelimiter(text: string, maxRows = 20): Delimiter {
  const candidates = DELIMITERS.map((delimiter) => delimiter.charCodeAt(0));
  const isCandidate = (code: number) => candidates.includes(code);
  const rows: number[][] = [];
  let rowStart = 0;

  const countRow = (end: number) => {
    const row = text.slice(rowStart, end);
    if (row.replace(/[,;\t| ]/g, '') === '') return;
    const counts = candidates.map(() => 0);
    countOutsideQuotes(row, candidates, counts);
    rows.push(counts);
  };

  walkUnquotedBreaks(text, isCandidate, (index, length) => {
    countRow(index);
    rowStart = index + length;
    return rows.length < maxRows;
  });
  if (rows.length < maxRows) countRow(text.length);

  let best: { delimiter: Delimiter; rows: number; count: number } | undefined;
  DELIMITERS.forEach((delimiter, position) => {
    const { count, rows: consistent } = modalCount(rows.map((counts) => counts[position] ?? 0));
    if (count === 0) return;
    if (!best || consistent > best.rows || (consistent === best.rows && count > best.count)) {
      best = { delimiter, rows: consistent, count };
    }
  });
  return best?.delimiter ?? ',';
}

/** Counts each candidate character outside quoted cells of one row. */
function countOutsideQuotes(row: string, candidates: number[], counts: number[]): void {
  let inQuotes = false;
  let cellStart = true;
  for (let i = 0; i < row.length; i++) {
    const code = row.charCodeAt(i);
    if (inQuotes) {
      if (code !== QUOTE) continue;
      if (row.charCodeAt(i + 1) === QUOTE) {
        i++;
        continue;
      }
      let next = i + 1;
      while (row.charCodeAt(next) === SPACE) next++;
      if (next >= row.length || candidates.includes(row.charCodeAt(next))) inQuotes = false;
      continue;
    }
    const position = candidates.indexOf(code);
    if (position >= 0) {
      counts[position] = (counts[position] ?? 0) + 1;
      cellStart = true;
    } else if (code === QUOTE && cellStart) {
      inQuotes = true;
      cellStart = false;
    } else {
      cellStart = false;
    }
  }
}

/** Returns the most frequent non-zero value and how many entries have it. */
function modalCount(values: number[]): { count: number; rows: number } {
  const frequency = new Map<number, number>();
  for (const value of values) {
    if (value > 0) frequency.set(value, (frequency.get(value) ?? 0) + 1);
  }
  let count = 0;
  let rows = 0;
  for (const [value, times] of frequency) {
    if (times > rows || (times === rows && value > count)) {
      count = value;
      rows = times;
    }
  }
  return { count, rows };
}

/**
 * Makes every line break outside quoted cells the same, because papaparse
 * splits rows on one line break sequence and a file that mixes them (LF,
 * then CRLF) would otherwise leave `\r` at the end of values. Breaks inside
 * quoted cells are data and stay as written. A text with one kind of break
 * throughout is returned as it is, found by a regular expression search
 * rather than a walk over every character.
 */
export function unifyLineBreaks(text: string, delimiter: Delimiter): { text: string; newline: '\n' | '\r\n' | '\r' } {
  const hasCr = text.includes('\r');
  const hasLf = text.includes('\n');
  if (!hasCr) return { text, newline: '\n' };
  if (!hasLf) return { text, newline: '\r' };
  if (!LONE_CR.test(text) && !LONE_LF.test(text)) return { text, newline: '\r\n' };

  const delimiterCode = delimiter.charCodeAt(0);
  const breaks: { index: number; length: 1 | 2 }[] = [];
  const kinds = new Set<string>();
  walkUnquotedBreaks(text, (code) => code === delimiterCode, (index, length) => {
    breaks.push({ index, length });
    kinds.add(length === 2 ? '\r\n' : text[index] ?? '\n');
  });

  // Mixed breaks inside quoted cells only, and one kind outside them.
  if (kinds.size <= 1) {
    const newline = ([...kinds][0] ?? '\n') as '\n' | '\r\n' | '\r';
    return { text, newline };
  }

  const parts: string[] = [];
  let from = 0;
  for (const lineBreak of breaks) {
    parts.push(text.slice(from, lineBreak.index), '\n');
    from = lineBreak.index + lineBreak.length;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), newline: '\n' };
}

const LONE_CR = /\r(?!\n)/;
const LONE_LF = /(?<!\r)\n/;

/** Counts line breaks (CRLF, CR or LF, each counted once) in a string. */
export function countLineBreaks(text: string): number {
  if (!text.includes('\n') && !text.includes('\r')) return 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) count++;
    else if (code === CR) {
      count++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

export interface DelimitedParseOptions {
  delimiter: Delimiter;
  /** Line number of the text's first line, when lines were cut off before it (Excel's `sep=` line). */
  firstLine?: number;
  onRow(row: SourceRow): void;
  /** Called after each chunk with the number of characters and rows read. */
  onProgress?(characters: number, rows: number): void;
}

/** Papaparse settings for delimited text: every cell as text, no row left out. */
export const PAPA_SETTINGS = { quoteChar: '"', escapeChar: '"', header: false, dynamicTyping: false, skipEmptyLines: false } as const;

/** Characters papaparse reads per chunk; progress is reported once per chunk. */
const CHUNK_CHARACTERS = 1 << 20;

/**
 * Parses delimited text with papaparse in chunks, every cell as text. Line
 * numbers count line breaks inside quoted cells too, so they match what a
 * text editor shows: each row ends one line after the breaks its cells hold.
 * A line break at the very end of the text does not start another row.
 */
export function parseDelimited(input: string, options: DelimitedParseOptions): QuoteProblem[] {
  const { text, newline } = unifyLineBreaks(input, options.delimiter);
  const problems: QuoteProblem[] = [];
  let line = options.firstLine ?? 1;
  let rows = 0;

  // The last row is held back until the next one arrives, because papaparse
  // reports an empty row after a final line break.
  let held: SourceRow | undefined;

  // For a string, papaparse honours `chunkSize` and `chunk` synchronously,
  // though its types list them only for files and streams.
  const config: Papa.ParseConfig<string[]> & { chunkSize: number; chunk(result: Papa.ParseResult<string[]>): void } = {
    ...PAPA_SETTINGS,
    delimiter: options.delimiter,
    newline,
    chunkSize: CHUNK_CHARACTERS,
    chunk(result: Papa.ParseResult<string[]>) {
      const firstLines: number[] = [];
      for (const cells of result.data) {
        if (held) options.onRow(held);
        firstLines.push(line);
        held = { line, cells };
        line += 1 + cells.reduce((breaks: number, cell: string) => breaks + countLineBreaks(cell), 0);
      }
      for (const error of result.errors) {
        const errorLine = firstLines[error.row ?? 0] ?? line;
        problems.push({ line: errorLine, code: error.code === 'MissingQuotes' ? 'unterminated-quote' : 'malformed-quote' });
      }
      rows += result.data.length;
      options.onProgress?.(result.meta.cursor, rows);
    },
  };
  Papa.parse<string[]>(text, config);

  const endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
  if (held && !(endsWithBreak && held.cells.length === 1 && held.cells[0] === '')) options.onRow(held);
  options.onProgress?.(text.length, rows);
  return problems;
}
