import { AbortedError, throwIfAborted } from '../data/errors.js';
import type {
  ImportBatchResult,
  ImportCounts,
  ImportJob,
  ImportOptions,
  ImportRecord,
  ImportRejection,
  ImportTarget,
  UserDataProvider,
} from '../data/provider.js';
import type { FormField, FormInput } from '../model/types.js';
import { ImportRunError, SourceError, type SourceErrorCode } from './errors.js';
import { findExisting } from './lookup.js';
import type { PlanSummary } from './plan.js';
import type { MappingProgress, RunProgress, WorkerMessage, WorkerRequest, WorkerResults } from './protocol.js';
// Bundlers find the worker by the literal `new Worker(new URL(…, import.meta.url))`;
// this `Worker` passes the URL through the kit's Trusted Types policy.
import { TrustedWorker as Worker } from './trusted-worker.js';
import {
  ATTRIBUTE_FIELDS,
  DEFAULT_PARSE_SETTINGS,
  type OpenProgress,
  type AnalyzeCall,
  type ColumnMapping,
  type ImportAnalysis,
  type ImportReport,
  type MappedRow,
  type MappingOptions,
  type OpenOptions,
  type ParsePreview,
  type ParseSettings,
  type RowRejection,
  type RunCall,
} from './types.js';

const DEFAULT_BATCH_SIZE = 500;

/**
 * Records per batch when the import worker writes into the target's
 * database itself. Each batch is one transaction, and Chromium's backend
 * spends more per record on many small transactions than on a few large
 * ones: writing 100,000 users ran at 0.79 of the rate of one raw
 * transaction in batches of 2,000, 0.86 in batches of 5,000 and 0.98 in
 * batches of 10,000. The price is the worker's heap, which keeps two
 * batches in memory at a time (131–151 MiB at its peak in the bench's
 * 100,000-row imports), and a failed batch rolls back this many records.
 */
const WORKER_BATCH_SIZE = 10000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: OpenProgress | MappingProgress | RunProgress) => void;
}

/** The mapping, options and batch size a run needs to continue after a failure. */
interface RunContext {
  mapping: ColumnMapping[];
  options: MappingOptions;
  importOptions: ImportOptions;
  batchSize: number;
  /** Rejections the provider returned for batches already written. */
  providerRejections: ImportRejection[];
}

/**
 * The page's handle on one source being imported. The parsed rows live in
 * a module worker; only previews and record batches cross to the page, so
 * the page stays responsive through large files. One session reads one
 * source; open another session for another file.
 *
 * @example
 * const session = await ImportSession.open(file);
 * const mapping = session.suggestMapping();
 * const options = { defaultCountry: 'GB', keepUnmappedAsAttributes: true };
 * const analysis = await session.analyze(mapping, options, provider);
 * const report = await session.run(mapping, options, provider, { group: { name: 'Fair 2024' }, onExisting: 'fill-empty' });
 * session.close();
 */
