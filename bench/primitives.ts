/**
 * Prints the per-entry cost of IndexedDB read requests over a copy of a
 * table profile saved by `npm run bench -- --table-profile=DIR`, so that a
 * change to how the pager reads starts from measured costs on disk:
 *
 *   npm run bench:primitives -- --profile=DIR [--port=N] [--prefixes=mar,ben] [--repeats=5]
 */
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchBrowser, openBenchPage } from './lib/browser.js';
import { DATA_DIR } from './lib/files.js';
import { callPage } from './lib/page-api.js';
import { startServer } from './lib/server.js';
import { readSavedProfile } from './suites/table.js';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

const { values: options } = parseArgs({
  options: {
    profile: { type: 'string' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '5290' },
    prefixes: { type: 'string', default: 'mar,ben' },
    repeats: { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
});

const USAGE = `Usage: npm run bench:primitives -- --profile=DIR [--port=N] [--prefixes=mar,ben] [--repeats=5]

  --profile=DIR   a table profile saved by npm run bench -- --table-profile=DIR
  --port=N        port of the static server on 127.0.0.1 (default 5290, or BENCH_PORT)
  --prefixes=A,B  search prefixes whose name-token ranges are read
  --repeats=N     runs of each request kind; the fastest is printed`;

async function main(): Promise<number> {
  if (options.help || !options.profile) {
    console.log(USAGE);
    return options.help ? 0 : 2;
  }
  const folder = resolve(options.profile);
  const saved = readSavedProfile(folder);
  if (!saved) {
    console.error(`No READY file in ${folder}: run npm run bench -- --only=table --table-profile=${folder} first.`);
    return 2;
  }
  const port = options.port;
  const pageDir = join(ROOT, 'bench/dist', port);
  await build({ configFile: join(ROOT, 'bench/vite.config.ts'), logLevel: 'warn', build: { outDir: pageDir, emptyOutDir: true } });
  const server = await startServer(pageDir, DATA_DIR, Number(port));
  const browser = await launchBrowser();
  try {
    const opened = await openBenchPage(browser, server.origin, { kind: 'disk', tmpDir: join(ROOT, 'bench/.tmp'), copyOf: folder });
    try {
      console.log(`${saved.users.toLocaleString('en-US')} users in ${folder}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
      for (const prefix of options.prefixes.split(',').map((text) => text.trim().toLowerCase())) {
        const costs = await callPage(opened.page, 'indexPrimitives', { databaseName: saved.databaseName, prefix, repeats: Number(options.repeats) });
        console.log(`\nPrefix "${prefix}" (fastest of ${options.repeats} runs):`);
        for (const cost of costs) {
          console.log(`  ${cost.name.padEnd(36)} ${String(cost.entries).padStart(8)} entries ${cost.ms.toFixed(1).padStart(9)} ms ${cost.microsecondsPerEntry.toFixed(2).padStart(8)} µs/entry`);
        }
      }
    } finally {
      await opened.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\nLoad average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  return 0;
}

process.exitCode = await main();
