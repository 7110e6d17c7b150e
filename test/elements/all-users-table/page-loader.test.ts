import { expect } from '@open-wc/testing';
import type { Page, UserQuery } from '../../../src/data/provider.js';
import { filterKey } from '../../../src/data/user-query.js';
import { isAbortError, UserPageLoader, type QueryState, type TotalListeners } from '../../../src/elements/all-users-table/page-loader.js';
import type { User } from '../../../src/model/types.js';
import { cleanUpProviders, openProvider } from '../../indexeddb/helpers.js';
import { waitUntil } from '../../helpers/wait.js';
import { importUsers, recordingProvider } from './helpers.js';

const BY_NAME: QueryState = { filter: {}, sort: { field: 'name', direction: 'asc' } };
const BY_PHONE: QueryState = { filter: {}, sort: { field: 'phone', direction: 'asc' } };

async function seededLoader(users: number, pageSize: number) {
  const provider = openProvider();
  await importUsers(
    provider,
    'Loader test',
    Array.from({ length: users }, (_, n) => ({
      name: `Person ${String(n).padStart(3, '0')}`,
      identifiers: [{ kind: 'email', value: `person${n}@example.com` }],
    })),
  );
  const recording = recordingProvider(provider);
  return { loader: new UserPageLoader(recording.provider, pageSize), queries: recording.queries };
}

function page(total: number, items: number): Page<User> {
  return { total, items: Array.from({ length: items }, () => ({}) as User) };
}

