/**
 * Table and search figures over users seeded into IndexedDB once per run.
 * First rows are compared with the same table over an in-memory array, deep
 * scrolling and deep pages with shallow ones, and a name-prefix search with
 * a plain keyset page; count requests per sort change are counted.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBenchPage, waitForQuietBrowser, type BenchPage } from '../lib/browser.js';
import { ratioFigure, spread, unavailableFigure, type Figure } from '../lib/figures.js';
import { callPage, Unavailable } from '../lib/page-api.js';
import { formatQuantity } from '../lib/report.js';
import { firstSeedWithoutPhone } from '../shared/generate.js';
import type { SavedDatabase, Suite, SuiteContext } from './suite.js';

const FIGURES = {
  firstRows: { ratio: true, id: 'table.first-rows', label: 'Table first rows visible: IndexedDB vs in-memory array', target: { comparison: '<=', value: 2 }, unit: 'ms' },
  scroll: { ratio: true, id: 'table.scroll-end', label: 'Table scrollToIndex near the end vs near the start', target: { comparison: '<=', value: 2 }, unit: 'ms' },
  deepPage: { ratio: true, id: 'table.deep-page', label: 'Provider page at 99% depth vs at the start', target: { comparison: '<=', value: 1.5 }, unit: 'ms' },
  sortCounts: { ratio: false, id: 'table.sort-counts', label: 'IndexedDB count requests per sort change (filter unchanged)', target: { comparison: '=', value: 0 }, unit: 'count' },
  search: { ratio: true, id: 'search.first-page', label: 'Search first page (name prefix) vs plain keyset page', target: { comparison: '<=', value: 5 }, unit: 'ms' },
} as const;

const DATABASE = 'bench-table';
const SEARCH_PREFIXES = ['mar', 'san', 'ben', 'lin', 'ros', 'kar', 'nav', 'hu', 'ad', 'pe'];
const SORT_CHANGES = 6;

function formatMs(ms: number | undefined): string {
  return ms === undefined ? 'not measured' : formatQuantity('ms', ms);
}

/** Runs `measure` and turns a missing part of the kit into a "not available" figure. */
async function guarded(fields: (typeof FIGURES)[keyof typeof FIGURES], measure: () => Promise<Figure>): Promise<Figure> {
  try {
    return await measure();
  } catch (error) {
    if (error instanceof Unavailable) return unavailableFigure(fields, error.message);
    throw error;
  }
}

/**
 * Contents of a saved profile folder's `READY` file: the seeded database
 * and its user count. The page reads a copy from the origin that seeded it
 * (see `openBenchPage`), so any port works.
 */
export interface SavedProfile {
  databaseName: string;
  users: number;
  seededAt: string;
}

export function readSavedProfile(folder: string): SavedProfile | undefined {
  const file = join(folder, 'READY');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedProfile;
}

/** A disk profile's page with the database that the table figures read. */
interface TablePage {
  bench: BenchPage;
  databaseName: string;
}

/**
 * Opens a disk profile with `users` users, from the first source that has
 * them: the profile saved with `--table-profile`, the memory suite's large
 * import (topped up with seeded users), or seeding now.
 */
