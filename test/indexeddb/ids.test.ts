import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { timeOrderedIds } from '../../src/data/indexeddb/ids.js';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { freshDatabaseName } from './helpers.js';

const ID = /^[0-9A-Za-z]{16}$/;

describe('timeOrderedIds', () => {
  it('starts with the time in base 62', () => {
    const next = timeOrderedIds(() => 62 ** 7 + 61 * 62 + 10);
    const id = next();
    expect(id).to.match(ID);
    expect(id.slice(0, 8)).to.equal('100000zA');
  });

  it('sorts ids of later times after', () => {
    let time = 1_800_000_000_000;
    const next = timeOrderedIds(() => time);
    const ids: string[] = [];
    for (let step = 1; step < 62 ** 4; step *= 7) {
      time += step;
      ids.push(next());
    }
    expect([...ids].sort()).to.deep.equal(ids);
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
    expect(second.slice(0, 8)).to.equal(first.slice(0, 8));
  });
});

describe('IndexedDBProvider ids', () => {
  it('gives new users time-ordered ids', async () => {
    const databaseName = freshDatabaseName('ids');
    const provider = new IndexedDBProvider({ databaseName, crossTab: false });
    try {
      const first = await provider.createUser({ name: 'Ada', identifiers: [{ kind: 'email', value: 'ada@example.com' }] });
      const second = await provider.createUser({ name: 'Bob', identifiers: [{ kind: 'email', value: 'bob@example.com' }] });
      expect(first.id).to.match(ID);
      expect(second.id > first.id).to.equal(true);
    } finally {
      provider.close();
      await deleteDB(databaseName);
    }
  });
});
