/**
 * Checks the import pipeline against public files from other projects:
 * every csv-spectrum file must parse to the records of its JSON, and every
 * other file must parse and map without an unexplained failure. The files
 * are read in place and never copied into this repository.
 *
 *   npm run check:public                 # the nearest shared/fixtures/public above the repository
 *   npm run check:public -- /other/dir   # or a directory of your own
 *
 * Runs in Node through tsx with the same DOM-free modules the import worker
 * hosts, and exits with status 1 when any check fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { suggestMapping } from '../src/import/mapping.js';
import { planImport } from '../src/import/plan.js';
import { loadSource, type LoadedSource } from '../src/import/source.js';
import { DEFAULT_PARSE_SETTINGS, type MappingOptions } from '../src/import/types.js';

const root = process.argv[2] ? path.resolve(process.argv[2]) : findPublicFixtures(path.join(import.meta.dirname, '..'));
const options: MappingOptions = { defaultCountry: 'GB', keepUnmappedAsAttributes: true };

type Records = Record<string, string>[];

/**
 * A known, accepted difference and the check that the file still differs
 * only in that way, so that an explanation cannot hide a new failure.
 */
interface Explanation {
  reason: string;
  /** For csv-spectrum files: turns the upstream JSON into the records this importer must produce. */
  expected?: (upstream: Records) => Records;
  /** For other files: the one rejection code every row must have. */
  rejectedFor?: string;
}

/** Known, accepted differences, by file name. Each explains why the result is right for this importer. */
const EXPLAINED: Record<string, Explanation> = {
  'null.csv': {
    reason: 'Bare NULL stays the text "NULL": cells are stored as written and nothing is coerced, unlike this unmerged proposal.',
    expected: (upstream) => upstream.map((record, index) => (index === 2 ? { ...record, b: 'NULL' } : record)),
  },
  newlines_as_ctrl_chars: {
    reason: 'Fields separated by \\x01 and records by \\x02: not a delimiter a contact export uses, so the file reads as one column.',
  },
  'location_coordinates.csv': {
    reason: 'The upstream JSON gives the phone as 1234567890 while the CSV holds 2095257564; every other field matches.',
    expected: (upstream) => upstream.map((record) => ({ ...record, 'Contact Phone Number': '2095257564' })),
  },
  'keila-contacts__pentacent_keila__test_keila_contacts_import_external_ids.csv': {
    reason: 'E-mail and external id columns only, no name: the rows are rejected for the missing name, as they should be.',
    rejectedFor: 'name-required',
  },
  'keila-contacts__pentacent_keila__test_keila_contacts_import_external_ids_duplicate.csv': {
    reason: 'E-mail and external id columns only, no name: the rows are rejected for the missing name, as they should be.',
    rejectedFor: 'name-required',
  },
  'keila-malformed__pentacent_keila__test_keila_contacts_import_malformed2.csv': {
    reason: 'The only row has an empty e-mail and no other identifier: it is rejected for that, as it should be.',
    rejectedFor: 'identifier-required',
  },
  'outlook-contacts__roundcube_roundcubemail__tests_src_Csv2vcard_outlook.csv': {
    reason: 'Only e-mail columns and no name: the rows are rejected for the missing name, as they should be.',
    rejectedFor: 'name-required',
  },
  'generic-email-list__roundcube_roundcubemail__tests_src_Csv2vcard_email.csv': {
    reason: 'A list of e-mail addresses without names: the rows are rejected for the missing name, as they should be.',
    rejectedFor: 'name-required',
  },
};

/** Looks for `shared/fixtures/public` beside the repository or beside one of its parent directories. */
function findPublicFixtures(start: string): string {
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/fixtures/public');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return candidate;
  }
}

interface Row {
  file: string;
  check: string;
  result: 'pass' | 'explained' | 'FAIL';
  detail: string;
}

const results: Row[] = [];

async function load(file: string): Promise<LoadedSource> {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return loadSource({ kind: 'bytes', bytes: buffer, fileName: path.basename(file) }, DEFAULT_PARSE_SETTINGS);
}

