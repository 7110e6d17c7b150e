import { expect } from '@open-wc/testing';
import type { SortDirection, UserDataProvider, UserFilter, UserSort, UserSortField } from '../../src/data/provider.js';
import type { Group, User } from '../../src/model/types.js';
import {
  chance,
  createRandom,
  generateUsers,
  GENERATED_GROUP_NAMES,
  GENERATED_NOW,
  pick,
  randomInt,
  shuffled,
  type Random,
} from './data.js';
import {
  idsOf,
  seedUsers,
  useFreshProvider,
  walkPages,
  type ConformanceOptions,
  type ProviderFactory,
  type ProviderFixture,
} from './helpers.js';
import { DEFAULT_SORT, foldText, referenceQuery, sortKey, tablePhone } from './reference.js';

export const SORT_FIELDS: UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'createdAt', 'lastActivityAt'];
const DIRECTIONS: SortDirection[] = ['asc', 'desc'];
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const PHONE_KINDS = new Set(['phone', 'whatsapp', 'sms']);

interface QueryShape {
  sort?: UserSort;
  filter?: UserFilter;
}

/** Declares the tests of `queryUsers`: order, filters and paging against the reference. */
export function describeQueries(factory: ProviderFactory, options: ConformanceOptions): void {
  describe('queryUsers', () => {
    describeGeneratedData(factory, options);
    describePagingDuringWrites(factory, options);
  });
}

/** Returns the index of the first row where two id lists differ, or -1. */
function firstDifference(actual: readonly string[], expected: readonly string[]): number {
  const length = Math.max(actual.length, expected.length);
  for (let index = 0; index < length; index++) {
    if (actual[index] !== expected[index]) return index;
  }
  return -1;
}

/**
 * Asserts that ids come in the expected order. The failure message names the
 * first differing row and both users' sort keys instead of dumping thousands
 * of ids.
 */
function expectOrder(actual: readonly string[], expected: readonly User[], users: ReadonlyMap<string, User>, shape: QueryShape): void {
  const expectedIds = idsOf(expected);
  const index = firstDifference(actual, expectedIds);
  const field = shape.sort?.field ?? DEFAULT_SORT.field;
  const describeRow = (id: string | undefined): string => {
    if (id === undefined) return 'no row';
    const user = users.get(id);
    if (!user) return `unknown id ${id}`;
    const name = field === 'name' ? '' : `, name ${JSON.stringify(user.name)}`;
    return `${id} (${field} ${JSON.stringify(sortKey(user, field))}${name})`;
  };
  const message =
    `${JSON.stringify(shape)}: ${actual.length} rows, expected ${expectedIds.length}; first difference at row ${index}: ` +
    `got ${describeRow(actual[index])}, expected ${describeRow(expectedIds[index])}`;

  expect(index, message).to.equal(-1);
}

/** Walks every page of a query and compares order and totals with the reference. */
async function expectMatchesReference(
  provider: UserDataProvider,
  users: readonly User[],
  byId: ReadonlyMap<string, User>,
  shape: QueryShape,
  limit = 1000,
): Promise<User[]> {
  const expected = referenceQuery(users, shape);

  const walk = await walkPages(provider, shape, limit);

  expectOrder(walk.ids, expected, byId, shape);
  for (const total of walk.totals) expect(total, `total of ${JSON.stringify(shape)}`).to.equal(expected.length);
  return expected;
}

interface SearchSample {
  text: string;
  /** The user the text was taken from, whom the search must find. */
  userId?: string;
}

/** Changes letter case or drops accents when that keeps the folded text, as a person typing might. */
function retype(random: Random, text: string): string {
  const roll = random();
  if (roll < 0.3) {
    const upper = text.toUpperCase();
    return foldText(upper) === foldText(text) ? upper : text;
  }
  if (roll < 0.6) return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return text;
}

/** Returns the start of a random word of a name, as written in the name. */
function wordPrefix(random: Random, name: string): string {
  const word = pick(random, [...name.matchAll(WORD)]);
  return name.slice(word.index, word.index + randomInt(random, 1, Math.min(word[0].length, 6)));
}

function sampleNamePrefix(random: Random, users: readonly User[]): SearchSample {
  const user = pick(random, users);
  return { text: retype(random, wordPrefix(random, user.name)), userId: user.id };
}

