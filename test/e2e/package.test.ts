// Does what a host does with `npm install all-users-elements`. The test packs
// the kit (`prepack` builds it) and installs the tarball into a host project
// without our dev dependencies. It then type-checks the host against the
// published declarations, bundles a host page with Vite and drives it in Chromium.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, pasteIntoWizard, recordViolations, serveFolder, STRICT_POLICY, type StaticServer } from './harness.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = fileURLToPath(new URL('../.tmp/package/', import.meta.url));
const host = join(work, 'host');
const typings = fileURLToPath(new URL('../types/typings.ts', import.meta.url));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');


const HOST_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Host</title></head>
  <body>
    <csv-import-wizard></csv-import-wizard>
    <all-users-table></all-users-table>
    <script type="module" src="./main.ts"></script>
  </body>
</html>
`;

// Only the per-element entry points and the main module, as the README shows.
const HOST_SCRIPT = `import 'all-users-elements/all-users-table';
import 'all-users-elements/csv-import-wizard';
import { getDefaultProvider } from 'all-users-elements';

(window as unknown as { hostProvider: unknown }).hostProvider = getDefaultProvider();
`;

const HOST_TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom', 'dom.iterable'],
    strict: true,
    noEmit: true,
    types: [],
  },
  include: ['*.ts'],
};

/** Rewrites the compile-only typings check to import the installed package instead of the sources. */
async function hostTypings(): Promise<string> {
  const source = await readFile(typings, 'utf8');
  return source
    .replace(/import '\.\.\/\.\.\/src\/elements\/([a-z-]+)\/define\.js';/g, "import 'all-users-elements/$1';")
    .replace(/from '\.\.\/\.\.\/src\/[^']+';/g, "from 'all-users-elements';");
}

describe('packed package in a host', () => {
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    await rm(work, { recursive: true, force: true });
    await mkdir(host, { recursive: true });
    await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: repo });
    const [tarball] = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');

    await writeFile(join(host, 'package.json'), JSON.stringify({
      name: 'host',
      private: true,
      type: 'module',
      dependencies: { 'all-users-elements': `file:../${tarball}` },
    }));
    await writeFile(join(host, 'index.html'), HOST_PAGE);
    await writeFile(join(host, 'main.ts'), HOST_SCRIPT);
    await writeFile(join(host, 'typings.ts'), await hostTypings());
    await writeFile(join(host, 'tsconfig.json'), JSON.stringify(HOST_TSCONFIG));

    // The lock file's packages are in npm's cache after `npm ci`, so this
    // needs the network only for a package the cache lacks.
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: host });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('installs no dev dependency', async () => {
    const installed = new Set(await readdir(join(host, 'node_modules')));
    for (const name of ['typescript', 'vite', '@web', 'playwright-core', 'eslint', 'better-sqlite3']) {
      assert.ok(!installed.has(name), `${name} was installed with the package`);
    }
    assert.ok(installed.has('lit'), 'lit is missing');
    assert.ok(installed.has('@vaadin'), '@vaadin packages are missing');
  });

  it('type-checks against its declarations', async () => {
    const result = await run(process.execPath, [tsc, '-p', host]).catch((error: { stdout?: string }) => error);
    assert.equal('stdout' in result ? result.stdout : '', '', 'tsc reported errors in the host');
  });

  it('bundles a working host page', async () => {
    const outDir = join(work, 'dist');
    await build({ root: host, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 }, worker: { format: 'es' } });
    server = await serveFolder(outDir);
    browser = await launchChromium();

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);

    await page.evaluate(async () => {
      const provider = (window as unknown as {
        hostProvider: { createUser(input: object): Promise<unknown> };
      }).hostProvider;
      await provider.createUser({ name: 'Ines Duarte', identifiers: [{ kind: 'email', value: 'ines@example.com' }] });
    });
    await page.locator('all-users-table').getByText('Ines Duarte').first().waitFor();

    // The preview comes from the import worker, so this proves the worker file shipped and loads.
    const wizard = page.locator('csv-import-wizard');
    await pasteIntoWizard(wizard, 'Name,Email\r\nAna Lima,ana@example.com\r\n');
    await wizard.getByText('ana@example.com').filter({ visible: true }).first().waitFor();
    assert.deepEqual(errors, []);
  });

  it('runs under a strict Content-Security-Policy with the Vite plugin', async () => {
    const outDir = join(work, 'strict-dist');
    const pluginModule = join(host, 'node_modules/all-users-elements/dist/vite-plugin.js');
    const { vaadinStrictStyles } = (await import(pluginModule)) as typeof import('../../src/strict/vite-plugin.js');
    await build({
      root: host,
      configFile: false,
      logLevel: 'warn',
      plugins: [vaadinStrictStyles()],
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
      worker: { format: 'es' },
    });
    const strictServer = await serveFolder(outDir, { 'content-security-policy': STRICT_POLICY });
    const page = await browser.newPage();
    const problems: string[] = [];
    await recordViolations(page, problems);
    page.on('pageerror', (error) => problems.push(error.message));

    page.setDefaultTimeout(60_000);
    try {
      await page.goto(strictServer.url);
      const wizard = page.locator('csv-import-wizard');
      await pasteIntoWizard(wizard, 'Name,Email\r\nAna Lima,ana@example.com\r\n');
      // The preview comes from the import worker, which the kit's Trusted Types policy starts.
      await wizard.getByText('ana@example.com').filter({ visible: true }).first().waitFor();
      // The plugin's styleMap gives the grid's header cells their widths.
      const headerWidth = await page.locator('all-users-table vaadin-grid th').first().evaluate((cell) => (cell as HTMLElement).style.width);
      assert.notEqual(headerWidth, '', "vaadin-grid's header cells have no width");
    } catch (error) {
      // A violation is the likely cause of a step that never finishes.
      throw new Error(`${String(error)}\nViolations and page errors: ${JSON.stringify(problems)}`, { cause: error });
    } finally {
      await page.close();
      await strictServer.close();
    }

    assert.deepEqual(problems, []);
  });
});
