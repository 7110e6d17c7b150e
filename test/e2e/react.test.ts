import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildPage, launchChromium, serveFolder, type StaticServer } from './harness.js';

const config = fileURLToPath(new URL('../../examples/react/vite.config.ts', import.meta.url));
const outDir = fileURLToPath(new URL('../.tmp/react-example/', import.meta.url));

describe('React example', () => {
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    await buildPage(config, outDir);
    server = await serveFolder(outDir);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a user and shows it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);

    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.locator('user-create-wizard .identifier-value input').first().fill('07700 900123');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const created = page.getByTestId('created');
    await created.waitFor();
    assert.match(await created.innerText(), /^Created \S+/);
    await page.locator('user-profile').getByText('Grace Hopper').first().waitFor();
    await page.locator('all-users-table').getByText('Grace Hopper').first().waitFor();
    assert.deepEqual(errors, []);
  });
});
