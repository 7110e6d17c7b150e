/**
 * Loads the parts of the kit the benchmarks drive. A part that is missing
 * from the source tree, or lacks the API the bench calls, comes back as a
 * reason instead, so that its figures read "not available: …" rather than
 * breaking the build of the bench page.
 */
import type { ImportOptions, UserDataProvider } from '../../src/data/provider.js';

/** What the bench needs from the IndexedDB provider's constructor. */
export type ProviderFactory = (databaseName: string) => UserDataProvider;

/** The import pipeline as the wizard drives it. */
export interface ImportSessionLike {
  open(source: File | Blob | string): Promise<unknown>;
  suggestMapping(): unknown;
  run(provider: UserDataProvider, options: ImportOptions, hooks?: { onProgress?: (progress: unknown) => void }): Promise<unknown>;
}

export type ImportSessionFactory = () => ImportSessionLike;

export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

// Lazy globs: a file that does not exist yet simply yields no entry, so the
// page builds on any branch. Worker modules are left out because importing
// one on the main thread would run its message handler there.
const PUBLIC_ENTRY = import.meta.glob<Record<string, unknown>>('../../src/index.ts');
const PROVIDER_MODULES = import.meta.glob<Record<string, unknown>>(['../../src/data/indexeddb/**/*.ts', '../../src/data/default-provider.ts']);
const IMPORT_MODULES = import.meta.glob<Record<string, unknown>>(['../../src/import/**/*.ts', '!**/*worker*']);
const TABLE_DEFINE = import.meta.glob('../../src/elements/all-users-table/define.ts');

/** Loads the modules and returns the first export named `name`, public entry first. */
async function findExport(name: string, groups: Record<string, () => Promise<Record<string, unknown>>>[]): Promise<unknown> {
  for (const group of groups) {
    for (const load of Object.values(group)) {
      const module = await load();
      if (name in module) return module[name];
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let providerPart: Promise<Part<ProviderFactory>> | undefined;

export function loadProvider(): Promise<Part<ProviderFactory>> {
  providerPart ??= (async (): Promise<Part<ProviderFactory>> => {
    if (Object.keys(PROVIDER_MODULES).length === 0) return { ok: false, reason: 'src/data/indexeddb/ is not on this branch yet' };
    try {
      const IndexedDBProvider = await findExport('IndexedDBProvider', [PUBLIC_ENTRY, PROVIDER_MODULES]);
      if (typeof IndexedDBProvider !== 'function') return { ok: false, reason: 'no IndexedDBProvider class is exported' };
      const Provider = IndexedDBProvider as new (options: { databaseName: string }) => UserDataProvider;
      return { ok: true, value: (databaseName) => new Provider({ databaseName }) };
    } catch (error) {
      return { ok: false, reason: `loading the IndexedDB provider failed: ${describe(error)}` };
    }
  })();
  return providerPart;
}

let pipelinePart: Promise<Part<ImportSessionFactory>> | undefined;

export function loadPipeline(): Promise<Part<ImportSessionFactory>> {
  pipelinePart ??= (async (): Promise<Part<ImportSessionFactory>> => {
    if (Object.keys(IMPORT_MODULES).length === 0) return { ok: false, reason: 'src/import/ is not on this branch yet' };
    try {
      const ImportSession = await findExport('ImportSession', [PUBLIC_ENTRY, IMPORT_MODULES]);
      if (typeof ImportSession !== 'function') return { ok: false, reason: 'no ImportSession class is exported from src/import/' };
      const Session = ImportSession as new () => ImportSessionLike;
      for (const method of ['open', 'suggestMapping', 'run'] as const) {
        if (typeof Session.prototype[method] !== 'function') return { ok: false, reason: `ImportSession has no ${method}() method` };
      }
      return { ok: true, value: () => new Session() };
    } catch (error) {
      return { ok: false, reason: `loading the import pipeline failed: ${describe(error)}` };
    }
  })();
  return pipelinePart;
}

let tablePart: Promise<Part<string>> | undefined;

/** Registers `<all-users-table>`; the value is its tag name. */
export function loadTable(): Promise<Part<string>> {
  tablePart ??= (async (): Promise<Part<string>> => {
    const define = Object.values(TABLE_DEFINE)[0];
    if (!define) return { ok: false, reason: 'src/elements/all-users-table/ is not on this branch yet' };
    try {
      await define();
      if (!customElements.get('all-users-table')) return { ok: false, reason: 'define.ts did not register <all-users-table>' };
      return { ok: true, value: 'all-users-table' };
    } catch (error) {
      return { ok: false, reason: `loading <all-users-table> failed: ${describe(error)}` };
    }
  })();
  return tablePart;
}

export async function requirePart<T>(part: Promise<Part<T>>): Promise<T> {
  const loaded = await part;
  if (!loaded.ok) throw new NotAvailableError(loaded.reason);
  return loaded.value;
}

/** Thrown when a part of the kit the measurement needs is missing; its message is the reason. */
export class NotAvailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAvailableError';
  }
}
