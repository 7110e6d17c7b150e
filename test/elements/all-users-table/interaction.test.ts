import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { AllUsersTable } from '../../../src/elements/all-users-table/define.js';
import { registerTranslations, setLocale } from '../../../src/i18n/catalog.js';
import { cleanUpProviders, openProvider } from '../../indexeddb/helpers.js';
import {
  allUsers,
  button,
  countText,
  gridOf,
  part,
  renderTable,
  renderedIds,
  renderedRows,
  seed,
  whenLoaded,
  type Seed,
} from './helpers.js';

/** Returns the focused element, looking through shadow roots. */
function deepActiveElement(): Element | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/** Presses Tab (or Shift+Tab) until `done` holds for the focused element; fails after 40 presses. */
async function tabUntil(done: (focused: Element | null) => boolean, backwards = false): Promise<Element> {
  for (let presses = 0; presses < 40; presses++) {
    await sendKeys({ press: backwards ? 'Shift+Tab' : 'Tab' });
    const focused = deepActiveElement();
    if (focused && done(focused)) return focused;
  }
  throw new Error(`Tab never reached the expected element; focus is on ${deepActiveElement()?.outerHTML.slice(0, 120)}.`);
}

function isBodyCell(element: Element | null): boolean {
  return element instanceof HTMLTableCellElement && element.part.contains('body-cell');
}

describe('<all-users-table> interaction', () => {
  let provider: IndexedDBProvider;
  let seeded: Seed;

  beforeEach(async () => {
    provider = openProvider();
    seeded = await seed(provider);
    localStorage.removeItem('test-table-columns');
  });

  afterEach(async () => {
    setLocale('en');
    await cleanUpProviders();
  });

  describe('keyboard', () => {
    it('opens a focused row with Enter', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      part(table, '[part~="search"]').focus();

      await tabUntil(isBodyCell);
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowRight' });
      const opened = oneEvent(table, 'user-select');
      await sendKeys({ press: 'Enter' });
      const { detail } = await opened;

      expect(detail.userId).to.equal(renderedIds(table)[1]);
    });

    it('searches, selects and deletes by keyboard alone', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      part(table, '[part~="search"]').focus();

      await sendKeys({ type: 'ana' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => countText(table) === '4 users');
      await whenLoaded(table);
      const [first, second] = renderedIds(table);

      await tabUntil(isBodyCell);
      await sendKeys({ press: 'Space' });
      await waitUntil(() => table.selectedCount === 1);
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'Space' });
      await waitUntil(() => table.selectedCount === 2);
      expect(table.selection).to.deep.equal({ ids: [first, second] });

      await tabUntil((focused) => focused?.textContent?.trim() === 'Delete', true);
      await sendKeys({ press: 'Enter' });
      const dialog = part<HTMLElement & { opened: boolean; header: string }>(table, 'vaadin-confirm-dialog');
      await waitUntil(() => dialog.opened);
      expect(dialog.header).to.equal('Delete 2 users?');
      await waitUntil(() => deepActiveElement()?.getAttribute('slot') === 'confirm-button');
      const deleted = oneEvent(table, 'bulk-action');
      await sendKeys({ press: 'Enter' });
      await deleted;

      await waitUntil(() => countText(table) === '2 users');
      const names = (await allUsers(provider)).map((user) => user.name);
      expect(names).to.have.length(7);
      expect(seeded.users.filter((user) => user.id === first || user.id === second).map((user) => names.includes(user.name))).to.deep.equal([false, false]);
    });

    it('closes the column chooser with Escape', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      const columnsButton = part(table, '#columns-button');

      columnsButton.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !part(table, '[part~="column-chooser"]').hidden);
      expect(deepActiveElement()?.closest('vaadin-checkbox')?.getAttribute('data-column') ?? deepActiveElement()?.getAttribute('data-column')).to.equal('id');
      await sendKeys({ press: 'Escape' });
      await table.updateComplete;

      expect(part(table, '[part~="column-chooser"]').hidden).to.equal(true);
      expect(table.shadowRoot!.activeElement).to.equal(columnsButton);
    });
  });

  describe('column chooser', () => {
    it('hides a column and remembers the choice', async () => {
      const first = await fixture<AllUsersTable>(
        html`<all-users-table .provider=${provider} column-storage-key="test-table-columns"></all-users-table>`,
      );
      await whenLoaded(first);
      button(first, 'Columns').click();
      await first.updateComplete;

      part(first, 'vaadin-checkbox[data-column="phone"]').click();
      await first.updateComplete;

      expect(first.hiddenColumns).to.deep.equal(['phone']);
      expect(JSON.parse(localStorage.getItem('test-table-columns') ?? 'null')).to.deep.equal(['phone']);
      const headers = () => [...gridOf(first).querySelectorAll('vaadin-grid-sorter')].filter((sorter) => sorter.checkVisibility()).map((sorter) => sorter.textContent?.trim());
      await waitUntil(() => !headers().includes('Phone'));
      expect(renderedRows(first)[0]).to.have.length(6);

      const second = await fixture<AllUsersTable>(
        html`<all-users-table .provider=${provider} column-storage-key="test-table-columns"></all-users-table>`,
      );
      await whenLoaded(second);
      expect(second.hiddenColumns).to.deep.equal(['phone']);
    });

    it('keeps at least one column', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);

      table.hiddenColumns = ['id', 'phone', 'channel', 'source', 'lastActivity'];
      await table.updateComplete;

      expect(part<HTMLElement & { disabled: boolean }>(table, 'vaadin-checkbox[data-column="name"]').disabled).to.equal(true);
    });
  });

  describe('direction and locale', () => {
    it('passes an ancestor dir to the grid', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl"><all-users-table .provider=${provider} column-storage-key=""></all-users-table></div>`,
      );
      const table = wrapper.querySelector('all-users-table')!;
      await whenLoaded(table);

      expect(gridOf(table).getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(part(table, '[part~="toolbar"]')).direction).to.equal('rtl');
      expect(table.hasAttribute('dir')).to.equal(false);
    });

    it('turns right-to-left for an RTL locale', async () => {
      registerTranslations('ar', { 'all-users-table': { 'count-users': 'المستخدمون: {count}' } });
      const table = await renderTable(provider);
      await whenLoaded(table);

      setLocale('ar');
      await table.updateComplete;

      expect(table.getAttribute('dir')).to.equal('rtl');
      expect(gridOf(table).getAttribute('dir')).to.equal('rtl');
      expect(countText(table)).to.equal(`المستخدمون: ${new Intl.NumberFormat('ar').format(9)}`);
      setLocale('en');
      await table.updateComplete;
      expect(table.hasAttribute('dir')).to.equal(false);
    });
  });

  describe('accessibility', () => {
    it('has no axe violations with rows and a selection', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.selectAllMatching();
      button(table, 'Columns').click();
      await table.updateComplete;

      await expect(table).to.be.accessible();
    });

    it('has no axe violations in the empty state', async () => {
      const table = await renderTable(openProvider());
      await waitUntil(() => table.matchingCount === 0);
      await table.updateComplete;

      await expect(table).to.be.accessible();
    });

    it('has no axe violations with the delete dialog open', async () => {
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.selectAllMatching();
      await table.updateComplete;
      button(table, 'Delete').click();
      await table.updateComplete;

      // vaadin-confirm-dialog 25.3 renders its own <footer role="toolbar">, which
      // axe 4.14 reports under aria-allowed-role; the rule can return once
      // Vaadin drops that role.
      await expect(table).to.be.accessible({ ignoredRules: ['aria-allowed-role'] });
    });
  });
});
