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
    '--all-users-text-color': '--user-profile-text-color',
    '--all-users-background': '--user-profile-background',
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

/** The demo's dark theme: kit-wide properties only. */
const DARK_THEME: Record<string, string> = {
  '--all-users-background': 'rgb(22, 27, 34)',
  '--all-users-text-color': 'rgb(230, 237, 243)',
  '--all-users-secondary-text-color': 'rgb(154, 166, 178)',
  '--all-users-border-color': 'rgb(48, 54, 61)',
  '--all-users-accent-color': 'rgb(122, 167, 255)',
};

/** Parses a computed color (`rgb()`, `rgba()` or `color(srgb …)`) into 0–255 channels and an alpha. */
function parseColor(value: string): { rgb: [number, number, number]; alpha: number } {
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(value);
  if (srgb) {
    const rgb = [srgb[1], srgb[2], srgb[3]].map((channel) => Number(channel) * 255) as [number, number, number];
    return { rgb, alpha: srgb[4] === undefined ? 1 : Number(srgb[4]) };
  }
  const legacy = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(value);
  if (!legacy) throw new Error(`Unexpected computed color: ${value}`);
  const rgb = [legacy[1], legacy[2], legacy[3]].map(Number) as [number, number, number];
  return { rgb, alpha: legacy[4] === undefined ? 1 : Number(legacy[4]) };
}

/** Returns the relative luminance (WCAG 2) of `value` painted over the opaque color `under`. */
function luminanceOver(value: string, under: string): number {
  const top = parseColor(value);
  const bottom = parseColor(under);
  const painted = top.rgb.map((channel, index) => channel * top.alpha + bottom.rgb[index]! * (1 - top.alpha));
  const [r, g, b] = painted.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('<user-profile> in a dark theme', () => {
  afterEach(async () => {
    await deleteProviders();
  });

  it('darkens every surface from kit-wide properties', async () => {
    const provider = freshProvider();
    const group = await provider.createGroup({ name: 'Night owls' });
    const user = await createUser(provider, { groupIds: [group.id] });
    const { conversation, messages } = conversationOf(user, 2);
    await provider.putActivity({ conversations: [conversation], messages });
    const style = Object.entries(DARK_THEME)
      .map(([name, value]) => `${name}: ${value}`)
      .join('; ');
    const wrapper = await fixture<HTMLElement>(html`<div style=${style}>
      <user-profile .provider=${provider} user-id=${user.id}></user-profile>
    </div>`);
    const profile = wrapper.querySelector('user-profile')!;
    const log = () => profile.shadowRoot!.querySelector('user-profile-conversation-log')?.shadowRoot;
    await waitUntil(() => log()?.querySelector('.message.outbound'), 'the messages did not load');
    profile.shadowRoot!.querySelector<HTMLElement>('#groups-tab')!.click();
    await waitUntil(() => profile.shadowRoot!.querySelector('.chip'), 'the group chip did not appear');

    const background = DARK_THEME['--all-users-background']!;
    const host = getComputedStyle(profile);
    expect(host.backgroundColor).to.equal(background);
    expect(host.color).to.equal(DARK_THEME['--all-users-text-color']);
    const surfaces = {
      chip: profile.shadowRoot!.querySelector('.chip')!,
      inbound: log()!.querySelector('.message.inbound')!,
      outbound: log()!.querySelector('.message.outbound')!,
    };
    const backgroundLuminance = luminanceOver(background, background);
    for (const [name, element] of Object.entries(surfaces)) {
      const luminance = luminanceOver(getComputedStyle(element).backgroundColor, background);
      expect(luminance, `${name} is dark`).to.be.below(0.1);
      expect(luminance, `${name} stands out from the background`).to.be.above(backgroundLuminance);
    }
  });

  it('keeps the page color without kit-wide properties', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="color: rgb(40, 50, 60)">
      <user-profile .provider=${freshProvider()}></user-profile>
    </div>`);
    const profile = wrapper.querySelector('user-profile')!;

    expect(getComputedStyle(profile).color).to.equal('rgb(40, 50, 60)');
    expect(getComputedStyle(profile).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });
});
