import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { timeOrderedIds } from '../../src/data/indexeddb/ids.js';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { freshDatabaseName } from './helpers.js';

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedIds', () => {
  it('starts a version 7 UUID with the time', () => {
    const next = timeOrderedIds(() => 0x0192_3456_789a);
    const id = next();
    expect(id).to.match(VERSION_7);
    expect(id.slice(0, 13)).to.equal('01923456-789a');
  });

  it('sorts ids in the order made', () => {
    let time = 1_800_000_000_000;
    const next = timeOrderedIds(() => time);
    const ids: string[] = [];
    for (let index = 0; index < 5000; index++) {
      if (index % 1000 === 999) time++;
      ids.push(next());
    }
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('keeps the order when the clock goes back', () => {
    let time = 1_800_000_000_000;
    const next = timeOrderedIds(() => time);
    const first = next();
    time -= 60_000;
    const second = next();
    expect(second > first).to.equal(true);
    expect(second.slice(0, 13)).to.equal(first.slice(0, 13));
  });
});

describe('IndexedDBProvider ids', () => {
  it('gives new users time-ordered ids', async () => {
    const databaseName = freshDatabaseName('ids');
    const provider = new IndexedDBProvider({ databaseName, crossTab: false });
    try {
      const first = await provider.createUser({ name: 'Ada', identifiers: [{ kind: 'email', value: 'ada@example.com' }] });
      const second = await provider.createUser({ name: 'Bob', identifiers: [{ kind: 'email', value: 'bob@example.com' }] });
      expect(first.id).to.match(VERSION_7);
      expect(second.id > first.id).to.equal(true);
    } finally {
      provider.close();
      await deleteDB(databaseName);
    }
  });
});
