import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/user-profile/define.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';
import { setLocale } from '../../src/i18n/catalog.js';
import { registerBuiltInLocales } from '../../src/i18n/locales/index.js';
import { waitUntil } from '../helpers/wait.js';
import { expectNoAxeViolations } from './shared/axe.js';
import { text } from './shared/interactions.js';
import { createUser, deleteProviders, freshProvider } from './shared/user-fixtures.js';

// The profile and the create wizard used in Arabic with the keyboard alone:
// arrow keys follow the right-to-left order, and every step is reached with
// Tab, Enter and Escape once the first control has the focus.

/** Returns the element that has the focus inside `root`'s shadow tree, descending into nested shadow roots. */
function focusedIn(root: Element): Element | null {
  let focused = root.shadowRoot?.activeElement ?? null;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  return focused;
}

/** Presses Tab until the focus is inside the element `selector` matches in `host`'s shadow root. */
async function tabTo(host: HTMLElement, selector: string): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    const target = host.shadowRoot!.querySelector(selector);
    const focused = host.shadowRoot!.activeElement;
    if (target && focused && (target === focused || target.contains(focused))) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${selector}; the focus is on ${host.shadowRoot!.activeElement?.outerHTML.slice(0, 120)}`);
}

describe('Arabic with the keyboard', () => {
  before(() => {
    registerBuiltInLocales();
  });

  beforeEach(() => {
    setLocale('ar');
  });

  afterEach(async () => {
    setLocale('en');
    await deleteProviders();
  });

  describe('<user-profile>', () => {
    it('moves between tabs with right-to-left arrows', async () => {
      const provider = freshProvider();
      const user = await createUser(provider, { name: 'Ada Lovelace' });
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${user.id}></user-profile>`);
      await waitUntil(() => profile.shadowRoot!.querySelector('.header'), 'the profile did not load');
      profile.shadowRoot!.querySelector<HTMLElement>('#conversations-tab')!.focus();

      await sendKeys({ press: 'ArrowLeft' });
      await profile.updateComplete;

      expect(profile.getAttribute('dir')).to.equal('rtl');
      expect(profile.shadowRoot!.activeElement?.id).to.equal('media-tab');
      expect(profile.shadowRoot!.querySelector<HTMLElement>('#media-panel')!.hidden).to.be.false;

      await sendKeys({ press: 'ArrowRight' });
      await profile.updateComplete;

      expect(profile.shadowRoot!.activeElement?.id).to.equal('conversations-tab');
    });

    it('asks before discarding edits and keeps them on Escape', async () => {
      const provider = freshProvider();
      const user = await createUser(provider, { name: 'Ada Lovelace' });
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${user.id}></user-profile>`);
      await waitUntil(() => profile.shadowRoot!.querySelector('.header'), 'the profile did not load');
      profile.shadowRoot!.querySelector<HTMLElement>('.edit')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => profile.shadowRoot!.querySelector('.edit-form .full-name')?.contains(focusedIn(profile)));
      await sendKeys({ type: ' King' });
      await tabTo(profile, '.edit-form .cancel');

      await sendKeys({ press: 'Enter' });
      const dialog = profile.shadowRoot!.querySelector<HTMLElement & { opened: boolean }>('.discard-edit-dialog')!;
      await waitUntil(() => dialog.opened, 'Cancel did not ask');

      expect(dialog.getAttribute('dir')).to.equal('rtl');
      // Names from the data are wrapped in first-strong isolates (U+2068 … U+2069).
      expect(text(dialog)).to.contain('لم تُحفظ التغييرات على \u2068Ada Lovelace\u2069 وستُفقد.');

      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.opened, 'Escape did not close the question');
      await profile.updateComplete;

      const name = profile.shadowRoot!.querySelector<HTMLElement & { value: string }>('.edit-form .full-name')!;
      expect(name.value).to.equal('Ada Lovelace King');
      await waitUntil(
        () => profile.shadowRoot!.querySelector('.edit-form .cancel')?.contains(focusedIn(profile)),
        'the focus did not return to Cancel',
      );
      // NOTE: axe runs once the question is closed, because the overlay of
      // vaadin-confirm-dialog 25 gives its <footer> role="toolbar", which
      // axe's aria-allowed-role rule rejects.
      await expectNoAxeViolations(profile);
    });
  });

  describe('<user-create-wizard>', () => {
    it('creates a user with a new group from the keyboard', async () => {
      const provider = freshProvider();
      const wizard = await fixture<UserCreateWizard>(
        html`<user-create-wizard .provider=${provider} default-country="GB"></user-create-wizard>`,
      );
      wizard.shadowRoot!.querySelector<HTMLElement>('.full-name')!.focus();

      await sendKeys({ type: 'Katherine Johnson' });
      await tabTo(wizard, '.identifier-value');
      await sendKeys({ type: '07700 900187' });
      await tabTo(wizard, '.next');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.currentStep === 'groups', 'Next did not reach the groups step');
      await waitUntil(() => wizard.shadowRoot!.querySelector('.new-group'), 'the groups did not load');
      await tabTo(wizard, '.new-group');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.shadowRoot!.querySelector('.new-group-name')?.contains(focusedIn(wizard)));
      await sendKeys({ type: 'عملاء مميزون' });
      await tabTo(wizard, '.add-group');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.shadowRoot!.querySelector('.group-list vaadin-checkbox')?.contains(focusedIn(wizard)));

      expect(wizard.getAttribute('dir')).to.equal('rtl');
      expect(text(wizard.shadowRoot!.querySelector('[role="status"]'))).to.equal(
        'أُضيفت المجموعة \u2068عملاء مميزون\u2069 وحُدّدت. ستُنشأ مع المستخدم.',
      );
      await expectNoAxeViolations(wizard);

      const created = oneEvent(wizard, 'user-create');
      await tabTo(wizard, '.create');
      await sendKeys({ press: 'Enter' });
      const { detail } = await created;

      const user = await provider.getUser(detail.userId);
      const groups = await provider.listGroups();
      expect(user.name).to.equal('Katherine Johnson');
      expect(user.identifiers).to.deep.equal([{ kind: 'phone', value: '+447700900187' }]);
      expect(groups.map((group) => group.name)).to.deep.equal(['عملاء مميزون']);
      expect(user.groupIds).to.deep.equal([groups[0]!.id]);
    });
  });
});
