import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { DB_VERSION, migrate, toStoredUser, type UsersDB } from '../../src/data/indexeddb/schema.js';
import { saveStoredPages, STORED_PAGES_KEY, storedPagesOf, withBookmark, type StoredPages } from '../../src/data/indexeddb/stored-pages.js';
import type { ImportRecord, UserSort, UserSortField } from '../../src/data/provider.js';
import { compareUsers } from '../../src/data/user-query.js';
import type { User } from '../../src/model/types.js';
import { waitUntil } from '../helpers/wait.js';
import { cleanUpProviders, freshDatabaseName, openProvider, plainUser, seededDatabase } from './helpers.js';

const COUNT = 300;
const NAMES = ['Ana Silva', 'Ben Okafor', 'Chen Wei', 'Dara Lee', 'Émile Roy', 'Farah Khan', 'Gus Marsh', 'Hana Sato'];
/** Skips that short store a bookmark, so a few hundred users exercise the stored bookmarks. */
const PAGING = { storedBookmarkDistance: 20 };
const NAME_ASC: UserSort = { field: 'name', direction: 'asc' };

function records(count: number, first = 0): ImportRecord[] {
  return Array.from({ length: count }, (_, position) => {
    const n = first + position;
    return {
      line: n + 2,
      user: {
        id: `user-${String((n * 131) % 1000).padStart(3, '0')}-${n}`,
        name: `${NAMES[(n * 5) % NAMES.length] as string} ${n % 7}`,
        identifiers: [{ kind: 'email', value: `person${n}@example.com` }],
        createdAt: (n % 11) * 1000,
        lastActivityAt: n % 4 === 0 ? null : (n % 13) * 1000,
      },
    };
  });
}

async function seed(provider: IndexedDBProvider, count = COUNT): Promise<string> {
  const job = await provider.startImport({ group: { name: 'Stored pages' }, onExisting: 'skip' });
  const result = await provider.writeImportBatch(job.id, 0, records(count));
  expect(result.counts.created, 'users created').to.equal(count);
  await provider.finishImport(job.id);
  return job.id;
}

async function storedPages(databaseName: string): Promise<StoredPages | undefined> {
  const db = await openDB<UsersDB>(databaseName);
  try {
    return storedPagesOf(await db.get('meta', STORED_PAGES_KEY));
  } finally {
    db.close();
  }
}

async function waitForStoredTotal(databaseName: string): Promise<StoredPages> {
  let pages: StoredPages | undefined;
  await waitUntil(async () => (pages = await storedPages(databaseName))?.total !== undefined, 'the total to be stored');
  return pages as StoredPages;
}

async function waitForStoredBookmark(databaseName: string, field: UserSortField, row: number): Promise<void> {
  await waitUntil(
    async () => (await storedPages(databaseName))?.bookmarks?.[field]?.some(([stored]) => stored === row),
    `a bookmark of row ${row} by ${field} to be stored`,
  );
}

/**
 * Counts `count()` requests on every store and index, as the bench does,
 * and the rows each key cursor `advance()` skips.
 */
class RequestCounter {
  counts = 0;
  advanced: number[] = [];
  private readonly storeCount = IDBObjectStore.prototype.count;
  private readonly indexCount = IDBIndex.prototype.count;
  private readonly advance = IDBCursor.prototype.advance;

  install(): void {
    this.counts = 0;
    this.advanced = [];
    const counted = (): void => {
      this.counts++;
    };
    const skipped = (rows: number): void => {
      this.advanced.push(rows);
    };
    const { storeCount, indexCount, advance } = this;
    IDBObjectStore.prototype.count = function countedStore(this: IDBObjectStore, ...args: Parameters<IDBObjectStore['count']>) {
      counted();
      return storeCount.apply(this, args);
    };
    IDBIndex.prototype.count = function countedIndex(this: IDBIndex, ...args: Parameters<IDBIndex['count']>) {
      counted();
      return indexCount.apply(this, args);
    };
    // idb promisifies what a replaced method returns, and an advanced
    // cursor arrives through its request.
    IDBCursor.prototype.advance = function countedAdvance(this: IDBCursor, rows: number) {
      skipped(rows);
      advance.call(this, rows);
      return this.request as unknown as undefined;
    };
  }

