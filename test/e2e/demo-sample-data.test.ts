import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchChromium } from './harness.js';

const config = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
const contacts = fileURLToPath(new URL('../fixtures/google-contacts.csv', import.meta.url));

/** Returns the table's count text, such as "500 users". */
function countText(page: Page): Promise<string> {
  return page.locator('all-users-table [part~="count"]').innerText();
}

describe('demo page with sample data', () => {
  let server: ViteDevServer;
  let browser: Browser;

  before(async () => {
    // The demo is served as `npm run demo` serves it, on DEMO_PORT or else a free loopback port.
    const port = Number(process.env.DEMO_PORT ?? 0);
    server = await createServer({ configFile: config, logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: port > 0 } });
    await server.listen();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('seeds sample users, then adds an exported file', { timeout: 300_000 }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.resolvedUrls!.local[0]!);
    await page.locator('all-users-table [part~="count"]', { hasText: '0 users' }).waitFor();

    await page.getByRole('button', { name: 'Fill with sample users' }).click();
    await page.locator('#demo-status', { hasText: 'Added 500 sample users.' }).waitFor({ timeout: 120_000 });
    await page.locator('all-users-table [part~="count"]', { hasText: '500 users' }).waitFor();

    await page.getByRole('button', { name: 'Import users' }).click();
    const wizard = page.locator('csv-import-wizard');
    await wizard.locator('input[type="file"]').setInputFiles(contacts);
    await wizard.getByText('google-contacts.csv: 60 rows').waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('heading', { name: 'Define data' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('Group name').fill('Google export');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.locator('[data-count="new-users"]').waitFor({ timeout: 60_000 });
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await wizard.locator('[part="summary"]').waitFor({ timeout: 120_000 });
    const summaryCount = async (name: string) => Number(await wizard.locator(`[data-count="${name}"] dd`).innerText());
    const created = await summaryCount('created');
    const matched = (await summaryCount('updated')) + (await summaryCount('skipped'));
    const rejected = await summaryCount('rejected');
    await page.getByRole('button', { name: 'Close' }).click();

    // The sample users draw their phone numbers from the same fictional
    // ranges as the file, with a random seed, so some rows may match them.
    assert.equal(rejected, 0);
    assert.equal(created + matched, 60);
    assert.ok(created > 0, 'the file holds rows no sample user can match');
    await page.locator('all-users-table [part~="count"]', { hasText: `${500 + created} users` }).waitFor();

    // This row's e-mail address and Australian number are in no sample user.
    await page.locator('all-users-table').getByRole('textbox').first().fill('priya.sharma24@example.net');
    await page.locator('all-users-table').getByText('Import: Google export').first().waitFor();
    assert.match(await countText(page), /^\d+ users?$/);
    assert.deepEqual(errors, []);
  });
});
