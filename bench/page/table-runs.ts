/**
 * Table and search measurements in the page, over users seeded into
 * IndexedDB and over the same users in an array.
 */
import { toStoredUser } from '../../src/data/indexeddb/schema.js';
import { usersWrittenRecord } from '../../src/data/indexeddb/stored-pages.js';
import type { UserDataProvider, UserQuery } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';
import { createProvider, loadTable, requirePart } from './kit.js';
import { ArrayProvider, seededUsers } from './memory-provider.js';

const SEED_BATCH = 10_000;
const PAGE = 50;
const WAIT_LIMIT_MS = 120_000;
/** How long a sort change may go without a provider query before the change counts as served without one. */
const NO_QUERY_MS = 3000;

/**
 * Seeds `count` users as fast as IndexedDB allows: the provider creates the
 * database, then the users, turned into stored records by the provider's
 * own `toStoredUser` (so every index key is the provider's), go in with
 * plain puts, 10,000 per transaction, each built while the one before it
 * is written. The generated users are valid and
 * unique, so the import path's validation and duplicate lookups are skipped.
 * Each transaction also replaces the users version, as the provider's
 * writes do, so no count or bookmark stored before it is used after it.
 */
export async function seedDatabase(args: { databaseName: string; count: number; firstIndex?: number }): Promise<{ ms: number; stored: number }> {
  const provider = createProvider(args.databaseName);
  await provider.listGroups();
  provider.close();
  const database = await openDatabase(args.databaseName);

  const start = performance.now();
  // Each batch is built while the one before it is written: the browser
  // process runs the transactions one at a time anyway, and the page's
  // share of the work then overlaps with it.
  let previous: Promise<void> | undefined;
  for (let offset = 0; offset < args.count; offset += SEED_BATCH) {
    const transaction = database.transaction(['users', 'meta'], 'readwrite');
    transaction.objectStore('meta').put(usersWrittenRecord());
    const store = transaction.objectStore('users');
    for (const user of seededUsers(Math.min(SEED_BATCH, args.count - offset), (args.firstIndex ?? 0) + offset)) store.put(toStoredUser(user));
    const done = transactionDone(transaction);
    await previous;
    previous = done;
    if ((offset / SEED_BATCH) % 10 === 9) console.info(`[bench] seeded ${(offset + SEED_BATCH).toLocaleString('en-US')} users`);
  }
  await previous;
  const ms = performance.now() - start;
  database.close();

  const { users: stored } = await countUsers(args);
  return { ms, stored };
}

/** Counts a database's users through the provider, the way the table reads its total. */
export async function countUsers(args: { databaseName: string }): Promise<{ users: number }> {
  const provider = createProvider(args.databaseName);
  const users = (await provider.queryUsers({ offset: 0, limit: 1 })).total;
  provider.close();
  return { users };
}

function openDatabase(databaseName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('the seeding transaction was aborted'));
  });
}

/**
 * Creates a user and deletes it again through a new provider. The users
 * are as before, but the write replaces the users version, so the next
 * provider counts the users and walks to deep pages again, as it would
 * after any change.
 */
export async function createAndDeleteUser(args: { databaseName: string }): Promise<{ ms: number }> {
  const provider = createProvider(args.databaseName);
  const start = performance.now();
  const user = await provider.createUser({ name: 'Bench Write', identifiers: [{ kind: 'email', value: `bench-write-${Date.now()}@example.com` }] });
  await provider.deleteUser(user.id);
  const ms = performance.now() - start;
  provider.close();
  return { ms };
}

let memoryProvider: ArrayProvider | undefined;

/** Builds the in-memory copy of the seeded users (not timed). */
export function prepareMemoryUsers(args: { count: number }): { users: number } {
  const users: User[] = seededUsers(args.count);
  memoryProvider = new ArrayProvider(users);
  memoryProvider.presort();
  return { users: users.length };
}

type Grid = HTMLElement & { scrollToIndex(index: number): void; loading?: boolean };
type GridRow = HTMLElement & { index: number; _item?: unknown };
type TableElement = HTMLElement & { provider?: UserDataProvider; scrollToIndex?: (index: number) => void };

