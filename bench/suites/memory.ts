/** Memory: peak JS heap (page plus workers) importing a large CSV against a CSV a tenth of its size. */
import { join } from 'node:path';
import { writeContactsCsv } from '../lib/files.js';
import type { BenchStorage } from '../lib/browser.js';
import { ratioFigure, type Figure } from '../lib/figures.js';
import { importOnce, importPeaks } from './import.js';
import type { Sizes, Suite, SuiteContext } from './suite.js';

function fields(sizes: Sizes) {
  const large = sizes.memoryRows;
  const small = sizes.importRows;
  return {
    id: 'memory.peak-heap',
    ratio: true,
    label: `Peak JS heap importing ${large.toLocaleString('en-US')} rows vs ${small.toLocaleString('en-US')} rows`,
    target: { comparison: '<=', value: 1.5 },
    unit: 'bytes',
  } as const;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * Returns the peak heaps of `runs` imports of `rows` rows: those the import
 * suite measured in this process or in a results file given with `--merge`,
 * else measured now.
 */
async function peaksFor(context: SuiteContext, rows: number, runs: number, storage?: BenchStorage): Promise<number[]> {
  const known = importPeaks.get(rows);
  if (known && known.length >= runs) return known.map((peaks) => peaks.total);
  const earlier = context.earlierFigures().find((figure) => figure.details?.rows === rows && (figure.details.heapPeaks?.length ?? 0) >= runs);
  if (earlier?.details?.heapPeaks) {
    context.log(`  using the heap peaks of the ${rows.toLocaleString('en-US')}-row imports measured at ${earlier.run?.finishedAt ?? 'an earlier run'}`);
    return earlier.details.heapPeaks;
  }
  const fileName = await writeContactsCsv(rows);
  const totals: number[] = [];
  for (let index = 0; index < runs; index++) {
    const databaseName = `bench-memory-${rows}-${index}`;
    // The first large import on disk is kept for the table suite.
    const keep = storage?.kind === 'disk' && index === 0 ? join(context.tmpDir, `memory-import-${process.pid}`) : undefined;
    const { run, peaks } = await importOnce(context, fileName, databaseName, undefined, storage, keep);
    if (keep) context.handoff.largeImport = { folder: keep, databaseName, users: run.stored };
    totals.push(peaks.total);
    context.log(
      `  ${rows.toLocaleString('en-US')} rows, run ${index + 1}: ${(run.ms / 1000).toFixed(1)} s, ${run.stored.toLocaleString('en-US')} users; ` +
        `heap peak ${mib(peaks.total)} (page ${mib(peaks.page)}, workers ${mib(peaks.workers)}, ${peaks.samples} samples)`,
    );
  }
  return totals;
}

export const memorySuite: Suite = {
  name: 'memory',
  needsBrowser: true,
  figures: (sizes) => [fields(sizes)],

  async run(context: SuiteContext): Promise<Figure[]> {
    // The large import first: the small peaks may then come from an import
    // suite that runs at the same time in another process.
    // The large import on disk, because an off-the-record context's
    // IndexedDB fills up before a million users are stored. The heap is
    // sampled in the page and its workers, not in the browser process that
    // keeps the database, so the storage does not change what is measured.
    const large = await peaksFor(context, context.sizes.memoryRows, context.sizes.memoryRuns, { kind: 'disk', tmpDir: context.tmpDir });
    const small = await peaksFor(context, context.sizes.importRows, context.sizes.runs);
    const note = 'used JS heap of the page plus its workers, sampled every 100 ms through the DevTools protocol after a forced garbage collection';
    return [ratioFigure({ ...fields(context.sizes), note }, large, small)];
  },
};
