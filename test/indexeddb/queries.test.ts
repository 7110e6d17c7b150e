import { expect } from '@open-wc/testing';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { UserFilter, UserSort, UserSortField } from '../../src/data/provider.js';
import { compareUsers, matchesFilter } from '../../src/data/user-query.js';
import type { User, UserInput } from '../../src/model/types.js';
import { cleanUpProviders, openProvider } from './helpers.js';

/** Returns a mulberry32 generator, so a failing data set can be replayed from its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function searchNames(provider: IndexedDBProvider, search: string): Promise<string[]> {
  const page = await provider.queryUsers({ offset: 0, limit: 100, filter: { search } });
  return page.items.map((user) => user.name);
}

describe('IndexedDBProvider search', () => {
  let provider: IndexedDBProvider;

  beforeEach(async () => {
    provider = openProvider();
    const people: UserInput[] = [
      { name: 'Jean-Luc Picard', identifiers: [{ kind: 'phone', value: '+447700900123' }] },
      { name: 'Émile Zola', identifiers: [{ kind: 'email', value: 'emile.zola@example.org' }] },
      { name: 'Anna Smith', identifiers: [{ kind: 'instagram', value: '@anna_sm' }] },
      { name: '山田 太郎', identifiers: [{ kind: 'whatsapp', value: '+1 202 555 0147' }] },
      { name: 'Agent 007', identifiers: [{ kind: 'sms', value: '+61491570006' }] },
    ];
    for (const person of people) await provider.createUser(person);
  });

  afterEach(cleanUpProviders);

  it('matches the start of any name word', async () => {
    expect(await searchNames(provider, 'luc')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, 'pic')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, 'icard')).to.deep.equal([]);
  });

  it('lets text run on past a word', async () => {
    expect(await searchNames(provider, '  jean-luc   p ')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, 'anna sm')).to.deep.equal(['Anna Smith']);
    expect(await searchNames(provider, 'smith anna')).to.deep.equal([]);
  });

  it('ignores case and accents', async () => {
    expect(await searchNames(provider, 'EMILE')).to.deep.equal(['Émile Zola']);
    expect(await searchNames(provider, 'zóla')).to.deep.equal(['Émile Zola']);
  });

  it('matches words in other scripts', async () => {
    expect(await searchNames(provider, '太郎')).to.deep.equal(['山田 太郎']);
    expect(await searchNames(provider, '山')).to.deep.equal(['山田 太郎']);
  });

  it('matches the start or the end of phone digits', async () => {
    expect(await searchNames(provider, '900 123')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, '+44 7700')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, '555-0147')).to.deep.equal(['山田 太郎']);
    expect(await searchNames(provider, '0006')).to.deep.equal(['Agent 007']);
  });

  it('matches the start of a national number, with or without a trunk prefix', async () => {
    expect(await searchNames(provider, '7700 900')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, '07700 900')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, '0044 7700')).to.deep.equal(['Jean-Luc Picard']);
    expect(await searchNames(provider, '(202) 555')).to.deep.equal(['山田 太郎']);
    expect(await searchNames(provider, '491 57')).to.deep.equal(['Agent 007']);
  });

  it('does not match digits inside a phone number', async () => {
    expect(await searchNames(provider, '1570')).to.deep.equal([]);
    expect(await searchNames(provider, '0090')).to.deep.equal([]);
  });

  it('needs three digits for a phone', async () => {
    expect(await searchNames(provider, '12')).to.deep.equal([]);
    expect(await searchNames(provider, '00')).to.deep.equal(['Agent 007']);
  });

  it('matches name digits and phone digits', async () => {
    const names = await searchNames(provider, '007');

    expect(names).to.deep.equal(['Agent 007']);
  });

  it('matches e-mail prefixes only', async () => {
    expect(await searchNames(provider, 'emile.zola@EXAMPLE')).to.deep.equal(['Émile Zola']);
    expect(await searchNames(provider, 'emile.zola@example.org')).to.deep.equal(['Émile Zola']);
    expect(await searchNames(provider, 'zola@example.org')).to.deep.equal([]);
    expect(await searchNames(provider, 'example.org')).to.deep.equal([]);
  });

  it('matches handle prefixes with or without @', async () => {
    expect(await searchNames(provider, '@anna_s')).to.deep.equal(['Anna Smith']);
    expect(await searchNames(provider, 'anna_')).to.deep.equal(['Anna Smith']);
  });

  it('drops digits with letters for phones', async () => {
    expect(await searchNames(provider, 'x900123')).to.deep.equal([]);
  });

  it('finds renamed users', async () => {
    const [picard] = (await provider.queryUsers({ offset: 0, limit: 1, filter: { search: 'picard' } })).items;

    await provider.updateUser(picard!.id, { name: 'Jean-Luc Janeway' }, picard!.version);

    expect(await searchNames(provider, 'picard')).to.deep.equal([]);
    expect(await searchNames(provider, 'janeway')).to.deep.equal(['Jean-Luc Janeway']);
  });
});

const SORT_FIELDS: UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'createdAt', 'lastActivityAt'];

/** Builds users with many ties and missing values, so tie-breaking and "missing first" are exercised. */
function generatedInputs(count: number, groupIds: string[], seed: number): UserInput[] {
  const random = createRandom(seed);
  const names = ['Ana', 'ana', 'Zoë', 'Zoe', 'Bo', 'Émile', 'émile', 'Chen Wei', '李 娜', 'Ömer'];
  return Array.from({ length: count }, (_, n) => {
    const identifiers: UserInput['identifiers'] = [];
    const channel = ['phone', 'whatsapp', 'email', 'instagram'][Math.floor(random() * 4)] as string;
    if (channel === 'phone' || channel === 'whatsapp') {
      identifiers.push({ kind: channel, value: `+44770090${String(n).padStart(4, '0')}` });
    } else if (channel === 'email') {
      identifiers.push({ kind: 'email', value: `person${n}@example.com` });
    } else {
      identifiers.push({ kind: 'instagram', value: `person_${n}` });
    }
    const name = names[Math.floor(random() * names.length)] as string;
    const source = random() < 0.5 ? { type: 'internal' as const } : { type: 'integration' as const, name: 'crm' };
    const activity = random() < 0.3 ? null : Math.floor(random() * 20) * 1000;
    return {
      id: `u${String(Math.floor(random() * 1e6)).padStart(6, '0')}-${n}`,
      name: `${name} ${n % 7}`,
      identifiers,
      source,
      groupIds: groupIds.filter(() => random() < 0.4),
      createdAt: Math.floor(random() * 5) * 1000,
      lastActivityAt: activity,
    };
  });
}

