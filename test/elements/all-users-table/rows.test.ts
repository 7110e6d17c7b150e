import { expect, nextFrame, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import { sendMouse } from '@web/test-runner-commands';
import { UnavailableError } from '../../../src/data/errors.js';
import type { TableErrorDetail } from '../../../src/elements/all-users-table/define.js';
import { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { Page, UserFilter, UserQuery, UserSort, UserSortField } from '../../../src/data/provider.js';
import { compareUsers, matchesFilter } from '../../../src/data/user-query.js';
import type { User } from '../../../src/model/types.js';
import { cleanUpProviders, freshDatabaseName, openProvider } from '../../indexeddb/helpers.js';
import {
  allUsers,
  bodyCellWithText,
  button,
  countText,
  gridOf,
  idOf,
  importUsers,
  part,
  recordingProvider,
  renderTable,
  renderedIds,
  renderedRows,
  seed,
  whenLoaded,
  whenRowsAre,
  type Seed,
} from './helpers.js';

const SORT_FIELDS: UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'lastActivityAt'];

function sortedIds(users: User[], sort: UserSort, filter: UserFilter = {}): string[] {
  return users
    .filter((user) => matchesFilter(user, filter))
    .sort((a, b) => compareUsers(a, b, sort))
    .map((user) => user.id);
}

function idsOfNames(users: User[], names: string[]): string[] {
  return names.map((name) => idOf(users, name));
}

describe('<all-users-table> rows', () => {
  let provider: IndexedDBProvider;
  let seeded: Seed;

  beforeEach(async () => {
    provider = openProvider();
    seeded = await seed(provider);
  });

  afterEach(cleanUpProviders);

  describe('sorting', () => {
    for (const field of SORT_FIELDS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`orders by ${field} ${direction}`, async () => {
          const table = await renderTable(provider);
          await whenLoaded(table);

          table.sort = { field, direction };

          await whenRowsAre(table, sortedIds(seeded.users, { field, direction }));
        });
      }
    }

    it('sends the initial sort with the first request', async () => {
      const recording = recordingProvider(provider);

      const table = await renderTable(recording.provider, { sort: 'lastActivityAt:desc' });
      await whenLoaded(table);

      expect(recording.queries[0]?.query.sort).to.deep.equal({ field: 'lastActivityAt', direction: 'desc' });
      expect(renderedIds(table)).to.deep.equal(sortedIds(seeded.users, { field: 'lastActivityAt', direction: 'desc' }));
    });

    it('sorts by a clicked header', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const phoneSorter = [...table.shadowRoot!.querySelectorAll('vaadin-grid-sorter')].find(
        (sorter) => sorter.textContent?.trim() === 'Phone',
      );

      phoneSorter!.click();
      await whenRowsAre(table, sortedIds(seeded.users, { field: 'phone', direction: 'asc' }));
      phoneSorter!.click();

      await whenRowsAre(table, sortedIds(seeded.users, { field: 'phone', direction: 'desc' }));
      expect(table.sort).to.deep.equal({ field: 'phone', direction: 'desc' });
    });

    it('does not count again when only the sort changes', async () => {
      const recording = recordingProvider(provider);
      const table = await renderTable(recording.provider);
      await whenLoaded(table);

      table.sort = { field: 'phone', direction: 'desc' };
      await table.updateComplete;

      expect(countText(table)).to.equal('9 users');
      await whenLoaded(table);
      expect(countText(table)).to.equal('9 users');
    });
  });

  describe('search', () => {
    const cases: [string, string, string[]][] = [
      ['a name prefix', 'ana', ['Ana Lima', 'Ana Sofia Reis', 'Anabel Costa', 'Zoe Anand']],
      ['a shorter prefix', 'an', ['Ana Lima', 'Ana Sofia Reis', 'Anabel Costa', 'Andrew Ng', 'Zoe Anand']],
      ['an accented name without accents', 'emile', ['Émile Zola']],
      ['phone digits', '900102', ['Anabel Costa']],
      ['an e-mail address', 'andrew@example.org', ['Andrew Ng']],
      ['an e-mail prefix', 'dev.patel@ex', ['Dev Patel']],
      ['an Instagram handle', '@bruno.diaz', ['Bruno Díaz']],
      ['a handle prefix', '@bru', ['Bruno Díaz']],
    ];

    for (const [what, search, names] of cases) {
      it(`finds ${what}`, async () => {
        const table = await renderTable(provider);
        await whenLoaded(table);
        const field = part<HTMLInputElement>(table, '[part~="search"]');

        field.value = search;
        field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));

        await whenRowsAre(table, idsOfNames(seeded.users, names));
        expect(countText(table)).to.equal(`${names.length} user${names.length === 1 ? '' : 's'}`);
        expect(table.filter.search).to.equal(search);
      });
    }

    it('waits for typing to pause before it searches', async () => {
      const { provider: recording, queries } = recordingProvider(provider);
      const table = await renderTable(recording);
      // A delay no test reaches: only Enter can start the search.
      table.searchDelay = 600_000;
      await whenLoaded(table);
      const field = part<HTMLInputElement>(table, '[part~="search"]');

      for (const text of ['a', 'an', 'ana']) {
        field.value = text;
        field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        await table.updateComplete;
        await nextFrame();
      }
      const searchBeforeEnter = table.filter.search;
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      await waitUntil(() => countText(table) === '4 users', 'The search for "ana" did not arrive.');

      const searched = queries.map((entry) => entry.query.filter?.search).filter((search) => search !== undefined);
      expect(searchBeforeEnter).to.equal(undefined);
      expect([...new Set(searched)]).to.deep.equal(['ana']);
    });

    it('never shows results of an older query', async () => {
      let releaseOlder!: () => void;
      const olderReleased = new Promise<void>((resolve) => (releaseOlder = resolve));
      const slow = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery) => {
              // The older query ignores its abort signal and resolves last, as a slow server would.
              const { signal: _signal, ...unabortable } = query;
              if (query.filter?.search === 'an') {
                await olderReleased;
                return target.queryUsers(unabortable);
              }
              return target.queryUsers(query);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const table = await renderTable(slow);
      await whenLoaded(table);
      const field = part<HTMLInputElement>(table, '[part~="search"]');

      field.value = 'an';
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await waitUntil(() => table.filter.search === 'an');
      field.value = 'ana';
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      const anaIds = idsOfNames(seeded.users, ['Ana Lima', 'Ana Sofia Reis', 'Anabel Costa', 'Zoe Anand']);
      await whenRowsAre(table, anaIds);
      releaseOlder();
      await provider.queryUsers({ offset: 0, limit: 1, filter: { search: 'an' } });
      await nextFrame();
      await nextFrame();

      expect(renderedIds(table)).to.deep.equal(anaIds);
      expect(countText(table)).to.equal('4 users');
    });
  });

  describe('filters', () => {
    async function chooseOptions(table: HTMLElement, filterKey: string, labels: string[]): Promise<void> {
      const combo = table.shadowRoot!.querySelector<HTMLElement & { items: { label: string }[]; selectedItems: unknown[] }>(
        `vaadin-multi-select-combo-box[data-filter="${filterKey}"]`,
      )!;
      combo.selectedItems = combo.items.filter((item) => labels.includes(item.label));
      combo.dispatchEvent(new Event('change', { bubbles: true }));
    }

    it('keeps users of chosen primary channels', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      await chooseOptions(table, 'channels', ['E-mail', 'SMS']);

      const filter: UserFilter = { channels: ['email', 'sms'] };
      await whenRowsAre(table, sortedIds(seeded.users, { field: 'name', direction: 'asc' }, filter));
      expect(renderedIds(table)).to.have.length(4);
    });

    it('keeps users of chosen sources', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      await chooseOptions(table, 'sources', ['Third-party integration']);

      await whenRowsAre(table, idsOfNames(seeded.users, ['Anabel Costa', 'Émile Zola']));
    });

    it('keeps members of a chosen group', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await waitUntil(() => table.shadowRoot!.querySelector('[data-filter="groupIds"]') !== null);

      await chooseOptions(table, 'groupIds', ['Spring Fair 2024']);

      await whenRowsAre(table, idsOfNames(seeded.users, ['Ana Sofia Reis', 'Carla Mendes', 'Dev Patel']));
    });

    it('keeps users active in a date range', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const from = part<HTMLInputElement>(table, '#active-from');
      const to = part<HTMLInputElement>(table, '#active-to');
      const day = (daysAgo: number) => {
        const date = new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000);
        return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
      };

      from.value = day(11);
      from.dispatchEvent(new Event('change', { bubbles: true }));
      to.value = day(4);
      to.dispatchEvent(new Event('change', { bubbles: true }));

      await whenRowsAre(table, idsOfNames(seeded.users, ['Andrew Ng', 'Carla Mendes']));
      expect(table.filter.lastActivity?.from).to.be.a('number');
      expect(table.filter.lastActivity?.to).to.be.a('number');
    });

    it('reports a range that ends before it starts', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const from = part<HTMLInputElement>(table, '#active-from');
      const to = part<HTMLInputElement>(table, '#active-to');

      from.value = '2024-05-10';
      from.dispatchEvent(new Event('change', { bubbles: true }));
      to.value = '2024-05-01';
      to.dispatchEvent(new Event('change', { bubbles: true }));
      await table.updateComplete;

      expect(part(table, '#range-error').textContent).to.contain('start date is after the end date');
      expect(to.getAttribute('aria-invalid')).to.equal('true');
      expect(table.filter.lastActivity?.to).to.equal(undefined);
    });

    it('shows a no-results state that clears the filters', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      table.filter = { search: 'nobody-here' };
      await waitUntil(() => table.shadowRoot!.querySelector('[part~="state"][data-state="no-results"]'));
      expect(countText(table)).to.equal('0 users');
      const clear = part(table, '[data-state="no-results"] vaadin-button');
      clear.click();

      await whenLoaded(table);
      expect(renderedIds(table)).to.have.length(9);
    });
  });

  describe('states', () => {
    it('says there are no users yet in an empty store', async () => {
      const empty = openProvider();

      const table = await renderTable(empty);
      await waitUntil(() => table.matchingCount === 0);
      await table.updateComplete;

      const state = part(table, '[part~="state"]');
      expect(state.dataset.state).to.equal('empty');
      expect(state.textContent).to.contain('No users yet');
      expect(state.textContent).to.contain('Import a CSV or Excel file, or create a user');
    });

    it('shows an error state and fires data-error', async () => {
      const closed = openProvider();
      closed.close();

      const element = document.createElement('all-users-table');
      element.provider = closed;
      element.columnStorageKey = '';
      const failure = oneEvent(element, 'data-error');
      document.body.append(element);
      const { detail } = await failure;
      await waitUntil(() => element.shadowRoot!.querySelector('[data-state="error"]'), 'No error state was shown.');
      await waitUntil(() => !gridOf(element).loading, 'The grid kept loading after the error.');

      try {
        expect(detail.error).to.be.instanceOf(UnavailableError);
        expect((detail as TableErrorDetail).operation).to.be.oneOf(['load', 'load-groups']);
        const state = part(element, '[part~="state"][data-state="error"]');
        expect(state.textContent).to.contain('The users could not be loaded');
        expect(state.textContent).to.contain('The data source cannot be reached');
        expect(state.querySelector('vaadin-button')?.textContent).to.equal('Retry');
      } finally {
        element.remove();
      }
    });

    it('shows an error thrown before a promise', async () => {
      class ThrowingProvider extends IndexedDBProvider {
        override queryUsers(): Promise<Page<User>> {
          throw new UnavailableError('Thrown at once.');
        }
      }
      const name = freshDatabaseName();
      const throwing = new ThrowingProvider({ databaseName: name });
      try {
        const table = await renderTable(throwing);

        await waitUntil(() => table.shadowRoot!.querySelector('[data-state="error"]'), 'No error state was shown.');
        await waitUntil(() => !gridOf(table).loading, 'The grid kept loading after the error.');
      } finally {
        throwing.close();
        indexedDB.deleteDatabase(name);
      }
    });

    it('recovers through Retry', async () => {
      class FlakyProvider extends IndexedDBProvider {
        failing = false;
        override queryUsers(query: UserQuery) {
          if (this.failing) return Promise.reject(new UnavailableError('Test outage.'));
          return super.queryUsers(query);
        }
      }
      const name = freshDatabaseName();
      const flaky = new FlakyProvider({ databaseName: name });
      try {
        await seed(flaky);
        flaky.failing = true;
        const table = await renderTable(flaky);
        await waitUntil(() => table.shadowRoot!.querySelector('[data-state="error"]'));

        flaky.failing = false;
        button(table, 'Retry').click();

        await whenLoaded(table);
        expect(renderedIds(table)).to.have.length(9);
        expect(table.shadowRoot!.querySelector('[data-state="error"]')).to.equal(null);
      } finally {
        flaky.close();
        indexedDB.deleteDatabase(name);
      }
    });
  });

  describe('live updates', () => {
    it('shows users an import writes and updates the count', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      expect(countText(table)).to.equal('9 users');

      await importUsers(provider, 'Newsletter', [
        { name: 'Aaron Abbott', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] },
        { name: 'Yara Young', identifiers: [{ kind: 'email', value: 'yara@example.com' }] },
      ]);

      await waitUntil(() => countText(table) === '11 users', 'The count did not change after the import.');
      await whenRowsAre(table, sortedIds(await allUsers(provider), { field: 'name', direction: 'asc' }));
      expect(renderedRows(table)[0]?.[2]).to.contain('Aaron Abbott');
      expect(bodyCellWithText(table, 'Import: Newsletter')).to.exist;
    });

    it('fills every row after the count shrinks', async () => {
      const bulk = await importUsers(
        provider,
        'Bulk',
        Array.from({ length: 150 }, (_, n) => ({
          name: `Bulk Person ${String(n).padStart(3, '0')}`,
          identifiers: [{ kind: 'email', value: `bulk${n}@example.com` }],
        })),
      );
      const table = await renderTable(provider);
      await whenLoaded(table);
      gridOf(table).scrollToIndex(155);
      await whenLoaded(table);
      expect(renderedRows(table).some((cells) => cells[2]?.includes('Zoe Anand'))).to.equal(true);

      await provider.deleteUsers({ filter: { groupIds: [bulk.id] } });

      await waitUntil(() => countText(table) === '9 users', 'The count did not shrink.');
      await whenRowsAre(table, sortedIds(seeded.users, { field: 'name', direction: 'asc' }));
      expect(gridOf(table).shadowRoot!.querySelectorAll('#items tr[loading]:not([hidden])')).to.have.length(0);
      await waitUntil(() => !gridOf(table).loading, 'The grid kept loading after the count shrank.');
    });

    it('keeps the selection when rows refresh', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const [first] = renderedIds(table);
      const checkbox = (bodyCellWithText(table, first!).parentElement as HTMLTableRowElement).cells[0]!;
      const box = checkbox.querySelector('slot')!.assignedElements()[0]!.querySelector('vaadin-checkbox')!;
      box.click();
      await waitUntil(() => table.selectedCount === 1);

      await provider.createUser({ name: 'Late Arrival', identifiers: [{ kind: 'email', value: 'late@example.com' }] });

      await waitUntil(() => countText(table) === '10 users');
      await whenLoaded(table);
      expect(table.selection).to.deep.equal({ ids: [first] });
      const row = bodyCellWithText(table, first!).parentElement as HTMLTableRowElement;
      expect(row.getAttribute('aria-selected')).to.equal('true');
    });
  });

  describe('requests', () => {
    it('never asks twice for the same page and state', async () => {
      const recording = recordingProvider(provider);
      const table = await renderTable(recording.provider);
      await whenLoaded(table);

      table.sort = { field: 'phone', direction: 'asc' };
      await whenLoaded(table);
      table.sort = { field: 'name', direction: 'asc' };
      await whenLoaded(table);
      table.hiddenColumns = ['phone'];
      await whenLoaded(table);
      table.filter = { search: 'ana' };
      await whenLoaded(table);
      table.filter = {};
      await whenLoaded(table);

      const keys = recording.queries.map(({ query }) => JSON.stringify(query));
      expect(keys.length).to.equal(new Set(keys).size, `Repeated requests: ${keys.join('\n')}`);
      expect(keys).to.have.length(3);
    });

    it('shrinks to the rows a short page returns', async () => {
      // The count promises two more users than exist, as when users are deleted between count and read.
      const inflated = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery) => {
              const page = await target.queryUsers(query);
              return { items: page.items, total: page.total + 2 };
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const recording = recordingProvider(inflated as IndexedDBProvider);

      const table = await renderTable(recording.provider);
      await whenLoaded(table);
      const calls = recording.queries.length;
      await nextFrame();
      await nextFrame();

      expect(table.matchingCount).to.equal(9);
      expect(renderedIds(table)).to.have.length(9);
      expect(gridOf(table).shadowRoot!.querySelectorAll('#items tr[loading]:not([hidden])')).to.have.length(0);
      expect(recording.queries.length).to.equal(calls);
    });
  });

  describe('approximate totals', () => {
    it('shows rows while it counts a search', async () => {
      const many = openProvider();
      const people = [
        ...Array.from({ length: 60 }, (_, n) => ({ name: `Alex ${n}`, identifiers: [{ kind: 'email', value: `alex${n}@example.com` }] })),
        ...Array.from({ length: 60 }, (_, n) => ({ name: `Person ${n}`, identifiers: [{ kind: 'email', value: `p${n}@example.com` }] })),
      ];
      await importUsers(many, 'Many', people);
      let release = () => {};
      const countReleased = new Promise<void>((resolve) => (release = resolve));
      const holding = new Proxy(many, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery) => {
              if (query.limit === 0) await countReleased;
              return target.queryUsers(query);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const table = await renderTable(holding);
      await whenLoaded(table);

      table.filter = { search: 'person' };
      await waitUntil(() => renderedIds(table).length > 0 && gridOf(table).size !== 120, 'the first rows of the search');
      const estimate = gridOf(table).size;
      const countWhileHeld = countText(table);
      const matchingWhileHeld = table.matchingCount;
      release();
      await whenLoaded(table);

      expect(estimate).to.be.within(51, 119);
      expect(countWhileHeld).to.equal('Counting users…');
      expect(matchingWhileHeld).to.equal(undefined);
      expect(countText(table)).to.equal('60 users');
      expect(table.matchingCount).to.equal(60);
      expect(gridOf(table).size).to.equal(60);
    });
  });

  describe('user-select', () => {
    it('fires with the id of a clicked row', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const andrew = seeded.users.find((user) => user.name === 'Andrew Ng')!;
      const cell = bodyCellWithText(table, 'Andrew Ng');
      const box = cell.getBoundingClientRect();

      const selected = oneEvent(table, 'user-select');
      await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      const event = await selected;

      expect(event.detail).to.deep.equal({ userId: andrew.id });
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
    });

    it('is not fired by a click on the row checkbox', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      let fired = 0;
      table.addEventListener('user-select', () => fired++);
      const cell = (bodyCellWithText(table, 'Andrew Ng').parentElement as HTMLTableRowElement).cells[0]!;
      const box = cell.getBoundingClientRect();

      await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      await waitUntil(() => table.selectedCount === 1);

      expect(fired).to.equal(0);
    });
  });
});