  uninstall(): void {
    IDBObjectStore.prototype.count = this.storeCount;
    IDBIndex.prototype.count = this.indexCount;
    IDBCursor.prototype.advance = this.advance;
  }
}

async function allUsers(provider: IndexedDBProvider): Promise<User[]> {
  return (await provider.queryUsers({ offset: 0, limit: 10_000 })).items;
}

function expectedIds(users: readonly User[], sort: UserSort): string[] {
  return [...users].sort((a, b) => compareUsers(a, b, sort)).map((user) => user.id);
}

describe('IndexedDBProvider stored pager state', () => {
  const counter = new RequestCounter();

  afterEach(async () => {
    counter.uninstall();
    await cleanUpProviders();
  });

  it('gives a new provider the total', async () => {
    const databaseName = freshDatabaseName('stored-total');
    await seed(openProvider({ databaseName }));
    await openProvider({ databaseName }).queryUsers({ offset: 0, limit: 10 });
    const stored = await waitForStoredTotal(databaseName);

    counter.install();
    const page = await openProvider({ databaseName }).queryUsers({ offset: 0, limit: 10 });
    counter.uninstall();

    expect(stored.total).to.equal(COUNT);
    expect(page.total).to.equal(COUNT);
    expect(page.items).to.have.length(10);
    expect(counter.counts, 'count() requests').to.equal(0);
  });

  it('gives a new provider a deep bookmark', async () => {
    const databaseName = freshDatabaseName('stored-bookmark');
    const seeding = openProvider({ databaseName });
    await seed(seeding);
    const expected = expectedIds(await allUsers(seeding), NAME_ASC);
    await openProvider({ databaseName, paging: PAGING }).queryUsers({ offset: 250, limit: 10, sort: NAME_ASC });
    await waitForStoredBookmark(databaseName, 'name', 250);

    const provider = openProvider({ databaseName, paging: PAGING });
    counter.install();
    const same = await provider.queryUsers({ offset: 250, limit: 10, sort: NAME_ASC });
    const near = await provider.queryUsers({ offset: 243, limit: 10, sort: NAME_ASC });
    counter.uninstall();

    expect(same.items.map((user) => user.id)).to.deep.equal(expected.slice(250, 260));
    expect(near.items.map((user) => user.id)).to.deep.equal(expected.slice(243, 253));
    expect(counter.counts, 'count() requests').to.equal(0);
    // Without the stored bookmark the first page skips 49 rows back from the end.
    expect(counter.advanced, 'rows skipped per page').to.deep.equal([7]);
  });

  it('keeps bookmarks per sort field', async () => {
    const databaseName = freshDatabaseName('stored-fields');
    await seed(openProvider({ databaseName }));
    const first = openProvider({ databaseName, paging: PAGING });
    await first.queryUsers({ offset: 200, limit: 5, sort: { field: 'createdAt', direction: 'asc' } });
    await waitForStoredBookmark(databaseName, 'createdAt', 200);
    await first.queryUsers({ offset: 120, limit: 5, sort: { field: 'phone', direction: 'desc' } });

    // Descending pages store the mirrored ascending row.
    await waitForStoredBookmark(databaseName, 'phone', COUNT - 125);
    const stored = await storedPages(databaseName);
    expect(stored?.bookmarks?.createdAt?.map(([row]) => row)).to.deep.equal([200]);
    expect(stored?.bookmarks?.name).to.equal(undefined);
  });

  describe('after a write', () => {
    let databaseName: string;
    let importId: string;
    let reader: IndexedDBProvider;
    let writer: IndexedDBProvider;

    beforeEach(async () => {
      databaseName = freshDatabaseName('stored-write');
      writer = openProvider({ databaseName });
      importId = await seed(writer);
      reader = openProvider({ databaseName, paging: PAGING });
      await reader.queryUsers({ offset: 250, limit: 10, sort: NAME_ASC });
      await waitForStoredTotal(databaseName);
      await waitForStoredBookmark(databaseName, 'name', 250);
    });

    /** Checks that a new provider counts again, and pages and counts the users as they are now. */
    async function expectStateUnused(writes: string): Promise<void> {
      const stored = await storedPages(databaseName);
      expect(stored?.total, `stored total after ${writes}`).to.equal(undefined);
      expect(stored?.bookmarks, `stored bookmarks after ${writes}`).to.equal(undefined);

      const provider = openProvider({ databaseName, paging: PAGING });
      counter.install();
      const page = await provider.queryUsers({ offset: 250, limit: 10, sort: NAME_ASC });
      counter.uninstall();
      // Read after the page, because this query stores a new total that the page must not find.
      const expected = expectedIds(await allUsers(writer), NAME_ASC);

      expect(counter.counts, `count() requests after ${writes}`).to.equal(1);
      expect(page.total, `total after ${writes}`).to.equal(expected.length);
      expect(page.items.map((user) => user.id), `page after ${writes}`).to.deep.equal(expected.slice(250, 260));
    }

    it('is unused after a create', async () => {
      await writer.createUser({ name: 'Aaron First', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });
      await expectStateUnused('a create');
    });

    it('is unused after an update', async () => {
      const [user] = await allUsers(writer);
      await writer.updateUser(user!.id, { name: 'Zora Last' }, user!.version);
      await expectStateUnused('an update');
    });

    it('is unused after a delete', async () => {
      const [user] = await allUsers(writer);
      await writer.deleteUser(user!.id);
      await expectStateUnused('a delete');
    });

    it('is unused after a bulk delete', async () => {
      const ids = (await allUsers(writer)).slice(0, 5).map((user) => user.id);
      await writer.deleteUsers({ ids });
      await expectStateUnused('a bulk delete');
    });

    it('is unused after a group change', async () => {
      const group = await writer.createGroup({ name: 'Later' });
      const ids = (await allUsers(writer)).slice(0, 3).map((user) => user.id);
      await writer.addToGroup(group.id, { ids });
      await expectStateUnused('adding to a group');
    });

    it('is unused after an import batch', async () => {
      const job = await writer.startImport({ group: { name: 'Second import' }, onExisting: 'skip' });
      await writer.writeImportBatch(job.id, 0, records(20, COUNT));
      await expectStateUnused('an import batch');
    });

    it('is unused after an import run', async () => {
      const job = await writer.startImport({ group: { name: 'Run import' }, onExisting: 'skip' });
      // Without onBatch, which the run's callers may leave out.
      await writer.runImport(job.id, { firstBatch: 0, batchCount: 2, readBatch: async (batch) => records(10, COUNT + batch * 10) });

      await expectStateUnused('an import run');
      expect((await allUsers(writer)).length, 'users after the run').to.equal(COUNT + 20);
    });

    it('is unused after an undone import', async () => {
      await writer.undoImport(importId);
      await expectStateUnused('undoing the import');
    });

    it('is unused after a write by the reader', async () => {
      writer = reader;
      await reader.createUser({ name: 'Aaron First', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });
      await expectStateUnused("the reader's own create");
    });

    it('is kept by adding a note', async () => {
      const [user] = await allUsers(writer);

      await writer.addNote(user!.id, { text: 'Called back', author: 'Agent' });

      const stored = await storedPages(databaseName);
      expect(stored?.total).to.equal(COUNT);
      expect(stored?.bookmarks?.name?.map(([row]) => row)).to.deep.equal([250]);
      counter.install();
      const page = await openProvider({ databaseName, paging: PAGING }).queryUsers({ offset: 250, limit: 10, sort: NAME_ASC });
      counter.uninstall();
      expect(counter.counts, 'count() requests').to.equal(0);
      expect(page.items.map((item) => item.id)).to.deep.equal(expectedIds(await allUsers(writer), NAME_ASC).slice(250, 260));
    });

    it('is kept by a failed write', async () => {
      const [user] = await allUsers(writer);

      const error = await writer.updateUser(user!.id, { name: 'Stale' }, user!.version + 5).catch((caught: unknown) => caught);

      expect(error).to.be.instanceOf(Error);
      const stored = await storedPages(databaseName);
      expect(stored?.total).to.equal(COUNT);
      expect(stored?.bookmarks?.name?.map(([row]) => row)).to.deep.equal([250]);
    });

    it('is not saved over a later write', async () => {
      const before = await storedPages(databaseName);
      await writer.createUser({ name: 'Aaron First', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });
      const db = await openDB<UsersDB>(databaseName);

      const saved = await saveStoredPages(db, before!.version, (pages) => ({ ...pages, total: COUNT }));
      db.close();

      expect(saved).to.equal(false);
      expect((await storedPages(databaseName))?.total).to.equal(undefined);
    });
  });

  it('upgrades a version 2 database', async () => {
    const databaseName = freshDatabaseName('stored-upgrade');
    const old = await openDB<UsersDB>(databaseName, 2, {
      upgrade: (db, oldVersion, _newVersion, tx) => {
        void migrate(db, tx, oldVersion, 2);
      },
    });
    for (const n of [1, 2, 3]) {
      const user = plainUser(`old-${n}`, `Old Person ${n}`, [{ kind: 'email', value: `old${n}@example.com` }], n);
      await old.put('users', toStoredUser(user));
    }
    old.close();

    const page = await openProvider({ databaseName }).queryUsers({ offset: 0, limit: 10 });

    expect(page.total).to.equal(3);
    expect((await waitForStoredTotal(databaseName)).total).to.equal(3);
    const reopened = await openDB(databaseName);
    expect(reopened.version).to.equal(DB_VERSION);
    reopened.close();
  });
});

