import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserSort, UserSortField } from '../../../src/data/provider.js';
import { compareUsers } from '../../../src/data/user-query.js';
import type { User } from '../../../src/model/types.js';
import { openDatabase } from '../db.js';
import { Stores } from '../stores.js';
import { filterSql, pageSql, type SqlPart } from '../user-query.js';

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
  const planOf = (query: SqlPart): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params, 10, 0) as { detail: string }[]).map((row) => row.detail).join('\n');
  const bookmarkFor = (field: UserSortField) => ({ key: field === 'createdAt' || field === 'lastActivityAt' ? 0 : '', id: '' });

  // A page must be an index range scan: a temporary B-tree would sort every
  // matching row before returning the first, which at a million users costs
  // seconds per page.
  for (const field of FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`walk the ${field} ${direction} index`, () => {
        const plan = planOf(pageSql(filterSql({}), { field, direction }, 1_000_000, bookmarkFor(field)));

        assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
        assert.match(plan, /USING COVERING INDEX users_by_/, plan);
      });
    }
  }

  it('check a broad filter inside the sort index', () => {
    const where = filterSql({ channels: ['whatsapp'], sources: ['import'], lastActivity: { from: 1 } });

    const plan = planOf(pageSql(where, { field: 'createdAt', direction: 'desc' }, 200_000));

    assert.match(plan, /SCAN u USING COVERING INDEX users_by_created/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
  });

  it('sort the matches of a narrow search', () => {
    const plan = planOf(pageSql(filterSql({ search: 'ana' }), { field: 'name', direction: 'asc' }, 12));

    assert.match(plan, /search_terms USING (COVERING INDEX|PRIMARY KEY)/, plan);
    assert.match(plan, /TEMP B-TREE FOR ORDER BY/, plan);
    assert.doesNotMatch(plan, /SCAN u\b/, plan);
  });
});
