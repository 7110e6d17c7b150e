/**
 * Writes the generated contact files the bench page imports: CSV, and
 * .xlsx built by hand (an .xlsx is a zip of SpreadsheetML parts). Files are
 * written once per size under bench/.data and reused while the generator is
 * unchanged; they are never committed.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { CONTACT_HEADERS, contactRows, csvLine, type ContactRow } from '../shared/generate.js';

export const DATA_DIR = new URL('../.data/', import.meta.url).pathname;

/** A short hash of the generator's source, so a changed generator rewrites the files. */
function generatorVersion(): string {
  const source = readFileSync(new URL('../shared/generate.ts', import.meta.url));
  return createHash('sha256').update(source).digest('hex').slice(0, 8);
}

/** Writes (or reuses) a CSV of `rows` contacts with a header line; returns its file name. */
export async function writeContactsCsv(rows: number): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const name = `contacts-${rows}-${generatorVersion()}.csv`;
  const path = join(DATA_DIR, name);
  if (existsSync(path)) return name;

  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let buffer = `${CONTACT_HEADERS.join(',')}\r\n`;
  for (const row of contactRows(rows)) {
    buffer += `${csvLine(row)}\r\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(partial, path);
  return name;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Writes (or reuses) an .xlsx workbook with one sheet holding the same
 * contacts as the CSV. Cells use a shared-string table, as Excel writes
 * them, and the zip is deflated, as Excel's is.
 */
export function writeContactsXlsx(rows: number): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const name = `contacts-${rows}-${generatorVersion()}.xlsx`;
  const path = join(DATA_DIR, name);
  if (existsSync(path)) return name;

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (value: string): number => {
    let index = stringIndex.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      stringIndex.set(value, index);
    }
    return index;
  };

  const sheetRows: string[] = [];
  const addRow = (cells: readonly string[]): void => {
    const rowNumber = sheetRows.length + 1;
    const xml = cells
      .map((value, column) => (value === '' ? '' : `<c r="${columnName(column)}${rowNumber}" t="s"><v>${intern(value)}</v></c>`))
      .join('');
    sheetRows.push(`<row r="${rowNumber}">${xml}</row>`);
  };
  addRow(CONTACT_HEADERS);
  for (const row of contactRows(rows)) addRow(rowCells(row));

  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    sheetRows.join('') +
    '</sheetData></worksheet>';
  const sharedStrings =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((value) => `<si><t xml:space="preserve">${escapeXml(value)}</t></si>`).join('') +
    '</sst>';

  const zip = zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(ROOT_RELS),
      'xl/workbook.xml': strToU8(WORKBOOK),
      'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS),
      'xl/styles.xml': strToU8(STYLES),
      'xl/sharedStrings.xml': strToU8(sharedStrings),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    },
    { level: 6 },
  );
  writeFileSync(`${path}.partial`, zip);
  renameSync(`${path}.partial`, path);
  return name;
}

function rowCells(row: ContactRow): string[] {
  return [row.fullName, row.phone, row.email, row.instagram, row.city, row.customerSince];
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>';

const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
  '</Relationships>';

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
  '<borders count="1"><border/></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '</styleSheet>';
