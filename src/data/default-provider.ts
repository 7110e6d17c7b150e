import { DEFAULT_DATABASE_NAME, IndexedDBProvider, type IndexedDBProviderOptions } from './indexeddb/indexeddb-provider.js';
import { defaultSlot } from './default-slot.js';
import type { UserDataProvider } from './provider.js';

let warned = false;

/**
 * Returns the provider that elements use when they are given none: one
 * {@link IndexedDBProvider} per page, on the database `all-users` unless the
 * first call names another. Later calls return the same provider, so their
 * options are ignored (with one console warning when they name another
 * database). A host with a backend calls {@link setDefaultProvider} instead.
 */
export function getDefaultProvider(options: IndexedDBProviderOptions = {}): UserDataProvider {
  const name = options.databaseName ?? DEFAULT_DATABASE_NAME;
  if (!defaultSlot.provider) {
    defaultSlot.provider = new IndexedDBProvider({ ...options, databaseName: name });
    defaultSlot.databaseName = name;
    return defaultSlot.provider;
  }
  const sharedName = defaultSlot.databaseName;
  if (options.databaseName && options.databaseName !== sharedName && !warned) {
    warned = true;
    console.warn(
      `getDefaultProvider() was called with databaseName "${options.databaseName}", but the default provider already uses ${sharedName ? `"${sharedName}"` : 'a provider set by setDefaultProvider()'}. Pass the name on the first call, or give elements their own provider.`,
    );
  }
  return defaultSlot.provider;
}

/**
 * Makes `provider` the one {@link getDefaultProvider} returns, for example a
 * `FetchProvider` for a host with a backend. Call it before the first
 * element connects; elements that already resolved a provider keep theirs.
 */
export function setDefaultProvider(provider: UserDataProvider): void {
  defaultSlot.provider = provider;
  if (provider instanceof IndexedDBProvider) defaultSlot.databaseName = provider.databaseName;
  else delete defaultSlot.databaseName;
}
