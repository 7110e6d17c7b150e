import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, pasteIntoWizard, serveDemo, startApiServer, type ApiServerProcess, type StaticServer } from './harness.js';

// Real-looking contacts: a UK mobile written four ways, an e-mail in
// capitals, a row without a phone, and a row without a name, which the
// import rejects.
const CONTACTS_CSV = [
  'Full Name,Phone,Email,Instagram',
  'Ada Lovelace,07700 900001,ada@example.com,',
  'Alan Turing,+44 7700 900002,ALAN@EXAMPLE.COM,',
  'Grace Hopper,(07700) 900003,grace@example.com,',
  'Katherine Johnson,,katherine@example.com,@kjohnson',
  'Edsger Dijkstra,07700900005,,edsger_d',
  ',07700 900009,nobody@example.com,',
].join('\r\n');

// A second file: one person already imported, by the same phone written
// another way, and one new person.
const MORE_CONTACTS_CSV = [
  'Name,Mobile,E-mail',
  'Ada Lovelace,+44 7700 900001,ada.lovelace@example.com',
  'Barbara Liskov,07700 900007,barbara@example.com',
].join('\r\n');

const SCREENSHOTS = fileURLToPath(new URL('../.tmp/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

const PROVIDERS = ['indexeddb', 'http'] as const;
type ProviderName = (typeof PROVIDERS)[number];

/** What a run of the scenario saw, compared between the providers at the end. */
interface Observed {
  importCounts: string;
  secondImportCounts: string;
  secondImportStatus: string;
  countAfterImport: string;
  rowsAfterImport: string[][];
  searchCount: string;
  profileName: string;
  profileIdentifiers: string;
  profileSource: string;
  profileGroups: string[];
  notes: string[];
  editedName: string;
  tableRowAfterEdit: string;
  countAfterCreate: string;
}

describe('demo page', () => {
  let demo: StaticServer;
  let api: ApiServerProcess;
  let browser: Browser;
  const observed = new Map<ProviderName, Observed>();

  before(async () => {
    [demo, api, browser] = await Promise.all([serveDemo(), startApiServer(), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([demo?.close(), api?.stop()]);
  });

  for (const provider of PROVIDERS) {
    it(`imports, searches, edits and creates over ${provider}`, async () => {
      const context = await browser.newContext();
      try {
        observed.set(provider, await runScenario(context, pageUrl(provider)));
      } catch (error) {
        // The page as it was when the step failed, to see what the user would have seen.
        await context.pages()[0]?.screenshot({ path: join(SCREENSHOTS, `demo-${provider}-failure.png`) }).catch(() => {});
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  it('behaves the same over both providers', () => {
    assert.equal(observed.size, PROVIDERS.length, 'a provider run failed before it finished');
    assert.deepEqual(observed.get('http'), observed.get('indexeddb'));
  });

  function pageUrl(provider: ProviderName): string {
    const url = new URL(demo.url);
    if (provider === 'http') {
      url.searchParams.set('provider', 'http');
      url.searchParams.set('api', api.url);
    }
    return url.href;
  }
});

async function runScenario(context: BrowserContext, url: string): Promise<Observed> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  await page.goto(url);
  const table = page.locator('all-users-table');
  const count = table.locator('[part="count"]');
  await assertText(count, '0 users');

  const importCounts = await importContacts(page, CONTACTS_CSV, 'Computing pioneers');
  assert.match(importCounts, /New users\s+5\b/);
  assert.match(importCounts, /Rejected rows\s+1\b/);
  await assertText(page.locator('#demo-status'), 'Imported 5 new users.');
  await assertText(count, '5 users');

  const secondImportCounts = await importContacts(page, MORE_CONTACTS_CSV, 'Late additions');
  assert.match(secondImportCounts, /New users\s+1\b/);
  assert.match(secondImportCounts, /Existing users\s+1\b/);
  await assertText(count, '6 users');
  const secondImportStatus = await page.locator('#demo-status').innerText();
  assert.match(secondImportStatus, /^Imported 1 new user\./);
  const countAfterImport = await count.innerText();
  // Ties in the default sort (no user has activity yet) are broken by the
  // random ids, so the rows are compared in name order.
  await table.locator('vaadin-grid-sorter', { hasText: 'Name' }).click();
  const rowsAfterImport = await waitForRows(table, (rows) => rows.length === 6 && rows[0]?.[0] === 'AL Ada Lovelace');

  await table.getByRole('textbox', { name: 'Search users' }).fill('grace');
  await assertText(count, '1 user');
  const searchCount = await count.innerText();
  await table.getByText('Grace Hopper', { exact: true }).filter({ visible: true }).click();

  const profile = page.locator('user-profile');
  const name = profile.locator('[part="name"]');
  await assertText(name, 'Grace Hopper');
  const profileName = await name.innerText();
  const profileIdentifiers = await profile.locator('[part="identifiers"]').innerText();
  const profileSource = await profile.locator('.source').innerText();
  await profile.getByRole('tab', { name: 'Groups' }).click();
  const profileGroups = await profile.locator('[part="group-chip"]').allInnerTexts();

  await profile.getByRole('tab', { name: 'Notes' }).click();
  await profile.getByRole('textbox', { name: 'New note' }).fill('Prefers e-mail after 6 pm.');
  await profile.getByRole('button', { name: 'Add note' }).click();
  const notesList = profile.locator('[part="note"]');
  await notesList.first().waitFor();
  await assertText(profile.locator('[part="status"]'), 'Note added.');
  const notes = (await notesList.allInnerTexts()).map((text) => text.split('\n')[0] ?? '');

  await profile.getByRole('button', { name: 'Edit' }).click();
  await profile.getByRole('textbox', { name: 'Full name' }).fill('Grace Brewster Hopper');
  await profile.getByRole('button', { name: 'Save' }).click();
  await assertText(profile.locator('[part="status"]'), 'Changes to Grace Brewster Hopper are saved.');
  const editedName = await name.innerText();
  await table.getByRole('textbox', { name: 'Search users' }).fill('brewster');
  const editedRow = table.getByText('Grace Brewster Hopper', { exact: true }).filter({ visible: true });
  await editedRow.waitFor();
  const tableRowAfterEdit = await editedRow.innerText();

  await table.getByRole('textbox', { name: 'Search users' }).fill('');
  await createUser(page, 'Hedy Lamarr', '07700 900006');
  await assertText(name, 'Hedy Lamarr');
  await assertText(profile.locator('.source'), 'Created in the workspace');
  await assertText(count, '7 users');
  await createUser(page, 'Radia Perlman', '07700 900008');
  await assertText(name, 'Radia Perlman');
  await assertText(count, '8 users');
  const countAfterCreate = await count.innerText();

  assert.deepEqual(errors, []);
  return { importCounts, secondImportCounts, secondImportStatus, countAfterImport, rowsAfterImport, searchCount, profileName, profileIdentifiers, profileSource, profileGroups, notes, editedName, tableRowAfterEdit, countAfterCreate };
}

/**
 * Imports `csv` into the group `groupName` through the demo's import
 * dialog, pasting the rows, and returns the counts its preview step showed.
 */
async function importContacts(page: Page, csv: string, groupName: string): Promise<string> {
  await page.getByRole('button', { name: 'Import users' }).click();
  const wizard = page.locator('csv-import-wizard');
  const startAgain = wizard.getByRole('button', { name: 'Start another import' });
  if (await startAgain.isVisible()) await startAgain.click();
  await pasteIntoWizard(wizard, csv);
  await wizard.getByRole('heading', { name: 'Define data' }).waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('heading', { name: 'Metadata' }).waitFor();
  await wizard.getByLabel('Group name').fill(groupName);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('heading', { name: 'Preview' }).waitFor();
  const counts = wizard.locator('[part="counts"]');
  await counts.waitFor();
  const importCounts = await counts.innerText();
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await wizard.getByText(`Import complete. The users are in the group "${groupName}".`).waitFor();
  await page.getByRole('dialog', { name: 'Import users' }).getByRole('button', { name: 'Close' }).click();
  return importCounts;
}

/** Creates a user through the demo's "New user" dialog, with no group. */
async function createUser(page: Page, fullName: string, phone: string): Promise<void> {
  await page.getByRole('button', { name: 'New user' }).click();
  const wizard = page.locator('user-create-wizard');
  await wizard.getByRole('textbox', { name: 'Full name' }).fill(fullName);
  await wizard.locator('.identifier-value input').first().fill(phone);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('heading', { name: 'Select user groups' }).waitFor();
  await wizard.getByRole('button', { name: 'Create' }).click();
}

/**
 * Returns the text of the table's shown rows in order, one array of cells
 * per row, without the selection and User ID columns, whose values differ
 * from run to run.
 */
async function tableRows(table: Locator): Promise<string[][]> {
  return table.locator('vaadin-grid').evaluate((grid) => {
    const rows = [...(grid.shadowRoot?.querySelectorAll<HTMLTableRowElement>('tbody#items > tr') ?? [])]
      .filter((row) => !row.hidden)
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
    return rows.map((row) =>
      [...row.querySelectorAll('td')].slice(2).map((cell) => {
        const content = cell.querySelector('slot')?.assignedElements()[0];
        return content?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      }),
    );
  });
}

/** Polls {@link tableRows} until `done` accepts them and returns them. A timeout fails with the last rows seen. */
async function waitForRows(table: Locator, done: (rows: string[][]) => boolean): Promise<string[][]> {
  const deadline = Date.now() + 15_000;
  let rows = await tableRows(table);
  while (!done(rows) && Date.now() < deadline) {
    await table.page().waitForTimeout(100);
    rows = await tableRows(table);
  }
  assert.ok(done(rows), `the table shows ${JSON.stringify(rows)}`);
  return rows;
}

/** Waits until `locator` shows exactly `text`, then fails with what it showed instead. */
async function assertText(locator: Locator, text: string): Promise<void> {
  try {
    const exact = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await locator.filter({ hasText: exact }).first().waitFor({ timeout: 15_000 });
  } catch {
    assert.equal(await locator.first().innerText().catch(() => '(not shown)'), text);
  }
}