/** Returns text that starts at a word of a name and runs on into the next word. */
function sampleNameRunOn(random: Random, users: readonly User[]): SearchSample {
  const user = pick(random, users.filter((candidate) => [...candidate.name.matchAll(WORD)].length > 1));
  const words = [...user.name.matchAll(WORD)];
  const index = randomInt(random, 0, words.length - 2);
  const start = (words[index] as RegExpExecArray).index;
  const next = words[index + 1] as RegExpExecArray;
  const text = user.name.slice(start, next.index + randomInt(random, 1, next[0].length));
  return { text: retype(random, text), userId: user.id };
}

/** Samples the start of a number, of its national number, or its end, typed the ways people type them. */
function samplePhoneDigits(random: Random, users: readonly User[]): SearchSample {
  const user = pick(random, users.filter((candidate) => candidate.identifiers.some((id) => PHONE_KINDS.has(id.kind))));
  const identifier = pick(random, user.identifiers.filter((id) => PHONE_KINDS.has(id.kind)));
  const digits = identifier.value.replace(/\D/g, '');
  const national = digits.slice(digits.startsWith('44') ? 2 : 1);
  const length = randomInt(random, 3, Math.min(9, national.length));
  const roll = random();
  if (roll < 0.2) return { text: `+${digits.slice(0, length + 1)}`, userId: user.id };
  if (roll < 0.35) return { text: `00${digits.slice(0, length + 1)}`, userId: user.id };
  if (roll < 0.55) return { text: `0${national.slice(0, length)}`, userId: user.id };
  if (roll < 0.7 && length >= 7) return { text: `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, length)}`, userId: user.id };
  const end = digits.slice(-length);
  return { text: length >= 6 ? `${end.slice(0, 3)} ${end.slice(3)}` : end, userId: user.id };
}

function sampleIdentifierPrefix(random: Random, users: readonly User[], kind: 'email' | 'instagram'): SearchSample {
  const user = pick(random, users.filter((candidate) => candidate.identifiers.some((id) => id.kind === kind)));
  const identifier = pick(random, user.identifiers.filter((id) => id.kind === kind));
  const prefix = identifier.value.slice(0, randomInt(random, 2, identifier.value.length));
  const text = kind === 'instagram' && chance(random, 0.4) ? `@${prefix}` : prefix;
  return { text: chance(random, 0.3) ? text.toUpperCase() : text, userId: user.id };
}

/** Returns search text of a random kind, drawn from the stored users. */
function sampleSearch(random: Random, users: readonly User[]): SearchSample {
  const roll = random();
  if (roll < 0.3) return sampleNamePrefix(random, users);
  if (roll < 0.4) return sampleNameRunOn(random, users);
  if (roll < 0.6) return samplePhoneDigits(random, users);
  if (roll < 0.75) return sampleIdentifierPrefix(random, users, 'email');
  if (roll < 0.85) return sampleIdentifierPrefix(random, users, 'instagram');
  return { text: pick(random, ['zzqx', 'qwv', '77', '+1', 'xylo-phone', '   ', 'ádá', 'ИВ', 'é']) };
}

function sampleFilter(random: Random, users: readonly User[], groups: readonly Group[]): UserFilter {
  const filter: UserFilter = {};
  if (chance(random, 0.35)) filter.search = sampleSearch(random, users).text;
  if (chance(random, 0.3)) {
    filter.channels = shuffled(random, ['phone', 'whatsapp', 'email', 'instagram', 'sms', 'telegram']).slice(0, randomInt(random, 1, 3));
  }
  if (chance(random, 0.3)) filter.sources = shuffled(random, ['internal', 'import', 'integration'] as const).slice(0, randomInt(random, 1, 2));
  if (chance(random, 0.3)) filter.groupIds = shuffled(random, groups.map((group) => group.id)).slice(0, randomInt(random, 1, 2));
  if (chance(random, 0.3)) {
    const times = users.flatMap((user) => (user.lastActivityAt === null ? [] : [user.lastActivityAt]));
    const [a, b] = [pick(random, times), pick(random, times)].sort((x, y) => x - y) as [number, number];
    const roll = random();
    filter.lastActivity = roll < 0.33 ? { from: a } : roll < 0.66 ? { to: b } : { from: a, to: b };
  }
  return filter;
}

function sampleSort(random: Random): UserSort | undefined {
  if (chance(random, 0.15)) return undefined;
  return { field: pick(random, SORT_FIELDS), direction: pick(random, DIRECTIONS) };
}

