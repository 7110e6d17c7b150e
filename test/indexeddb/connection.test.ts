import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { openDB } from 'idb';
import { BlockedError, UnavailableError } from '../../src/data/errors.js';
import type { ProviderCloseEvent } from '../../src/data/indexeddb/indexeddb-provider.js';
import { DB_VERSION, migrate, userKeys, type UsersDB } from '../../src/data/indexeddb/schema.js';
import type { DataChange } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';
import { cleanUpProviders, freshDatabaseName, openProvider, ukUser } from './helpers.js';

/** Opens the database at schema version 1, as the first release left it. */
function openVersionOne(name: string) {
  return openDB<UsersDB>(name, 1, {
    upgrade: (db, oldVersion, _newVersion, tx) => {
      void migrate(db, tx, oldVersion, 1);
    },
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject, but it resolved.');
}

describe('IndexedDBProvider connection', () => {
  afterEach(cleanUpProviders);

  it('upgrades a version 1 database', async () => {
    const name = freshDatabaseName();
    const old = await openVersionOne(name);
    const user: User = {
      id: 'old-user',
      name: 'Ōsaka Person',
      identifiers: [{ kind: 'phone', value: '+447700900321' }],
      preferences: {},
      source: { type: 'internal' },
      groupIds: [],
      attributes: {},
      createdAt: 1,
      updatedAt: 1,
      lastActivityAt: null,
      version: 1,
    };
    // Version 1 stored no search tokens.
    await old.put('users', { ...user, k: { ...userKeys(user), tokens: [] } });
    old.close();

    const provider = openProvider({ databaseName: name });
    const found = await provider.queryUsers({ offset: 0, limit: 10, filter: { search: 'osaka' } });
    const byPhone = await provider.queryUsers({ offset: 0, limit: 10, filter: { search: '900321' } });

    expect(found.items).to.deep.equal([user]);
    expect(byPhone.total).to.equal(1);
    const reopened = await openDB(name);
    expect(reopened.version).to.equal(DB_VERSION);
    reopened.close();
  });

  it('closes for an upgrade in another tab', async () => {
    const name = freshDatabaseName();
    const provider = openProvider({ databaseName: name });
    await provider.createUser(ukUser(1));
    const closes: ProviderCloseEvent[] = [];
    const changes: DataChange[] = [];
    provider.onClose((event) => closes.push(event));
    provider.subscribe((change) => changes.push(change));

    const newer = await openDB(name, DB_VERSION + 1);
    newer.close();
    const error = await rejectionOf(provider.queryUsers({ offset: 0, limit: 10 }));

    expect(closes.map((event) => event.reason)).to.deep.equal(['version-change']);
    expect(changes).to.deep.equal([{ entity: 'all' }]);
    expect(provider.closed).to.equal(true);
    expect(error).to.be.instanceOf(UnavailableError);
    expect((error as Error).message).to.contain('Reload');
  });

  it('raises BlockedError while an old tab holds on', async () => {
    const name = freshDatabaseName();
    const old = await openVersionOne(name);
    await old.put('groups', { id: 'g1', name: 'Old group', nameKey: 'old group', description: '', tags: [], memberCount: 0, createdAt: 1, updatedAt: 1 });
    const provider = openProvider({ databaseName: name });

    const blocked = await rejectionOf(provider.listGroups());
    const again = await rejectionOf(provider.listGroups());
    old.close();
    let groups: unknown[] = [];
    await waitUntil(async () => {
      groups = await provider.listGroups().catch(() => []);
      return groups.length === 1;
    }, 'the upgrade did not go on after the old tab closed');

    expect(blocked).to.be.instanceOf(BlockedError);
    expect((blocked as Error).message).to.contain('Close or reload the other tabs');
    expect(again).to.be.instanceOf(BlockedError);
    expect(groups).to.have.length(1);
  });

  it('tells another provider on the database', async () => {
    const name = freshDatabaseName();
    const writer = openProvider({ databaseName: name });
    const reader = openProvider({ databaseName: name });
    const before = await reader.queryUsers({ offset: 0, limit: 10 });
    const received: DataChange[] = [];
    reader.subscribe((change) => received.push(change));

    const user = await writer.createUser(ukUser(1));
    await waitUntil(() => received.length > 0, 'no change arrived from the other provider');
    const after = await reader.queryUsers({ offset: 0, limit: 10 });

    expect(received[0]).to.deep.equal({ entity: 'users', ids: [user.id], remote: true });
    expect(before.total).to.equal(0);
    expect(after.total).to.equal(1);
  });

  it('keeps other databases out', async () => {
    const writer = openProvider();
    const other = openProvider();
    const received: DataChange[] = [];
    other.subscribe((change) => received.push(change));
    const marker = openProvider({ databaseName: other.databaseName });

    await writer.createUser(ukUser(1));
    await marker.createGroup({ name: 'Marker' });
    await waitUntil(() => received.length > 0, 'the marker change did not arrive');

    expect(received.map((change) => change.entity)).to.deep.equal(['groups']);
  });

  it('raises UnavailableError after close', async () => {
    const provider = openProvider();
    const closes: ProviderCloseEvent[] = [];
    provider.onClose((event) => closes.push(event));

    provider.close();
    const error = await rejectionOf(provider.getUser('anyone'));

    expect(error).to.be.instanceOf(UnavailableError);
    expect(closes.map((event) => event.reason)).to.deep.equal(['closed']);
  });
});
