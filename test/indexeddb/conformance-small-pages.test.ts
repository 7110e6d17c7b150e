import { deleteDB } from 'idb';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { runProviderConformance } from '../conformance/suite.js';
import { freshDatabaseName } from './helpers.js';

// With the default limits, bookmarks, walking a sort index for a large
// filter and checking conditions on records only start at thousands of
// matching users. Tiny limits send the query tests through those paths.
runProviderConformance(
  'IndexedDBProvider with tiny paging limits',
  async () => {
    const databaseName = freshDatabaseName('conformance-paging');
    const provider = new IndexedDBProvider({
      databaseName,
      paging: { bookmarkInterval: 16, walkChunk: 7, sortInMemoryLimit: 10, checkOnRecordsLimit: 20, cachedFilters: 2 },
    });
    return {
      provider,
      async cleanup() {
        provider.close();
        await deleteDB(databaseName);
      },
    };
  },
  { sections: ['queries'], userCount: 800 },
);
