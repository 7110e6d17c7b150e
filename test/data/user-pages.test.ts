import { expect } from '@open-wc/testing';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { PagerOptions } from '../../src/data/indexeddb/user-pages.js';
import type { ImportRecord, UserFilter, UserSort, UserSortField } from '../../src/data/provider.js';
import { compareUsers, matchesFilter } from '../../src/data/user-query.js';
import type { User } from '../../src/model/types.js';
import { freshDatabaseName, openProvider, seededDatabase } from '../indexeddb/helpers.js';

const COUNT = 600;
const FIRST_NAMES = ['María', 'Marek', 'Anna', 'Ben', 'Lina', 'Rosa', 'Karl', 'Mario', 'Olga', 'Pedro', 'Ana', 'Marta'];
const LAST_NAMES = ['Martin', 'Smith', 'Marsh', 'Lee', 'Okafor', 'Mar', 'Nguyen', 'Silva'];

/**
 * Small limits so that, over 600 users, a dense search's first pages are
 * found by walking the sort index while deep pages pass the walk limit and
 * fall back to sorting the matches in memory.
 */
const WALKING: Partial<PagerOptions> = { bookmarkInterval: 7, walkChunk: 40, sortInMemoryLimit: 1000, walkBeforeSortLimit: 300 };

/**
 * Counts `IDBIndex.getAll` calls, because reading whole records is what the
 * walk avoids, and `getAllKeys` calls on the sort index, which only a walk
 * makes (the search reads the `name` index too, by prefix).
 */
class ReadCounter {
  calls = 0;
  sortKeyReads = 0;
  private readonly getAll = IDBIndex.prototype.getAll;
  private readonly getAllKeys = IDBIndex.prototype.getAllKeys;

  install(sortField?: UserSortField): void {
    this.calls = 0;
    this.sortKeyReads = 0;
    const countRecords = (): void => {
      this.calls++;
    };
    const countKeys = (index: IDBIndex): void => {
      if (index.name === sortField) this.sortKeyReads++;
    };
    const { getAll, getAllKeys } = this;
    IDBIndex.prototype.getAll = function countedGetAll(this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
      countRecords();
      return getAll.apply(this, args);
    };
    IDBIndex.prototype.getAllKeys = function countedGetAllKeys(this: IDBIndex, ...args: Parameters<IDBIndex['getAllKeys']>) {
      countKeys(this);
      return getAllKeys.apply(this, args);
    };
  }

  uninstall(): void {
    IDBIndex.prototype.getAll = this.getAll;
    IDBIndex.prototype.getAllKeys = this.getAllKeys;
  }
}

