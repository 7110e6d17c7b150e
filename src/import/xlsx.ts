import { SourceError } from './errors.js';
import { isBlankRow } from './headers.js';
import type { SourceRow } from './parse.js';

export interface WorkbookSheet {
  name: string;
  rows: SourceRow[];
}

type CellValue = string | number | boolean | Date | null | undefined;

/**
 * Reads every sheet of an `.xlsx` workbook as rows of text. read-excel-file
 * is loaded on the first workbook only, so CSV users never download it. Its
 * `universal` build neither spawns workers nor touches the DOM, so it runs
 * inside the import worker and in Node.
 */
export async function readWorkbook(bytes: ArrayBuffer): Promise<WorkbookSheet[]> {
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: CellValue[][] }[];
  try {
    // Numbers arrive as the digits stored in the file, so a phone stored as
    // a number keeps every digit instead of passing through a float.
    sheets = (await readXlsxFile<string>(bytes, { trim: false, parseNumber: (digits) => digits })) as unknown as {
      sheet: string;
      data: CellValue[][];
    }[];
  } catch (error) {
    throw new SourceError('invalid-workbook', 'The file is not a readable .xlsx workbook. Save it again from Excel as .xlsx or CSV.', {
      cause: error,
    });
  }

  return sheets.map(({ sheet, data }) => ({
    name: sheet,
    rows: data.map((cells, index) => ({ line: index + 1, cells: cells.map(cellText) })),
  }));
}

/** Picks the first sheet with a header and at least one data row, so a cover sheet is passed over. */
export function defaultSheet(sheets: readonly WorkbookSheet[]): WorkbookSheet | undefined {
  return sheets.find((sheet) => sheet.rows.filter((row) => !isBlankRow(row.cells)).length >= 2) ?? sheets[0];
}

/** Turns a cell into the text a user sees in Excel, without its display format. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(value) ? expandExponent(value) : value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  return String(value);
}

/**
 * Writes a number stored as `4.47700900335E11` in plain digits, by moving
 * the decimal point in the text, so no digit passes through a float.
 */
export function expandExponent(stored: string): string {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(stored);
  if (!match) return stored;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);

  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;

  text = text.replace(/^0+(?=\d)/, '');
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return sign === '-' ? `-${text}` : text;
}

/** Writes a date cell as ISO `YYYY-MM-DD`, with the time only when it has one. */
function dateText(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.replace('T', ' ').replace(/(?:\.000)?Z$/, '');
}
