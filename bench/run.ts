/**
 * `npm run bench`: builds the bench page, generates the data, drives
 * headless Chromium through every suite, prints the figures against their
 * targets, writes bench/results/*.json and BENCHMARKS.md, and exits
 * non-zero when a figure misses its target or is not available.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { chromiumVersion, launchBrowser } from './lib/browser.js';
import { DATA_DIR } from './lib/files.js';
import { unavailableFigure, type Figure, type SuiteRun } from './lib/figures.js';
import { METHODOLOGY } from './lib/methodology.js';
import { Unavailable } from './lib/page-api.js';
import { printTable, writeBenchmarksMarkdown, writeJson, type Environment, type Results } from './lib/report.js';
import { startServer } from './lib/server.js';
import { bundleSuite } from './suites/bundle.js';
import { excelSuite } from './suites/excel.js';
import { importSuite } from './suites/import.js';
import { memorySuite } from './suites/memory.js';
import { tableSuite } from './suites/table.js';
import type { Sizes, Suite, SuiteContext } from './suites/suite.js';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const SUITES: Suite[] = [bundleSuite, importSuite, excelSuite, memorySuite, tableSuite];

// One run of the million-row import: it is the longest step by far, and
// five of them would not fit the 30-minute budget on two cores.
const FULL: Sizes = { runs: 5, importRows: 100_000, xlsxRows: 100_000, memoryRows: 1_000_000, memoryRuns: 1, tableUsers: 1_000_000 };
const QUICK: Sizes = { runs: 5, importRows: 2_000, xlsxRows: 1_000, memoryRows: 20_000, memoryRuns: 1, tableUsers: 20_000 };

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '5290' },
    'write-markdown': { type: 'boolean' },
    merge: { type: 'string' },
    runs: { type: 'string' },
    'table-users': { type: 'string' },
    'import-rows': { type: 'string' },
    'table-profile': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (options.help) {
  console.log(`Usage: npm run bench [-- --quick] [-- --only=${SUITES.map((suite) => suite.name).join(',')}] [-- --port=N]

  --quick           small sizes (a smoke run, under 3 minutes)
  --only=A,B        run only these suites
  --port=N          port of the static server on 127.0.0.1 (default 5290, or BENCH_PORT)
  --write-markdown  rewrite BENCHMARKS.md even for a quick or partial run
  --runs=N          runs per figure instead of 5 (the report shows the count)
  --table-users=N   users seeded for the table and search figures instead of 1,000,000
  --import-rows=N   rows of the CSV and .xlsx import figures instead of 100,000
  --table-profile=DIR
                    save the table suite's seeded browser profile in DIR, and in
                    later runs start from a copy of it instead of seeding again
                    (only when it has as many users as the run needs; any
                    --port works, the page keeps the origin that seeded it)
  --merge=A.json,B  take the figures of suites not run now from these earlier results
                    (each figure keeps the date, commit and load of its own run)`);
  process.exit(0);
}

const started = Date.now();
function log(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.error(`[${seconds} s] ${message}`);
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit} with local changes` : commit;
  } catch {
    return 'unknown';
  }
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function suiteOrder(figure: Figure): number {
  return SUITES.findIndex((suite) => suite.name === figure.run?.suite);
}

/** Reads every figure of the results files that exist; a missing file may still be written by a run beside this one. */
function readFigures(files: string[]): Figure[] {
  return files.filter((file) => existsSync(file)).flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as Results).figures);
}

/** Reads the figures of earlier results files, keeping those of suites that are not run now (a later file wins). */
function mergedFigures(files: string[], running: Suite[]): Figure[] {
  const bySuite = new Map<string, Figure[]>();
  for (const file of files) {
    const figures = readFigures([file]);
    const suitesInFile = new Set(figures.map((figure) => figure.run?.suite));
    for (const suite of suitesInFile) {
      if (!suite || running.some((candidate) => candidate.name === suite)) continue;
      bySuite.set(suite, figures.filter((figure) => figure.run?.suite === suite));
    }
  }
  return [...bySuite.values()].flat();
}