/** Reads a csv-spectrum file and compares its records with the JSON beside it. */
async function checkSpectrum(csvFile: string, jsonFile: string | undefined): Promise<void> {
  const name = path.basename(csvFile);
  const explained = EXPLAINED[name];
  try {
    const { table } = await load(csvFile);
    const records = table.rows.read(0, table.rows.rowCount).map(({ cells }) => Object.fromEntries(table.headers.map((header, index) => [header, cells[index] ?? ''])));
    if (!jsonFile) {
      results.push({ file: name, check: 'parse', result: explained ? 'explained' : 'pass', detail: explained?.reason ?? `${records.length} records, no JSON to compare` });
      return;
    }

    // One upstream file contains a single object instead of a list of one.
    const parsed = JSON.parse(readFileSync(jsonFile, 'utf8')) as Records | Records[number];
    const upstream = Array.isArray(parsed) ? parsed : [parsed];
    if (JSON.stringify(records) === JSON.stringify(upstream)) {
      results.push({ file: name, check: 'records', result: 'pass', detail: `${records.length} records` });
      return;
    }

    // An explained difference passes only while the records equal the upstream ones with that difference applied.
    const accepted = explained?.expected?.(upstream);
    if (explained && accepted && JSON.stringify(records) === JSON.stringify(accepted)) {
      results.push({ file: name, check: 'records', result: 'explained', detail: explained.reason });
      return;
    }
    results.push({
      file: name,
      check: 'records',
      result: 'FAIL',
      detail: `got ${JSON.stringify(records)}, expected ${JSON.stringify(accepted ?? upstream)}`,
    });
  } catch (error) {
    results.push({ file: name, check: 'records', result: 'FAIL', detail: String(error) });
  }
}

/** Reads an export, maps it with the suggested mapping and counts what an import would do. */
async function checkExport(file: string): Promise<void> {
  const name = path.basename(file);
  const explained = EXPLAINED[name];
  try {
    const { table, preview } = await load(file);
    const { quoteProblems } = preview;
    const mapping = suggestMapping(table.columns, table.detectionSamples);
    const plan = planImport(table, mapping, options);
    const fields = mapping.filter((entry) => entry.field !== 'ignore' && entry.field !== 'text').map((entry) => `${entry.label}=${entry.field}`);
    const reasons = countBy(plan.rejected.map((row) => row.code));
    const detail = [
      `${preview.encoding ?? preview.format}, ${JSON.stringify(preview.delimiter ?? '')}`,
      `header line ${preview.headerLine}`,
      `${preview.rowCount} rows: ${plan.recordCount} importable, ${plan.rejected.length} rejected${reasons}, ${plan.duplicates.length} duplicates`,
      `${preview.raggedRowCount} ragged, ${quoteProblems.length} quote problems`,
      `mapped ${fields.join(' ') || 'nothing'}`,
    ].join('; ');

    // A file with rows of which none can be imported, or whose quotes broke, needs a reason, and the
    // reason holds only while every row is rejected for the code it names.
    const failed = quoteProblems.length > 0 || (preview.rowCount > 0 && plan.recordCount === 0);
    const holds =
      explained?.rejectedFor !== undefined &&
      quoteProblems.length === 0 &&
      plan.rejected.length === preview.rowCount &&
      plan.rejected.every((row) => row.code === explained.rejectedFor);
    let result: Row['result'] = 'pass';
    if (failed) result = holds ? 'explained' : 'FAIL';
    results.push({ file: name, check: 'import', result, detail: failed && holds ? `${explained.reason} (${detail})` : detail });
  } catch (error) {
    results.push({ file: name, check: 'import', result: 'FAIL', detail: String(error) });
  }
}

function countBy(codes: string[]): string {
  if (codes.length === 0) return '';
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return ` (${[...counts].map(([code, count]) => `${count} ${code}`).join(', ')})`;
}

async function main(): Promise<void> {
  if (!existsSync(root)) {
    console.error(`No public fixtures at ${root}. Pass the directory that contains them as the first argument.`);
    process.exit(2);
  }

  const spectrumDirs = [path.join(root, 'csv-spectrum'), path.join(root, 'csv-spectrum/unmerged-prs')];
  for (const dir of spectrumDirs) {
    const csvDir = path.join(dir, 'csvs');
    if (!existsSync(csvDir)) continue;
    for (const entry of readdirSync(csvDir).sort()) {
      const json = path.join(dir, 'json', entry.replace(/\.csv$/, '') + '.json');
      await checkSpectrum(path.join(csvDir, entry), existsSync(json) ? json : undefined);
    }
  }

  for (const entry of readdirSync(root).sort()) {
    const file = path.join(root, entry);
    if (statSync(file).isDirectory() || /\.md$/i.test(entry)) continue;
    await checkExport(file);
  }

  printTable(results);
  const failures = results.filter((row) => row.result === 'FAIL').length;
  const explained = results.filter((row) => row.result === 'explained').length;
  console.log(`\n${results.length} checks: ${results.length - failures - explained} passed, ${explained} explained, ${failures} failed.`);
  if (failures > 0) process.exit(1);
}

function printTable(rows: Row[]): void {
  const fileWidth = Math.min(60, Math.max(...rows.map((row) => row.file.length)));
  for (const row of rows) {
    const file = row.file.length > fileWidth ? `${row.file.slice(0, fileWidth - 1)}…` : row.file.padEnd(fileWidth);
    console.log(`${row.result.padEnd(9)} ${row.check.padEnd(7)} ${file}  ${row.detail}`);
  }
}

await main();