export class ImportSession {
  /** The parser's findings with the current settings. */
  preview: ParsePreview;

  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly runs = new Map<string, RunContext>();
  private nextId = 1;
  private suggestion: ColumnMapping[] = [];
  private settings: ParseSettings = DEFAULT_PARSE_SETTINGS;
  private closed = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    this.preview = undefined as unknown as ParsePreview;
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(new Error(`The import worker failed: ${event.message || 'it could not be loaded'}.`));
    });
  }

  /**
   * Reads a file, a blob or pasted text in a new worker. The source is read
   * whole; `onProgress` reports the bytes parsed. Rejects with a
   * {@link SourceError} when the source is not a readable table, and with an
   * `AbortedError` when the signal fires.
   */
  static async open(source: Blob | File | string, settings: Partial<ParseSettings> = {}, options: OpenOptions = {}): Promise<ImportSession> {
    throwIfAborted(options.signal);
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
    const session = new ImportSession(worker);
    const abort = () => session.failAll(new AbortedError());
    options.signal?.addEventListener('abort', abort, { once: true });

    try {
      session.settings = { ...DEFAULT_PARSE_SETTINGS, ...settings };
      const request: WorkerRequest = { type: 'open', source, settings: session.settings };
      if (typeof source !== 'string' && 'name' in source && source.name) request.fileName = source.name;
      const loaded = await session.request('open', request, readProgress(options.onProgress));
      session.preview = loaded.preview;
      session.suggestion = loaded.mapping;
      return session;
    } catch (error) {
      session.close();
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Reads the source again with changed settings (encoding, delimiter,
   * sheet, header line). Settings not given keep their value, so the preview
   * and the import always use the same ones. Changing the sheet, the
   * encoding or the delimiter detects the header again unless `headerLine`
   * is given too.
   */
  async reparse(settings: Partial<ParseSettings>, onProgress?: (progress: OpenProgress) => void): Promise<ParsePreview> {
    const next: ParseSettings = { ...this.settings, ...settings };
    if (('sheet' in settings || 'encoding' in settings || 'delimiter' in settings) && !('headerLine' in settings)) next.headerLine = 'auto';
    const loaded = await this.request('reparse', { type: 'reparse', settings: next }, readProgress(onProgress));
    this.settings = next;
    this.preview = loaded.preview;
    this.suggestion = loaded.mapping;
    return loaded.preview;
  }

  /** Suggests a field for every column from its header and values; a fresh copy each call. */
  suggestMapping(): ColumnMapping[] {
    return structuredClone(this.suggestion);
  }

  /** Returns a page of data rows as the mapping turns them into records, with invalid cells marked. */
  previewRecords(mapping: ColumnMapping[], options: MappingOptions, page: { offset: number; limit: number }): Promise<MappedRow[]> {
    return this.request('rows', { type: 'rows', mapping, options, page });
  }

  /**
   * Counts what an import would do: rows, records, new and existing users
   * (looked up through the provider by identifier), rejected rows, rows
   * merged as duplicates, warnings, extra groups. Nothing is written.
   */
  async analyze(mapping: ColumnMapping[], options: MappingOptions, provider: UserDataProvider, call: AnalyzeCall = {}): Promise<ImportAnalysis> {
    throwIfAborted(call.signal);
    const target = provider.importTarget?.();
    if (target) {
      // The worker looks the identifiers up itself, so they never cross to the page.
      return this.request('analyze', { type: 'analyze', mapping, options, target }, mappingProgress(call.onProgress), call.signal);
    }

    const { identifiers } = await this.request('plan', { type: 'plan', mapping, options }, mappingProgress(call.onProgress));
    const onLookup = call.onProgress && ((done: number, total: number) => call.onProgress?.(done, total, 'lookup'));
    const found = await findExisting(identifiers, provider, onLookup, call.signal);
    return this.request('analysis', { type: 'analysis', mapping, options, found });
  }

  /**
   * Imports the records through the provider in batches, the next batch
   * read from the worker while the provider writes the current one. When
   * the options keep attributes and no form is given, a form is made from
   * the attribute columns. When a group column is set and no extra groups
   * are given, they are made from its values. Cancelling through the signal
   * cancels the import in the provider and rejects with `AbortedError`. Any
   * other failure rejects with an {@link ImportRunError} that names the
   * import, so the caller can offer {@link resume} or `provider.undoImport`.
   */
  async run(
    mapping: ColumnMapping[],
    options: MappingOptions,
    provider: UserDataProvider,
    importOptions: ImportOptions,
    call: RunCall = {},
  ): Promise<ImportReport> {
    const { summary } = await this.request('summary', { type: 'summary', mapping, options });
    const full: ImportOptions = { ...importOptions, expectedRecords: summary.recordCount };
    if (!full.extraGroups && options.groupColumn !== undefined && summary.groups.length > 0) {
      full.extraGroups = summary.groups.map((group) => ({ name: group.name }));
    }
    if (!full.form && options.keepUnmappedAsAttributes) {
      const form = formFor(mapping, importOptions.group.name);
      if (form) full.form = form;
    }

    throwIfAborted(call.signal);
    const job = await provider.startImport(full, call.signal ? { signal: call.signal } : {});
    const context: RunContext = {
      mapping,
      options,
      importOptions: { ...full, importId: job.id },
      batchSize: call.batchSize ?? (provider.importTarget?.() ? WORKER_BATCH_SIZE : DEFAULT_BATCH_SIZE),
      providerRejections: [],
    };
    this.runs.set(job.id, context);
    return this.write(job, summary, context, provider, call);
  }

  /**
   * Continues an import this session started that stopped part-way, after
   * the last batch the provider stored. The batch size is the one of the
   * first run, because batch numbers name the same records only then.
   */
  async resume(importId: string, provider: UserDataProvider, call: Omit<RunCall, 'batchSize'> = {}): Promise<ImportReport> {
    const context = this.runs.get(importId);
    if (!context) {
      throw new Error(`Import ${importId} was not started by this session. Open the same file and run it with the same mapping and importId ${importId}.`);
    }
    const { summary } = await this.request('summary', { type: 'summary', mapping: context.mapping, options: context.options });
    const job = await provider.startImport(context.importOptions, call.signal ? { signal: call.signal } : {});
    return this.write(job, summary, context, provider, call);
  }

  /** Ends the worker. Pending calls reject; the session cannot be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    this.failAll(new Error('The import session is closed.'));
  }

  private async write(job: ImportJob, summary: PlanSummary, context: RunContext, provider: UserDataProvider, call: RunCall): Promise<ImportReport> {
    const { mapping, options, batchSize } = context;
    const total = summary.recordCount;
    const batchCount = Math.ceil(total / batchSize);
    const signalOption = call.signal ? { signal: call.signal } : {};
    const counts: ImportCounts = { ...job.counts };
    let lastBatch = job.lastBatch;

    const stored = (result: ImportBatchResult) => {
      if (!result.replayed) {
        addCounts(counts, result.counts);
        context.providerRejections.push(...result.rejections);
      }
      lastBatch = result.batch;
      call.onProgress?.(Math.min(total, (result.batch + 1) * batchSize), total);
    };
    const readBatch = (batch: number) =>
      this.request('batch', { type: 'batch', mapping, options, offset: batch * batchSize, limit: batchSize });
    let next: Promise<ImportRecord[]> | undefined;

    try {
      throwIfAborted(call.signal);
      const target = lastBatch + 1 < batchCount ? provider.importTarget?.() : undefined;
      if (target) {
        await this.writeInWorker(job.id, { firstBatch: lastBatch + 1, batchCount }, target, context, provider, call.signal, stored);
      } else {
        for (let batch = lastBatch + 1; batch < batchCount; batch++) {
          const records = await (next ?? readBatch(batch));
          next = batch + 1 < batchCount ? readBatch(batch + 1) : undefined;
          throwIfAborted(call.signal);
          stored(await provider.writeImportBatch(job.id, batch, records, signalOption));
        }
      }
      throwIfAborted(call.signal);
    } catch (error) {
      next?.catch(() => undefined);
      if (call.signal?.aborted) {
        await provider.cancelImport(job.id);
        throw new AbortedError();
      }
      throw new ImportRunError(job.id, lastBatch, counts, error);
    }

    let finished: ImportJob;
    try {
      finished = await provider.finishImport(job.id, signalOption);
    } catch (error) {
      if (call.signal?.aborted) {
        await provider.cancelImport(job.id);
        throw new AbortedError();
      }
      throw new ImportRunError(job.id, lastBatch, counts, error);
    }
    this.runs.delete(job.id);
    return this.report(finished, summary, context.providerRejections);
  }

  /**
   * Has the worker write the batches from `batches.firstBatch` on into the
   * target's database, calling `stored` for each batch it stored. The
   * signal cancels the worker's loop; so does the page's provider closing,
   * which rejects with the provider's error. Settles only once the worker
   * writes nothing more, so the caller may undo the import right away.
   */
  private async writeInWorker(
    importId: string,
    batches: { firstBatch: number; batchCount: number },
    target: ImportTarget,
    context: RunContext,
    provider: UserDataProvider,
    signal: AbortSignal | undefined,
    stored: (result: ImportBatchResult) => void,
  ): Promise<void> {
    // `request` gives the run the next id, which `cancel` names.
    const requestId = this.nextId;
    const cancel = () => {
      this.request('cancel', { type: 'cancel', requestId }).catch(() => undefined);
    };
    let closed: unknown;
    const onProgress = (progress: OpenProgress | MappingProgress | RunProgress) => {
      if (!('stored' in progress)) return;
      stored(progress.stored);
      if (closed !== undefined) return;
      try {
        provider.importTarget?.();
      } catch (error) {
        closed = error;
        cancel();
      }
    };

    const { mapping, options, batchSize } = context;
    const run = this.request('run', { type: 'run', mapping, options, target, importId, batchSize, ...batches }, onProgress);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await run;
    } catch (error) {
      throw closed ?? error;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (closed !== undefined) throw closed;
  }

  private async report(job: ImportJob, summary: PlanSummary, providerRejections: readonly ImportRejection[]): Promise<ImportReport> {
    const fromProvider: RowRejection[] = providerRejections.map((rejection) => {
      const row: RowRejection = { line: rejection.line, code: rejection.code, message: rejection.message };
      if (rejection.field !== undefined) row.field = rejection.field;
      if (rejection.value !== undefined) row.value = rejection.value;
      return row;
    });
    const rejected = [...summary.rejected, ...fromProvider].sort((a, b) => a.line - b.line);
    const rejectedCells = await this.request('cells', { type: 'cells', lines: rejected.map((row) => row.line) });

    return {
      importId: job.id,
      job,
      counts: job.counts,
      totalRows: summary.totalRows,
      rejected,
      duplicates: summary.duplicates,
      warnings: summary.warnings,
      warningCount: summary.warningCount,
      blankLinesSkipped: this.preview.blankLinesSkipped,
      raggedRowCount: this.preview.raggedRowCount,
      columns: this.preview.columns.map((column) => column.label),
      rejectedCells,
    };
  }

  private request<T extends WorkerRequest['type']>(
    type: T,
    request: Extract<WorkerRequest, { type: T }>,
    onProgress?: (progress: OpenProgress | MappingProgress | RunProgress) => void,
    signal?: AbortSignal,
  ): Promise<WorkerResults[T]> {
    if (this.closed) return Promise.reject(new Error('The import session is closed.'));
    const id = this.nextId++;
    const answer = new Promise<WorkerResults[T]>((resolve, reject) => {
      const pending: Pending = { resolve: resolve as (result: unknown) => void, reject };
      if (onProgress) pending.onProgress = onProgress;
      this.pending.set(id, pending);
      this.worker.postMessage({ id, request });
    });
    if (!signal) return answer;

    // Only for requests that write nothing: the worker finishes the work, and its reply is ignored.
    const abort = () => {
      this.pending.get(id)?.reject(new AbortedError());
      this.pending.delete(id);
    };
    signal.addEventListener('abort', abort, { once: true });
    return answer.finally(() => signal.removeEventListener('abort', abort));
  }

  private receive(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(workerError(message.error));
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** Passes on the read progress of a source, leaving mapping progress out. */
function readProgress(onProgress: ((progress: OpenProgress) => void) | undefined) {
  return onProgress && ((progress: OpenProgress | MappingProgress | RunProgress) => {
    if ('bytes' in progress) onProgress(progress);
  });
}

/** Passes on the rows mapped while a plan is computed. */
function mappingProgress(onProgress: AnalyzeCall['onProgress']) {
  return onProgress && ((progress: OpenProgress | MappingProgress | RunProgress) => {
    if ('mapped' in progress) onProgress(progress.mapped, progress.total, 'map');
    else if ('lookedUp' in progress) onProgress(progress.lookedUp, progress.total, 'lookup');
  });
}

function workerError(error: { name: string; message: string; code?: string }): Error {
  if (error.name === 'SourceError' && error.code) return new SourceError(error.code as SourceErrorCode, error.message);
  const result = new Error(error.message);
  result.name = error.name;
  return result;
}

function addCounts(total: ImportCounts, batch: ImportCounts): void {
  total.created += batch.created;
  total.updated += batch.updated;
  total.skipped += batch.skipped;
  total.rejected += batch.rejected;
}

/** Builds the form that keeps the attribute columns of a mapping, or nothing when there are none. */
export function formFor(mapping: readonly ColumnMapping[], name: string): Omit<FormInput, 'id'> | undefined {
  const fields: FormField[] = mapping
    .filter((entry) => ATTRIBUTE_FIELDS.includes(entry.field))
    .map((entry) => {
      const field: FormField = { key: entry.key, label: entry.label, type: entry.type };
      if (entry.description) field.description = entry.description;
      return field;
    });
  return fields.length > 0 ? { name, fields } : undefined;
}
