import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/user-profile/define.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';
import { waitUntil } from '../helpers/wait.js';
import { bodyCellWithText, cellContent, renderTable, seed, whenLoaded } from './all-users-table/helpers.js';
import { renderWizard, shadow } from './csv-import-wizard/helpers.js';
import { field } from './shared/interactions.js';
import { createUser, deleteProviders, freshProvider } from './shared/user-fixtures.js';

// Chromium's forced-colors emulation applies the same color forcing as a
// Windows high-contrast theme: author colors become system colors, and
// background images and box shadows disappear. Each check below reads the
// computed style, so it fails when an indicator relies on color alone.

/** Resolves a CSS system color, such as `Canvas`, to the value computed styles report. */
function systemColor(name: string): string {
  const probe = document.createElement('span');
  probe.style.color = name;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

function isTransparent(color: string): boolean {
  return color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color);
}

/** Asserts that an element draws an outline in a color other than the page's background. */
function expectVisibleOutline(element: Element, what: string): void {
  const style = getComputedStyle(element);
  expect(style.outlineStyle, `${what}: outline style`).to.not.equal('none');
  expect(parseFloat(style.outlineWidth), `${what}: outline width`).to.be.at.least(1);
  expect(isTransparent(style.outlineColor), `${what}: outline color ${style.outlineColor}`).to.equal(false);
  expect(style.outlineColor, `${what}: outline color`).to.not.equal(systemColor('Canvas'));
}

/** Asserts that an element has a border on every side in a color other than the page's background. */
function expectVisibleBorder(element: Element, what: string): void {
  const style = getComputedStyle(element);
  for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
    expect(style.getPropertyValue(`border-${side.toLowerCase()}-style`), `${what}: ${side} border style`).to.not.equal('none');
    expect(parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)), `${what}: ${side} border width`).to.be.at.least(1);
    const color = style.getPropertyValue(`border-${side.toLowerCase()}-color`);
    expect(isTransparent(color), `${what}: ${side} border color ${color}`).to.equal(false);
    expect(color, `${what}: ${side} border color`).to.not.equal(systemColor('Canvas'));
  }
}

/** Returns, as one comparable string, the properties that still distinguish states when colors are forced. */
function appearance(element: Element): string {
  const style = getComputedStyle(element);
  return [
    style.color,
    style.backgroundColor,
    style.borderBottomStyle,
    style.borderBottomColor,
    style.outlineStyle,
    style.outlineColor,
    style.textDecorationLine,
  ].join(' | ');
}

/** Returns the `input-field` part of a Vaadin text field, which draws the field's border and focus ring. */
function inputFieldOf(textField: Element): Element {
  const part = textField.shadowRoot?.querySelector('[part~="input-field"]');
  if (!part) throw new Error(`${textField.localName} has no input-field part.`);
  return part;
}

/** Moves keyboard focus onto `target` with Tab from the control before it, so `:focus-visible` and Vaadin's `focus-ring` apply. */
async function focusWithKeyboard(target: HTMLElement): Promise<void> {
  target.focus();
  await sendKeys({ press: 'Shift+Tab' });
  await sendKeys({ press: 'Tab' });
  await waitUntil(() => target.matches(':focus-within'), `keyboard focus did not return to ${target.localName}`);
}

