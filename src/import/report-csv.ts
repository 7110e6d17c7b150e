import type { ImportReport } from './types.js';

/** Builds the rejected-rows download: line, reason, then the row's original cells. */
export function rejectedRowsCsv(_report: ImportReport): string {
  throw new Error('not implemented');
}
