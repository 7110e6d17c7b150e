/** Excel: a generated .xlsx imported through the pipeline against raw read-excel-file plus the raw put. */
import { writeContactsXlsx } from '../lib/files.js';
import { ratioFigure, type Figure } from '../lib/figures.js';
import { baselineOnce, importOnce } from './import.js';
import type { Suite, SuiteContext } from './suite.js';

const FIGURE = {
  id: 'excel.end-to-end',
  ratio: true,
  label: 'Import .xlsx end to end vs raw read-excel-file + raw put',
  target: { comparison: '<=', value: 1.25 },
  unit: 'ms',
} as const;

export const excelSuite: Suite = {
  name: 'excel',
  needsBrowser: true,
  figures: () => [FIGURE],

  async run(context: SuiteContext): Promise<Figure[]> {
    const rows = context.sizes.xlsxRows;
    const started = performance.now();
    const fileName = writeContactsXlsx(rows);
    context.noteSetup(`Generating ${fileName}`, `${((performance.now() - started) / 1000).toFixed(1)} s (reused when present)`);
    const recordsName = `records-${fileName}.json`;
    const importMs: number[] = [];
    const baselineMs: number[] = [];
    let stored = 0;

    for (let index = 0; index < context.sizes.runs; index++) {
      const { run } = await importOnce(context, fileName, `bench-xlsx-${index}`, index === 0 ? recordsName : undefined);
      importMs.push(run.ms);
      stored = run.stored;
      const baseline = await baselineOnce(context, fileName, recordsName, `bench-xlsx-raw-${index}`);
      baselineMs.push(baseline.parse.ms + baseline.put.ms);
      context.log(`  run ${index + 1}: import ${(run.ms / 1000).toFixed(1)} s; raw read ${(baseline.parse.ms / 1000).toFixed(1)} s + put ${(baseline.put.ms / 1000).toFixed(1)} s`);
    }

    const note = `${rows.toLocaleString('en-US')} rows, ${stored.toLocaleString('en-US')} users stored`;
    return [ratioFigure({ ...FIGURE, note }, importMs, baselineMs)];
  },
};
