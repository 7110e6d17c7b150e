/** Figures, their targets, and the statistics of repeated runs. */

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** Every run, in the order measured. */
  runs: number[];
}

export function spread(runs: number[]): Spread {
  if (runs.length === 0) throw new Error('spread() needs at least one run');
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number, runs };
}

export type Comparison = '<=' | '>=' | '=';

export interface Target {
  comparison: Comparison;
  value: number;
}

/** Unit of a measured quantity and its baseline, which sets how they are printed. */
export type Unit = 'ms' | 'bytes' | 'records/s' | 'count' | 'fraction';

export type Status = 'PASS' | 'MISS' | 'NOT AVAILABLE';

export interface Figure {
  id: string;
  /** True when the target applies to measured / baseline rather than to the measured quantity itself. */
  ratio: boolean;
  /** Description of the comparison, as one line of the table. */
  label: string;
  target: Target;
  /** Unit of `measured` and `baseline`. */
  unit: Unit;
  /** The quantity this kit achieved, over repeated runs. */
  measured?: Spread;
  /** The raw quantity measured in the same run, when the figure is a ratio. */
  baseline?: Spread;
  /** The number compared with the target: measured / baseline medians, or the measured median. */
  value?: number;
  status: Status;
  /** Reason a figure is not available, or a remark on how it was measured. */
  note?: string;
  /** Measurements behind the figure that another suite may reuse (the import's heap peaks). */
  details?: { rows?: number; heapPeaks?: number[] };
  /** The suite run that measured the figure; set by the runner. */
  run?: SuiteRun;
}

/** When, at which commit and under which load a suite ran. */
export interface SuiteRun {
  suite: string;
  finishedAt: string;
  commit: string;
  mode: 'full' | 'quick';
  /** Sizes and run counts the suite used; absent in results written before they were recorded. */
  sizes?: Record<string, number>;
  /** Load averages (1, 5, 15 min) when the suite finished. */
  load: number[];
}

export function meets(value: number, target: Target): boolean {
  if (target.comparison === '<=') return value <= target.value;
  if (target.comparison === '>=') return value >= target.value;
  return value === target.value;
}

/** Builds a figure whose value is the measured median divided by the baseline median. */
export function ratioFigure(
  fields: Pick<Figure, 'id' | 'ratio' | 'label' | 'target' | 'unit' | 'note'>,
  measured: number[],
  baseline: number[],
): Figure {
  const measuredSpread = spread(measured);
  const baselineSpread = spread(baseline);
  const value = measuredSpread.median / baselineSpread.median;
  return { ...fields, measured: measuredSpread, baseline: baselineSpread, value, status: meets(value, fields.target) ? 'PASS' : 'MISS' };
}

/** Builds a figure whose value is the median of the runs themselves. */
export function plainFigure(fields: Pick<Figure, 'id' | 'ratio' | 'label' | 'target' | 'unit' | 'note'>, measured: number[]): Figure {
  const measuredSpread = spread(measured);
  return { ...fields, measured: measuredSpread, value: measuredSpread.median, status: meets(measuredSpread.median, fields.target) ? 'PASS' : 'MISS' };
}

export function unavailableFigure(fields: Pick<Figure, 'id' | 'ratio' | 'label' | 'target' | 'unit'>, reason: string): Figure {
  return { ...fields, status: 'NOT AVAILABLE', note: `not available: ${reason}` };
}