function describeGeneratedData(factory: ProviderFactory, options: ConformanceOptions): void {
  // These tests only read, so they share one seeded store: seeding thousands
  // of users for each test would take minutes per provider.
  describe('on generated users', function () {
    const count = options.userCount ?? 3000;
    const seed = options.seed ?? 20250601;
    let fixture: ProviderFixture | undefined;
    let provider: UserDataProvider;
    let users: User[] = [];
    let groups: Group[] = [];
    let byId = new Map<string, User>();

    before(async function () {
      this.timeout(20 * 60 * 1000);
      fixture = await factory();
      provider = fixture.provider;
      for (const name of GENERATED_GROUP_NAMES) groups.push(await provider.createGroup({ name }));
      const inputs = generateUsers({ count, seed, groupIds: groups.map((group) => group.id), now: GENERATED_NOW });
      users = await seedUsers(provider, inputs);
      byId = new Map(users.map((user) => [user.id, user]));
    });

    after(async () => {
      await fixture?.cleanup();
      groups = [];
    });

    const expectQuery = (shape: QueryShape, limit?: number): Promise<User[]> =>
      expectMatchesReference(provider, users, byId, shape, limit);

    it('stores every user', async () => {
      const page = await provider.queryUsers({ offset: 0, limit: 1 });

      expect(page.total).to.equal(count);
    });

    it('has ties and gaps to sort', () => {
      const names = users.map((user) => foldText(user.name));
      const days = users.map((user) => user.createdAt);

      expect(new Set(names).size, 'repeated names').to.be.below(names.length);
      expect(new Set(days).size, 'repeated creation times').to.be.below(days.length);
      expect(users.some((user) => tablePhone(user) === undefined), 'a user without phone').to.equal(true);
      expect(users.some((user) => user.lastActivityAt === null), 'a user without activity').to.equal(true);
      expect(new Set(users.map((user) => user.source.type)).size, 'source types').to.equal(3);
    });

    it('defaults to name ascending', async () => {
      const page = await provider.queryUsers({ offset: 0, limit: 200 });

      const expected = referenceQuery(users, { sort: DEFAULT_SORT }).slice(0, 200);
      expectOrder(idsOf(page.items), expected, byId, {});
    });

    it('returns stored users', async () => {
      const page = await provider.queryUsers({ offset: 0, limit: 50, sort: { field: 'createdAt', direction: 'desc' } });

      for (const item of page.items) expect(item).to.deep.equal(byId.get(item.id));
    });

    for (const field of SORT_FIELDS) {
      for (const direction of DIRECTIONS) {
        it(`sorts by ${field} ${direction}`, async () => {
          await expectQuery({ sort: { field, direction } });
        });
      }
    }

    it('counts group members', async () => {
      const listed = await provider.listGroups();

      for (const group of groups) {
        const members = users.filter((user) => user.groupIds.includes(group.id)).length;
        expect(listed.find((item) => item.id === group.id)?.memberCount, group.name).to.equal(members);
      }
    });

    describe('search', () => {
      const expectSamples = async (sampler: (random: Random) => SearchSample, seedOffset: number): Promise<void> => {
        const random = createRandom(seed + seedOffset);
        for (let n = 0; n < 20; n++) {
          const sample = sampler(random);
          const sort = pick(random, [DEFAULT_SORT, { field: 'lastActivityAt', direction: 'desc' } as UserSort]);

          const expected = await expectQuery({ sort, filter: { search: sample.text } });

          if (sample.userId) expect(idsOf(expected), `reference finds the source of ${sample.text}`).to.include(sample.userId);
        }
      };

      it('finds name word prefixes', async () => {
        await expectSamples((random) => sampleNamePrefix(random, users), 1);
      });

      it('runs on across name words', async () => {
        await expectSamples((random) => sampleNameRunOn(random, users), 2);
      });

      it('finds the start and the end of phone numbers', async () => {
        await expectSamples((random) => samplePhoneDigits(random, users), 3);
      });

      it('finds e-mail prefixes', async () => {
        await expectSamples((random) => sampleIdentifierPrefix(random, users, 'email'), 4);
      });

      it('finds handle prefixes', async () => {
        await expectSamples((random) => sampleIdentifierPrefix(random, users, 'instagram'), 5);
      });

      it('finds whole e-mail addresses', async () => {
        const withEmail = users.filter((user) => user.identifiers.some((id) => id.kind === 'email')).slice(0, 5);

        for (const user of withEmail) {
          const address = user.identifiers.find((id) => id.kind === 'email')?.value ?? '';
          const expected = await expectQuery({ filter: { search: address.toUpperCase() } });
          expect(idsOf(expected)).to.deep.equal([user.id]);
        }
      });

      it('ignores fewer than three digits', async () => {
        for (const text of ['7', '77', '+4 4', '55']) {
          const expected = await expectQuery({ filter: { search: text } });
          expect(expected, text).to.deep.equal([]);
        }
      });

      it('treats blank text as no search', async () => {
        const expected = await expectQuery({ filter: { search: ' \t ' } }, 1500);

        expect(expected).to.have.length(count);
      });

      it('finds nothing for unknown text', async () => {
        for (const text of ['zzqx', 'qwvq', 'xylo-phone', '@@', 'nobody@example.com']) {
          const expected = await expectQuery({ filter: { search: text } });
          expect(expected, text).to.deep.equal([]);
        }
      });
    });

    describe('filters', () => {
      it('filters by channels', async () => {
        for (const channels of [['whatsapp'], ['email', 'instagram'], ['sms'], ['telegram'], ['fax'], []]) {
          await expectQuery({ filter: { channels } });
        }
      });

      it('filters by sources', async () => {
        for (const sources of [['import'], ['internal', 'integration'], ['integration'], []] as const) {
          await expectQuery({ filter: { sources: [...sources] }, sort: { field: 'createdAt', direction: 'asc' } });
        }
      });

      it('filters by groups', async () => {
        const [first, second, third] = groups as [Group, Group, Group];
        for (const groupIds of [[first.id], [second.id, third.id], ['missing-group'], []]) {
          await expectQuery({ filter: { groupIds } });
        }
      });

      it('filters by activity range', async () => {
        const times = [...new Set(users.flatMap((user) => (user.lastActivityAt === null ? [] : [user.lastActivityAt])))].sort(
          (a, b) => a - b,
        );
        const low = times[Math.floor(times.length / 4)] as number;
        const middle = times[Math.floor(times.length / 2)] as number;
        const high = times[Math.floor((times.length * 3) / 4)] as number;
        const sort: UserSort = { field: 'lastActivityAt', direction: 'asc' };

        for (const lastActivity of [{ from: middle }, { to: middle }, { from: low, to: high }, { from: high, to: low }]) {
          await expectQuery({ filter: { lastActivity }, sort });
        }
      });

      it('includes both range ends', async () => {
        const time = users.find((user) => user.lastActivityAt !== null)?.lastActivityAt as number;

        const expected = await expectQuery({ filter: { lastActivity: { from: time, to: time } } });

        expect(expected.length).to.be.at.least(1);
      });

      it('combines conditions', async () => {
        const [first, second] = groups as [Group, Group];
        const combinations: UserFilter[] = [
          { search: 'a', channels: ['email', 'whatsapp'] },
          { search: '7700', sources: ['internal'], groupIds: [first.id] },
          { channels: ['phone'], sources: ['import', 'integration'], lastActivity: { from: GENERATED_NOW - 200 * 24 * 3600 * 1000 } },
          { groupIds: [first.id, second.id], lastActivity: { to: GENERATED_NOW - 100 * 24 * 3600 * 1000 }, search: 'm' },
          { search: '555', channels: ['phone', 'whatsapp', 'sms'], sources: ['internal'], groupIds: [second.id] },
        ];

        for (const filter of combinations) {
          for (const sort of [DEFAULT_SORT, { field: 'phone', direction: 'desc' } as UserSort]) {
            await expectQuery({ filter, sort });
          }
        }
      });
    });

    describe('random queries', () => {
      for (let n = 1; n <= 30; n++) {
        it(`matches random query ${n}`, async () => {
          const random = createRandom(seed * 31 + n);
          const shape: QueryShape = { filter: sampleFilter(random, users, groups) };
          const sort = sampleSort(random);
          if (sort) shape.sort = sort;
          const expected = referenceQuery(users, shape);
          const offset = randomInt(random, 0, expected.length + 5);
          const limit = randomInt(random, 1, 150);

          const page = await provider.queryUsers({ ...shape, offset, limit });

          expectOrder(idsOf(page.items), expected.slice(offset, offset + limit), byId, shape);
          expect(page.total, `total of ${JSON.stringify(shape)}`).to.equal(expected.length);
        });
      }
    });

    describe('approximate totals', () => {
      for (let n = 1; n <= 10; n++) {
        it(`keeps the rows of random query ${n}`, async () => {
          const random = createRandom(seed * 37 + n);
          const shape: QueryShape = { filter: sampleFilter(random, users, groups) };
          const sort = sampleSort(random);
          if (sort) shape.sort = sort;
          const expected = referenceQuery(users, shape);
          const offset = randomInt(random, 0, Math.min(expected.length, 200));
          const limit = randomInt(random, 1, 60);

          const page = await provider.queryUsers({ ...shape, offset, limit, allowApproximateTotal: true });
          const exact = await provider.queryUsers({ ...shape, offset: 0, limit: 0 });

          expectOrder(idsOf(page.items), expected.slice(offset, offset + limit), byId, shape);
          if (page.totalApproximate) expect(page.total, 'an estimate past the page').to.be.greaterThan(offset + page.items.length);
          else expect(page.total, `total of ${JSON.stringify(shape)}`).to.equal(expected.length);
          expect(exact.items).to.deep.equal([]);
          expect(exact.total, 'the exact total').to.equal(expected.length);
          expect(exact.totalApproximate).to.equal(undefined);
        });
      }
    });

    describe('paging', () => {
      it('walks pages of any size', async () => {
        for (const limit of [7, 64, 333, count, count + 1]) {
          await expectQuery({ sort: DEFAULT_SORT }, limit);
        }
      });

      it('walks pages of a filtered query', async () => {
        const shape: QueryShape = { filter: { channels: ['whatsapp', 'sms'] }, sort: { field: 'lastActivityAt', direction: 'desc' } };
        for (const limit of [1, 13, 100]) {
          const expected = await expectQuery(shape, limit);
          expect(new Set(idsOf(expected)).size).to.equal(expected.length);
        }
      });

      it('reads deep offsets', async () => {
        const sort: UserSort = { field: 'phone', direction: 'asc' };
        const expected = referenceQuery(users, { sort });

        for (const [offset, limit] of [[count - 1, 10], [count - 5, 10], [Math.floor(count / 2), 25], [count - 200, 200]] as const) {
          const page = await provider.queryUsers({ sort, offset, limit });
          expectOrder(idsOf(page.items), expected.slice(offset, offset + limit), byId, { sort });
          expect(page.total).to.equal(count);
        }
      });

      it('returns nothing past the end', async () => {
        for (const offset of [count, count + 50]) {
          const page = await provider.queryUsers({ offset, limit: 20, sort: { field: 'createdAt', direction: 'desc' } });
          expect(page.items, `offset ${offset}`).to.deep.equal([]);
          expect(page.total, `offset ${offset}`).to.equal(count);
        }
      });

      it('jumps between offsets', async () => {
        const sort: UserSort = { field: 'lastActivityAt', direction: 'desc' };
        const filter: UserFilter = { sources: ['internal', 'integration'] };
        const expected = referenceQuery(users, { sort, filter });
        const offsets = [Math.floor(expected.length * 0.8), 100, Math.floor(expected.length / 2), 0, Math.floor(expected.length * 0.8)];

        for (const offset of offsets) {
          const page = await provider.queryUsers({ sort, filter, offset, limit: 30 });
          expectOrder(idsOf(page.items), expected.slice(offset, offset + 30), byId, { sort, filter });
        }
      });
    });
  });
}

