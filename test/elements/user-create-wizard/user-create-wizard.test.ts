import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/elements/user-create-wizard/define.js';
import type { UserCreateWizard } from '../../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserDataProvider } from '../../../src/data/provider.js';
import { expectNoAxeViolations } from '../shared/axe.js';
import { button, click, field, fill, text } from '../shared/interactions.js';
import { createUser, deleteProviders, freshProvider } from '../shared/user-fixtures.js';

type Field = HTMLElement & { value: string; invalid?: boolean; errorMessage?: string };

async function mountWizard(provider: UserDataProvider): Promise<UserCreateWizard> {
  return fixture<UserCreateWizard>(
    html`<user-create-wizard .provider=${provider} default-country="GB"></user-create-wizard>`,
  );
}

function root(wizard: UserCreateWizard): ShadowRoot {
  return wizard.shadowRoot!;
}

function rows(wizard: UserCreateWizard): HTMLElement[] {
  return [...root(wizard).querySelectorAll<HTMLElement>('.identifier-row')];
}

async function setIdentifier(wizard: UserCreateWizard, index: number, kind: string, value: string): Promise<void> {
  while (rows(wizard).length <= index) await click(wizard, button(root(wizard), 'Add identifier'));
  const row = rows(wizard)[index]!;
  await fill(wizard, row.querySelector<Field>('.identifier-kind')!, kind);
  await fill(wizard, row.querySelector<Field>('.identifier-value')!, value);
}

function rowError(wizard: UserCreateWizard, index: number): string {
  const value = rows(wizard)[index]!.querySelector<Field>('.identifier-value')!;
  return value.invalid ? value.errorMessage ?? '' : '';
}

function heading(wizard: UserCreateWizard): string {
  return text(root(wizard).querySelector('#step-heading'));
}

function stepMessage(wizard: UserCreateWizard): string {
  return text(root(wizard).querySelector('.step-message'));
}

/** Clicks Next and waits until the wizard moves on or shows why it cannot. */
async function pressNext(wizard: UserCreateWizard): Promise<void> {
  await click(wizard, button(root(wizard), 'Next'));
  await waitUntil(() => wizard.currentStep !== 'define' || root(wizard).querySelector('.step-message.error'));
  await wizard.updateComplete;
}

/** Adds a group through the "New group" form of step 2. */
async function addNewGroup(wizard: UserCreateWizard, name: string, description: string): Promise<void> {
  await waitUntil(() => !text(root(wizard)).includes('Loading groups'), 'the groups did not load');
  await click(wizard, button(root(wizard), 'New group'));
  await fill(wizard, field(root(wizard), 'Group name'), name);
  await fill(wizard, field(root(wizard), 'Description'), description);
  await click(wizard, button(root(wizard), 'Add group'));
  await waitUntil(() => root(wizard).querySelector(`.group-list vaadin-checkbox[label="${name}"]`), `${name} was not listed`);
  await wizard.updateComplete;
}

async function fillValidUser(wizard: UserCreateWizard): Promise<void> {
  await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
  await setIdentifier(wizard, 0, 'phone', '07700 900123');
}