async function seededPage(context: SuiteContext, users: number): Promise<TablePage> {
  const saved = context.tableProfile;
  const savedProfile = saved ? readSavedProfile(saved) : undefined;
  if (saved && savedProfile?.databaseName === DATABASE && savedProfile.users === users) {
    const copied = await openBenchPage(context.browser!, context.origin, { kind: 'disk', tmpDir: context.tmpDir, copyOf: saved });
    const { users: stored } = await callPage(copied.page, 'countUsers', { databaseName: DATABASE });
    if (stored !== users) {
      await copied.close();
      throw new Error(`Invalid saved profile ${saved}: it contains ${stored} users, but its READY file expects ${users}. Remove the folder so the next run seeds it again.`);
    }
    context.noteSetup(`Seeding ${users.toLocaleString('en-US')} users`, `copied from the profile saved at ${saved} (seeded ${savedProfile.seededAt})`);
    context.log(`  copied ${stored} seeded users from ${saved}`);
    return { bench: copied, databaseName: DATABASE };
  }

  const imported = context.handoff.largeImport;
  if (!saved && imported && imported.users <= users && imported.users >= users * 0.9) return topUpImport(context, imported, users);

  const seeded = await openBenchPage(context.browser!, context.origin, { kind: 'disk', tmpDir: context.tmpDir });
  context.log(`  seeding ${users.toLocaleString('en-US')} users`);
  const seed = await callPage(seeded.page, 'seedDatabase', { databaseName: DATABASE, count: users }).catch(async (error: unknown) => {
    await seeded.close();
    throw error;
  });
  context.noteSetup(
    `Seeding ${users.toLocaleString('en-US')} users (provider's stored form, plain puts)`,
    `${(seed.ms / 1000).toFixed(1)} s (${Math.round((seed.stored / seed.ms) * 1000).toLocaleString('en-US')} users/s)`,
  );
  context.log(`  seeded ${seed.stored} users in ${(seed.ms / 1000).toFixed(1)} s`);
  if (!saved || !seeded.closeAndSave) return { bench: seeded, databaseName: DATABASE };

  await seeded.closeAndSave(saved);
  const ready: SavedProfile = { databaseName: DATABASE, users: seed.stored, seededAt: new Date().toISOString() };
  writeFileSync(join(saved, 'READY'), `${JSON.stringify(ready, null, 2)}\n`);
  context.log(`  saved the seeded profile at ${saved}`);
  const reopened = await openBenchPage(context.browser!, context.origin, { kind: 'disk', tmpDir: context.tmpDir, copyOf: saved });
  return { bench: reopened, databaseName: DATABASE };
}

/**
 * Opens a copy of the memory suite's large import and seeds the users it
 * lacks (its CSV repeats about 1% of people, who are merged), so that the
 * table reads exactly `users` users without a second million-user write.
 */
async function topUpImport(context: SuiteContext, imported: SavedDatabase, users: number): Promise<TablePage> {
  const copied = await openBenchPage(context.browser!, context.origin, { kind: 'disk', tmpDir: context.tmpDir, copyOf: imported.folder });
  try {
    // Past every CSV row's index and past the seeds with pool phone numbers,
    // so no added user's e-mail address, handle or phone number is taken.
    const firstIndex = Math.max(context.sizes.memoryRows, firstSeedWithoutPhone());
    const missing = users - imported.users;
    const seed = await callPage(copied.page, 'seedDatabase', { databaseName: imported.databaseName, count: missing, firstIndex });
    if (seed.stored !== users) throw new Error(`Topping up the imported database failed: it has ${seed.stored} users, expected ${users}.`);
    context.noteSetup(
      `Seeding ${users.toLocaleString('en-US')} users`,
      `the memory suite's ${imported.users.toLocaleString('en-US')} imported users plus ${missing.toLocaleString('en-US')} seeded in ${(seed.ms / 1000).toFixed(1)} s`,
    );
    context.log(`  read the memory suite's import: ${imported.users} users, ${missing} seeded on top`);
    return { bench: copied, databaseName: imported.databaseName };
  } catch (error) {
    await copied.close();
    throw error;
  }
}

