import { fixture, html, nextFrame } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import type { Grid } from '@vaadin/grid';
import type { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { Page, UserDataProvider, UserQuery } from '../../../src/data/provider.js';
import type { AllUsersTable } from '../../../src/elements/all-users-table/define.js';
import '../../../src/elements/all-users-table/define.js';
import type { Group, User, UserInput } from '../../../src/model/types.js';

const DAY = 24 * 60 * 60 * 1000;

/** The moment the seed's activity times are relative to. */
export const SEED_NOW = Date.now();

/** Users created one by one, with every channel, source and activity case the table shows. */
export const CREATED_USERS: UserInput[] = [
  {
    name: 'Ana Lima',
    identifiers: [
      { kind: 'whatsapp', value: '+447700900101' },
      { kind: 'email', value: 'ana.lima@example.com' },
    ],
    primaryChannel: 'whatsapp',
    lastActivityAt: SEED_NOW - 2 * DAY,
  },
  {
    name: 'Anabel Costa',
    identifiers: [{ kind: 'phone', value: '+447700900102' }],
    primaryChannel: 'phone',
    source: { type: 'integration', name: 'Shopify' },
    lastActivityAt: null,
  },
  {
    name: 'Andrew Ng',
    identifiers: [{ kind: 'email', value: 'andrew@example.org' }],
    primaryChannel: 'email',
    lastActivityAt: SEED_NOW - 10 * DAY,
  },
  {
    name: 'Bruno Díaz',
    identifiers: [
      { kind: 'instagram', value: 'bruno.diaz' },
      { kind: 'phone', value: '+5511987654321' },
    ],
    primaryChannel: 'instagram',
    lastActivityAt: SEED_NOW - 60 * 60 * 1000,
  },
  {
    name: 'Émile Zola',
    identifiers: [{ kind: 'sms', value: '+33612345678' }],
    primaryChannel: 'sms',
    source: { type: 'integration', name: 'Zendesk' },
    lastActivityAt: SEED_NOW - 400 * DAY,
  },
  {
    name: 'Zoe Anand',
    identifiers: [{ kind: 'email', value: 'zoe@example.net' }],
    primaryChannel: 'email',
    lastActivityAt: SEED_NOW - 30 * DAY,
  },
];

/** The seed's import: its group name and its users. */
export const IMPORT_GROUP = 'Spring Fair 2024';
export const IMPORTED_USERS: UserInput[] = [
  {
    name: 'Carla Mendes',
    identifiers: [{ kind: 'phone', value: '+447700900201' }],
    lastActivityAt: SEED_NOW - 5 * DAY,
  },
  {
    name: 'Dev Patel',
    identifiers: [{ kind: 'email', value: 'dev.patel@example.com' }],
    lastActivityAt: SEED_NOW - 3 * DAY,
  },
  {
    name: 'Ana Sofia Reis',
    identifiers: [{ kind: 'whatsapp', value: '+351912345678' }],
    lastActivityAt: null,
  },
];

export interface Seed {
  users: User[];
  importGroup: Group;
}

/** Writes users through the provider's import API, in one batch; returns the import's group. */
export async function importUsers(provider: UserDataProvider, groupName: string, users: UserInput[]): Promise<Group> {
  const job = await provider.startImport({ group: { name: groupName }, onExisting: 'skip', expectedRecords: users.length });
  const result = await provider.writeImportBatch(
    job.id,
    0,
    users.map((user, index) => ({ line: index + 2, user })),
  );
  if (result.rejections.length > 0) throw new Error(`Seed rejected: ${JSON.stringify(result.rejections)}`);
  await provider.finishImport(job.id);
  return provider.getGroup(job.groupId);
}

/** Stores the seed users and returns them as stored. */
export async function seed(provider: UserDataProvider): Promise<Seed> {
  for (const input of CREATED_USERS) await provider.createUser(input);
  const importGroup = await importUsers(provider, IMPORT_GROUP, IMPORTED_USERS);
  return { users: await allUsers(provider), importGroup };
}

/** Reads every stored user, in id order. */
/** Returns the id of the seeded user with this name. */
export function idOf(users: readonly User[], name: string): string {
  const user = users.find((candidate) => candidate.name === name);
  if (!user) throw new Error(`No seeded user is named ${name}.`);
  return user.id;
}

export async function allUsers(provider: UserDataProvider): Promise<User[]> {
  const page = await provider.queryUsers({ offset: 0, limit: 10_000, sort: { field: 'id', direction: 'asc' } });
  return page.items;
}

/** One `queryUsers` call a {@link RecordingProvider} saw. */
export interface RecordedQuery {
  query: Omit<UserQuery, 'signal'>;
  result?: Page<User>;
}

/**
 * Wraps a real provider and records every `queryUsers` call with its result;
 * everything else goes straight to the provider.
 */
export function recordingProvider(provider: IndexedDBProvider): { provider: UserDataProvider; queries: RecordedQuery[] } {
  const queries: RecordedQuery[] = [];
  const wrapper = new Proxy(provider, {
    get(target, property, receiver) {
      if (property === 'queryUsers') {
        return async (query: UserQuery) => {
          const { signal: _signal, ...rest } = query;
          const record: RecordedQuery = { query: structuredClone(rest) };
          queries.push(record);
          record.result = await target.queryUsers(query);
          return record.result;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { provider: wrapper, queries };
}

/** Renders a table over a provider; the column choice is not stored so tests do not leak into each other. */
export async function renderTable(provider: UserDataProvider, attributes: { sort?: string } = {}): Promise<AllUsersTable> {
  const table = await fixture<AllUsersTable>(
    html`<all-users-table
      .provider=${provider}
      sort=${attributes.sort ?? 'name:asc'}
      column-storage-key=""
      search-delay="0"
    ></all-users-table>`,
  );
  return table;
}

export function gridOf(table: AllUsersTable): Grid<User> {
  const grid = table.shadowRoot?.querySelector('vaadin-grid');
  if (!grid) throw new Error('The table renders no vaadin-grid.');
  return grid;
}

/** Returns the text of the count part, such as "9 users". */
export function countText(table: AllUsersTable): string {
  return table.shadowRoot?.querySelector('[part~="count"]')?.textContent?.trim() ?? '';
}

/** Returns the body rows on screen, top to bottom, each as the texts of its cells. */
export function renderedRows(table: AllUsersTable): string[][] {
  const grid = gridOf(table);
  const rows = [...(grid.shadowRoot?.querySelectorAll<HTMLTableRowElement>('#items tr') ?? [])].filter(
    (row) => !row.hidden && !row.hasAttribute('loading'),
  );
  rows.sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
  return rows.map((row) =>
    [...row.cells].filter((cell) => !cell.hidden).map((cell) => cellContent(cell)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
  );
}

/** Returns the light-DOM content element a grid cell shows. */
export function cellContent(cell: HTMLTableCellElement): HTMLElement | undefined {
  const slot = cell.querySelector('slot');
  return slot?.assignedElements()[0] as HTMLElement | undefined;
}

/** Returns the rendered body cell that shows a text. */
export function bodyCellWithText(table: AllUsersTable, text: string): HTMLTableCellElement {
  const grid = gridOf(table);
  for (const row of grid.shadowRoot?.querySelectorAll<HTMLTableRowElement>('#items tr') ?? []) {
    if (row.hidden) continue;
    for (const cell of row.cells) {
      if (cellContent(cell)?.textContent?.includes(text)) return cell;
    }
  }
  throw new Error(`No rendered cell shows "${text}".`);
}

/** Returns the user ids of the rendered rows, top to bottom, read from the second column (User ID). */
export function renderedIds(table: AllUsersTable): string[] {
  return renderedRows(table).map((cells) => cells[1] ?? '');
}

/** Waits until the table shows a count and no row is waiting for data. */
export async function whenLoaded(table: AllUsersTable): Promise<void> {
  // A property set just before must reach willUpdate, which resets the count.
  await table.updateComplete;
  await waitUntil(
    () => {
      const grid = gridOf(table);
      const loadingRow = grid.shadowRoot?.querySelector('#items tr[loading]:not([hidden])');
      return table.matchingCount !== undefined && !grid.loading && !loadingRow;
    },
    'The table did not finish loading.',
    { timeout: 10_000 },
  );
  await nextFrame();
}

/** Waits until the rendered user ids equal `expected`. */
export async function whenRowsAre(table: AllUsersTable, expected: string[]): Promise<void> {
  try {
    await waitUntil(() => JSON.stringify(renderedIds(table)) === JSON.stringify(expected), '', { timeout: 10_000 });
  } catch {
    throw new Error(`Rows are ${JSON.stringify(renderedIds(table))}, expected ${JSON.stringify(expected)}.`);
  }
}

/** Returns an element in the table's shadow root, or throws naming the selector. */
export function part<T extends Element = HTMLElement>(table: AllUsersTable, selector: string): T {
  const element = table.shadowRoot?.querySelector<T>(selector);
  if (!element) throw new Error(`The table has no element matching ${selector}.`);
  return element;
}

/** Returns the toolbar or bulk-bar button with a label. */
export function button(table: AllUsersTable, label: string): HTMLElement {
  const found = [...(table.shadowRoot?.querySelectorAll<HTMLElement>('vaadin-button') ?? [])].find(
    (candidate) => candidate.textContent?.trim() === label,
  );
  if (!found) throw new Error(`The table has no button "${label}".`);
  return found;
}