describe('IndexedDBProvider pages from stored bookmarks', () => {
  const seeded = seededDatabase('stored-pages', seed);

  for (const field of ['name', 'createdAt', 'lastActivityAt', 'phone', 'id'] as UserSortField[]) {
    it(`holds the right users by ${field}`, async () => {
      for (const direction of ['asc', 'desc'] as const) {
        const sort: UserSort = { field, direction };
        const expected = expectedIds(seeded.users, sort);

        // A new provider per page, so each starts from the bookmarks the earlier ones stored.
        for (const offset of [150, 149, 151, 40, 260, 0, 299, 75, 76, 300]) {
          const provider = openProvider({ databaseName: seeded.databaseName, paging: { ...PAGING, maxStoredBookmarks: 3 } });
          const page = await provider.queryUsers({ offset, limit: 7, sort });
          await waitUntil(async () => (await storedPages(seeded.databaseName))?.total !== undefined, 'the total to be stored');

          expect(page.total, `${direction} total at ${offset}`).to.equal(COUNT);
          expect(page.items.map((user) => user.id), `${direction} at ${offset}`).to.deep.equal(expected.slice(offset, offset + 7));
        }
      }
      const stored = await storedPages(seeded.databaseName);
      expect(stored?.bookmarks?.[field]?.length, 'stored bookmarks').to.be.within(1, 3);
    });
  }
});

describe('withBookmark', () => {
  it('keeps bookmarks sorted by row', () => {
    expect(withBookmark([[10, ['b', '1']], [30, ['d', '3']]], [20, ['c', '2']], 8).map(([row]) => row)).to.deep.equal([10, 20, 30]);
  });

  it('replaces a bookmark of the same row', () => {
    expect(withBookmark([[10, ['b', '1']]], [10, ['c', '2']], 8)).to.deep.equal([[10, ['c', '2']]]);
  });

  it('drops the bookmark closest to another', () => {
    const bookmarks = withBookmark([[0, ['a', '0']], [100, ['b', '1']], [110, ['c', '2']]], [300, ['d', '3']], 3);

    expect(bookmarks.map(([row]) => row)).to.deep.equal([0, 100, 300]);
  });
});
