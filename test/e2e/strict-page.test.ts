import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildPage, launchChromium, pasteIntoWizard, recordViolations, serveFolder, STRICT_POLICY, type StaticServer } from './harness.js';

const config = fileURLToPath(new URL('./strict-page/vite.config.ts', import.meta.url));
const outDir = fileURLToPath(new URL('../.tmp/strict-page/', import.meta.url));

const HOSTILE_CSV = [
  'Name,Email,Phone',
  '<img src=x onerror="window.pwned=1">,img@example.com,+44 7700 900111',
  '<script>window.pwned=2</script>,script@example.com,+44 7700 900112',
  '=HYPERLINK("http://attacker.invalid"),formula@example.com,+44 7700 900113',
].join('\r\n');

interface Observed {
  violations: string[];
  errors: string[];
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; observed: Observed }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const observed: Observed = { violations: [], errors: [] };
  await recordViolations(page, observed.violations);
  page.on('pageerror', (error) => observed.errors.push(error.message));
  page.on('dialog', (dialog) => {
    observed.errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, observed };
}

describe('strict Content-Security-Policy page', () => {
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    await buildPage(config, outDir);
    server = await serveFolder(outDir, { 'content-security-policy': STRICT_POLICY });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports, opens a row and adds a note with no violation', async () => {
    const { page, observed } = await openPage(browser, server.url);
    const wizard = page.locator('csv-import-wizard');

    await pasteIntoWizard(wizard, HOSTILE_CSV);
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('Group name').fill('Strict page import');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForFunction(async () => {
      const provider = (window as unknown as { kitProvider: { queryUsers(q: object): Promise<{ total: number }> } }).kitProvider;
      return (await provider.queryUsers({ offset: 0, limit: 1 })).total === 3;
    });

    const table = page.locator('all-users-table');
    await table.getByLabel('Search users').fill('img@example.com');
    await table.getByText('<img src=x onerror="window.pwned=1">').click();
    const profile = page.locator('user-profile');
    await profile.getByRole('heading', { name: '<img src=x onerror="window.pwned=1">' }).waitFor();

    await profile.getByRole('tab', { name: /Notes/ }).click();
    await profile.getByLabel('New note').fill('<script>window.pwned=3</script><b>bold</b>');
    await profile.getByRole('button', { name: 'Add note' }).click();
    await profile.getByText('<script>window.pwned=3</script><b>bold</b>').first().waitFor();

    // Blocked styles would be reported, but check that they also apply.
    const basePadding = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--vaadin-padding-s').trim(),
    );
    assert.notEqual(basePadding, '', "Vaadin's base custom properties are missing");
    const headerWidth = await table.locator('vaadin-grid th').first().evaluate((cell) => (cell as HTMLElement).style.width);
    assert.notEqual(headerWidth, '', "vaadin-grid's header cells have no width");

    const pwned = await page.evaluate(() => (window as unknown as { pwned?: number }).pwned ?? 0);
    assert.equal(pwned, 0, 'a payload from the data ran as script');
    assert.deepEqual(observed.violations, []);
    assert.deepEqual(observed.errors, []);
  });
});
