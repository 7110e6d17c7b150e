import type { Browser } from 'playwright-core';
import type { Figure } from '../lib/figures.js';

/** Sizes and repeat counts of one run; `--quick` shrinks them. */
export interface Sizes {
  /** Runs per figure; the median of these is reported. */
  runs: number;
  importRows: number;
  xlsxRows: number;
  /** The larger import whose peak heap is compared with `importRows`'s. */
  memoryRows: number;
  memoryRuns: number;
  /** Users seeded into IndexedDB for the table and search figures. */
  tableUsers: number;
}

/** A disk profile folder that one suite saved with a database in it. */
export interface SavedDatabase {
  folder: string;
  databaseName: string;
  users: number;
}

export interface SuiteContext {
  root: string;
  tmpDir: string;
  sizes: Sizes;
  /**
   * Folder of a saved browser profile with the table suite's seeded users.
   * A run copies it when it has as many users as the run needs, and saves
   * a newly seeded profile there otherwise.
   */
  tableProfile?: string;
  /**
   * Databases a suite leaves for later suites of the same invocation: the
   * memory suite's large import, which the table suite tops up and reads
   * instead of seeding a million users again.
   */
  handoff: { largeImport?: SavedDatabase };
  /** Present for suites that need the browser. */
  browser?: Browser;
  origin: string;
  log(message: string): void;
  /** Reads the figures of the results files given with `--merge`, as they are at the time of the call. */
  earlierFigures(): Figure[];
  /** Records how long a preparation step took (building, seeding), for BENCHMARKS.md. */
  noteSetup(name: string, value: string): void;
}

export type FigureFields = Pick<Figure, 'id' | 'ratio' | 'label' | 'target' | 'unit'>;

export interface Suite {
  name: string;
  needsBrowser: boolean;
  /** Every figure the suite reports at these sizes, so a suite that fails still lists them as not available. */
  figures(sizes: Sizes): FigureFields[];
  run(context: SuiteContext): Promise<Figure[]>;
}
