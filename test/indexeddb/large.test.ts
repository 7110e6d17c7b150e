import { expect } from '@open-wc/testing';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { ImportRecord, UserSort } from '../../src/data/provider.js';
import { cleanUpProviders, openProvider } from './helpers.js';

const USER_COUNT = 100_000;
const BATCH_SIZE = 10_000;
const PAGE_SIZE = 50;

const FIRST_NAMES = ['Ana', 'Émile', 'Zoë', 'Chen', 'Олег', 'Σοφία', 'Amara', 'Søren', 'Ngozi', 'Mateo', 'Yuki', 'Ömer'];
const LAST_NAMES = ['García', 'Ng', 'Okafor', 'Müller', 'Иванов', 'Παππάς', 'Nakamura', 'Dubois', 'Kowalski', 'Silva'];

interface Generated {
  id: string;
  name: string;
  lastActivityAt: number | null;
}

/** Builds users whose names and activity times repeat, so ties and missing values are common. */
function generate(count: number): Generated[] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, (_, n) => ({
    id: `user-${(n * 7919) % count}`.padEnd(12, '-') + n,
    name: `${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]} ${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]}`,
    lastActivityAt: random() < 0.2 ? null : Date.UTC(2024, 0, 1) + Math.floor(random() * 5000) * 60_000,
  }));
}

/** Folds as the contract says: lower-cased, NFD, combining marks U+0300–U+036F removed, NFC. */
function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** Sorts the generated users in memory, independently of the provider's code. */
function bruteForce(users: readonly Generated[], sort: UserSort): string[] {
  const key = (user: Generated): string | number =>
    sort.field === 'name' ? fold(user.name) : (user.lastActivityAt ?? Number.NEGATIVE_INFINITY);
  const sorted = [...users].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  if (sort.direction === 'desc') sorted.reverse();
  return sorted.map((user) => user.id);
}

async function seed(provider: IndexedDBProvider, users: readonly Generated[]): Promise<void> {
  const job = await provider.startImport({ group: { name: 'Large' }, onExisting: 'skip' });
  for (let start = 0, batch = 0; start < users.length; start += BATCH_SIZE, batch++) {
    const records: ImportRecord[] = users.slice(start, start + BATCH_SIZE).map((user, offset) => ({
      line: start + offset + 2,
      user: {
        id: user.id,
        name: user.name,
        identifiers: [{ kind: 'email', value: `${user.id}@example.com` }],
        lastActivityAt: user.lastActivityAt,
      },
    }));
    const result = await provider.writeImportBatch(job.id, batch, records);
    expect(result.counts.created, `batch ${batch}`).to.equal(records.length);
  }
  await provider.finishImport(job.id);
}

describe('IndexedDBProvider with 100,000 users', function () {
  this.timeout(15 * 60 * 1000);

  const users = generate(USER_COUNT);
  let provider: IndexedDBProvider;

  before(async () => {
    provider = openProvider();
    await seed(provider, users);
  });

  after(cleanUpProviders);

  const sorts: UserSort[] = [
    { field: 'name', direction: 'asc' },
    { field: 'name', direction: 'desc' },
    { field: 'lastActivityAt', direction: 'asc' },
    { field: 'lastActivityAt', direction: 'desc' },
  ];
  const offsets = [0, 50_000, USER_COUNT - PAGE_SIZE, USER_COUNT - 10];

  for (const sort of sorts) {
    it(`holds the right users by ${sort.field} ${sort.direction}`, async () => {
      const expected = bruteForce(users, sort);

      for (const offset of offsets) {
        const page = await provider.queryUsers({ offset, limit: PAGE_SIZE, sort });

        expect(page.total, `total at ${offset}`).to.equal(USER_COUNT);
        expect(page.items.map((user) => user.id), `page at ${offset}`).to.deep.equal(expected.slice(offset, offset + PAGE_SIZE));
      }
    });
  }

  it('holds the right users jumping backwards', async () => {
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const expected = bruteForce(users, sort);

    // Each page lies nearer a later bookmark or the end than an earlier one, so the cursor walks backwards.
    for (const offset of [90_000, 60_000, 52_000, USER_COUNT - 30_000, 99_000]) {
      const page = await provider.queryUsers({ offset, limit: PAGE_SIZE, sort });

      expect(page.items.map((user) => user.id), `page at ${offset}`).to.deep.equal(expected.slice(offset, offset + PAGE_SIZE));
    }
  });

  it('holds the right users for a filter', async () => {
    const sort: UserSort = { field: 'name', direction: 'asc' };
    const from = Date.UTC(2024, 0, 2);
    const matching = users.filter((user) => user.lastActivityAt !== null && user.lastActivityAt >= from);
    const expected = bruteForce(matching, sort);

    for (const offset of [0, Math.floor(matching.length / 2), matching.length - 5]) {
      const page = await provider.queryUsers({ offset, limit: PAGE_SIZE, sort, filter: { lastActivity: { from } } });

      expect(page.total).to.equal(matching.length);
      expect(page.items.map((user) => user.id), `page at ${offset}`).to.deep.equal(expected.slice(offset, offset + PAGE_SIZE));
    }
  });
});