describe('IndexedDBProvider paging', () => {
  const count = 240;
  let provider: IndexedDBProvider;
  let users: User[];
  let groupIds: string[];

  // Tiny bookmark and chunk sizes make every path (bookmarks, key-cursor
  // hops, chunked walks, in-memory sorts) run on a small data set.
  beforeEach(async () => {
    provider = openProvider({ paging: { bookmarkInterval: 7, maxBookmarks: 6, walkChunk: 11, sortInMemoryLimit: 30, checkOnRecordsLimit: 5, shallowPageLimit: 60, shallowWalkLimit: 100 } });
    groupIds = [(await provider.createGroup({ name: 'Red' })).id, (await provider.createGroup({ name: 'Blue' })).id];
    users = [];
    for (const input of generatedInputs(count, groupIds, 7)) users.push(await provider.createUser(input));
  });

  afterEach(cleanUpProviders);

  const filters = (): [string, UserFilter][] => [
    ['no filter', {}],
    ['a channel', { channels: ['whatsapp'] }],
    ['two channels', { channels: ['email', 'instagram'] }],
    ['a source', { sources: ['integration'] }],
    ['a group', { groupIds: [groupIds[0] as string] }],
    ['an activity range', { lastActivity: { from: 3000, to: 12000 } }],
    ['an open range', { lastActivity: {} }],
    ['a search', { search: 'ana' }],
    ['a narrow search and channel', { search: 'émile 3', channels: ['phone', 'whatsapp'] }],
    ['everything', { channels: ['phone', 'whatsapp', 'email'], sources: ['internal'], groupIds, lastActivity: { to: 15000 } }],
  ];

  for (const field of SORT_FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`pages by ${field} ${direction}`, async () => {
        const sort: UserSort = { field, direction };

        for (const [label, filter] of filters()) {
          const expected = users.filter((user) => matchesFilter(user, filter)).sort((a, b) => compareUsers(a, b, sort));
          // Jump forward, back and past the end, as a scrolling table does.
          const offsets = [...new Set([0, 50, 13, 100, 99, 3, expected.length - 5, expected.length, count + 10])].filter((o) => o >= 0);
          for (const offset of offsets) {
            const page = await provider.queryUsers({ offset, limit: 9, sort, filter });
            const want = expected.slice(offset, offset + 9).map((user) => user.id);

            expect(page.total, `${label} total`).to.equal(expected.length);
            expect(page.items.map((user) => user.id), `${label} at ${offset}`).to.deep.equal(want);
          }
        }
      });
    }
  }

  for (const direction of ['asc', 'desc'] as const) {
    it(`pages with approximate totals ${direction}`, async () => {
      let approximate = 0;
      for (const field of SORT_FIELDS) {
        const sort: UserSort = { field, direction };
        for (const [label, filter] of filters()) {
          const expected = users.filter((user) => matchesFilter(user, filter)).sort((a, b) => compareUsers(a, b, sort));
          for (const offset of [0, 9, 45, expected.length - 3]) {
            if (offset < 0) continue;
            const page = await provider.queryUsers({ offset, limit: 9, sort, filter, allowApproximateTotal: true });
            const want = expected.slice(offset, offset + 9).map((user) => user.id);
            const context = `${label} by ${field} at ${offset}`;

            expect(page.items.map((user) => user.id), context).to.deep.equal(want);
            if (page.totalApproximate) approximate++;
            if (page.totalApproximate) expect(page.total, `${context} estimate`).to.be.greaterThan(offset + page.items.length);
            else expect(page.total, `${context} total`).to.equal(expected.length);
          }

          const exact = await provider.queryUsers({ offset: 0, limit: 0, sort, filter });
          expect(exact.total, `${label} exact total`).to.equal(expected.length);
          expect(exact.totalApproximate, `${label} exact flag`).to.equal(undefined);
        }
      }
      expect(approximate, 'pages with an estimate').to.be.greaterThan(2);
    });
  }

  it('estimates a search total from the records walked', async () => {
    const filter: UserFilter = { search: 'ana' };
    const matching = users.filter((user) => matchesFilter(user, filter)).length;
    await provider.queryUsers({ offset: 0, limit: 1 });

    const page = await provider.queryUsers({ offset: 0, limit: 3, filter, allowApproximateTotal: true });

    expect(matching).to.be.greaterThan(20);
    expect(page.totalApproximate).to.equal(true);
    expect(page.total).to.be.within(4, count);
  });

  it('counts exactly when the walk reaches the end', async () => {
    const filter: UserFilter = { search: 'ana' };
    const matching = users.filter((user) => matchesFilter(user, filter)).length;
    const longWalks = openProvider({ databaseName: provider.databaseName, paging: { walkChunk: 11, shallowPageLimit: 1000, shallowWalkLimit: 1000 } });

    const page = await longWalks.queryUsers({ offset: 0, limit: matching + 5, filter, allowApproximateTotal: true });

    expect(page.totalApproximate).to.equal(undefined);
    expect(page.total).to.equal(matching);
    expect(page.items).to.have.length(matching);
  });

  it('resolves the ids when the walk grows too long', async () => {
    const rare = users.filter((user) => matchesFilter(user, { search: 'émile 3' }));
    const filter: UserFilter = { search: 'émile 3' };

    const page = await provider.queryUsers({ offset: 0, limit: 9, filter, allowApproximateTotal: true });

    expect(rare.length).to.be.within(1, 8);
    expect(page.totalApproximate).to.equal(undefined);
    expect(page.total).to.equal(rare.length);
  });

  it('reads every page in sequence', async () => {
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const expected = [...users].sort((a, b) => compareUsers(a, b, sort)).map((user) => user.id);

    const seen: string[] = [];
    for (let offset = 0; offset < count; offset += 17) {
      seen.push(...(await provider.queryUsers({ offset, limit: 17, sort })).items.map((user) => user.id));
    }

    expect(seen).to.deep.equal(expected);
  });

  it('sees writes after reading pages', async () => {
    const sort: UserSort = { field: 'lastActivityAt', direction: 'desc' };
    await provider.queryUsers({ offset: 200, limit: 10, sort });
    const target = users[5] as User;

    await provider.updateUser(target.id, { lastActivityAt: 99_999 }, target.version);
    await provider.deleteUser((users[6] as User).id);
    const first = await provider.queryUsers({ offset: 0, limit: 1, sort });
    const deep = await provider.queryUsers({ offset: 200, limit: 10, sort });
    const expected = users
      .filter((user) => user.id !== users[6]?.id)
      .map((user) => (user.id === target.id ? { ...user, lastActivityAt: 99_999 } : user))
      .sort((a, b) => compareUsers(a, b, sort));

    expect(first.items[0]?.id).to.equal(target.id);
    expect(first.total).to.equal(count - 1);
    expect(deep.items.map((user) => user.id)).to.deep.equal(expected.slice(200, 210).map((user) => user.id));
  });
});