async function seed(provider: IndexedDBProvider): Promise<void> {
  const records: ImportRecord[] = Array.from({ length: COUNT }, (_, n) => {
    const first = FIRST_NAMES[(n * 7) % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[(n * 5) % LAST_NAMES.length] as string;
    // Every ninth e-mail starts with "mar", so some users match the search by e-mail alone.
    const email = n % 9 === 0 ? `mar.${n}@example.com` : `person${n}@example.com`;
    return {
      line: n + 2,
      user: {
        id: `user-${String((n * 389) % COUNT).padStart(4, '0')}`,
        name: `${first} ${last}`,
        identifiers: [n % 4 === 0 ? { kind: 'whatsapp', value: `+44770090${String(n).padStart(4, '0')}` } : { kind: 'email', value: email }],
        createdAt: (n % 13) * 1000,
        lastActivityAt: n % 5 === 0 ? null : (n % 17) * 1000,
      },
    };
  });
  const job = await provider.startImport({ group: { name: 'Pages' }, onExisting: 'skip' });
  const result = await provider.writeImportBatch(job.id, 0, records);
  expect(result.counts.created, 'users created').to.equal(COUNT);
  await provider.finishImport(job.id);
}

async function allUsers(provider: IndexedDBProvider): Promise<User[]> {
  return (await provider.queryUsers({ offset: 0, limit: COUNT * 2 })).items;
}

function expectedIds(users: User[], filter: UserFilter, sort: UserSort): string[] {
  return users
    .filter((user) => matchesFilter(user, filter))
    .sort((a, b) => compareUsers(a, b, sort))
    .map((user) => user.id);
}

describe('UserPager one-condition filters', () => {
  const seeded = seededDatabase('pages', seed);
  const counter = new ReadCounter();

  before(() => {
    expect(seeded.users.length, 'seeded users').to.equal(COUNT);
  });
  afterEach(() => counter.uninstall());

  it('finds a first search page by walking', async () => {
    const provider = openProvider({ databaseName: seeded.databaseName, paging: WALKING });
    const filter = { search: 'mar' };
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const expected = expectedIds(seeded.users, filter, sort);

    counter.install();
    const page = await provider.queryUsers({ offset: 0, limit: 20, sort, filter });
    counter.uninstall();

    expect(expected.length, 'matches').to.be.within(150, 400);
    expect(page.total).to.equal(expected.length);
    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(0, 20));
    expect(counter.calls, 'getAll calls').to.equal(0);
  });

  it('sorts in memory past the walk limit', async () => {
    const provider = openProvider({ databaseName: seeded.databaseName, paging: WALKING });
    const filter = { search: 'mar' };
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const expected = expectedIds(seeded.users, filter, sort);
    const offset = expected.length - 20;

    counter.install();
    const page = await provider.queryUsers({ offset, limit: 20, sort, filter });
    counter.uninstall();

    expect(page.total).to.equal(expected.length);
    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(offset));
    expect(counter.calls, 'getAll calls').to.be.above(0);
  });

  it('sorts in memory once all users are counted', async () => {
    const provider = openProvider({ databaseName: seeded.databaseName, paging: { ...WALKING, walkBeforeSortLimit: 500 } });
    const filter = { search: 'mar' };
    const sort: UserSort = { field: 'createdAt', direction: 'asc' };
    const expected = expectedIds(seeded.users, filter, sort);
    const offset = expected.length - 20;

    // The unfiltered total, now cached, lets the pager see before walking
    // that the walk to this page (about offset × 600 / matches keys) passes
    // the limit.
    await provider.queryUsers({ offset: 0, limit: 1 });
    counter.install(sort.field);
    const page = await provider.queryUsers({ offset, limit: 20, sort, filter });
    counter.uninstall();

    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(offset));
    expect(counter.calls, 'getAll calls').to.be.above(0);
    expect(counter.sortKeyReads, 'sort-index key reads').to.equal(0);
  });

  it('walks past members clustered late', async () => {
    const provider = openProvider({ databaseName: seeded.databaseName, paging: { walkChunk: 5000, sortInMemoryLimit: 1000, walkBeforeSortLimit: 2000 } });
    // Every "Rosa" sorts after the other first names, so the first chunk,
    // sized from the average density, contains no member.
    const filter = { search: 'rosa' };
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const expected = expectedIds(seeded.users, filter, sort);

    await provider.queryUsers({ offset: 0, limit: 1 });
    counter.install();
    const page = await provider.queryUsers({ offset: 0, limit: 20, sort, filter });
    counter.uninstall();

    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(0, 20));
    expect(counter.calls, 'getAll calls').to.equal(0);
  });

  const filters: [string, UserFilter][] = [
    ['a dense search', { search: 'mar' }],
    ['a search by e-mail', { search: 'mar.' }],
    ['a sparse search', { search: 'okafor' }],
    ['a search with no match', { search: 'zz' }],
    ['a channel', { channels: ['whatsapp'] }],
    ['an activity range', { lastActivity: { from: 2000, to: 9000 } }],
  ];
  const sortFields: UserSortField[] = ['name', 'createdAt', 'lastActivityAt', 'id'];

  for (const [label, filter] of filters) {
    it(`pages ${label} as sorting all would`, async () => {
      for (const field of sortFields) {
        for (const direction of ['asc', 'desc'] as const) {
          const sort: UserSort = { field, direction };
          const expected = expectedIds(seeded.users, filter, sort);
          // Each sort gets new providers, so the walk starts without bookmarks.
          const walking = openProvider({ databaseName: seeded.databaseName, paging: WALKING });
          const sorting = openProvider({ databaseName: seeded.databaseName });
          // Once all users are counted, the walk sizes its chunks from the members' density.
          const counted = openProvider({ databaseName: seeded.databaseName, paging: WALKING });
          await counted.queryUsers({ offset: 0, limit: 1 });
          const offsets = [...new Set([0, 13, 60, 27, Math.max(0, expected.length - 9), expected.length + 3])];

          for (const offset of offsets) {
            const where = `${field} ${direction} at ${offset}`;
            const page = await walking.queryUsers({ offset, limit: 9, sort, filter });
            const reference = await sorting.queryUsers({ offset, limit: 9, sort, filter });
            const afterCount = await counted.queryUsers({ offset, limit: 9, sort, filter });

            expect(page.total, `${where} total`).to.equal(expected.length);
            expect(page.items.map((user) => user.id), where).to.deep.equal(expected.slice(offset, offset + 9));
            expect(reference.items.map((user) => user.id), `${where}, default limits`).to.deep.equal(expected.slice(offset, offset + 9));
            expect(afterCount.items.map((user) => user.id), `${where}, all users counted`).to.deep.equal(expected.slice(offset, offset + 9));
          }
        }
      }
    });
  }

  it('sees a write after walking', async () => {
    const provider = openProvider({ databaseName: freshDatabaseName('pages-write'), paging: WALKING });
    await seed(provider);
    const filter = { search: 'mar' };
    const sort: UserSort = { field: 'name', direction: 'asc' };
    await provider.queryUsers({ offset: 0, limit: 20, sort, filter });

    const created = await provider.createUser({ name: 'Aaron Marr', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });
    const page = await provider.queryUsers({ offset: 0, limit: 20, sort, filter });
    const expected = expectedIds(await allUsers(provider), filter, sort);

    expect(page.items[0]?.id).to.equal(created.id);
    expect(page.total).to.equal(expected.length);
    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(0, 20));
  });
});

