import type { ImportCounts } from '../data/provider.js';

/** Machine-readable reason a source cannot be read; the wizard picks its message by it. */
export type SourceErrorCode =
  | 'empty-source'
  | 'unsupported-format'
  | 'invalid-workbook'
  | 'sheet-not-found'
  | 'no-data';

/** A source (file or pasted text) that cannot be read as a table. */
export class SourceError extends Error {
  readonly code: SourceErrorCode;

  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
    this.code = code;
  }
}

/**
 * An import that stopped part-way. The records of batches up to `lastBatch`
 * are stored; resume continues after it and undo removes them.
 */
export class ImportRunError extends Error {
  readonly importId: string;
  /** Highest batch number stored, or -1. */
  readonly lastBatch: number;
  /** Counts the provider reported before the failure. */
  readonly counts: ImportCounts;

  constructor(importId: string, lastBatch: number, counts: ImportCounts, cause: unknown) {
    const stored = counts.created + counts.updated + counts.skipped;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Import ${importId} stopped after ${stored} records were stored: ${reason} Resume or undo it.`, { cause });
    this.name = 'ImportRunError';
    this.importId = importId;
    this.lastBatch = lastBatch;
    this.counts = counts;
  }
}
