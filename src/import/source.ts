import { decodeText, readSeparatorLine } from './decode.js';
import { SourceError } from './errors.js';
import { detectDelimiter, parseDelimited, type SourceRow } from './parse.js';
import { buildTable, type SourceTable } from './table.js';
import type { OpenProgress, ParsePreview, ParseSettings, QuoteProblem, SourceFormat } from './types.js';
import { defaultSheet, readWorkbook, type WorkbookSheet } from './xlsx.js';

/** A source as the worker receives it: the bytes of a file, or pasted text. */
export type SourceInput =
  | { kind: 'bytes'; bytes: ArrayBuffer; fileName?: string; mediaType?: string }
  | { kind: 'text'; text: string };

export interface LoadedSource {
  table: SourceTable;
  preview: ParsePreview;
  quoteProblems: QuoteProblem[];
}

const LISTED_QUOTE_PROBLEMS = 100;

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Tells a workbook from text by its first bytes: `.xlsx` is a zip archive
 * (`PK\x03\x04`). A legacy `.xls` (an OLE file, `D0 CF 11 E0`) is refused
 * with a hint, because read-excel-file reads only `.xlsx`.
 */
export function detectFormat(input: SourceInput): SourceFormat {
  if (input.kind === 'text') return 'text';
  const head = new Uint8Array(input.bytes, 0, Math.min(4, input.bytes.byteLength));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new SourceError(
      'unsupported-format',
      `${input.fileName ?? 'The file'} is an Excel 97-2003 workbook (.xls), which cannot be read. Save it as .xlsx or CSV and choose it again.`,
    );
  }
  if (input.mediaType === XLSX_MEDIA_TYPE || /\.xlsx$/i.test(input.fileName ?? '')) {
    throw new SourceError('invalid-workbook', `${input.fileName ?? 'The file'} is named as a workbook but is not a readable .xlsx file.`);
  }
  return 'csv';
}

/** Reads a source with the given settings into a table and its preview. */
export async function loadSource(
  input: SourceInput,
  settings: ParseSettings,
  onProgress?: (progress: OpenProgress) => void,
  workbookCache?: { sheets?: WorkbookSheet[] },
): Promise<LoadedSource> {
  const totalBytes = input.kind === 'text' ? input.text.length : input.bytes.byteLength;
  if (totalBytes === 0) throw new SourceError('empty-source', 'The file is empty. Choose a file with a header row and at least one row of data.');

  const format = detectFormat(input);
  const fileName = input.kind === 'bytes' ? input.fileName : undefined;

  if (format === 'xlsx' && input.kind === 'bytes') {
    workbookCache ??= {};
    workbookCache.sheets ??= await readWorkbook(input.bytes);
    return loadSheet(workbookCache.sheets, settings, totalBytes, fileName, onProgress);
  }

  // Text a host's source hands over can still begin with a byte order mark, which would hide a sep line or the first header.
  const decoded =
    input.kind === 'text'
      ? { text: input.text.replace(/^\uFEFF/, ''), encoding: undefined }
      : decodeText(new Uint8Array(input.bytes), settings.encoding);
  const separator = readSeparatorLine(decoded.text);
  const text = separator ? decoded.text.slice(separator.length) : decoded.text;
  const delimiter = settings.delimiter !== 'auto' ? settings.delimiter : (separator?.delimiter ?? detectDelimiter(text));
  const firstLine = separator ? 2 : 1;

  // Characters map to bytes in proportion, which is exact for one-byte encodings and close enough for progress otherwise.
  const scale = text.length > 0 ? totalBytes / text.length : 1;
  const rows: SourceRow[] = [];
  const quoteProblems = parseDelimited(text, {
    delimiter,
    firstLine,
    onRow: (row) => rows.push(row),
    onProgress: (characters, count) => onProgress?.({ bytes: Math.round(characters * scale), totalBytes, rows: count }),
  });

  const table = buildTable(rows, settings.headerLine, firstLine);
  requireData(table, fileName);
  const preview: ParsePreview = {
    ...previewOf(table, format, totalBytes, fileName),
    quoteProblems: quoteProblems.slice(0, LISTED_QUOTE_PROBLEMS),
    delimiter,
    settings: { ...settings, encoding: decoded.encoding ?? 'auto', delimiter, sheet: 'auto', headerLine: table.headerLine },
  };
  if (decoded.encoding) preview.encoding = decoded.encoding;
  return { table, preview, quoteProblems };
}

function loadSheet(
  sheets: WorkbookSheet[],
  settings: ParseSettings,
  totalBytes: number,
  fileName: string | undefined,
  onProgress?: (progress: OpenProgress) => void,
): LoadedSource {
  const sheet = settings.sheet === 'auto' ? defaultSheet(sheets) : sheets.find((candidate) => candidate.name === settings.sheet);
  if (!sheet) {
    const names = sheets.map((candidate) => candidate.name).join(', ');
    throw new SourceError('sheet-not-found', `The workbook has no sheet named "${settings.sheet}". Its sheets are: ${names}.`);
  }

  const table = buildTable(sheet.rows, settings.headerLine);
  requireData(table, fileName);
  onProgress?.({ bytes: totalBytes, totalBytes, rows: sheet.rows.length });
  return {
    table,
    quoteProblems: [],
    preview: {
      ...previewOf(table, 'xlsx', totalBytes, fileName),
      sheets: sheets.map((candidate) => candidate.name),
      sheet: sheet.name,
      settings: { ...settings, sheet: sheet.name, headerLine: table.headerLine },
    },
  };
}

function requireData(table: SourceTable, fileName: string | undefined): void {
  if (table.columns.length === 0 || (table.rows.length === 0 && table.headerLine === 0)) {
    throw new SourceError('no-data', `${fileName ?? 'The text'} contains no rows of data.`);
  }
}

function previewOf(
  table: SourceTable,
  format: SourceFormat,
  totalBytes: number,
  fileName: string | undefined,
): Omit<ParsePreview, 'settings'> {
  const preview: Omit<ParsePreview, 'settings'> = {
    quoteProblems: [],
    format,
    headerLine: table.headerLine,
    skippedPreambleLines: table.skippedPreambleLines,
    columns: table.columns,
    rowCount: table.rows.length,
    blankLinesSkipped: table.blankLinesSkipped,
    raggedRows: table.raggedRows,
    raggedRowCount: table.raggedRowCount,
    leadingRows: table.leadingRows,
    totalBytes,
  };
  if (fileName) preview.fileName = fileName;
  return preview;
}
