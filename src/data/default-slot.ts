import type { UserDataProvider } from './provider.js';

/**
 * The page's default provider, kept apart from the IndexedDB provider's
 * module so that elements can find it without loading that module.
 */
export const defaultSlot: { provider?: UserDataProvider; databaseName?: string } = {};
