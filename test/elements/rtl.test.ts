import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/user-profile/define.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import { SECTIONS, type UserProfile } from '../../src/elements/user-profile/user-profile.js';
import type { UserDataProvider } from '../../src/data/provider.js';
import { setLocale } from '../../src/i18n/catalog.js';
import { registerBuiltInLocales } from '../../src/i18n/locales/index.js';
import type { User } from '../../src/model/types.js';
import { waitUntil } from '../helpers/wait.js';
import { allUsers, button as tableButton, gridOf, renderTable, seed, whenLoaded } from './all-users-table/helpers.js';
import {
  goToStep,
  importAndWait,
  pasteText,
  renderWizard,
  shadow,
  typeInto,
  waitForAnalysis,
  waitForRecords,
} from './csv-import-wizard/helpers.js';
import { expectNoAxeViolations } from './shared/axe.js';
import { button, click, field, fill } from './shared/interactions.js';
import { untranslatedStrings } from './shared/untranslated.js';
import { createUser, deleteProviders, freshProvider } from './shared/user-fixtures.js';

// Each element is driven in English to a state, then switched to Arabic at
// run time. In Arabic every built-in string must come from the catalog, so
// any Latin word left over, other than the test's own data, is a miss.

/** Returns the initials an avatar shows for a name: the first letters of its first and last words. */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return `${words[0]?.[0] ?? ''}${words.length > 1 ? words.at(-1)![0] : ''}`.toUpperCase();
}

/** Lists every string of stored users that an element may show as it is. */
function dataOf(users: readonly User[], extra: readonly string[] = []): string[] {
  const strings = [...extra];
  for (const user of users) {
    strings.push(user.id, user.name, initialsOf(user.name), user.firstName ?? '', user.lastName ?? '');
    for (const identifier of user.identifiers) strings.push(identifier.value, identifier.label ?? '');
    if (user.source.type === 'integration') strings.push(user.source.name);
  }
  return strings;
}

/** Switches to Arabic and waits for the element to render in it. */
async function switchToArabic(element: HTMLElement & { updateComplete: Promise<unknown> }): Promise<void> {
  setLocale('ar');
  await element.updateComplete;
}

function expectArabicOnly(element: Element, data: readonly string[]): void {
  expect(untranslatedStrings(element, data)).to.deep.equal([]);
}