export const tableSuite: Suite = {
  name: 'table',
  needsBrowser: true,
  figures: () => Object.values(FIGURES),

  async run(context: SuiteContext): Promise<Figure[]> {
    const users = context.sizes.tableUsers;
    const runs = context.sizes.runs;
    // On disk: an off-the-record context keeps IndexedDB in memory and its
    // quota runs out near 800,000 users.
    const { bench: seeded, databaseName } = await seededPage(context, users);
    let memory: BenchPage | undefined;
    try {
      const quiet = await waitForQuietBrowser(seeded);
      const waited = `${(quiet.ms / 1000).toFixed(0)} s`;
      context.noteSetup(
        'Waiting for the seeded database to settle (browser CPU under 5% of a core for 5 s)',
        quiet.settled ? waited : `${waited}, still busy when the wait gave up`,
      );
      context.log(`  the browser ${quiet.settled ? 'settled' : 'was still busy'} after ${waited}`);
      const page = seeded.page;
      const figures: Figure[] = [];

      figures.push(
        await guarded(FIGURES.firstRows, async () => {
          memory = await openBenchPage(context.browser!, context.origin);
          await callPage(memory.page, 'prepareMemoryUsers', { count: users });
          // The provider stores the count of all users until the next write,
          // so a write first makes the first run count them.
          await callPage(page, 'createAndDeleteUser', { databaseName });
          const indexed: number[] = [];
          const inMemory: number[] = [];
          for (let index = 0; index < runs; index++) {
            indexed.push((await callPage(page, 'tableFirstRows', { source: 'indexeddb', databaseName })).ms);
            inMemory.push((await callPage(memory.page, 'tableFirstRows', { source: 'memory', databaseName })).ms);
          }
          await memory.close();
          memory = undefined;
          const note =
            'a new provider per run; the count of all users is stored in the database until the next write to users, ' +
            `so only the first run, after a user was created and deleted, counts them (${formatMs(indexed[0])}); ` +
            'the row is checked once per animation frame (about 16 ms)';
          return ratioFigure({ ...FIGURES.firstRows, note }, indexed, inMemory);
        }),
      );

      figures.push(
        await guarded(FIGURES.scroll, async () => {
          const near = Math.min(500, users - 1);
          const far = users - 500;
          const farMs: number[] = [];
          const nearMs: number[] = [];
          for (let index = 0; index < runs; index++) {
            // Alternate the order so neither side always runs on a warmer cache.
            const order = index % 2 === 0 ? [far, near] : [near, far];
            for (const target of order) {
              const { ms } = await callPage(page, 'tableScroll', { databaseName, index: target });
              (target === far ? farMs : nearMs).push(ms);
            }
          }
          return ratioFigure({ ...FIGURES.scroll, note: `rows ${far.toLocaleString('en-US')} and ${near}, each from a freshly mounted table` }, farMs, nearMs);
        }),
      );

      figures.push(
        await guarded(FIGURES.deepPage, async () => {
          const deep = Math.floor(users * 0.99);
          // Bookmarks of deep pages are stored until the next write to
          // users, so a write first makes the first run walk to its page.
          await callPage(page, 'createAndDeleteUser', { databaseName });
          const deepMs: number[] = [];
          const startMs: number[] = [];
          for (let index = 0; index < runs; index++) {
            deepMs.push((await callPage(page, 'pageFetch', { databaseName, offset: deep })).ms);
            startMs.push((await callPage(page, 'pageFetch', { databaseName, offset: 0 })).ms);
          }
          const note =
            `50 users at offset ${deep.toLocaleString('en-US')} vs offset 0, a new provider per fetch; ` +
            `the first deep fetch, after a user was created and deleted, walks to its page (${formatMs(deepMs[0])}) ` +
            'and stores a bookmark there, which later providers start from until the next write to users';
          return ratioFigure({ ...FIGURES.deepPage, note }, deepMs, startMs);
        }),
      );

      figures.push(
        await guarded(FIGURES.sortCounts, async () => {
          const perRun: number[] = [];
          let counts = 0;
          let changes = 0;
          let queries = 0;
          for (let index = 0; index < runs; index++) {
            const result = await callPage(page, 'sortChangeCounts', { databaseName, changes: SORT_CHANGES });
            const runCounts = result.countsPerChange.reduce((sum, n) => sum + n, 0);
            perRun.push(runCounts / result.countsPerChange.length);
            counts += runCounts;
            changes += result.countsPerChange.length;
            queries += result.queriesPerChange.reduce((sum, n) => sum + n, 0);
          }
          // The value is over every sort change of every run, so a single
          // recount anywhere shows.
          const value = counts / changes;
          return {
            ...FIGURES.sortCounts,
            measured: spread(perRun),
            value,
            status: value === 0 ? 'PASS' : 'MISS',
            note: `${changes} sort changes by clicking column sorters; ${(queries / changes).toFixed(1)} provider queries per change`,
          };
        }),
      );

      figures.push(
        await guarded(FIGURES.search, async () => {
          const searchMs: number[] = [];
          const keysetMs: number[] = [];
          const matches: string[] = [];
          for (let index = 0; index < runs; index++) {
            const prefix = SEARCH_PREFIXES[index % SEARCH_PREFIXES.length] as string;
            const result = await callPage(page, 'searchAndKeyset', { databaseName, prefix });
            searchMs.push(result.searchMs);
            keysetMs.push(result.keysetMs);
            const total = result.approximate ? `estimated ${result.estimate.toLocaleString('en-US')}, then` : 'exact';
            matches.push(`"${prefix}" ${total} ${result.matches.toLocaleString('en-US')} in ${Math.round(result.countMs).toLocaleString('en-US')} ms`);
          }
          const note = `50 users per page, accepting an approximate total as the table does; matches: ${matches.join(', ')}`;
          return ratioFigure({ ...FIGURES.search, note }, searchMs, keysetMs);
        }),
      );

      return figures;
    } finally {
      await memory?.close();
      await seeded.close();
    }
  },
};
