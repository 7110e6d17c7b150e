/// <reference lib="webworker" />
/**
 * The import worker: keeps one source and serves the page's requests, so
 * parsing, mapping and normalizing never block the page. A CSV file stays
 * as its bytes with a typed-array index of its rows, and the plan keeps no
 * records, so the worker's JS heap grows with the rows that have something
 * to report (rejected, merged, warned), not with the size of the file.
 */
import type { IndexedDBProvider, IndexedDBProviderOptions } from '../data/indexeddb/indexeddb-provider.js';
import type { CallOptions, ImportRecord, ImportTarget } from '../data/provider.js';
import { findExisting, findExistingRecords } from './lookup.js';
import { suggestMapping } from './mapping.js';
import { memoizedNormalizer, type IdentifierNormalizer } from './normalize.js';
import {
  analysisOf,
  lookupIdentifiers,
  mappedRows,
  matchExisting,
  planImport,
  planKey,
  planRecords,
  planWithLookups,
  summarizePlan,
  type ImportPlan,
} from './plan.js';
import type { LoadedPreview, WorkerMessage, WorkerRequest, WorkerResults } from './protocol.js';
import { loadSource, type LoadedSource, type SourceInput } from './source.js';
import type { ColumnMapping, ExistingMatch, MappingOptions, ParseSettings } from './types.js';
import type { ContactIdentifier } from '../model/types.js';
import type { WorkbookSheet } from './xlsx.js';

declare const self: DedicatedWorkerGlobalScope;

let input: SourceInput | undefined;
let loaded: LoadedSource | undefined;
let workbook: { sheets?: WorkbookSheet[] } = {};
let cachedPlan: { key: string; plan: ImportPlan } | undefined;
let normalize: IdentifierNormalizer = memoizedNormalizer();
let targetProvider: { key: string; provider: IndexedDBProvider } | undefined;
/** Controllers of the `run` requests in progress, by request id, for `cancel`. */
const runs = new Map<number, AbortController>();

/** Records read at a time when all of them are gone through. */
const RECORD_CHUNK = 2000;

/** Row count up to which a preview page plans the whole file to mark duplicates. */
const EAGER_PLAN_ROWS = 5000;

/**
 * Identifiers per lookup transaction while analyzing in the worker. Larger
 * than the page's chunks of 500 because each chunk costs a transaction and
 * a progress message, and nothing else crosses to the page.
 */
const WORKER_LOOKUP_CHUNK = 5000;

self.addEventListener('message', (event: MessageEvent<{ id: number; request: WorkerRequest }>) => {
  const { id, request } = event.data;
  handle(id, request).then(
    (result) => post({ id, type: 'result', result }),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      const code = (failure as { code?: unknown }).code;
      post({ id, type: 'error', error: { name: failure.name, message: failure.message, ...(typeof code === 'string' ? { code } : {}) } });
    },
  );
});

function post(message: WorkerMessage): void {
  self.postMessage(message);
}

async function handle(id: number, request: WorkerRequest): Promise<WorkerResults[keyof WorkerResults]> {
  switch (request.type) {
    case 'open': {
      input =
        typeof request.source === 'string'
          ? { kind: 'text', text: request.source }
          : {
              kind: 'bytes',
              bytes: await request.source.arrayBuffer(),
              ...(request.fileName ? { fileName: request.fileName } : {}),
              ...(request.source.type ? { mediaType: request.source.type } : {}),
            };
      workbook = {};
      return load(id, request.settings);
    }
    case 'reparse':
      return load(id, request.settings);
    case 'rows': {
      // Duplicates are known only from a whole-file plan, which a small file
      // gets at once and a large one once analyze has computed it.
      const { table } = requireLoaded();
      const plan = table.rows.rowCount <= EAGER_PLAN_ROWS ? planFor(request.mapping, request.options) : cachedPlanFor(request.mapping, request.options);
      return mappedRows(table, plan, request.mapping, request.options, request.page, normalize);
    }
    case 'plan': {
      const plan = planFor(request.mapping, request.options, id);
      const identifiers: ContactIdentifier[] = [];
      for (let offset = 0; offset < plan.recordCount; offset += RECORD_CHUNK) {
        identifiers.push(...lookupIdentifiers(await batchRecords(request.mapping, request.options, offset, RECORD_CHUNK)));
      }
      return { summary: summarizePlan(plan, requireLoaded().table), identifiers };
    }
    case 'summary':
      return { summary: summarizePlan(planFor(request.mapping, request.options), requireLoaded().table) };
    case 'analyze': {
      const { table } = requireLoaded();
      const provider = await providerFor(request.target);
      // The plan's identifiers are normalized, so the provider looks them up as they are.
      const findByIdentifiers = (identifiers: ContactIdentifier[], call?: CallOptions) => provider.findByNormalizedIdentifiers(identifiers, call);
      const onLookup = (lookedUp: number, total: number) => post({ id, type: 'progress', progress: { lookedUp, total } });

      const cached = cachedPlanFor(request.mapping, request.options);
      if (cached) {
        const existing = await findExistingRecords(
          (offset, limit) => planRecords(table, cached, offset, limit),
          cached.recordCount,
          cached.identifierCount,
          { findByIdentifiers },
          onLookup,
          WORKER_LOOKUP_CHUNK,
        );
        return analysisOf(summarizePlan(cached, table), existing, table);
      }

      // Without a plan yet, the identifiers are looked up while the rows are mapped.
      const { plan, existing } = await planWithLookups(
        table,
        request.mapping,
        request.options,
        (identifiers) => findExisting(identifiers, { findByIdentifiers }, undefined, undefined, identifiers.length),
        WORKER_LOOKUP_CHUNK,
        normalize,
        mappedProgress(id),
      );
      cachedPlan = { key: planKey(request.mapping, request.options), plan };
      onLookup(plan.identifierCount, plan.identifierCount);
      return analysisOf(summarizePlan(plan, table), existing, table);
    }
    case 'run':
      await runImport(id, request);
      return null;
    case 'cancel':
      runs.get(request.requestId)?.abort();
      return null;
    case 'analysis': {
      const plan = planFor(request.mapping, request.options);
      const { table } = requireLoaded();
      const existing: ExistingMatch[] = [];
      for (let offset = 0; offset < plan.recordCount; offset += RECORD_CHUNK) {
        existing.push(...matchExisting(planRecords(table, plan, offset, RECORD_CHUNK), request.found));
      }
      return analysisOf(summarizePlan(plan, table), existing, table);
    }
    case 'batch':
      return batchRecords(request.mapping, request.options, request.offset, request.limit);
    case 'cells':
      return cellsOf(request.lines);
  }
}