describe('Arabic, right to left', () => {
  before(() => {
    registerBuiltInLocales();
  });

  afterEach(async () => {
    setLocale('en');
    await deleteProviders();
  });

  describe('<all-users-table>', () => {
    it('shows rows, selection and columns in Arabic', async () => {
      const provider = freshProvider();
      const { users, importGroup } = await seed(provider);
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.selectAllMatching();
      tableButton(table, 'Columns').click();
      await table.updateComplete;

      await switchToArabic(table);

      expect(table.getAttribute('dir')).to.equal('rtl');
      expect(gridOf(table).getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(table.shadowRoot!.querySelector('[part~="toolbar"]')!).direction).to.equal('rtl');
      expectArabicOnly(table, dataOf(users, [importGroup.name, importGroup.id]));
      await expectNoAxeViolations(table);
    });

    it('shows a bulk action result in Arabic', async () => {
      const provider = freshProvider();
      const { users, importGroup } = await seed(provider);
      const table = await renderTable(provider);
      await whenLoaded(table);
      table.selectAllMatching();
      await table.updateComplete;
      tableButton(table, 'Delete').click();
      await table.updateComplete;
      const done = oneEvent(table, 'bulk-action');
      table.shadowRoot!.querySelector('vaadin-confirm-dialog')!.querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      await done;
      await waitUntil(() => table.shadowRoot!.querySelector('[part~="message"]'), 'the result message did not appear');

      await switchToArabic(table);

      expectArabicOnly(table, dataOf(users, [importGroup.name, importGroup.id]));
    });

    it('shows the empty state in Arabic', async () => {
      const table = await renderTable(freshProvider());
      await waitUntil(() => table.matchingCount === 0, 'the table did not report no users');

      await switchToArabic(table);

      expectArabicOnly(table, []);
    });
  });

  describe('<user-profile>', () => {
    async function seedUser(provider: UserDataProvider): Promise<User> {
      const user = await createUser(provider, {
        name: 'Ada Lovelace',
        identifiers: [
          { kind: 'phone', value: '+447700900123' },
          { kind: 'email', value: 'ada@example.com' },
        ],
        primaryChannel: 'email',
      });
      const start = Date.UTC(2025, 0, 1);
      await provider.putActivity({
        conversations: [{ id: 'c1', userId: user.id, channel: 'whatsapp', startedAt: start, lastMessageAt: start + 60_000, messageCount: 2 }],
        messages: [
          { id: 'm1', conversationId: 'c1', userId: user.id, channel: 'whatsapp', direction: 'inbound', text: 'Hello', sentAt: start },
          { id: 'm2', conversationId: 'c1', userId: user.id, channel: 'whatsapp', direction: 'outbound', text: 'Hi Ada', sentAt: start + 60_000 },
        ],
        attachments: [
          { id: 'a1', userId: user.id, name: 'contract.pdf', mediaType: 'application/pdf', size: 1_450_000, url: 'https://files.example.com/contract.pdf', createdAt: start },
        ],
        tickets: [{ id: 't1', userId: user.id, title: 'Refund request', status: 'open', createdAt: start, updatedAt: start }],
      });
      await provider.addNote(user.id, { text: 'Prefers e-mail', author: 'Grace' });
      return user;
    }

    /** Text each section shows once its data has loaded. */
    const LOADED_TEXT: Partial<Record<(typeof SECTIONS)[number], string>> = {
      media: 'contract.pdf',
      tickets: 'Refund request',
      notes: 'Prefers e-mail',
    };

    it('shows every section and the edit form in Arabic', async () => {
      const provider = freshProvider();
      const user = await seedUser(provider);
      const data = dataOf([user], ['Hello', 'Hi Ada', 'contract.pdf', 'application/pdf', 'Refund request', 'Prefers e-mail', 'Grace', 'c1']);
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${user.id}></user-profile>`);
      await waitUntil(() => profile.shadowRoot!.querySelector('.header'), 'the profile did not load');

      await switchToArabic(profile);

      expect(profile.getAttribute('dir')).to.equal('rtl');
      for (const section of SECTIONS) {
        profile.shadowRoot!.querySelector<HTMLElement>(`#${section}-tab`)!.click();
        await profile.updateComplete;
        const panel = profile.shadowRoot!.querySelector<HTMLElement>(`#${section}-panel`)!;
        const shown = LOADED_TEXT[section];
        await waitUntil(
          () => !panel.hidden && !panel.querySelector('[aria-busy="true"]') && (!shown || panel.textContent!.includes(shown)),
          `the ${section} section did not load`,
        );
        if (section === 'conversations') {
          const messageText = () => profile.shadowRoot!.querySelector('user-profile-conversation-log')?.shadowRoot?.querySelector('.message-text');
          await waitUntil(messageText, 'the messages did not load');
          expect(messageText()!.getAttribute('dir'), 'message text').to.equal('auto');
        }
        expectArabicOnly(profile, data);
        if (section === 'notes') {
          expect(panel.querySelector('.note-text')!.getAttribute('dir'), 'note text').to.equal('auto');
        }
      }
      expect(profile.shadowRoot!.querySelector('[part~="name"]')!.getAttribute('dir'), 'name').to.equal('auto');
      profile.shadowRoot!.querySelector<HTMLElement>('[part~="edit-button"]')!.click();
      await profile.updateComplete;
      await waitUntil(() => profile.shadowRoot!.querySelector('[part~="edit-form"]'), 'the edit form did not open');
      expectArabicOnly(profile, data);
      await expectNoAxeViolations(profile);
    });
  });

  describe('<user-create-wizard>', () => {
    it('shows both steps in Arabic', async () => {
      const provider = freshProvider();
      await provider.createGroup({ name: 'VIP customers' });
      const wizard = await fixture<UserCreateWizard>(html`<user-create-wizard .provider=${provider}></user-create-wizard>`);
      const data = ['VIP customers', 'Grace Hopper', '+447700900123'];

      await switchToArabic(wizard);

      expect(wizard.getAttribute('dir')).to.equal('rtl');
      expectArabicOnly(wizard, data);

      setLocale('en');
      await wizard.updateComplete;
      await click(wizard, button(wizard.shadowRoot!, 'Next'));
      await waitUntil(() => wizard.shadowRoot!.querySelector('.step-message.error'), 'the empty form was not rejected');
      await switchToArabic(wizard);
      expectArabicOnly(wizard, data);

      setLocale('en');
      await wizard.updateComplete;
      await fill(wizard, field(wizard.shadowRoot!, 'Full name'), 'Grace Hopper');
      const row = wizard.shadowRoot!.querySelector('.identifier-row')!;
      await fill(wizard, row.querySelector<HTMLElement & { value: string }>('.identifier-value')!, '+447700900123');
      await click(wizard, button(wizard.shadowRoot!, 'Next'));
      await waitUntil(() => wizard.currentStep === 'groups', 'the wizard did not reach the groups step');
      await waitUntil(() => wizard.shadowRoot!.querySelector('[data-group]'), 'the groups did not load');
      await switchToArabic(wizard);

      expectArabicOnly(wizard, data);
      await expectNoAxeViolations(wizard);
    });
  });

  describe('<csv-import-wizard>', () => {
    const CSV = 'Full Name,Phone,City\nAda Lovelace,+447700900123,London\nAlan Turing,not a phone,Wilmslow\n';
    const DATA = ['Full Name', 'Phone', 'City', 'Ada Lovelace', '+447700900123', 'London', 'Alan Turing', 'not a phone', 'Wilmslow', 'Pioneers'];

    async function expectArabicStep(wizard: HTMLElement & { updateComplete: Promise<unknown> }, data: readonly string[]) {
      await switchToArabic(wizard);
      expect(wizard.getAttribute('dir')).to.equal('rtl');
      expectArabicOnly(wizard, data);
      setLocale('en');
      await wizard.updateComplete;
    }

    it('shows every step and the report in Arabic', async () => {
      const { wizard, provider } = await renderWizard();

      await expectArabicStep(wizard, DATA);
      await pasteText(wizard, CSV);
      await goToStep(wizard, 'define');
      await waitForRecords(wizard);
      await expectArabicStep(wizard, DATA);
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Pioneers');
      await expectArabicStep(wizard, DATA);
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      await expectArabicStep(wizard, DATA);
      await importAndWait(wizard);
      const users = await allUsers(provider);
      expect(users.map((user) => user.name)).to.deep.equal(['Ada Lovelace']);
      await expectArabicStep(wizard, [...DATA, ...dataOf(users)]);

      await switchToArabic(wizard);
      await expectNoAxeViolations(wizard);
      expect(shadow(wizard).querySelector('[part~="summary"]')).to.not.equal(null);
    });
  });
});