describe('UserPager filters with several conditions', () => {
  const seeded = seededDatabase('several', seed);

  const filters: [string, UserFilter][] = [
    ['a search and a channel', { search: 'mar', channels: ['whatsapp'] }],
    ['several words and a range', { search: 'maría mar', lastActivity: { from: 2000, to: 12000 } }],
    ['a search, a channel and a range', { search: 'mar', channels: ['email'], lastActivity: { from: 3000, to: 4000 } }],
    ['an e-mail search and a source', { search: 'mar.', sources: ['import'] }],
  ];
  // The default limits read the smallest condition's records whole. With
  // every condition past `sortInMemoryLimit`, the ids of the conditions are
  // intersected and the pages walked, unless the candidates are few enough
  // (`checkOnRecordsLimit`) to check the larger conditions on their records.
  const limits: [string, Partial<PagerOptions>][] = [
    ['default limits', {}],
    ['intersected ids', { sortInMemoryLimit: 10, checkOnRecordsLimit: 0, walkChunk: 40, bookmarkInterval: 7 }],
    ['checked records', { sortInMemoryLimit: 10, checkOnRecordsLimit: 1000, walkChunk: 40 }],
  ];

  for (const [label, filter] of filters) {
    it(`pages ${label} as sorting all would`, async () => {
      for (const field of ['name', 'createdAt'] as UserSortField[]) {
        for (const direction of ['asc', 'desc'] as const) {
          const sort: UserSort = { field, direction };
          const expected = expectedIds(seeded.users, filter, sort);
          const offsets = [...new Set([0, 5, 23, Math.max(0, expected.length - 4), expected.length + 2])];

          for (const [limitsLabel, paging] of limits) {
            const provider = openProvider({ databaseName: seeded.databaseName, paging });
            for (const offset of offsets) {
              const where = `${field} ${direction} at ${offset}, ${limitsLabel}`;
              const page = await provider.queryUsers({ offset, limit: 9, sort, filter });

              expect(page.total, `${where} total`).to.equal(expected.length);
              expect(page.items.map((user) => user.id), where).to.deep.equal(expected.slice(offset, offset + 9));
            }
          }
        }
      }
    });
  }

  it('finds matches for each filter', () => {
    for (const [label, filter] of filters) {
      expect(expectedIds(seeded.users, filter, { field: 'name', direction: 'asc' }).length, label).to.be.above(5);
    }
  });
});

describe('UserPager deep pages', () => {
  const seeded = seededDatabase('deep', seed);

  for (const field of ['name', 'createdAt', 'lastActivityAt', 'phone'] as UserSortField[]) {
    it(`holds the right users by ${field}`, async () => {
      for (const direction of ['asc', 'desc'] as const) {
        const sort: UserSort = { field, direction };
        const expected = expectedIds(seeded.users, {}, sort);
        // A new provider per sort and few bookmarks, so pages are reached from the ends, bookmarks or both.
        const provider = openProvider({ databaseName: seeded.databaseName, paging: { maxBookmarks: 3 } });

        for (const offset of [594, 0, 37, 36, 38, 555, 300, 299, 1, 599, 600]) {
          const page = await provider.queryUsers({ offset, limit: 7, sort });

          expect(page.total, `${direction} total at ${offset}`).to.equal(COUNT);
          expect(page.items.map((user) => user.id), `${direction} at ${offset}`).to.deep.equal(expected.slice(offset, offset + 7));
        }
      }
    });
  }

  it('counts the users after a write', async () => {
    const provider = openProvider({ databaseName: freshDatabaseName('deep-write') });
    await seed(provider);
    const sort: UserSort = { field: 'name', direction: 'asc' };
    await provider.queryUsers({ offset: 500, limit: 5, sort });

    await provider.createUser({ name: 'Zed Last', identifiers: [{ kind: 'email', value: 'zed@example.com' }] });
    const page = await provider.queryUsers({ offset: COUNT - 2, limit: 5, sort });
    const expected = expectedIds(await allUsers(provider), {}, sort);

    expect(page.total).to.equal(COUNT + 1);
    expect(page.items.map((user) => user.id)).to.deep.equal(expected.slice(COUNT - 2));
  });
});