describe('<user-create-wizard>', () => {
  let provider: ReturnType<typeof freshProvider>;

  beforeEach(() => {
    provider = freshProvider();
  });

  afterEach(async () => {
    await deleteProviders();
  });

  describe('step 1', () => {
    it('starts on Define user data with no violations', async () => {
      const wizard = await mountWizard(provider);

      expect(heading(wizard)).to.equal('Define user data');
      expect(rows(wizard)).to.have.length(1);
      await expectNoAxeViolations(wizard);
    });

    it('requires a name', async () => {
      const wizard = await mountWizard(provider);
      await setIdentifier(wizard, 0, 'email', 'grace@example.com');

      await pressNext(wizard);

      const name = field<Field>(root(wizard), 'Full name');
      expect(wizard.currentStep).to.equal('define');
      expect(name.invalid).to.be.true;
      expect(name.errorMessage).to.equal('Enter a full name or a first name.');
      await expectNoAxeViolations(wizard);
    });

    it('accepts a first and last name instead of a full name', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'First name'), 'Grace');
      await fill(wizard, field(root(wizard), 'Last name'), 'Hopper');
      await setIdentifier(wizard, 0, 'email', 'grace@example.com');

      await pressNext(wizard);

      expect(wizard.currentStep).to.equal('groups');
    });

    it('requires an identifier', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');

      await pressNext(wizard);

      expect(wizard.currentStep).to.equal('define');
      expect(text(root(wizard).querySelector('.identifiers .error'))).to.equal(
        'Add at least one contact identifier: a phone, WhatsApp, e-mail or Instagram.',
      );
    });

    const invalidValues: [kind: string, value: string, message: string][] = [
      ['phone', 'call me', '"call me" is not a phone number.'],
      ['phone', '12', '"12" is too short to be a phone number.'],
      ['whatsapp', '9.19876E+11', '"9.19876E+11" is in scientific notation'],
      ['email', 'grace@example', '"grace@example" is not a valid e-mail address.'],
      ['instagram', 'grace hopper!', '"grace hopper!" is not an Instagram handle'],
    ];
    for (const [kind, value, message] of invalidValues) {
      it(`rejects the ${kind} ${value}`, async () => {
        const wizard = await mountWizard(provider);
        await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
        await setIdentifier(wizard, 0, kind, value);

        await pressNext(wizard);

        expect(wizard.currentStep).to.equal('define');
        expect(rowError(wizard, 0)).to.contain(message);
        expect(stepMessage(wizard)).to.equal('Correct the marked fields to continue.');
      });
    }

    it('shows the error beside the failing row only', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
      await setIdentifier(wizard, 0, 'email', 'grace@example.com');
      await setIdentifier(wizard, 1, 'email', 'not-an-address');

      await pressNext(wizard);

      expect(rowError(wizard, 0)).to.equal('');
      expect(rowError(wizard, 1)).to.equal('"not-an-address" is not a valid e-mail address.');
    });

    it('clears an error once the value is fixed', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
      await setIdentifier(wizard, 0, 'email', 'grace@');
      await pressNext(wizard);

      await setIdentifier(wizard, 0, 'email', 'grace@example.com');

      expect(rowError(wizard, 0)).to.equal('');
    });

    it('adds and removes identifier rows', async () => {
      const wizard = await mountWizard(provider);
      await setIdentifier(wizard, 0, 'phone', '+44 7700 900123');
      await setIdentifier(wizard, 1, 'phone', '+44 7700 900456');
      await setIdentifier(wizard, 2, 'email', 'grace@example.com');

      await click(wizard, button(root(wizard), 'Remove identifier 2'));

      const values = rows(wizard).map((row) => row.querySelector<Field>('.identifier-value')!.value);
      expect(values).to.deep.equal(['+44 7700 900123', 'grace@example.com']);
    });

    it('offers to open the user who owns an identifier', async () => {
      const existing = await createUser(provider, {
        name: 'Ada Lovelace',
        identifiers: [{ kind: 'phone', value: '+447700900123' }],
      });
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);

      await pressNext(wizard);

      expect(wizard.currentStep).to.equal('define');
      expect(rowError(wizard, 0)).to.equal(`07700 900123 already belongs to Ada Lovelace (user ID ${existing.id}).`);
      expect(stepMessage(wizard)).to.contain('already belong to other users');
      const open = button(root(wizard), 'Open Ada Lovelace');
      const selected = oneEvent(wizard, 'user-select');
      open.click();
      expect((await selected).detail).to.deep.equal({ userId: existing.id });
    });

    it('counts a WhatsApp number as the same phone number', async () => {
      await createUser(provider, { name: 'Ada Lovelace', identifiers: [{ kind: 'phone', value: '+447700900123' }] });
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
      await setIdentifier(wizard, 0, 'whatsapp', '+44 7700 900123');

      await pressNext(wizard);

      expect(rowError(wizard, 0)).to.contain('already belongs to Ada Lovelace');
    });

    it('offers a preference for each channel in use', async () => {
      const wizard = await mountWizard(provider);
      await setIdentifier(wizard, 0, 'phone', '+44 7700 900123');
      await setIdentifier(wizard, 1, 'email', 'grace@example.com');

      const labels = [...root(wizard).querySelectorAll('.preferences vaadin-checkbox')].map((box) =>
        box.getAttribute('label'),
      );

      expect(labels).to.deep.equal(['Opted in to Phone', 'Opted in to E-mail']);
    });
  });

  describe('step 2', () => {
    it('announces the step and lists groups', async () => {
      await provider.createGroup({ name: 'Newsletter', description: 'Monthly news' });
      await provider.createGroup({ name: 'VIP' });
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);

      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelectorAll('.group-list vaadin-checkbox').length === 2);

      expect(heading(wizard)).to.equal('Select user groups');
      expect(text(root(wizard).querySelector('[role="status"]'))).to.equal('Step 2 of 2: Select user groups');
      expect(wizard.shadowRoot!.activeElement?.id).to.equal('step-heading');
      await expectNoAxeViolations(wizard);
    });

    it('filters groups by the search text', async () => {
      await provider.createGroup({ name: 'Newsletter' });
      await provider.createGroup({ name: 'VIP customers', description: 'Über-loyal' });
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelectorAll('.group-list vaadin-checkbox').length === 2);

      await fill(wizard, field(root(wizard), 'Search groups'), 'uber');

      const shown = [...root(wizard).querySelectorAll('.group-list vaadin-checkbox')].map((box) => box.getAttribute('label'));
      expect(shown).to.deep.equal(['VIP customers']);
    });

    it('lists a group created elsewhere', async () => {
      await provider.createGroup({ name: 'Newsletter' });
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelectorAll('.group-list vaadin-checkbox').length === 1);

      await provider.createGroup({ name: 'Created meanwhile' });

      await waitUntil(() => root(wizard).querySelectorAll('.group-list vaadin-checkbox').length === 2);
      const shown = [...root(wizard).querySelectorAll('.group-list vaadin-checkbox')].map((box) => box.getAttribute('label'));
      expect(shown).to.deep.equal(['Created meanwhile', 'Newsletter']);
    });

    it('returns to step 1 with Back, keeping the values', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);

      await click(wizard, button(root(wizard), 'Back'));

      expect(heading(wizard)).to.equal('Define user data');
      expect(field(root(wizard), 'Full name').value).to.equal('Grace Hopper');
      expect(text(root(wizard).querySelector('[role="status"]'))).to.equal('Step 1 of 2: Define user data');
    });

    it('adds a new group and selects it', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);

      await addNewGroup(wizard, 'Beta testers', 'Early access');

      const box = root(wizard).querySelector<HTMLElement & { checked: boolean }>('.group-list vaadin-checkbox')!;
      expect(box.getAttribute('label')).to.equal('Beta testers');
      expect(box.checked).to.be.true;
      expect(text(box.closest('li'))).to.contain('New: created together with the user');
      expect(text(root(wizard).querySelector('[role="status"]'))).to.equal(
        'The group Beta testers is added and selected. It is created together with the user.',
      );
      await waitUntil(() => box.contains(root(wizard).activeElement), 'focus did not move to the new group');
      expect(await provider.listGroups()).to.deep.equal([]);
      await expectNoAxeViolations(wizard);
    });

    it('creates the new group with the user', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', 'Early access');

      const created = oneEvent(wizard, 'user-create');
      button(root(wizard), 'Create').click();
      const { detail } = await created;

      const groups = await provider.listGroups();
      expect(groups.map((group) => [group.name, group.description])).to.deep.equal([['Beta testers', 'Early access']]);
      expect((await provider.getUser(detail.userId)).groupIds).to.deep.equal([groups[0]!.id]);
    });

    it('leaves no group behind when cancelled', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', '');

      await click(wizard, button(root(wizard), 'Cancel'));
      const dialog = root(wizard).querySelector<HTMLElement & { opened: boolean }>('.discard-dialog')!;
      expect(dialog.opened).to.be.true;
      const cancelled = oneEvent(wizard, 'create-cancel');
      dialog.querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      await cancelled;

      expect(await provider.listGroups()).to.deep.equal([]);
      expect(wizard.currentStep).to.equal('define');
    });

    it('asks before discarding an unselected new group', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', '');
      root(wizard).querySelector<HTMLElement & { checked: boolean }>('.group-list vaadin-checkbox')!.checked = false;
      await wizard.updateComplete;

      expect(wizard.hasUnsavedInput).to.be.true;
    });

    it('rejects a group name that is taken', async () => {
      await provider.createGroup({ name: 'Beta testers' });
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelector('.group-list vaadin-checkbox'));

      await click(wizard, button(root(wizard), 'New group'));
      await fill(wizard, field(root(wizard), 'Group name'), 'beta  TESTERS');
      await click(wizard, button(root(wizard), 'Add group'));
      const name = field<Field>(root(wizard), 'Group name');

      expect(name.invalid).to.be.true;
      expect(name.errorMessage).to.equal('A group named "beta  TESTERS" already exists. Select it in the list instead.');
      expect(await provider.listGroups()).to.have.length(1);
    });

    it('rejects a name taken by another new group', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', '');

      await click(wizard, button(root(wizard), 'New group'));
      await fill(wizard, field(root(wizard), 'Group name'), 'Beta testers');
      await click(wizard, button(root(wizard), 'Add group'));

      expect(field<Field>(root(wizard), 'Group name').errorMessage).to.equal(
        'A group named "Beta testers" already exists. Select it in the list instead.',
      );
    });

    it('reports a name taken before Create', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', '');
      await addNewGroup(wizard, 'Alpha testers', '');
      const elsewhere = await provider.createGroup({ name: 'Beta testers' });

      await click(wizard, button(root(wizard), 'Create'));
      await waitUntil(() => root(wizard).querySelector('.step-message.error'), 'no error after Create');

      expect(stepMessage(wizard)).to.equal('A group named "Beta testers" already exists. Select it in the list instead.');
      expect(wizard.currentStep).to.equal('groups');
      expect((await provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(0);
      expect((await provider.listGroups()).map((group) => group.id)).to.deep.equal([elsewhere.id]);
      await waitUntil(() => root(wizard).querySelectorAll('.group-list vaadin-checkbox').length === 2);
      const listed = [...root(wizard).querySelectorAll<HTMLElement & { checked: boolean }>('.group-list vaadin-checkbox')];
      expect(listed.map((box) => [box.getAttribute('label'), box.checked])).to.deep.equal([
        ['Alpha testers', true],
        ['Beta testers', false],
      ]);
    });

    it('deletes the new groups when the user is not stored', async () => {
      const ada = await createUser(provider, { name: 'Ada Lovelace', identifiers: [{ kind: 'phone', value: '+447700900123' }] });
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
      await setIdentifier(wizard, 0, 'phone', '07700 900124');
      await pressNext(wizard);
      await addNewGroup(wizard, 'Beta testers', '');
      // Another person takes the phone number between the check and Create.
      await provider.updateUser(ada.id, { identifiers: [{ kind: 'phone', value: '+447700900124' }] }, ada.version);

      await click(wizard, button(root(wizard), 'Create'));
      await waitUntil(() => root(wizard).querySelector('.step-message.error'), 'the conflict was not reported');

      expect(stepMessage(wizard)).to.equal('An identifier now belongs to another user, so the user was not created.');
      expect(await provider.listGroups()).to.deep.equal([]);
    });

    it('requires a name for a new group', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelector('.new-group'));

      await click(wizard, button(root(wizard), 'New group'));
      await click(wizard, button(root(wizard), 'Add group'));

      expect(field<Field>(root(wizard), 'Group name').errorMessage).to.equal('Enter a name for the group.');
    });
  });

  describe('create', () => {
    it('stores an internal user with groups and preferences', async () => {
      const group = await provider.createGroup({ name: 'Newsletter' });
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace Hopper');
      await setIdentifier(wizard, 0, 'phone', '07700 900123');
      await setIdentifier(wizard, 1, 'email', ' Grace@Example.com ');
      await setIdentifier(wizard, 2, 'instagram', '@GraceHopper');
      await fill(wizard, field(root(wizard), 'Primary channel'), 'email');
      const optIn = root(wizard).querySelector<HTMLElement & { checked: boolean }>('vaadin-checkbox[data-channel="email"]')!;
      optIn.checked = true;
      await wizard.updateComplete;
      await pressNext(wizard);
      await waitUntil(() => root(wizard).querySelector('.group-list vaadin-checkbox'));
      root(wizard).querySelector<HTMLElement & { checked: boolean }>('.group-list vaadin-checkbox')!.checked = true;
      await wizard.updateComplete;

      const created = oneEvent(wizard, 'user-create');
      button(root(wizard), 'Create').click();
      const { detail } = await created;

      const user = await provider.getUser(detail.userId);
      expect(user.name).to.equal('Grace Hopper');
      expect(user.source).to.deep.equal({ type: 'internal' });
      expect(user.groupIds).to.deep.equal([group.id]);
      expect(user.identifiers.map((identifier) => `${identifier.kind}:${identifier.value}`)).to.deep.equal([
        'phone:+447700900123',
        'email:grace@example.com',
        'instagram:gracehopper',
      ]);
      expect(user.primaryChannel).to.equal('email');
      expect(user.preferences).to.deep.equal({ email: 'opted-in', phone: 'opted-out', instagram: 'opted-out' });
      await wizard.updateComplete;
      expect(heading(wizard)).to.equal('Grace Hopper is created.');
    });

    it('shows a failed write as an error', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      provider.close();
      const failed = oneEvent(wizard, 'data-error');

      button(root(wizard), 'Create').click();
      await failed;
      await wizard.updateComplete;

      expect(wizard.currentStep).to.equal('groups');
      expect(stepMessage(wizard)).to.match(/^The user was not created\./);
      expect(text(root(wizard))).not.to.contain('is created');
    });

    it('goes back to step 1 when an identifier was taken meanwhile', async () => {
      const wizard = await mountWizard(provider);
      await fillValidUser(wizard);
      await pressNext(wizard);
      await createUser(provider, { name: 'Ada Lovelace', identifiers: [{ kind: 'phone', value: '+447700900123' }] });

      button(root(wizard), 'Create').click();
      await waitUntil(() => wizard.currentStep === 'define' && rowError(wizard, 0));

      expect(rowError(wizard, 0)).to.contain('already belongs to Ada Lovelace');
      expect(stepMessage(wizard)).to.equal('An identifier now belongs to another user, so the user was not created.');
      expect((await provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(1);
    });
  });

  describe('cancel', () => {
    it('cancels at once without input', async () => {
      const wizard = await mountWizard(provider);
      const cancelled = oneEvent(wizard, 'create-cancel');

      button(root(wizard), 'Cancel').click();

      await cancelled;
    });

    it('asks before discarding input', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace');
      let cancelled = false;
      wizard.addEventListener('create-cancel', () => (cancelled = true));

      await click(wizard, button(root(wizard), 'Cancel'));
      const dialog = root(wizard).querySelector<HTMLElement & { opened: boolean }>('.discard-dialog')!;

      expect(dialog.opened).to.be.true;
      expect(cancelled).to.be.false;
      const event = oneEvent(wizard, 'create-cancel');
      dialog.querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      await event;
      await wizard.updateComplete;
      expect(field(root(wizard), 'Full name').value).to.equal('');
    });

    it('keeps the input when the person keeps editing', async () => {
      const wizard = await mountWizard(provider);
      await fill(wizard, field(root(wizard), 'Full name'), 'Grace');
      let cancelled = false;
      wizard.addEventListener('create-cancel', () => (cancelled = true));
      await click(wizard, button(root(wizard), 'Cancel'));
      const dialog = root(wizard).querySelector<HTMLElement & { opened: boolean }>('.discard-dialog')!;

      await click(wizard, dialog.querySelector<HTMLElement>('[slot="cancel-button"]')!);

      expect(dialog.opened).to.be.false;
      expect(cancelled).to.be.false;
      expect(field(root(wizard), 'Full name').value).to.equal('Grace');
    });
  });

  describe('keyboard', () => {
    it('changes a channel with the arrow keys', async () => {
      const wizard = await mountWizard(provider);
      const kind = rows(wizard)[0]!.querySelector<HTMLSelectElement>('.identifier-kind')!;
      kind.focus();

      await sendKeys({ press: 'ArrowDown' });
      await wizard.updateComplete;

      expect(kind.value).to.equal('whatsapp');
      expect(field(root(wizard), 'WhatsApp number')).to.exist;
    });

    it('creates a user with the keyboard alone', async () => {
      const wizard = await mountWizard(provider);
      field(root(wizard), 'Full name').focus();

      await sendKeys({ type: 'Katherine Johnson' });
      await sendKeys({ press: 'Tab' }); // First name
      await sendKeys({ press: 'Tab' }); // Last name
      await sendKeys({ press: 'Tab' }); // Channel
      await sendKeys({ press: 'Tab' }); // Phone number
      await sendKeys({ type: '+1 212 555 0187' });
      await wizard.updateComplete;
      button(root(wizard), 'Next').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.currentStep === 'groups');
      const created = oneEvent(wizard, 'user-create');
      button(root(wizard), 'Create').focus();
      await sendKeys({ press: 'Enter' });
      const { detail } = await created;

      const user = await provider.getUser(detail.userId);
      expect(user.name).to.equal('Katherine Johnson');
      expect(user.identifiers).to.deep.equal([{ kind: 'phone', value: '+12125550187' }]);
    });
  });

  it('renders markup in values as text', async () => {
    await createUser(provider, {
      name: '<img src=x onerror="window.__injected=1">',
      identifiers: [{ kind: 'email', value: 'taken@example.com' }],
    });
    const wizard = await mountWizard(provider);
    await fill(wizard, field(root(wizard), 'Full name'), 'Grace');
    await setIdentifier(wizard, 0, 'email', 'taken@example.com');

    await pressNext(wizard);

    expect(root(wizard).querySelector('img')).to.equal(null);
    expect(rowError(wizard, 0)).to.contain('<img src=x');
    expect((window as { __injected?: number }).__injected).to.equal(undefined);
  });
});