describe('forced colors', () => {
  before(async () => {
    await emulateMedia({ forcedColors: 'active' });
  });

  after(async () => {
    await emulateMedia({ forcedColors: 'none' });
  });

  afterEach(async () => {
    await deleteProviders();
  });

  it('emulates forced colors', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
  });

  describe('<all-users-table>', () => {
    it('marks selected rows without color', async () => {
      const provider = freshProvider();
      await seed(provider);
      const table = await renderTable(provider);
      await whenLoaded(table);
      const selected = bodyCellWithText(table, 'Andrew Ng');
      const unselected = bodyCellWithText(table, 'Bruno Díaz');

      cellContent((selected.parentElement as HTMLTableRowElement).cells[0]!)?.querySelector('vaadin-checkbox')?.click();
      await waitUntil(() => table.selectedCount === 1, 'the row was not selected');

      expect(appearance(selected)).to.not.equal(appearance(unselected));
      expect(getComputedStyle(selected).backgroundColor).to.equal(systemColor('Highlight'));
    });

    it('keeps borders and focus rings on its fields', async () => {
      const table = await renderTable(freshProvider());
      const search = table.shadowRoot!.querySelector<HTMLElement>('[part~="search"]')!;
      const dateInput = table.shadowRoot!.querySelector<HTMLInputElement>('.date-field input')!;

      expectVisibleBorder(inputFieldOf(search), 'search field');
      expectVisibleBorder(dateInput, 'date input');
      await focusWithKeyboard(dateInput);
      expectVisibleOutline(dateInput, 'focused date input');
      await focusWithKeyboard(search);
      expectVisibleOutline(inputFieldOf(search), 'focused search field');
    });
  });

  describe('<user-profile>', () => {
    async function renderProfile(): Promise<UserProfile> {
      const provider = freshProvider();
      const user = await createUser(provider);
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${user.id}></user-profile>`);
      await waitUntil(() => profile.shadowRoot!.querySelector('.header'), 'the profile did not load');
      return profile;
    }

    it('marks the selected tab without color', async () => {
      const profile = await renderProfile();
      const tabs = [...profile.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tab"]')];
      const selected = tabs.find((tab) => tab.getAttribute('aria-selected') === 'true')!;
      const other = tabs.find((tab) => tab.getAttribute('aria-selected') !== 'true')!;

      expect(appearance(selected)).to.not.equal(appearance(other));
      expect(getComputedStyle(selected).borderBottomColor).to.equal(systemColor('Highlight'));
      expect(getComputedStyle(other).borderBottomColor).to.not.equal(systemColor('Highlight'));
    });

    it('keeps focus rings and button borders', async () => {
      const profile = await renderProfile();
      const tab = profile.shadowRoot!.querySelector<HTMLElement>('[part~="tab"]')!;
      const copy = profile.shadowRoot!.querySelector<HTMLElement>('[part~="copy-button"]')!;
      const edit = profile.shadowRoot!.querySelector<HTMLElement>('[part~="edit-button"]')!;

      expectVisibleBorder(copy, 'copy button');
      expectVisibleBorder(edit, 'edit button');
      await focusWithKeyboard(tab);
      expectVisibleOutline(tab, 'focused tab');
      await focusWithKeyboard(copy);
      expectVisibleOutline(copy, 'focused copy button');
    });
  });

  describe('<user-create-wizard>', () => {
    async function renderCreateWizard(): Promise<UserCreateWizard> {
      return fixture<UserCreateWizard>(html`<user-create-wizard .provider=${freshProvider()}></user-create-wizard>`);
    }

    it('marks the current step without color', async () => {
      const wizard = await renderCreateWizard();
      const [current, next] = wizard.shadowRoot!.querySelectorAll('[part~="steps"] li');

      expect(current!.getAttribute('aria-current')).to.equal('step');
      expect(appearance(current!)).to.not.equal(appearance(next!));
      expect(getComputedStyle(current!).textDecorationLine).to.equal('underline');
    });

    it('keeps borders and focus rings on its fields', async () => {
      const wizard = await renderCreateWizard();
      const name = field(wizard.shadowRoot!, 'Full name');
      const buttons = wizard.shadowRoot!.querySelectorAll('[part~="footer"] vaadin-button');

      expectVisibleBorder(inputFieldOf(name), 'name field');
      for (const button of buttons) {
        if (button.getAttribute('theme')?.includes('primary')) continue;
        expectVisibleBorder(button, `${button.textContent?.trim()} button`);
      }
      await focusWithKeyboard(name);
      expectVisibleOutline(inputFieldOf(name), 'focused name field');
    });
  });

  describe('<csv-import-wizard>', () => {
    it('marks the current step without color', async () => {
      const { wizard } = await renderWizard();
      const [current, next] = shadow(wizard).querySelectorAll('[part~="step-list"] li');

      expect(current!.getAttribute('aria-current')).to.equal('step');
      expect(appearance(current!)).to.not.equal(appearance(next!));
      expect(getComputedStyle(current!).textDecorationLine).to.equal('underline');
    });

    it('keeps the drop zone border and the file button focus ring', async () => {
      const { wizard } = await renderWizard();
      const dropZone = shadow(wizard).querySelector('[part~="drop-zone"]')!;
      const fileButton = shadow(wizard).querySelector<HTMLElement>('label.file-button')!;
      const fileInput = shadow(wizard).querySelector<HTMLInputElement>('#file-input')!;

      expectVisibleBorder(dropZone, 'drop zone');
      expectVisibleBorder(fileButton, 'file button');
      await focusWithKeyboard(fileInput);
      expectVisibleOutline(fileButton, 'file button while its input has focus');
    });
  });
});