/** Builds the bench page into a folder of its own per port, so that runs on other ports can share the checkout. */
async function buildBenchPage(outDir: string): Promise<void> {
  await build({ configFile: join(ROOT, 'bench/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

async function main(): Promise<number> {
  const sizes = { ...(options.quick ? QUICK : FULL) };
  if (options.runs) sizes.runs = Number(options.runs);
  if (options['table-users']) sizes.tableUsers = Number(options['table-users']);
  if (options['import-rows']) {
    sizes.importRows = Number(options['import-rows']);
    sizes.xlsxRows = sizes.importRows;
  }
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown suite ${unknown.join(', ')}; choose from ${SUITES.map((suite) => suite.name).join(', ')}.`);
    return 2;
  }
  const suites = SUITES.filter((suite) => !only || only.includes(suite.name));
  const merged = options.merge ? mergedFigures(options.merge.split(','), suites) : [];
  const loadBefore = loadavg();
  // The code under test is the checkout as it was at the start, whatever changes later.
  const commit = gitCommit();
  const setup: Record<string, string> = {};
  const tmpDir = join(ROOT, 'bench/.tmp');
  mkdirSync(tmpDir, { recursive: true });

  log(`${options.quick ? 'Quick' : 'Full'} run: ${suites.map((suite) => suite.name).join(', ')}; load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);
  const needsBrowser = suites.some((suite) => suite.needsBrowser);
  const pageDir = join(ROOT, 'bench/dist', options.port);
  if (needsBrowser) {
    const buildStart = performance.now();
    await buildBenchPage(pageDir);
    setup['Bench page build'] = `${((performance.now() - buildStart) / 1000).toFixed(1)} s`;
    log('Built the bench page');
  }

  const server = needsBrowser ? await startServer(pageDir, DATA_DIR, Number(options.port)) : undefined;
  const browser = needsBrowser ? await launchBrowser() : undefined;
  const context: SuiteContext = {
    root: ROOT,
    tmpDir,
    sizes,
    tableProfile: options['table-profile'] ? resolve(options['table-profile']) : undefined,
    handoff: {},
    browser,
    origin: server?.origin ?? '',
    log,
    earlierFigures: () => (options.merge ? readFigures(options.merge.split(',')) : []),
    noteSetup: (name, value) => {
      setup[name] = value;
    },
  };

  const measured: Figure[] = [];
  // Figures of suites not run now come from the merged results, in suite order.
  const collect = (): Figure[] => {
    const figures = [...measured];
    for (const suite of SUITES) {
      if (suites.includes(suite)) continue;
      const earlier = merged.filter((figure) => figure.run?.suite === suite.name);
      if (earlier.length > 0) figures.push(...earlier);
      else if (options.merge) figures.push(...suite.figures(sizes).map((fields) => unavailableFigure(fields, 'not measured: the suite was neither run nor merged')));
    }
    return figures.sort((a, b) => suiteOrder(a) - suiteOrder(b));
  };
  const environment = (): Environment => ({
    date: isoNow(),
    mode: options.quick ? 'quick' : 'full',
    cpus: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    chromium: chromiumVersion(),
    node: process.version,
    loadBefore,
    loadAfter: loadavg(),
    commit,
    durationSeconds: (Date.now() - started) / 1000,
    sizes: { ...sizes },
    setup,
  });
  const isComplete = (figures: Figure[]): boolean =>
    !options.quick && SUITES.every((suite) => figures.some((figure) => figure.run?.suite === suite.name));
  const resultsPath = (figures: Figure[]): string => {
    const name = options.quick ? 'quick' : isComplete(figures) ? 'latest' : `partial-${suites.map((suite) => suite.name).join('-')}`;
    return join(ROOT, `bench/results/${name}.json`);
  };

  try {
    for (const suite of suites) {
      log(`Suite ${suite.name}`);
      let produced: Figure[] = [];
      let failure: string | undefined;
      try {
        produced = await suite.run(context);
      } catch (error) {
        if (error instanceof Unavailable) {
          failure = error.message;
          log(`Suite ${suite.name} not available: ${failure}`);
        } else {
          failure = `the ${suite.name} suite failed: ${error instanceof Error ? error.message : String(error)}`;
          log(failure);
          if (error instanceof Error && error.stack) console.error(error.stack);
        }
      }
      const run: SuiteRun = { suite: suite.name, finishedAt: isoNow(), commit, mode: options.quick ? 'quick' : 'full', sizes: { ...sizes }, load: loadavg() };
      for (const fields of suite.figures(sizes)) {
        const figure = produced.find((candidate) => candidate.id === fields.id) ?? unavailableFigure(fields, failure ?? 'not measured');
        measured.push({ ...figure, run });
      }
      // Written after every suite, so a run stopped part-way keeps what it measured.
      const figures = collect();
      writeJson(resultsPath(figures), { environment: environment(), figures });
    }
  } finally {
    await browser?.close();
    await server?.close();
    if (context.handoff.largeImport) rmSync(context.handoff.largeImport.folder, { recursive: true, force: true });
  }

  const figures = collect();
  const results: Results = { environment: environment(), figures };
  console.log('');
  printTable(figures);
  writeJson(resultsPath(figures), results);
  if (isComplete(figures) || options['write-markdown']) writeBenchmarksMarkdown(join(ROOT, 'BENCHMARKS.md'), results, METHODOLOGY);

  const failing = figures.filter((figure) => figure.status !== 'PASS');
  log(`Done: ${figures.length - failing.length} of ${figures.length} figures meet their targets.`);
  return failing.length === 0 ? 0 : 1;
}

process.exitCode = await main();
