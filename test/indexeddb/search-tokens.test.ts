import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { migrate, storedSearchTokens, toStoredUser, type StoredUser, type UsersDB } from '../../src/data/indexeddb/schema.js';
import { searchHead, searchHeads, searchTokens } from '../../src/data/user-query.js';
import type { User } from '../../src/model/types.js';
import { cleanUpProviders, freshDatabaseName, openProvider, plainUser } from './helpers.js';

const PEOPLE: User[] = [
  plainUser('user-0', 'Anna Lee', [{ kind: 'email', value: 'anna@example.com' }, { kind: 'instagram', value: 'annalee' }], 0),
  plainUser('user-1', 'Émile Roy', [{ kind: 'email', value: 'émile@example.com' }], 1),
  plainUser('user-2', '(Bob) Stone', [{ kind: 'email', value: 'stone@example.com' }], 2),
  plainUser('user-3', 'Cleo Park', [{ kind: 'phone', value: '+447700900123' }], 3),
];

/** Opens a database at an older schema version, as a release of that version left it. */
function openAtVersion(databaseName: string, version: number) {
  return openDB<UsersDB>(databaseName, version, {
    upgrade: (db, oldVersion, _newVersion, tx) => {
      void migrate(db, tx, oldVersion, version);
    },
  });
}