/** Finds the first element matching `selector` inside `root`, looking through open shadow roots. */
function findDeep(root: Element | ShadowRoot, selector: string): Element | undefined {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const found = findDeep(element.shadowRoot, selector);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Resolves at the first animation frame where `ready()` holds, with the
 * time of that check. The frame's own timestamp is not used: it is taken
 * when the frame begins, before any long task that delays its callbacks,
 * so it would leave such a task out.
 */
function waitForFrame(ready: () => boolean, what: string): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (ready()) {
        resolve(performance.now());
        return;
      }
      if (performance.now() - start > WAIT_LIMIT_MS) {
        reject(new Error(`timed out after ${WAIT_LIMIT_MS / 1000} s waiting for ${what}`));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

/** True when the grid shows the row at `index` with its data rendered. */
function rowShown(grid: Grid | undefined, index: number): boolean {
  const rows = grid?.shadowRoot?.querySelector('#items')?.children;
  if (!rows) return false;
  for (const element of rows) {
    const row = element as GridRow;
    if (row.hidden || row.index !== index) continue;
    if (row.hasAttribute('loading') || row._item === undefined || row._item === null) return false;
    const cells = [...row.children] as (HTMLElement & { _content?: HTMLElement })[];
    return cells.some((cell) => (cell._content?.textContent ?? '').trim() !== '');
  }
  return false;
}

const host = (): HTMLElement => document.getElementById('stage') as HTMLElement;

interface MountedTable {
  table: TableElement;
  grid: () => Grid | undefined;
  /** performance.now() when the first row was shown. */
  firstRowAt: number;
  remove(): void;
}

async function mountTable(provider: UserDataProvider): Promise<{ start: number; mounted: MountedTable }> {
  const tag = await requirePart(loadTable());
  const start = performance.now();
  const table = document.createElement(tag) as TableElement;
  table.provider = provider;
  // Only the size: the table lays its grid out as a flex column, and a
  // display set here would let the grid grow to every row.
  table.style.cssText = 'width: 1200px; height: 800px;';
  host().append(table);

  let grid: Grid | undefined;
  const findGrid = (): Grid | undefined => (grid ??= findDeep(table.shadowRoot ?? table, 'vaadin-grid') as Grid | undefined);
  const firstRowAt = await waitForFrame(() => rowShown(findGrid(), 0), 'the first row of <all-users-table>');
  return { start, mounted: { table, grid: findGrid, firstRowAt, remove: () => table.remove() } };
}

/** Time from adding `<all-users-table>` to the frame that shows its first row. */
export async function tableFirstRows(args: { source: 'indexeddb' | 'memory'; databaseName: string }): Promise<{ ms: number }> {
  let provider: UserDataProvider;
  if (args.source === 'memory') {
    if (!memoryProvider) throw new Error('prepareMemoryUsers() must run first');
    provider = memoryProvider;
  } else {
    provider = createProvider(args.databaseName);
  }
  const { start, mounted } = await mountTable(provider);
  mounted.remove();
  if (args.source === 'indexeddb') provider.close();
  return { ms: mounted.firstRowAt - start };
}

/** Time from `scrollToIndex(index)` to the frame that shows that row, in a freshly mounted table. */
export async function tableScroll(args: { databaseName: string; index: number }): Promise<{ ms: number }> {
  const provider = createProvider(args.databaseName);
  const { mounted } = await mountTable(provider);
  const grid = mounted.grid() as Grid;

  const start = performance.now();
  if (typeof mounted.table.scrollToIndex === 'function') mounted.table.scrollToIndex(args.index);
  else grid.scrollToIndex(args.index);
  const shownAt = await waitForFrame(() => rowShown(grid, args.index), `row ${args.index} after scrollToIndex`);

  mounted.remove();
  provider.close();
  return { ms: shownAt - start };
}

async function timedQuery(provider: UserDataProvider, query: UserQuery): Promise<number> {
  const start = performance.now();
  const page = await provider.queryUsers(query);
  const ms = performance.now() - start;
  if (page.items.length === 0) throw new Error(`query ${JSON.stringify(query)} returned no users`);
  return ms;
}

/**
 * Times one page at `offset` from a new provider instance, so no page or
 * bookmark cache of an earlier run helps, after a one-row query has opened
 * the connection.
 */
export async function pageFetch(args: { databaseName: string; offset: number }): Promise<{ ms: number }> {
  const provider = createProvider(args.databaseName);
  await provider.queryUsers({ offset: 0, limit: 1 });
  const ms = await timedQuery(provider, { offset: args.offset, limit: PAGE });
  provider.close();
  return { ms };
}

/**
 * From a new provider that has served the first page: the next page (a
 * plain keyset page), then the first page of a name-prefix search as the
 * table requests it, accepting an approximate total, and then the exact
 * total that the table requests next.
 */
export async function searchAndKeyset(args: {
  databaseName: string;
  prefix: string;
}): Promise<{ keysetMs: number; searchMs: number; approximate: boolean; estimate: number; countMs: number; matches: number }> {
  const provider = createProvider(args.databaseName);
  await provider.queryUsers({ offset: 0, limit: PAGE });
  const keysetMs = await timedQuery(provider, { offset: PAGE, limit: PAGE });

  const filter = { search: args.prefix };
  const start = performance.now();
  const page = await provider.queryUsers({ offset: 0, limit: PAGE, filter, allowApproximateTotal: true });
  const searchMs = performance.now() - start;
  const countStart = performance.now();
  const exact = await provider.queryUsers({ offset: 0, limit: 0, filter });
  const countMs = performance.now() - countStart;
  provider.close();
  if (page.items.length === 0) throw new Error(`searching "${args.prefix}" returned no users`);
  return { keysetMs, searchMs, approximate: page.totalApproximate === true, estimate: page.total, countMs, matches: exact.total };
}

let storeCounts = 0;

/** Counts IndexedDB count() requests page-wide, which shows whether totals are cached or counted again. */
function instrumentCounts(): void {
  for (const prototype of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    const original = prototype.count;
    prototype.count = function count(this: IDBObjectStore | IDBIndex, ...args: Parameters<IDBObjectStore['count']>) {
      storeCounts++;
      return original.apply(this, args);
    } as typeof original;
  }
}
instrumentCounts();

/**
 * Mounts the table, then clicks column sorters one after another without
 * touching the filter, and counts the IndexedDB count() requests and
 * provider queries each sort change causes.
 */
export async function sortChangeCounts(args: { databaseName: string; changes: number }): Promise<{ countsPerChange: number[]; queriesPerChange: number[] }> {
  const provider = createProvider(args.databaseName);
  let queries = 0;
  let inFlight = 0;
  const counted = new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'queryUsers') return value.bind(target);
      return async (query: UserQuery) => {
        queries++;
        inFlight++;
        try {
          return await target.queryUsers(query);
        } finally {
          inFlight--;
        }
      };
    },
  });

  const { mounted } = await mountTable(counted);
  const grid = mounted.grid() as Grid;
  const sorters = [...grid.querySelectorAll('vaadin-grid-sorter')] as HTMLElement[];
  if (sorters.length === 0) throw new Error('the table shows no vaadin-grid-sorter to click');
  await settle(() => inFlight === 0 && rowShown(grid, 0));

  const countsPerChange: number[] = [];
  const queriesPerChange: number[] = [];
  for (let change = 0; change < args.changes; change++) {
    const countsBefore = storeCounts;
    const queriesBefore = queries;
    sorters[Math.floor(change / 2) % sorters.length]?.click();
    // A sort the table serves from the pages it has loaded sends the provider no query.
    const clickedAt = performance.now();
    await waitForFrame(() => queries > queriesBefore || performance.now() - clickedAt > NO_QUERY_MS, `a query after sort change ${change + 1}`);
    await settle(() => inFlight === 0 && rowShown(grid, 0));
    countsPerChange.push(storeCounts - countsBefore);
    queriesPerChange.push(queries - queriesBefore);
  }

  mounted.remove();
  provider.close();
  return { countsPerChange, queriesPerChange };
}

/** Waits until `ready()` has held for 300 ms, so late follow-up requests are counted too. */
async function settle(ready: () => boolean): Promise<void> {
  let since: number | undefined;
  await waitForFrame(() => {
    if (!ready()) {
      since = undefined;
      return false;
    }
    since ??= performance.now();
    return performance.now() - since >= 300;
  }, 'the table to settle');
}
