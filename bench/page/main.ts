/**
 * The bench page: builds with the kit's production settings and exposes the
 * measurements on `window.bench` for bench/run.ts to call through
 * playwright. A measurement whose part of the kit is missing returns
 * `{ unavailable: reason }`.
 */
import { dumpUsers, importFile, rawParseCsv, rawPut, rawReadXlsx } from './import-runs.js';
import { NotAvailableError } from './kit.js';
import './long-tasks.js';
import { indexPrimitives } from './primitives.js';
import { countUsers, createAndDeleteUser, pageFetch, prepareMemoryUsers, searchAndKeyset, seedDatabase, sortChangeCounts, tableFirstRows, tableScroll } from './table-runs.js';

type Measurement = (args: never) => Promise<unknown> | unknown;

function reportUnavailable<T extends Measurement>(measure: T): T {
  return (async (args: never) => {
    try {
      return await measure(args);
    } catch (error) {
      if (error instanceof NotAvailableError) return { unavailable: error.message };
      throw error;
    }
  }) as T;
}

const measurements = {
  importFile,
  rawParseCsv,
  rawReadXlsx,
  dumpUsers,
  rawPut,
  seedDatabase,
  countUsers,
  createAndDeleteUser,
  prepareMemoryUsers,
  tableFirstRows,
  tableScroll,
  pageFetch,
  searchAndKeyset,
  sortChangeCounts,
  indexPrimitives,
};

export type BenchApi = typeof measurements;

(window as unknown as { bench: BenchApi }).bench = Object.fromEntries(
  Object.entries(measurements).map(([name, measure]) => [name, reportUnavailable(measure as Measurement)]),
) as BenchApi;
