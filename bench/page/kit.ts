/**
 * The parts of the kit the benchmarks drive. A part that is missing from
 * the source tree comes back as a reason instead, so that its figures read
 * "not available: …" rather than breaking the build of the bench page.
 */
import type { UserDataProvider } from '../../src/data/provider.js';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';

export { ImportSession } from '../../src/import/session.js';

/** Returns a new IndexedDB provider on `databaseName`; its connection opens on the first call. */
export function createProvider(databaseName: string): UserDataProvider {
  return new IndexedDBProvider({ databaseName });
}

export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

// A lazy glob: a file that does not exist yet simply yields no entry, so
// the page builds on any branch.
const TABLE_DEFINE = import.meta.glob('../../src/elements/all-users-table/define.ts');

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
      return { ok: false, reason: `loading <all-users-table> failed: ${error instanceof Error ? error.message : String(error)}` };
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
