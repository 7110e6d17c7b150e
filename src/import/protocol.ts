import type { ImportBatchResult, ImportRecord, ImportTarget } from '../data/provider.js';
import type { ContactIdentifier } from '../model/types.js';
import type { FoundUser, PlanSummary } from './plan.js';
import type { ColumnMapping, ImportAnalysis, MappedRow, MappingOptions, OpenProgress, ParsePreview, ParseSettings } from './types.js';

/** Messages between {@link ImportSession} and the import worker. Each request carries an id its response repeats. */
export type WorkerRequest =
  | { type: 'open'; source: Blob | string; fileName?: string; settings: ParseSettings }
  | { type: 'reparse'; settings: ParseSettings }
  | { type: 'rows'; mapping: ColumnMapping[]; options: MappingOptions; page: { offset: number; limit: number } }
  | { type: 'plan'; mapping: ColumnMapping[]; options: MappingOptions }
  | { type: 'analysis'; mapping: ColumnMapping[]; options: MappingOptions; found: FoundUser[] }
  | { type: 'summary'; mapping: ColumnMapping[]; options: MappingOptions }
  | { type: 'analyze'; mapping: ColumnMapping[]; options: MappingOptions; target: ImportTarget }
  | { type: 'batch'; mapping: ColumnMapping[]; options: MappingOptions; offset: number; limit: number }
  | {
      type: 'run';
      mapping: ColumnMapping[];
      options: MappingOptions;
      target: ImportTarget;
      importId: string;
      firstBatch: number;
      batchSize: number;
      batchCount: number;
    }
  | { type: 'cancel'; requestId: number }
  | { type: 'cells'; lines: number[] };

export interface WorkerResults {
  open: LoadedPreview;
  reparse: LoadedPreview;
  rows: MappedRow[];
  plan: { summary: PlanSummary; identifiers: ContactIdentifier[] };
  summary: { summary: PlanSummary };
  analyze: ImportAnalysis;
  analysis: ImportAnalysis;
  batch: ImportRecord[];
  run: null;
  cancel: null;
  cells: Record<number, string[]>;
}

export interface LoadedPreview {
  preview: ParsePreview;
  mapping: ColumnMapping[];
}

/** Rows mapped so far while a plan is computed, or identifiers looked up so far. */
export type MappingProgress = { mapped: number; total: number } | { lookedUp: number; total: number };

/** A batch that a `run` request stored, sent as soon as it committed. */
export interface RunProgress {
  stored: ImportBatchResult;
}

export type WorkerMessage =
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; error: { name: string; message: string; code?: string } }
  | { id: number; type: 'progress'; progress: OpenProgress | MappingProgress | RunProgress };
