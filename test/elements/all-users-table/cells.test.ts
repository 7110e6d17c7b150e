import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/elements/user-profile/define.js';
import type { UserProfile } from '../../../src/elements/user-profile/user-profile.js';
import { button, click, field, fill } from '../shared/interactions.js';
import { waitUntil } from '../../helpers/wait.js';
import { UnavailableError } from '../../../src/data/errors.js';
import type { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { Page, UserDataProvider, UserQuery } from '../../../src/data/provider.js';
import type { AllUsersTable } from '../../../src/elements/all-users-table/define.js';
import type { User } from '../../../src/model/types.js';
import { cleanUpProviders, openProvider } from '../../indexeddb/helpers.js';
import {
  bodyCellWithText,
  cellContent,
  countText,
  gridOf,
  idOf,
  importUsers,
  renderTable,
  renderedIds,
  seed,
  whenLoaded,
  type Seed,
} from './helpers.js';

/** Returns the rendered row of the user with `id`, failing when it is not on screen. */
function rowOf(table: AllUsersTable, id: string): HTMLTableRowElement {
  return bodyCellWithText(table, id).parentElement as HTMLTableRowElement;
}

/** Returns the content of the rendered cell of a row under the column headed `header`. */
function cellUnder(table: AllUsersTable, row: HTMLTableRowElement, header: string): HTMLElement {
  const headers = [...(gridOf(table).shadowRoot?.querySelectorAll<HTMLTableCellElement>('thead tr th') ?? [])].filter(
    (cell) => !cell.hidden,
  );
  const index = headers.findIndex((cell) => cellContent(cell)?.textContent?.replace(/\s+/g, ' ').trim() === header);
  if (index < 0) throw new Error(`No column is headed "${header}".`);
  const cells = [...row.cells].filter((cell) => !cell.hidden);
  const content = cells[index] && cellContent(cells[index]);
  if (!content) throw new Error(`The row has no cell under "${header}".`);
  return content;
}

/** The grid's scroller, whose scrollTop is the scroll position a user sees. */
function scrollerOf(table: AllUsersTable): HTMLElement {
  const scroller = gridOf(table).shadowRoot?.querySelector<HTMLElement>('#table');
  if (!scroller) throw new Error('The grid has no #table scroller.');
  return scroller;
}

describe('<all-users-table> cells', () => {
  let provider: IndexedDBProvider;
  let seeded: Seed;

  beforeEach(async () => {
    provider = openProvider();
    seeded = await seed(provider);
  });

  afterEach(cleanUpProviders);

  describe('columns', () => {
    it('shows the name beside its initials', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const cell = cellUnder(table, rowOf(table, idOf(seeded.users, 'Ana Sofia Reis')), 'Name');
      const avatar = cell.querySelector('[part="avatar"]');

      expect(avatar?.textContent?.trim()).to.equal('AR');
      expect(avatar?.getAttribute('aria-hidden')).to.equal('true');
      expect(cell.textContent).to.contain('Ana Sofia Reis');
    });

    it('shows the primary channel as icon and label', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const cell = cellUnder(table, rowOf(table, idOf(seeded.users, 'Ana Lima')), 'Primary Channel');

      expect(cell.querySelector('svg[aria-hidden="true"]')).to.exist;
      expect(cell.textContent?.trim()).to.equal('WhatsApp');
    });

    it('names the import group and the integration of each source', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const source = (name: string) =>
        cellUnder(table, rowOf(table, idOf(seeded.users, name)), 'Source').textContent?.trim();

      expect(source('Ana Lima')).to.equal('Internal');
      expect(source('Carla Mendes')).to.equal('Import: Spring Fair 2024');
      expect(source('Anabel Costa')).to.equal('Integration: Shopify');
    });

    it('shows the phone in international format', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const cell = cellUnder(table, rowOf(table, idOf(seeded.users, 'Anabel Costa')), 'Phone');

      expect(cell.textContent?.trim()).to.equal('+44 7700 900102');
    });

    it('shows last activity relative, with the exact time', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const user = seeded.users.find((candidate) => candidate.name === 'Ana Lima')!;
      const exact = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(user.lastActivityAt!);

      const cell = cellUnder(table, rowOf(table, user.id), 'Last Activity');
      const time = cell.querySelector('time');

      expect(time?.querySelector('[aria-hidden="true"]')?.textContent?.trim()).to.equal('2 days ago');
      expect(time?.getAttribute('title')).to.equal(exact);
      expect(time?.getAttribute('datetime')).to.equal(new Date(user.lastActivityAt!).toISOString());
      expect(time?.querySelector('.visually-hidden')?.textContent).to.contain(exact);
    });

    it("says when a user has no activity", async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const cell = cellUnder(table, rowOf(table, idOf(seeded.users, 'Anabel Costa')), 'Last Activity');

      expect(cell.querySelector('time')).to.equal(null);
      expect(cell.textContent?.trim()).to.not.equal('');
    });
  });

  describe('theming', () => {
    it("re-exports the grid's parts", async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      const exported = gridOf(table).getAttribute('exportparts') ?? '';

      for (const part of ['row', 'body-row', 'header-row', 'selected-row', 'odd-row', 'cell', 'header-cell', 'body-cell']) {
        expect(exported, part).to.match(new RegExp(`(^|,\\s*)${part}: grid__${part}(,|$)`));
      }
    });

    it('applies its custom properties', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      table.style.setProperty('--all-users-table-avatar-size', '40px');
      const avatar = cellUnder(table, rowOf(table, idOf(seeded.users, 'Ana Lima')), 'Name').querySelector<HTMLElement>(
        '[part="avatar"]',
      )!;

      expect(getComputedStyle(avatar).width).to.equal('40px');
    });
  });

  describe('loading', () => {
    it('says it is loading while the provider has not answered', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const slow: UserDataProvider = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery): Promise<Page<User>> => {
              await released;
              return target.queryUsers(query);
            };
          }
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });

      const table = await renderTable(slow);
      await table.updateComplete;
      const note = table.shadowRoot?.querySelector('[part~="loading"]');
      const noteText = note?.textContent?.trim();
      const role = note?.getAttribute('role');
      release();
      await whenLoaded(table);

      expect(noteText).to.equal('Loading users…');
      expect(role).to.equal('status');
      expect(table.shadowRoot?.querySelector('[part~="loading"]')).to.equal(null);
    });
  });

  describe('errors', () => {
    it('settles the grid when a later page fails', async () => {
      await importUsers(
        provider,
        'Many',
        Array.from({ length: 200 }, (_, n) => ({
          name: `Many Person ${String(n).padStart(3, '0')}`,
          identifiers: [{ kind: 'email', value: `many${n}@example.com` }],
        })),
      );
      let failing = false;
      const flaky: UserDataProvider = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery): Promise<Page<User>> => {
              if (failing) throw new UnavailableError('The server went away.');
              return target.queryUsers(query);
            };
          }
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const table = await renderTable(flaky);
      await whenLoaded(table);
      const failed = oneEvent(table, 'data-error');

      failing = true;
      gridOf(table).scrollToIndex(180);
      const { detail } = await failed;
      await waitUntil(() => table.shadowRoot!.querySelector('[data-state="error"]'), 'No error state was shown.');

      expect(detail.error).to.be.instanceOf(UnavailableError);
      await waitUntil(() => !gridOf(table).loading, 'The grid kept loading after the error.');
      expect(table.shadowRoot!.querySelector('[data-state="error"] vaadin-button')?.textContent).to.equal('Retry');
    });
  });

  describe('short pages', () => {
    it('stops loading when a page past the end comes back empty', async () => {
      // With the 9 seeded users, 200 users fill pages 0 to 3 of 50 exactly.
      await importUsers(
        provider,
        'Many',
        Array.from({ length: 191 }, (_, n) => ({
          name: `Many Person ${String(n).padStart(3, '0')}`,
          identifiers: [{ kind: 'email', value: `many${n}@example.com` }],
        })),
      );
      // The count promises 10 users more than exist, as when they were deleted between the count and the read.
      const inflated: UserDataProvider = new Proxy(provider, {
        get(target, property) {
          if (property === 'queryUsers') {
            return async (query: UserQuery): Promise<Page<User>> => {
              const page = await target.queryUsers(query);
              return { items: page.items, total: page.total + 10 };
            };
          }
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const table = await renderTable(inflated);
      await whenLoaded(table);
      gridOf(table).scrollToIndex(160);
      await waitUntil(() => renderedIds(table).length > 0 && !gridOf(table).loading, 'Page 3 did not load.');

      // Only page 4 is missing now, and it comes back empty.
      gridOf(table).scrollToIndex(209);
      await waitUntil(() => table.matchingCount === 200, 'The count was not cut to the stored users.');

      await waitUntil(() => !gridOf(table).loading, 'The grid kept loading after the empty page.');
      expect(gridOf(table).size).to.equal(200);
    });
  });

  describe('live updates', () => {
    it('shows a write from another tab', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const otherTab = openProvider({ databaseName: provider.databaseName });

      await otherTab.createUser({ name: 'Aaron From Elsewhere', identifiers: [{ kind: 'email', value: 'aaron@example.com' }] });

      await waitUntil(() => countText(table) === '10 users', 'The count did not follow the other tab.');
      await waitUntil(() => {
        try {
          return bodyCellWithText(table, 'Aaron From Elsewhere') !== undefined;
        } catch {
          return false;
        }
      }, 'The row written in the other tab did not appear.');
    });

    it('shows a name saved in the profile beside it', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const id = idOf(seeded.users, 'Andrew Ng');
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${id}></user-profile>`);
      await waitUntil(() => profile.shadowRoot!.querySelector('.header'), 'The profile did not load.');

      await click(profile, button(profile.shadowRoot!, 'Edit'));
      await fill(profile, field(profile.shadowRoot!.querySelector('.edit-form')!, 'Full name'), 'Andrew Ngozi');
      const saved = oneEvent(profile, 'user-update');
      await click(profile, button(profile.shadowRoot!, 'Save'));
      await saved;

      await waitUntil(() => {
        try {
          return cellUnder(table, rowOf(table, id), 'Name').textContent?.includes('Andrew Ngozi');
        } catch {
          return false;
        }
      }, 'The table kept the old name.');
      expect(countText(table)).to.equal('9 users');
    });

    it('keeps the scroll position when rows refresh', async () => {
      await importUsers(
        provider,
        'Many',
        Array.from({ length: 200 }, (_, n) => ({
          name: `Many Person ${String(n).padStart(3, '0')}`,
          identifiers: [{ kind: 'email', value: `many${n}@example.com` }],
        })),
      );
      const table = await renderTable(provider);
      await whenLoaded(table);
      gridOf(table).scrollToIndex(120);
      await whenLoaded(table);
      const top = scrollerOf(table).scrollTop;
      const firstIds = renderedIds(table).slice(0, 3);

      await provider.createUser({ name: 'Zz Last Arrival', identifiers: [{ kind: 'email', value: 'zz@example.com' }] });
      await waitUntil(() => countText(table) === '210 users', 'The count did not change.');
      await whenLoaded(table);

      expect(top).to.be.greaterThan(0);
      expect(scrollerOf(table).scrollTop).to.equal(top);
      expect(renderedIds(table).slice(0, 3)).to.deep.equal(firstIds);
    });
  });
});
