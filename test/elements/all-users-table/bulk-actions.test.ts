import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import Papa from 'papaparse';
import { DataError } from '../../../src/data/errors.js';
import { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { UserSelection } from '../../../src/data/provider.js';
import type { AllUsersTable, TableErrorDetail } from '../../../src/elements/all-users-table/define.js';
import type { User } from '../../../src/model/types.js';
import { cleanUpProviders, freshDatabaseName, openProvider } from '../../indexeddb/helpers.js';
import {
  allUsers,
  bodyCellWithText,
  button,
  cellContent,
  countText,
  renderTable,
  renderedIds,
  seed,
  whenLoaded,
  type Seed,
} from './helpers.js';

/** Clicks the selection checkbox in the row that shows `text`. */
async function toggleRow(table: AllUsersTable, text: string): Promise<void> {
  const row = bodyCellWithText(table, text).parentElement as HTMLTableRowElement;
  const checkbox = cellContent(row.cells[0]!)?.querySelector('vaadin-checkbox');
  if (!checkbox) throw new Error(`The row of ${text} has no checkbox.`);
  const before = table.selectedCount;
  checkbox.click();
  await waitUntil(() => table.selectedCount !== before);
}

function selectAllCheckbox(table: AllUsersTable): HTMLElement {
  const checkbox = table.shadowRoot!.querySelector<HTMLElement>('vaadin-checkbox[accessible-name="Select all matching users"]');
  if (!checkbox) throw new Error('The grid header has no select-all checkbox.');
  return checkbox;
}

/** Opens the add or remove dialog, picks a group and confirms. */
async function changeGroup(table: AllUsersTable, action: 'Add to group' | 'Remove from group', groupId: string): Promise<void> {
  button(table, action).click();
  await table.updateComplete;
  const combo = table.shadowRoot!.querySelector<HTMLElement & { value: string }>('#group-combo')!;
  combo.value = groupId;
  const confirm = table.shadowRoot!.querySelector<HTMLElement>(
    `vaadin-dialog vaadin-button[theme="primary"]`,
  )!;
  confirm.click();
}

function messageOf(table: AllUsersTable): HTMLElement | null {
  return table.shadowRoot!.querySelector('[part~="message"]');
}

async function membersOf(provider: IndexedDBProvider, groupId: string): Promise<string[]> {
  const page = await provider.queryUsers({ offset: 0, limit: 1000, filter: { groupIds: [groupId] }, sort: { field: 'name', direction: 'asc' } });
  return page.items.map((user) => user.name);
}

describe('<all-users-table> bulk actions', () => {
  let provider: IndexedDBProvider;
  let seeded: Seed;

  beforeEach(async () => {
    provider = openProvider();
    seeded = await seed(provider);
  });

  afterEach(cleanUpProviders);

  describe('selection', () => {
    it('counts rows selected one by one', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      await toggleRow(table, 'Andrew Ng');
      await toggleRow(table, 'Dev Patel');
      await table.updateComplete;

      const andrew = seeded.users.find((user) => user.name === 'Andrew Ng')!;
      const dev = seeded.users.find((user) => user.name === 'Dev Patel')!;
      expect(table.selection).to.deep.equal({ ids: [andrew.id, dev.id] });
      expect(table.shadowRoot!.querySelector('[part~="bulk-bar"] .selected-count')?.textContent).to.equal('2 users selected');
      expect(button(table, 'Select all 9 matching')).to.exist;
    });

    it('extends a selection to every matching user', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.filter = { search: 'an' };
      await whenLoaded(table);
      await toggleRow(table, 'Andrew Ng');

      button(table, 'Select all 5 matching').click();
      await table.updateComplete;

      expect(table.selection).to.deep.equal({ filter: { search: 'an' } });
      expect(table.selectedCount).to.equal(5);
      expect(table.shadowRoot!.querySelector('[part~="bulk-bar"] .selected-count')?.textContent).to.equal('5 users selected');
    });

    it('selects every matching user from the header', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.filter = { search: 'ana' };
      await whenLoaded(table);

      selectAllCheckbox(table).click();
      await table.updateComplete;

      expect(table.selection).to.deep.equal({ filter: { search: 'ana' } });
      expect(table.selectedCount).to.equal(4);
      const rows = (table.shadowRoot!.querySelector('vaadin-grid')!.shadowRoot!.querySelectorAll('#items tr:not([hidden])'));
      for (const row of rows) expect(row.getAttribute('aria-selected')).to.equal('true');
    });

    it('leaves out rows unchecked after select all', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      selectAllCheckbox(table).click();
      await table.updateComplete;

      await toggleRow(table, 'Zoe Anand');

      const zoe = seeded.users.find((user) => user.name === 'Zoe Anand')!;
      expect(table.selection).to.deep.equal({ filter: {}, exceptIds: [zoe.id] });
      expect(table.selectedCount).to.equal(8);
    });

    it('drops an all-matching selection when the filter changes', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      selectAllCheckbox(table).click();
      await table.updateComplete;

      table.filter = { channels: ['email'] };
      await table.updateComplete;

      expect(table.selection).to.equal(null);
    });
  });

  describe('group membership', () => {
    it('adds all matching users to a group', async () => {
      const vip = await provider.createGroup({ name: 'VIP' });
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.filter = { search: 'ana' };
      await whenLoaded(table);
      selectAllCheckbox(table).click();
      await table.updateComplete;

      const done = oneEvent(table, 'bulk-action');
      await changeGroup(table, 'Add to group', vip.id);
      const { detail } = await done;
      await table.updateComplete;

      expect(detail).to.deep.equal({ action: 'add-to-group', count: 4, groupId: vip.id });
      expect(await membersOf(provider, vip.id)).to.deep.equal(['Ana Lima', 'Ana Sofia Reis', 'Anabel Costa', 'Zoe Anand']);
      expect(messageOf(table)?.textContent).to.contain('Added 4 users to “VIP”.');
      expect(messageOf(table)?.getAttribute('role')).to.equal('status');
    });

    it('leaves out the unchecked users', async () => {
      const vip = await provider.createGroup({ name: 'VIP' });
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.filter = { search: 'ana' };
      await whenLoaded(table);
      selectAllCheckbox(table).click();
      await table.updateComplete;
      await toggleRow(table, 'Anabel Costa');

      const done = oneEvent(table, 'bulk-action');
      await changeGroup(table, 'Add to group', vip.id);
      await done;

      expect(await membersOf(provider, vip.id)).to.deep.equal(['Ana Lima', 'Ana Sofia Reis', 'Zoe Anand']);
    });

    it('removes selected users from a group', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Carla Mendes');
      await toggleRow(table, 'Dev Patel');

      const done = oneEvent(table, 'bulk-action');
      await changeGroup(table, 'Remove from group', seeded.importGroup.id);
      const { detail } = await done;
      await table.updateComplete;

      expect(detail.count).to.equal(2);
      expect(await membersOf(provider, seeded.importGroup.id)).to.deep.equal(['Ana Sofia Reis']);
      expect(messageOf(table)?.textContent).to.contain('Removed 2 users from “Spring Fair 2024”.');
    });

    it('asks for a group before confirming', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Dev Patel');
      button(table, 'Add to group').click();
      await table.updateComplete;

      table.shadowRoot!.querySelector<HTMLElement>('vaadin-dialog vaadin-button[theme="primary"]')!.click();
      await table.updateComplete;

      const combo = table.shadowRoot!.querySelector<HTMLElement & { invalid: boolean; errorMessage: string }>('#group-combo')!;
      expect(combo.invalid).to.equal(true);
      expect(combo.errorMessage).to.equal('Choose a group.');
    });

    it('shows the failure and no success when the provider fails', async () => {
      class FailingProvider extends IndexedDBProvider {
        override addToGroup(): Promise<number> {
          return Promise.reject(new DataError('unavailable', 'Test outage.'));
        }
      }
      const name = freshDatabaseName();
      const failing = new FailingProvider({ databaseName: name });
      try {
        await seed(failing);
        const vip = await failing.createGroup({ name: 'VIP' });
        const table = await renderTable(failing);
        await whenLoaded(table);
        await toggleRow(table, 'Dev Patel');
        let succeeded = false;
        table.addEventListener('bulk-action', () => (succeeded = true));

        const failure = oneEvent(table, 'data-error');
        await changeGroup(table, 'Add to group', vip.id);
        const { detail } = await failure;
        await table.updateComplete;

        expect((detail as TableErrorDetail).operation).to.equal('add-to-group');
        expect(succeeded).to.equal(false);
        expect(messageOf(table)?.getAttribute('role')).to.equal('alert');
        expect(messageOf(table)?.textContent).to.contain('The users were not added to “VIP”.');
        expect(messageOf(table)?.textContent).to.contain('The data source cannot be reached.');
        expect(messageOf(table)?.textContent).not.to.contain('Added');
      } finally {
        failing.close();
        indexedDB.deleteDatabase(name);
      }
    });
  });

  describe('CSV export', () => {
    async function exportCsv(table: AllUsersTable): Promise<{ csv: string; rows: string[][]; fileName: string }> {
      const exported = oneEvent(table, 'csv-export');
      button(table, 'Export CSV').click();
      const event = await exported;
      // Taking over the CSV stops the download.
      event.preventDefault();
      const rows = Papa.parse<string[]>(event.detail.csv, { skipEmptyLines: false }).data;
      return { csv: event.detail.csv, rows, fileName: event.detail.fileName };
    }

    it('writes every column of the selected users', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.hiddenColumns = ['phone', 'source'];
      selectAllCheckbox(table).click();
      await table.updateComplete;

      const { csv, rows, fileName } = await exportCsv(table);

      expect(fileName).to.match(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(csv.split('\r\n')).to.have.length(10);
      expect(rows[0]).to.deep.equal(['User ID', 'Name', 'Phone', 'Primary Channel', 'Source', 'Last Activity']);
      expect(rows.slice(1).map((row) => row[0])).to.deep.equal(renderedIds(table));
      const carla = seeded.users.find((user) => user.name === 'Carla Mendes')!;
      expect(rows.find((row) => row[0] === carla.id)).to.deep.equal([
        carla.id,
        'Carla Mendes',
        "'+447700900201",
        'Phone',
        'Import: Spring Fair 2024',
        new Date(carla.lastActivityAt!).toISOString(),
      ]);
      const anabel = seeded.users.find((user) => user.name === 'Anabel Costa')!;
      expect(rows.find((row) => row[0] === anabel.id)?.slice(4)).to.deep.equal(['Integration: Shopify', '']);
    });

    it('neutralizes cells a spreadsheet would run', async () => {
      const risky: [string, string][] = [
        ['=1+2', 'Formula Id'],
        ['@SUM(A1)', 'At Id'],
        ['-3+4', 'Minus Id'],
        ['+5-2', 'Plus Id'],
        ['\tcmd', 'Tab Id'],
        ['\rcmd', 'Carriage Return Id'],
      ];
      for (const [id, name] of risky) {
        await provider.createUser({ id, name, identifiers: [{ kind: 'email', value: `${name.split(' ')[0]!.toLowerCase()}@example.com` }] });
      }
      await provider.createUser({
        name: '=HYPERLINK("http://example.com","Click, me")',
        identifiers: [{ kind: 'email', value: 'hyper@example.com' }],
      });
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.filter = { channels: ['email'] };
      await whenLoaded(table);
      selectAllCheckbox(table).click();
      await table.updateComplete;

      const { csv, rows } = await exportCsv(table);

      const byName = new Map(rows.map((row) => [row[1], row]));
      for (const [id, name] of risky) expect(byName.get(name)?.[0], name).to.equal(`'${id}`);
      expect(byName.has(`'=HYPERLINK("http://example.com","Click, me")`)).to.equal(true);
      expect(csv).to.contain(`"'=HYPERLINK(""http://example.com"",""Click, me"")"`);
      for (const row of rows.slice(1)) {
        for (const cell of row) expect(cell, `cell ${JSON.stringify(cell)}`).not.to.match(/^[=+\-@\t\r]/);
      }
    });

    it('reports selected users that no longer exist', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Andrew Ng');
      await toggleRow(table, 'Dev Patel');
      const dev = seeded.users.find((user) => user.name === 'Dev Patel')!;
      await provider.deleteUser(dev.id);

      const { rows } = await exportCsv(table);
      await waitUntil(() => messageOf(table));

      expect(rows.slice(1).map((row) => row[1])).to.deep.equal(['Andrew Ng']);
      expect(messageOf(table)?.textContent).to.contain('1 selected user no longer exists and was left out.');
    });
  });

  describe('delete', () => {
    function confirmDialog(table: AllUsersTable): HTMLElement & { opened: boolean; header: string } {
      return table.shadowRoot!.querySelector('vaadin-confirm-dialog')!;
    }

    it('deletes after a confirmation naming the count', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Andrew Ng');
      await toggleRow(table, 'Dev Patel');
      await toggleRow(table, 'Zoe Anand');

      button(table, 'Delete').click();
      await table.updateComplete;
      const dialog = confirmDialog(table);
      expect(dialog.opened).to.equal(true);
      expect(dialog.header).to.equal('Delete 3 users?');
      expect(dialog.textContent).to.contain('cannot be undone');
      const done = oneEvent(table, 'bulk-action');
      dialog.querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      const { detail } = await done;

      expect(detail).to.deep.equal({ action: 'delete', count: 3 });
      const remaining = (await allUsers(provider)).map((user: User) => user.name).sort();
      expect(remaining).to.deep.equal(['Ana Lima', 'Ana Sofia Reis', 'Anabel Costa', 'Bruno Díaz', 'Carla Mendes', 'Émile Zola']);
      await waitUntil(() => countText(table) === '6 users');
      expect(table.selection).to.equal(null);
      expect(messageOf(table)?.textContent).to.contain('Deleted 3 users.');
    });

    it('keeps the users when cancelled', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Andrew Ng');

      button(table, 'Delete').click();
      await table.updateComplete;
      confirmDialog(table).querySelector<HTMLElement>('[slot="cancel-button"]')!.click();
      await table.updateComplete;

      expect(confirmDialog(table).opened).to.equal(false);
      expect(await allUsers(provider)).to.have.length(9);
      expect(table.selectedCount).to.equal(1);
    });

    it('lets a users-delete listener keep the users', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      await toggleRow(table, 'Andrew Ng');
      const andrew = seeded.users.find((user) => user.name === 'Andrew Ng')!;
      let requested: UserSelection | undefined;
      table.addEventListener('users-delete', (event) => {
        requested = event.detail.selection;
        event.preventDefault();
      });

      button(table, 'Delete').click();
      await table.updateComplete;
      confirmDialog(table).querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      await waitUntil(() => requested);
      await table.updateComplete;

      expect(requested).to.deep.equal({ ids: [andrew.id] });
      expect(await allUsers(provider)).to.have.length(9);
      expect(messageOf(table)).to.equal(null);
    });
  });
});
