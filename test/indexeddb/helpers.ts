import { deleteDB } from 'idb';
import { IndexedDBProvider, type IndexedDBProviderOptions } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { UserInput } from '../../src/model/types.js';

let counter = 0;

/** Returns a database name no other test uses. */
export function freshDatabaseName(prefix = 'test'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const opened: { provider: IndexedDBProvider; name: string }[] = [];

/** Opens a provider on a fresh database, closed and deleted by {@link cleanUpProviders}. */
export function openProvider(options: IndexedDBProviderOptions = {}): IndexedDBProvider {
  const name = options.databaseName ?? freshDatabaseName();
  const provider = new IndexedDBProvider({ ...options, databaseName: name });
  opened.push({ provider, name });
  return provider;
}

/** Closes every provider {@link openProvider} opened and deletes their databases. */
export async function cleanUpProviders(): Promise<void> {
  const names = new Set<string>();
  for (const { provider, name } of opened.splice(0)) {
    provider.close();
    names.add(name);
  }
  for (const name of names) await deleteDB(name);
}

/** A valid user with a UK number from the range reserved for fiction. */
export function ukUser(n: number, overrides: Partial<UserInput> = {}): UserInput {
  return {
    name: `Test Person ${n}`,
    identifiers: [{ kind: 'phone', value: `+447700900${String(n).padStart(3, '0')}` }],
    ...overrides,
  };
}
