/**
 * Import measurements in the page: the pipeline end to end into the
 * IndexedDB provider, and the raw baselines (Papa.parse, read-excel-file,
 * one IndexedDB transaction of puts).
 */
import Papa from 'papaparse';
import type { ImportOptions, UserDataProvider } from '../../src/data/provider.js';
import type { MappingOptions } from '../../src/import/types.js';
import { createProvider, ImportSession } from './kit.js';
import { longTasksBetween, type LongTaskSummary } from './long-tasks.js';

/** The object store of users in the provider's database. */
const USERS_STORE = 'users';

async function fetchFile(url: string, name: string): Promise<File> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} failed with ${response.status}`);
  const blob = await response.blob();
  return new File([blob], name, { type: blob.type });
}

/** Opens the provider's connection (and creates its schema) before any timing starts. */
async function openProvider(databaseName: string): Promise<UserDataProvider> {
  const provider = createProvider(databaseName);
  await provider.listGroups();
  return provider;
}

export interface ImportRun {
  ms: number;
  /** The three steps the wizard waits on: reading the file, the preview's analysis, the import itself. */
  openMs: number;
  analyzeMs: number;
  runMs: number;
  /** Records the run wrote (the analysis's importable records). */
  records: number;
  /** Batches the run reported as stored. */
  batches: number;
  /** Users in the database after the import. */
  stored: number;
  longTasks: LongTaskSummary;
  result: string;
}

/**
 * Imports a generated file into a new database as the wizard does: open
 * the file, take the suggested mapping, analyze (the preview's counts),
 * run. The two extra columns are kept as attributes in a form.
 */
export async function importFile(args: { url: string; fileName: string; databaseName: string }): Promise<ImportRun> {
  const file = await fetchFile(args.url, args.fileName);
  const provider = await openProvider(args.databaseName);
  const mappingOptions: MappingOptions = { keepUnmappedAsAttributes: true };
  const importOptions: ImportOptions = { group: { name: `Bench ${args.fileName}` }, onExisting: 'fill-empty' };

  const start = performance.now();
  const session = await ImportSession.open(file);
  const opened = performance.now();
  const mapping = session.suggestMapping();
  const analysis = await session.analyze(mapping, mappingOptions, provider);
  const analyzed = performance.now();
  let batches = 0;
  const report = await session.run(mapping, mappingOptions, provider, importOptions, { onProgress: () => batches++ });
  const end = performance.now();
  session.close();

  const longTasks = await longTasksBetween(start, end);
  const stored = (await provider.queryUsers({ offset: 0, limit: 1 })).total;
  provider.close();
  const fields = mapping.map((entry) => `${entry.label}→${entry.field}`).join(', ');
  return {
    ms: end - start,
    openMs: opened - start,
    analyzeMs: analyzed - opened,
    runMs: end - analyzed,
    records: analysis.importable,
    batches,
    stored,
    longTasks,
    result:
      `mapping ${fields}; ${analysis.newUsers} new, ${analysis.rejected.length} rejected, ${analysis.duplicates.length} duplicates; ` +
      `stored ${JSON.stringify(report.counts)}`,
  };
}

/** Raw parse baseline: read the file's text and `Papa.parse` it into rows, on the main thread. */
export async function rawParseCsv(args: { url: string }): Promise<{ ms: number; rows: number }> {
  const file = await fetchFile(args.url, 'raw.csv');
  const start = performance.now();
  const text = await file.text();
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const ms = performance.now() - start;
  return { ms, rows: parsed.data.length };
}

/** Raw Excel baseline: `readSheet` of read-excel-file on the main thread. */
export async function rawReadXlsx(args: { url: string }): Promise<{ ms: number; rows: number }> {
  const { readSheet } = await import('read-excel-file/browser');
  const file = await fetchFile(args.url, 'raw.xlsx');
  const start = performance.now();
  const rows = await readSheet(file);
  const ms = performance.now() - start;
  return { ms, rows: rows.length };
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openRaw(databaseName: string): Promise<IDBDatabase> {
  return requestResult(indexedDB.open(databaseName));
}

/**
 * JSON writes `null` for `-Infinity`, which a user without activity stores
 * as its activity sort key. A `null` key leaves the record out of that
 * index, so the raw put would write fewer index entries than the import.
 * These two functions keep such numbers as objects in the JSON.
 */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value;
}

function restoreNonFinite(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'nonFinite' in value) return Number((value as { nonFinite: string }).nonFinite);
  return value;
}

/**
 * Reads every stored user of a database exactly as stored (with whatever
 * fields the provider's indexes use) and uploads them as JSON, so that the
 * raw put baseline writes the very same records.
 */
export async function dumpUsers(args: { databaseName: string; uploadName: string }): Promise<{ records: number; indexes: string[] }> {
  const database = await openRaw(args.databaseName);
  if (!database.objectStoreNames.contains(USERS_STORE)) {
    const stores = [...database.objectStoreNames].join(', ');
    database.close();
    throw new Error(`database ${args.databaseName} has no "${USERS_STORE}" store (stores: ${stores})`);
  }
  const store = database.transaction(USERS_STORE, 'readonly').objectStore(USERS_STORE);
  const indexes = [...store.indexNames];
  const records = await requestResult(store.getAll());
  database.close();

  const response = await fetch(`/data/${args.uploadName}`, { method: 'PUT', body: JSON.stringify(records, keepNonFinite) });
  if (!response.ok) throw new Error(`uploading the records failed with ${response.status}`);
  return { records: records.length, indexes };
}

/**
 * Raw write baseline: the provider creates a new database's schema (same
 * stores, same indexes), then all records go into its users store in one
 * readwrite transaction of plain `put` calls.
 */
export async function rawPut(args: { recordsName: string; databaseName: string }): Promise<{ ms: number; records: number }> {
  const response = await fetch(`/data/${args.recordsName}`);
  if (!response.ok) throw new Error(`GET /data/${args.recordsName} failed with ${response.status}`);
  const records = JSON.parse(await response.text(), restoreNonFinite) as unknown[];
  (await openProvider(args.databaseName)).close();
  const database = await openRaw(args.databaseName);

  const start = performance.now();
  const transaction = database.transaction(USERS_STORE, 'readwrite');
  const store = transaction.objectStore(USERS_STORE);
  for (const record of records) store.put(record);
  await new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('the raw put transaction was aborted'));
  });
  const ms = performance.now() - start;

  database.close();
  return { ms, records: records.length };
}
