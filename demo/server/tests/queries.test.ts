import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserSort, UserSortField } from '../../../src/data/provider.js';
import { compareUsers } from '../../../src/data/user-query.js';
import type { User } from '../../../src/model/types.js';
import { openDatabase } from '../db.js';
import { Stores } from '../stores.js';
import { filterSql } from '../user-query.js';

const FIELDS: UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'createdAt', 'lastActivityAt'];
const NAMES = ['Ana Lima', 'ana lima', 'Émile Zola', 'Zoë Ng', '王小明', 'Øyvind Berg', 'İlker Aydın', 'Łukasz Nowak', '𝒜da Emoji', 'ﬀ Ligature'];

function seed(count: number): { stores: Stores; users: User[] } {
  const db = openDatabase(':memory:');
  const stores = new Stores(db, {});
  const users = db.transaction(() =>
    Array.from({ length: count }, (_, index) => {
      const phone = index % 7 === 0 ? [] : [{ kind: index % 3 === 0 ? 'whatsapp' : 'phone', value: `+4477009${String(index).padStart(5, '0')}` }];
      return stores.users.create({
        name: `${NAMES[index % NAMES.length]} ${index % 5}`,
        identifiers: [...phone, { kind: 'email', value: `person${index}@example.com` }],
        source: index % 4 === 0 ? { type: 'integration', name: 'crm' } : { type: 'internal' },
        createdAt: Date.UTC(2024, 0, 1) + (index % 50) * 1000,
        lastActivityAt: index % 6 === 0 ? null : Date.UTC(2024, 5, 1) + (index % 40) * 1000,
      });
    }),
  )();
  return { stores, users };
}

describe('sorted pages', () => {
  const { stores, users } = seed(700);

  for (const field of FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`match the reference order by ${field} ${direction}`, () => {
        const sort: UserSort = { field, direction };
        const expected = [...users].sort((a, b) => compareUsers(a, b, sort)).map((user) => user.id);

        // Deep pages first, then pages before them, so that some pages start
        // from a bookmark and some walk from the start.
        const offsets = [650, 300, 0, 310, 640, 90, 20, 699];
        for (const offset of offsets) {
          const page = stores.users.query(offset, 37, sort, {});
          assert.deepEqual(page.items.map((user) => user.id), expected.slice(offset, offset + 37), `offset ${offset}`);
          assert.equal(page.total, users.length);
        }
      });
    }
  }

  it('forget bookmarks after a write', () => {
    const sort: UserSort = { field: 'name', direction: 'asc' };
    stores.users.query(400, 10, sort, {});

    const first = stores.users.query(0, 1, sort, {}).items[0] as User;
    stores.users.delete(first.id);
    const remaining = users.filter((user) => user.id !== first.id).sort((a, b) => compareUsers(a, b, sort));

    assert.deepEqual(stores.users.query(400, 10, sort, {}).items.map((user) => user.id), remaining.slice(400, 410).map((user) => user.id));
  });
});

describe('query plans', () => {
  const db = openDatabase(':memory:');
  const columns: Record<UserSortField, string> = {
    id: 'u.id',
    name: 'u.name_key',
    phone: 'u.phone_key',
    primaryChannel: 'u.channel_key',
    source: 'u.source_type',
    createdAt: 'u.created_at',
    lastActivityAt: 'u.activity_key',
  };

  // A page must be an index range scan: a temporary B-tree would sort every
  // matching row before returning the first, which at a million users costs
  // seconds per page.
  for (const field of FIELDS) {
    for (const direction of ['ASC', 'DESC']) {
      it(`read ${field} ${direction} from an index`, () => {
        const column = columns[field];
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN SELECT u.seq FROM users u WHERE 1 AND (${column}, u.id) > (?, ?) ORDER BY ${column} ${direction}, u.id ${direction} LIMIT 10`)
          .all(field === 'createdAt' || field === 'lastActivityAt' ? 0 : '', '') as { detail: string }[];
        const details = plan.map((row) => row.detail).join('\n');

        assert.doesNotMatch(details, /TEMP B-TREE/, details);
        assert.match(details, /USING (COVERING )?INDEX/, details);
      });
    }
  }

  it('finds search terms by index', () => {
    const where = filterSql({ search: 'ana' });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM users u WHERE ${where.sql}`).all(...where.params) as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');

    assert.match(details, /search_terms USING (COVERING )?(INDEX|PRIMARY KEY)/, details);
  });
});