/** Writes the import's batches from `firstBatch` on, reporting each stored batch; a `cancel` request stops it. */
async function runImport(id: number, request: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  const { mapping, options, batchSize } = request;
  const controller = new AbortController();
  runs.set(id, controller);
  try {
    const provider = await providerFor(request.target);
    await provider.runImport(request.importId, {
      firstBatch: request.firstBatch,
      batchCount: request.batchCount,
      readBatch: (batch) => batchRecords(mapping, options, batch * batchSize, batchSize),
      onBatch: (stored) => post({ id, type: 'progress', progress: { stored } }),
      normalize,
      signal: controller.signal,
    });
  } finally {
    runs.delete(id);
  }
}

async function load(id: number, settings: ParseSettings): Promise<LoadedPreview> {
  if (!input) throw new Error('No source is open.');
  cachedPlan = undefined;
  normalize = memoizedNormalizer();
  loaded = await loadSource(input, settings, (progress) => post({ id, type: 'progress', progress }), workbook);
  return { preview: loaded.preview, mapping: suggestMapping(loaded.table.columns, loaded.table.detectionSamples) };
}

function requireLoaded(): LoadedSource {
  if (!loaded) throw new Error('No source is open.');
  return loaded;
}

function cachedPlanFor(mapping: ColumnMapping[], options: MappingOptions): ImportPlan | undefined {
  return cachedPlan?.key === planKey(mapping, options) ? cachedPlan.plan : undefined;
}

/** Returns the plan for a mapping, computed once; `progressId` names the request that reports the rows mapped. */
function planFor(mapping: ColumnMapping[], options: MappingOptions, progressId?: number): ImportPlan {
  const key = planKey(mapping, options);
  if (cachedPlan?.key !== key) {
    const onProgress = progressId === undefined ? undefined : mappedProgress(progressId);
    cachedPlan = { key, plan: planImport(requireLoaded().table, mapping, options, normalize, onProgress) };
  }
  return cachedPlan.plan;
}

/** Reports the rows mapped to the request `id`. */
function mappedProgress(id: number): (mapped: number, total: number) => void {
  return (mapped, total) => post({ id, type: 'progress', progress: { mapped, total } });
}

/**
 * Returns the records `offset` to `offset + limit` of the plan for a
 * mapping. Every write goes through here, so the same offset names the
 * same records on every call, which resuming an import depends on.
 */
async function batchRecords(mapping: ColumnMapping[], options: MappingOptions, offset: number, limit: number): Promise<ImportRecord[]> {
  return planRecords(requireLoaded().table, planFor(mapping, options), offset, limit);
}

/** Opens the target's database in this worker, once per target. */
async function providerFor(target: ImportTarget): Promise<IndexedDBProvider> {
  const key = JSON.stringify(target);
  if (targetProvider?.key !== key || targetProvider.provider.closed) {
    targetProvider?.provider.close();
    const { IndexedDBProvider } = await import('../data/indexeddb/indexeddb-provider.js');
    const options: IndexedDBProviderOptions = { databaseName: target.databaseName };
    if (target.defaultCountry) options.defaultCountry = target.defaultCountry;
    targetProvider = { key, provider: new IndexedDBProvider(options) };
  }
  return targetProvider.provider;
}

function cellsOf(lines: readonly number[]): Record<number, string[]> {
  const { rows } = requireLoaded().table;
  const cells: Record<number, string[]> = {};
  for (const line of lines) {
    const [row] = rows.read(rows.indexOfLine(line), 1);
    if (row?.line === line) cells[line] = row.cells;
  }
  return cells;
}