describe('UserPageLoader', () => {
  afterEach(cleanUpProviders);

  it('requests a page once while it is in flight', async () => {
    const { loader, queries } = await seededLoader(5, 2);

    const [first, second] = await Promise.all([loader.load(BY_NAME, 1), loader.load(BY_NAME, 1)]);

    expect(first).to.equal(second);
    expect(queries).to.have.length(1);
    expect(queries[0]?.query).to.deep.include({ offset: 2, limit: 2 });
  });

  it('serves a loaded page from its cache', async () => {
    const { loader, queries } = await seededLoader(5, 2);
    await loader.load(BY_NAME, 0);

    await loader.load(BY_NAME, 0);

    expect(queries).to.have.length(1);
  });

  it('requests again after invalidate', async () => {
    const { loader, queries } = await seededLoader(5, 2);
    await loader.load(BY_NAME, 0);

    loader.invalidate();
    await loader.load(BY_NAME, 0);

    expect(queries).to.have.length(2);
  });

  it('drops the least recently used page beyond its capacity', async () => {
    const capacity = UserPageLoader.MAX_CACHED_PAGES;
    const { loader, queries } = await seededLoader(capacity + 2, 1);
    for (let index = 0; index <= capacity; index++) await loader.load(BY_NAME, index);

    await loader.load(BY_NAME, capacity);
    const beforeEvicted = queries.length;
    await loader.load(BY_NAME, 0);

    expect(beforeEvicted).to.equal(capacity + 1);
    expect(queries).to.have.length(capacity + 2);
  });

  it('aborts the requests of other states', async () => {
    const { loader } = await seededLoader(5, 2);
    const older = loader.load(BY_NAME, 0);

    loader.abortOtherStates(BY_PHONE);

    const error = await older.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isAbortError(error)).to.equal(true);
  });

  it('keeps the total of a filter across sorts', async () => {
    const { loader } = await seededLoader(5, 2);

    await loader.load(BY_NAME, 0);

    expect(loader.knownTotal(BY_PHONE)).to.equal(5);
  });

  describe('approximate totals', () => {
    const SEARCH: QueryState = { filter: { search: 'person' }, sort: { field: 'name', direction: 'asc' } };

    async function searchLoader(listeners: TotalListeners) {
      const provider = openProvider();
      await importUsers(
        provider,
        'Estimate test',
        Array.from({ length: 30 }, (_, n) => ({ name: `Person ${n}`, identifiers: [{ kind: 'email', value: `p${n}@example.com` }] })),
      );
      const recording = recordingProvider(provider);
      return { loader: new UserPageLoader(recording.provider, 2, listeners), queries: recording.queries };
    }

    it('follows an estimate with one exact count', async () => {
      const counted: string[] = [];
      const { loader, queries } = await searchLoader({ onTotal: (filter) => counted.push(filter) });

      const [first] = await Promise.all([loader.load(SEARCH, 0), loader.load(SEARCH, 1)]);
      const sizeBefore = loader.knownTotal(SEARCH);
      await waitUntil(() => counted.length > 0, 'the exact count');

      expect(first.totalApproximate).to.equal(true);
      expect(sizeBefore).to.equal(undefined);
      expect(counted).to.deep.equal([filterKey(SEARCH.filter)]);
      expect(loader.knownTotal(SEARCH)).to.equal(30);
      expect(loader.sizeAfter(SEARCH, 0, first)).to.equal(30);
      expect(queries.filter(({ query }) => query.limit === 0)).to.have.length(1);
      expect(queries[0]?.query.allowApproximateTotal).to.equal(true);
    });

    it('counts again on return to a state', async () => {
      const counted: string[] = [];
      const { loader, queries } = await searchLoader({ onTotal: (filter) => counted.push(filter) });
      await loader.load(SEARCH, 0);
      loader.abortOtherStates(BY_NAME);

      await loader.load(SEARCH, 0);
      await waitUntil(() => counted.length > 0, 'the exact count after the return');

      expect(queries.filter(({ query }) => query.limit === 0)).to.have.length(2);
      expect(queries.filter(({ query }) => query.limit === 2)).to.have.length(1);
      expect(loader.knownTotal(SEARCH)).to.equal(30);
    });

    it('keeps the first estimate until the count', async () => {
      const { loader } = await searchLoader({});
      const first = await loader.load(SEARCH, 0);

      const size = loader.sizeAfter(SEARCH, 1, { items: first.items, total: first.total + 7, totalApproximate: true });

      expect(size).to.equal(first.total);
    });

    it('reports a failed count', async () => {
      const failures: unknown[] = [];
      const provider = openProvider();
      await importUsers(provider, 'Failing count', [
        { name: 'Person A', identifiers: [{ kind: 'email', value: 'a@example.com' }] },
        { name: 'Person B', identifiers: [{ kind: 'email', value: 'b@example.com' }] },
        { name: 'Person C', identifiers: [{ kind: 'email', value: 'c@example.com' }] },
      ]);
      const failing = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery) => {
              if (query.limit === 0) throw new Error('count failed');
              return target.queryUsers(query);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const loader = new UserPageLoader(failing, 1, { onTotalError: (_filter, error) => failures.push(error) });

      const first = await loader.load(SEARCH, 0);
      await waitUntil(() => failures.length > 0, 'the failed count');

      expect(first.totalApproximate).to.equal(true);
      expect(String(failures[0])).to.contain('count failed');
      expect(loader.knownTotal(SEARCH)).to.equal(undefined);
    });
  });

  describe('sizeAfter', () => {
    it('reports the total for a full page', () => {
      const loader = new UserPageLoader(openProvider(), 10);

      expect(loader.sizeAfter(BY_NAME, 0, page(25, 10))).to.equal(25);
      expect(loader.sizeAfter(BY_NAME, 2, page(25, 5))).to.equal(25);
    });

    it('cuts the size at a short page and keeps the cut', () => {
      const loader = new UserPageLoader(openProvider(), 10);

      expect(loader.sizeAfter(BY_NAME, 1, page(25, 4))).to.equal(14);
      expect(loader.sizeAfter(BY_NAME, 0, page(25, 10))).to.equal(14);
      expect(loader.knownTotal(BY_NAME)).to.equal(undefined);
    });

    it('forgets the cut after invalidate', () => {
      const loader = new UserPageLoader(openProvider(), 10);
      loader.sizeAfter(BY_NAME, 1, page(25, 4));

      loader.invalidate();

      expect(loader.sizeAfter(BY_NAME, 0, page(25, 10))).to.equal(25);
    });
  });
});
