import { deleteDB } from 'idb';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { runProviderConformance } from '../conformance/suite.js';
import { freshDatabaseName } from './helpers.js';

runProviderConformance('IndexedDBProvider conformance', async () => {
  const databaseName = freshDatabaseName('conformance');
  const provider = new IndexedDBProvider({ databaseName });
  return {
    provider,
    async cleanup() {
      provider.close();
      await deleteDB(databaseName);
    },
  };
});
