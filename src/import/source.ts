import { readCsvTable } from './csv-rows.js';
import { decodeText, detectEncoding, readSeparatorLine } from './decode.js';
import { SourceError } from './errors.js';
import { detectDelimiter } from './parse.js';
import { buildTable, type SourceTable } from './table.js';
import type { OpenProgress, ParsePreview, ParseSettings, SourceFormat, TextEncodingName } from './types.js';
import { defaultSheet, readWorkbook, type WorkbookSheet } from './xlsx.js';

/** A source as the worker receives it: the bytes of a file, or pasted text. */
export type SourceInput =
  | { kind: 'bytes'; bytes: ArrayBuffer; fileName?: string; mediaType?: string }
  | { kind: 'text'; text: string };

export interface LoadedSource {
  table: SourceTable;
  preview: ParsePreview;
}

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

  const text = textBytes(input, settings);
  const head = text.decoder.decode(text.bytes.subarray(text.from, text.from + DETECTION_BYTES));
  const separator = readSeparatorLine(head);
  const from = text.from + (separator?.length ?? 0);
  const delimiter =
    settings.delimiter !== 'auto' ? settings.delimiter : (separator?.delimiter ?? detectDelimiter(separator ? head.slice(separator.length) : head));
  const firstLine = separator ? 2 : 1;

  // Bytes of UTF-16 text and pasted text are re-encoded and count
  // differently; the scale keeps the progress within the source's size.
  const scale = totalBytes / Math.max(1, text.bytes.length);
  const { table, quoteProblems } = readCsvTable({
    bytes: text.bytes,
    from,
    decoder: text.decoder,
    delimiter,
    firstLine,
    headerLine: settings.headerLine,
    onProgress: (bytes, rows) => onProgress?.({ bytes: Math.round(bytes * scale), totalBytes, rows }),
  });
  requireData(table, fileName);
  onProgress?.({ bytes: totalBytes, totalBytes, rows: table.rows.rowCount });

  const preview: ParsePreview = {
    ...previewOf(table, format, totalBytes, fileName),
    quoteProblems,
    delimiter,
    settings: { ...settings, encoding: text.encoding ?? 'auto', delimiter, sheet: 'auto', headerLine: table.headerLine },
  };
  if (text.encoding) preview.encoding = text.encoding;
  return { table, preview };
}

/** Characters a delimiter and a `sep=` line are detected from: far more than the rows either looks at. */
const DETECTION_BYTES = 1 << 20;

interface TextBytes {
  /** Text in an encoding where quotes, line breaks and delimiters are single bytes: UTF-8 or Windows-1252. */
  bytes: Uint8Array;
  /** Offset of the text's first byte, after a byte order mark. */
  from: number;
  decoder: TextDecoder;
  encoding?: TextEncodingName;
}

/**
 * Returns the bytes of a text source that rows can be found in without
 * decoding them: a UTF-8 or Windows-1252 file as it is, and UTF-16 or
 * pasted text encoded as UTF-8 (the worker keeps their text anyway).
 */
function textBytes(input: SourceInput, settings: ParseSettings): TextBytes {
  const utf8 = new TextDecoder('utf-8');
  // Text a host's source hands over can still begin with a byte order mark, which would hide a sep line or the first header.
  if (input.kind === 'text') return { bytes: new TextEncoder().encode(input.text.replace(/^\uFEFF/, '')), from: 0, decoder: utf8 };

  const bytes = new Uint8Array(input.bytes);
  const encoding = settings.encoding === 'auto' ? detectEncoding(bytes) : settings.encoding;
  if (encoding === 'windows-1252') return { bytes, from: 0, decoder: new TextDecoder('windows-1252'), encoding };
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
    // The decoder drops a byte order mark only at the start of what it decodes, and rows are decoded one range at a time.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { bytes, from: bom ? 3 : 0, decoder: utf8, encoding };
  }
  return { bytes: new TextEncoder().encode(decodeText(bytes, encoding).text), from: 0, decoder: utf8, encoding };
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
    preview: {
      ...previewOf(table, 'xlsx', totalBytes, fileName),
      sheets: sheets.map((candidate) => candidate.name),
      sheet: sheet.name,
      settings: { ...settings, sheet: sheet.name, headerLine: table.headerLine },
    },
  };
}

function requireData(table: SourceTable, fileName: string | undefined): void {
  if (table.columns.length === 0 || (table.rows.rowCount === 0 && table.headerLine === 0)) {
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
    rowCount: table.rows.rowCount,
    blankLinesSkipped: table.blankLinesSkipped,
    raggedRows: table.raggedRows,
    raggedRowCount: table.raggedRowCount,
    leadingRows: table.leadingRows,
    totalBytes,
  };
  if (fileName) preview.fileName = fileName;
  return preview;
}