function describePagingDuringWrites(factory: ProviderFactory, options: ConformanceOptions): void {
  describe('paging during writes', function () {
    this.timeout(5 * 60 * 1000);
    const handle = useFreshProvider(factory);
    let users: User[];
    let byId: Map<string, User>;

    beforeEach(async function () {
      const inputs = generateUsers({ count: 120, seed: (options.seed ?? 20250601) + 7, groupIds: [], now: GENERATED_NOW });
      users = await seedUsers(handle.provider, inputs);
      byId = new Map(users.map((user) => [user.id, user]));
    });

    const page = async (shape: QueryShape, offset: number): Promise<string[]> =>
      idsOf((await handle.provider.queryUsers({ ...shape, offset, limit: 20 })).items);
    const total = async (shape: QueryShape): Promise<number> =>
      (await handle.provider.queryUsers({ ...shape, offset: 0, limit: 1 })).total;

    const remember = (user: User): void => {
      users = [...users.filter((existing) => existing.id !== user.id), user];
      byId.set(user.id, user);
    };

    const forget = (id: string): void => {
      users = users.filter((existing) => existing.id !== id);
    };

    it('shifts after an insert before the page', async () => {
      const shape: QueryShape = { sort: DEFAULT_SORT };
      const before = referenceQuery(users, shape);
      await page(shape, 0);

      const aaron = await handle.provider.createUser({ name: 'Aaron Aab', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });
      remember(aaron);
      const next = await page(shape, 20);

      expect(idsOf(referenceQuery(users, shape)).indexOf(aaron.id)).to.be.below(20);
      expectOrder(next, referenceQuery(users, shape).slice(20, 40), byId, shape);
      expectOrder(next, before.slice(19, 39), byId, shape);
      expect(await total(shape)).to.equal(121);
    });

    it('keeps the page after a later insert', async () => {
      const shape: QueryShape = { sort: { field: 'createdAt', direction: 'asc' } };
      const before = referenceQuery(users, shape);
      await page(shape, 0);

      remember(await handle.provider.createUser({ name: 'Zoe Late', identifiers: [{ kind: 'email', value: 'zoe.late@example.com' }] }));
      const next = await page(shape, 20);

      expectOrder(next, before.slice(20, 40), byId, shape);
      expect(await total(shape)).to.equal(121);
    });

    it('shifts after a delete before the page', async () => {
      const shape: QueryShape = { sort: { field: 'name', direction: 'desc' } };
      const before = referenceQuery(users, shape);
      const first = await page(shape, 0);

      await handle.provider.deleteUser(first[3] as string);
      forget(first[3] as string);
      const next = await page(shape, 20);

      expectOrder(next, before.slice(21, 41), byId, shape);
      expect(await total(shape)).to.equal(119);
    });

    it('moves an updated row', async () => {
      const shape: QueryShape = { sort: { field: 'lastActivityAt', direction: 'desc' } };
      const before = referenceQuery(users, shape);
      await page(shape, 0);
      const moved = before[70] as User;

      remember(await handle.provider.updateUser(moved.id, { lastActivityAt: GENERATED_NOW + 1000 }, moved.version));
      const first = await page(shape, 0);
      const next = await page(shape, 20);

      expect(first[0]).to.equal(moved.id);
      expectOrder(next, before.slice(19, 39), byId, shape);
      expectOrder(next, referenceQuery(users, shape).slice(20, 40), byId, shape);
    });

    it('moves a renamed row', async () => {
      const shape: QueryShape = { sort: DEFAULT_SORT, filter: { search: '' } };
      const before = referenceQuery(users, shape);
      const renamed = before[5] as User;
      await page(shape, 0);

      remember(await handle.provider.updateUser(renamed.id, { name: 'Ꝏ Last', firstName: 'Ꝏ', lastName: 'Last' }, renamed.version));
      const next = await page(shape, 20);

      expect(idsOf(referenceQuery(users, shape)).indexOf(renamed.id)).to.be.above(40);
      expectOrder(next, referenceQuery(users, shape).slice(20, 40), byId, shape);
      expectOrder(next, before.slice(21, 41), byId, shape);
    });

    it('counts a filter after writes', async () => {
      const shape: QueryShape = { filter: { channels: ['instagram'], search: 'zedson' } };
      const initial = await total(shape);

      const zed = await handle.provider.createUser({ name: 'Zed Zedson', identifiers: [{ kind: 'instagram', value: 'zz.one' }] });
      remember(zed);
      const afterCreate = await total(shape);
      remember(await handle.provider.updateUser(zed.id, { name: 'Ned Nedson' }, zed.version));
      const afterRename = await total(shape);

      expect(afterCreate).to.equal(initial + 1);
      expect(afterRename).to.equal(initial);
      expect(afterRename).to.equal(referenceQuery(users, shape).length);
    });

    it('counts a group after membership changes', async () => {
      const group = await handle.provider.createGroup({ name: 'Paging' });
      const shape: QueryShape = { filter: { groupIds: [group.id] } };
      expect(await total(shape)).to.equal(0);

      await handle.provider.addToGroup(group.id, { ids: users.slice(0, 10).map((user) => user.id) });
      const afterAdd = await total(shape);
      await handle.provider.removeFromGroup(group.id, { ids: users.slice(0, 4).map((user) => user.id) });
      const afterRemove = await total(shape);

      expect(afterAdd).to.equal(10);
      expect(afterRemove).to.equal(6);
    });
  });
}
