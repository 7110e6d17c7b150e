/**
 * CSV import figures. The import runs end to end through the pipeline into
 * IndexedDB and is compared with raw Papa.parse plus a raw single-transaction
 * put of the same records. The same runs give the write stage's rate, the
 * main thread's long tasks and the peak heap that the memory suite reuses.
 */
import { HeapSampler, openBenchPage, type BenchStorage, type HeapPeaks } from '../lib/browser.js';
import { writeContactsCsv } from '../lib/files.js';
import { plainFigure, ratioFigure, type Figure } from '../lib/figures.js';
import { callPage } from '../lib/page-api.js';
import type { Suite, SuiteContext } from './suite.js';

const FIGURES = {
  endToEnd: { ratio: true, id: 'import.end-to-end', label: 'Import CSV end to end vs raw Papa.parse + raw put', target: { comparison: '<=', value: 1.25 }, unit: 'ms' },
  writeRate: { ratio: true, id: 'import.write-rate', label: 'Import write stage vs raw put rate', target: { comparison: '>=', value: 0.85 }, unit: 'records/s' },
  longestTask: { ratio: false, id: 'import.longest-task', label: 'Longest main-thread task during the import', target: { comparison: '<=', value: 50 }, unit: 'ms' },
  longTaskShare: { ratio: false, id: 'import.long-task-share', label: 'Long-task time / import time', target: { comparison: '<=', value: 0.05 }, unit: 'fraction' },
} as const;

export interface ImportMeasurement {
  ms: number[];
  peaks: HeapPeaks[];
}

/** Peak heaps of imports by row count, shared with the memory suite so that it need not repeat them. */
export const importPeaks = new Map<number, HeapPeaks[]>();

/**
 * Runs one import of `fileName` in a fresh browser context (so a fresh
 * IndexedDB) while sampling the JS heap of the page and its workers.
 */
export async function importOnce(
  context: SuiteContext,
  fileName: string,
  databaseName: string,
  dumpAs?: string,
  storage?: BenchStorage,
  saveProfileTo?: string,
) {
  const bench = await openBenchPage(context.browser!, context.origin, storage);
  const sampler = new HeapSampler(bench.browser, bench.context, bench.page);
  try {
    await sampler.collectGarbage();
    await sampler.start();
    const run = await callPage(bench.page, 'importFile', { url: `/data/${fileName}`, fileName, databaseName });
    const peaks = await sampler.stop();
    const dump = dumpAs ? await callPage(bench.page, 'dumpUsers', { databaseName, uploadName: dumpAs }) : undefined;
    return { run, peaks, dump };
  } finally {
    await sampler.dispose();
    if (saveProfileTo && bench.closeAndSave) await bench.closeAndSave(saveProfileTo);
    else await bench.close();
  }
}

/** Runs the raw baseline in a fresh context: parse the file (CSV or .xlsx), then put the dumped records into a new database. */
export async function baselineOnce(context: SuiteContext, fileName: string, recordsName: string, databaseName: string) {
  const bench = await openBenchPage(context.browser!, context.origin);
  try {
    const url = `/data/${fileName}`;
    const parse = fileName.endsWith('.xlsx') ? await callPage(bench.page, 'rawReadXlsx', { url }) : await callPage(bench.page, 'rawParseCsv', { url });
    const put = await callPage(bench.page, 'rawPut', { recordsName, databaseName });
    return { parse, put };
  } finally {
    await bench.close();
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export const importSuite: Suite = {
  name: 'import',
  needsBrowser: true,
  figures: () => Object.values(FIGURES),

  async run(context: SuiteContext): Promise<Figure[]> {
    const rows = context.sizes.importRows;
    const fileName = await writeContactsCsv(rows);
    const recordsName = `records-${fileName}.json`;
    const importMs: number[] = [];
    const writeRates: number[] = [];
    const longest: number[] = [];
    const shares: number[] = [];
    const peaks: HeapPeaks[] = [];
    const baselineMs: number[] = [];
    const putRates: number[] = [];
    let stored = 0;
    let records = 0;
    let batches = 0;
    let parsedRows = 0;

    // Import and baseline runs alternate so that load from other processes
    // falls on both alike.
    for (let index = 0; index < context.sizes.runs; index++) {
      const imported = await importOnce(context, fileName, `bench-import-${index}`, index === 0 ? recordsName : undefined);
      const { run } = imported;
      importMs.push(run.ms);
      writeRates.push((run.records / run.runMs) * 1000);
      longest.push(run.longTasks.longest);
      shares.push(run.longTasks.total / run.ms);
      peaks.push(imported.peaks);
      stored = run.stored;
      records = run.records;
      batches = run.batches;
      if (imported.dump) {
        context.log(`  ${run.result}`);
        context.log(`  ${imported.dump.records} users dumped; users store indexes: ${imported.dump.indexes.join(', ')}`);
      }

      const baseline = await baselineOnce(context, fileName, recordsName, `bench-raw-${index}`);
      baselineMs.push(baseline.parse.ms + baseline.put.ms);
      putRates.push((baseline.put.records / baseline.put.ms) * 1000);
      parsedRows = baseline.parse.rows;
      context.log(
        `  run ${index + 1}: import ${seconds(run.ms)} (open ${seconds(run.openMs)}, analyze ${seconds(run.analyzeMs)}, run ${seconds(run.runMs)}; ` +
          `${run.longTasks.count} long tasks, longest ${run.longTasks.longest.toFixed(0)} ms, ` +
          `heap peak ${(imported.peaks.total / 2 ** 20).toFixed(0)} MiB); raw parse ${seconds(baseline.parse.ms)} + put ${seconds(baseline.put.ms)}`,
      );
    }
    importPeaks.set(rows, peaks);

    const counts = `${rows.toLocaleString('en-US')} rows; ${stored.toLocaleString('en-US')} users stored from ${records.toLocaleString('en-US')} records in ${batches} batches; Papa.parse gave ${parsedRows.toLocaleString('en-US')} rows`;
    return [
      { ...ratioFigure({ ...FIGURES.endToEnd, note: counts }, importMs, baselineMs), details: { rows, heapPeaks: peaks.map((peak) => peak.total) } },
      ratioFigure(FIGURES.writeRate, writeRates, putRates),
      plainFigure({ ...FIGURES.longestTask, note: 'a figure of 0 means no task reached 50 ms, the Long Tasks API threshold' }, longest),
      plainFigure(FIGURES.longTaskShare, shares),
    ];
  },
};
