import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/all-users-table/define.js';
import '../../src/elements/csv-import-wizard/define.js';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/user-profile/define.js';
import { waitUntil } from '../helpers/wait.js';
import { conversationOf, createUser, deleteProviders, freshProvider } from './shared/user-fixtures.js';

/** Each element's own custom properties that default to a kit-wide one, by kit-wide name. */
const ELEMENT_PROPERTIES: Record<string, Record<string, string>> = {
  'all-users-table': {
    '--all-users-accent-color': '--all-users-table-accent-color',
    '--all-users-text-color': '--all-users-table-text-color',
    '--all-users-secondary-text-color': '--all-users-table-secondary-text-color',
    '--all-users-background': '--all-users-table-background',
    '--all-users-border-color': '--all-users-table-border-color',
    '--all-users-error-color': '--all-users-table-error-color',
    '--all-users-success-color': '--all-users-table-success-color',
    '--all-users-radius': '--all-users-table-radius',
  },
  'user-profile': {
    '--all-users-accent-color': '--user-profile-accent-color',
    '--all-users-secondary-text-color': '--user-profile-secondary-text-color',
    '--all-users-border-color': '--user-profile-border-color',
    '--all-users-error-color': '--user-profile-error-color',
  },
  'user-create-wizard': {
    '--all-users-accent-color': '--user-create-wizard-current-step-color',
    '--all-users-secondary-text-color': '--user-create-wizard-secondary-text-color',
    '--all-users-border-color': '--user-create-wizard-border-color',
    '--all-users-error-color': '--user-create-wizard-error-color',
  },
  'csv-import-wizard': {
    '--all-users-accent-color': '--csv-import-wizard-accent-color',
    '--all-users-text-color': '--csv-import-wizard-text-color',
    '--all-users-secondary-text-color': '--csv-import-wizard-muted-color',
    '--all-users-background': '--csv-import-wizard-background',
    '--all-users-border-color': '--csv-import-wizard-border-color',
    '--all-users-error-color': '--csv-import-wizard-error-color',
    '--all-users-success-color': '--csv-import-wizard-success-color',
    '--all-users-radius': '--csv-import-wizard-radius',
  },
};

/** A distinct value per kit-wide property, so a mix-up between two of them shows. */
const KIT_VALUES: Record<string, string> = {
  '--all-users-accent-color': 'rgb(1, 2, 3)',
  '--all-users-text-color': 'rgb(4, 5, 6)',
  '--all-users-secondary-text-color': 'rgb(7, 8, 9)',
  '--all-users-background': 'rgb(10, 11, 12)',
  '--all-users-border-color': 'rgb(13, 14, 15)',
  '--all-users-error-color': 'rgb(16, 17, 18)',
  '--all-users-success-color': 'rgb(19, 20, 21)',
  '--all-users-radius': '3px',
};

async function renderInside(tag: string, style: string): Promise<HTMLElement> {
  const wrapper = await fixture<HTMLElement>(html`<div style=${style}></div>`);
  const element = document.createElement(tag) as HTMLElement & { provider?: unknown };
  element.provider = freshProvider();
  wrapper.append(element);
  await (element as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return element;
}

describe('kit-wide custom properties', () => {
  afterEach(async () => {
    await deleteProviders();
  });

  for (const [tag, properties] of Object.entries(ELEMENT_PROPERTIES)) {
    it(`reach <${tag}>`, async () => {
      const style = Object.entries(KIT_VALUES)
        .map(([name, value]) => `${name}: ${value}`)
        .join('; ');

      const element = await renderInside(tag, style);

      const computed = getComputedStyle(element);
      for (const [kitProperty, elementProperty] of Object.entries(properties)) {
        expect(computed.getPropertyValue(elementProperty).trim(), elementProperty).to.equal(KIT_VALUES[kitProperty]);
      }
    });

    it(`lets <${tag}>'s own properties win`, async () => {
      const [kitProperty, elementProperty] = Object.entries(properties)[0]!;

      const element = await renderInside(tag, `${kitProperty}: rgb(1, 2, 3)`);
      element.style.setProperty(elementProperty, 'rgb(200, 100, 0)');

      expect(getComputedStyle(element).getPropertyValue(elementProperty).trim()).to.equal('rgb(200, 100, 0)');
    });
  }

  it('space the shared form fields by the wizard spacing', async () => {
    const element = await renderInside('user-create-wizard', '');
    element.style.setProperty('--user-create-wizard-space', '24px');

    const nameFields = element.shadowRoot!.querySelector('[part~="name-fields"]')!;

    expect(getComputedStyle(nameFields).columnGap).to.equal('24px');
  });
});

describe('<user-profile> parts', () => {
  afterEach(async () => {
    await deleteProviders();
  });

  it('exposes the conversation log parts', async () => {
    const provider = freshProvider();
    const user = await createUser(provider);
    const { conversation, messages } = conversationOf(user, 2);
    await provider.putActivity({ conversations: [conversation], messages });
    const style = document.createElement('style');
    style.textContent = `
      user-profile::part(conversation) { outline: 1px solid rgb(1, 2, 3); }
      user-profile::part(log) { outline: 2px solid rgb(4, 5, 6); }
      user-profile::part(inbound) { outline: 3px solid rgb(7, 8, 9); }
    `;
    document.head.append(style);

    try {
      const profile = await fixture<HTMLElement>(html`<user-profile .provider=${provider} user-id=${user.id}></user-profile>`);
      const log = () => profile.shadowRoot!.querySelector('user-profile-conversation-log')?.shadowRoot;
      await waitUntil(() => log()?.querySelector('.message.inbound'), 'the messages did not load');

      expect(getComputedStyle(log()!.querySelector('[part~="conversation"]')!).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(log()!.querySelector('[part~="log"]')!).outlineColor).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(log()!.querySelector('.message.inbound')!).outlineColor).to.equal('rgb(7, 8, 9)');
    } finally {
      style.remove();
    }
  });
});
