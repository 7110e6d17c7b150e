import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { IndexedDBProvider, type IndexedDBProviderOptions } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { ContactIdentifier, User, UserInput } from '../../src/model/types.js';

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

/** A database seeded once for the tests of one describe block, with every user it contains. */
export interface SeededDatabase {
  databaseName: string;
  users: User[];
}

/**
 * Seeds a fresh database before the tests of the calling describe block
 * and deletes it after them. The returned object is filled in by the
 * `before` hook, so tests read it, not the describe body.
 */
export function seededDatabase(prefix: string, seed: (provider: IndexedDBProvider) => Promise<unknown>): SeededDatabase {
  const seeded: SeededDatabase = { databaseName: '', users: [] };
  before(async () => {
    seeded.databaseName = freshDatabaseName(prefix);
    const provider = openProvider({ databaseName: seeded.databaseName });
    await seed(provider);
    const { items, total } = await provider.queryUsers({ offset: 0, limit: 100_000 });
    seeded.users = items;
    expect(items.length, 'every seeded user read back').to.equal(total);
  });
  after(cleanUpProviders);
  return seeded;
}

/** Returns a complete user record, for tests that write users straight into an older database. */
export function plainUser(id: string, name: string, identifiers: ContactIdentifier[], createdAt: number): User {
  return {
    id,
    name,
    identifiers,
    preferences: {},
    source: { type: 'internal' },
    groupIds: [],
    attributes: {},
    createdAt,
    updatedAt: createdAt,
    lastActivityAt: null,
    version: 1,
  };
}

/** A valid user with a UK number from the range reserved for fiction. */
export function ukUser(n: number, overrides: Partial<UserInput> = {}): UserInput {
  return {
    name: `Test Person ${n}`,
    identifiers: [{ kind: 'phone', value: `+447700900${String(n).padStart(3, '0')}` }],
    ...overrides,
  };
}