describe('stored search tokens', () => {
  after(cleanUpProviders);

  it('leaves out what other indexes hold', () => {
    const [anna, emile, bob, cleo] = PEOPLE.map(storedSearchTokens);
    const spaced = storedSearchTokens(plainUser('user-4', 'Dee', [{ kind: 'whatsapp', value: '+1 202 555 0147' }], 4));

    expect(anna).to.deep.equal(['nlee']);
    expect(emile, 'a folded e-mail address differs from its key').to.deep.equal(['nroy', 'eemile@example.com']);
    expect(bob, 'a name that starts with no word').to.deep.equal(['nbob) stone', 'nstone']);
    expect(cleo, 'the national digits and the reversed digits').to.deep.equal(['npark', 'p7700900123', 'r321009007744']);
    expect(spaced, 'a number whose key is not its digits').to.deep.equal(['p12025550147', 'p2025550147', 'r74105552021']);
  });

  it('keeps every token for matching', () => {
    const [anna] = PEOPLE;

    expect(searchTokens(anna as User)).to.have.members(['nanna lee', 'nlee', 'eanna@example.com', 'hannalee']);
  });

  const searches: [string, string[]][] = [
    ['ann', ['Anna Lee']],
    ['anna l', ['Anna Lee']],
    ['lee', ['Anna Lee']],
    ['anna@ex', ['Anna Lee']],
    ['@annal', ['Anna Lee']],
    ['emile', ['Émile Roy']],
    ['émile@', ['Émile Roy']],
    ['bob', ['(Bob) Stone']],
    ['(bo', []],
    ['stone@', ['(Bob) Stone']],
    ['example', []],
    ['+44 7700 9', ['Cleo Park']],
    ['07700 900', ['Cleo Park']],
    ['0044 7700', ['Cleo Park']],
    ['0123', ['Cleo Park']],
    ['0090', []],
  ];
  for (const [search, names] of searches) {
    it(`finds "${search}"`, async () => {
      const provider = openProvider();
      for (const { name, identifiers } of PEOPLE) await provider.createUser({ name, identifiers });

      const page = await provider.queryUsers({ offset: 0, limit: 10, filter: { search } });

      expect(page.items.map((user) => user.name)).to.have.members(names);
      expect(page.total).to.equal(names.length);
    });
  }

  it('keeps the heads of names, e-mail addresses and handles', () => {
    const [anna, emile, bob, cleo] = PEOPLE.map(searchHeads);

    expect(anna).to.have.members(['ann', 'lee']);
    expect(emile).to.have.members(['emi', 'roy']);
    expect(bob).to.have.members(['bob', 'sto']);
    expect(cleo, 'no head for a phone number').to.have.members(['cle', 'par']);
  });

  const heads: [string, string | undefined][] = [
    ['Anna L', 'ann'],
    ['@annal', 'ann'],
    ['Émile@', 'emi'],
    ['an', undefined],
    ['0123', undefined],
    ['+44 7700', undefined],
  ];
  for (const [search, expected] of heads) {
    it(`takes the head of "${search}"`, () => {
      expect(searchHead(search)).to.equal(expected);
    });
  }

  for (const [search, names] of searches) {
    it(`finds "${search}" with an approximate total`, async () => {
      const provider = openProvider({ paging: { walkChunk: 1 } });
      for (const { name, identifiers } of PEOPLE) await provider.createUser({ name, identifiers });

      const page = await provider.queryUsers({ offset: 0, limit: 1, filter: { search }, allowApproximateTotal: true });
      const rest = await provider.queryUsers({ offset: 1, limit: 10, filter: { search }, allowApproximateTotal: true });

      expect([...page.items, ...rest.items].map((user) => user.name)).to.have.members(names);
      expect(rest.total).to.equal(names.length);
    });
  }

  it('counts a search as long as a head on its index', async () => {
    const provider = openProvider();
    for (const { name, identifiers } of PEOPLE) await provider.createUser({ name, identifiers });
    const counted: string[] = [];
    const count = IDBIndex.prototype.count;
    IDBIndex.prototype.count = function (this: IDBIndex, query?: IDBValidKey | IDBKeyRange) {
      counted.push(this.name);
      return count.call(this, query);
    };

    const totals: Record<string, number> = {};
    try {
      for (const search of ['ann', 'LEE', 'émi', 'sto', '@an', 'anna']) {
        totals[search] = (await provider.queryUsers({ offset: 0, limit: 0, filter: { search } })).total;
      }
    } finally {
      IDBIndex.prototype.count = count;
    }

    expect(totals).to.deep.equal({ ann: 1, LEE: 1, émi: 1, sto: 1, '@an': 1, anna: 1 });
    expect(counted.filter((index) => index === 'heads'), 'counts of the heads index').to.have.length(4);
  });

  it('upgrades the heads of a version 4 database', async () => {
    const databaseName = freshDatabaseName('heads-upgrade');
    const old = await openAtVersion(databaseName, 4);
    const [anna] = PEOPLE;
    const { heads: _heads, ...keys } = toStoredUser(anna as User).k;
    await old.put('users', { ...(anna as User), k: keys } as StoredUser);
    old.close();

    const page = await openProvider({ databaseName }).queryUsers({ offset: 0, limit: 10, filter: { search: 'lee' }, allowApproximateTotal: true });
    const upgraded = await openDB<UsersDB>(databaseName);
    const record = await upgraded.get('users', 'user-0');
    const inIndex = await upgraded.getAllKeysFromIndex('users', 'heads', IDBKeyRange.bound(['lee'], ['lee', []]));
    upgraded.close();

    expect(page.items.map((user) => user.id)).to.deep.equal(['user-0']);
    expect(record?.k.heads).to.have.deep.members([
      ['ann', 'anna lee', 'user-0'],
      ['lee', 'anna lee', 'user-0'],
    ]);
    expect(inIndex).to.deep.equal(['user-0']);
  });

  it('upgrades the tokens of a version 3 database', async () => {
    const databaseName = freshDatabaseName('tokens-upgrade');
    const old = await openAtVersion(databaseName, 3);
    const [anna] = PEOPLE;
    const stored = toStoredUser(anna as User);
    await old.put('users', { ...stored, k: { ...stored.k, tokens: searchTokens(anna as User) } });
    old.close();

    const page = await openProvider({ databaseName }).queryUsers({ offset: 0, limit: 10, filter: { search: 'anna' } });
    const upgraded = await openDB<UsersDB>(databaseName);
    const record = await upgraded.get('users', 'user-0');
    upgraded.close();

    expect(page.items.map((user) => user.id)).to.deep.equal(['user-0']);
    expect(record?.k.tokens).to.deep.equal(['nlee']);
  });
});
