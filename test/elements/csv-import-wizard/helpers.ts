import { fixture, html, waitUntil as waitUntilWithin } from '@open-wc/testing';
import '../../../src/elements/csv-import-wizard/define.js';
import type { CsvImportWizard, ImportSource, WizardStep } from '../../../src/elements/csv-import-wizard/define.js';
import type { UserDataProvider } from '../../../src/data/provider.js';
import type { User } from '../../../src/model/types.js';
import { openProvider } from '../../indexeddb/helpers.js';

export { cleanUpProviders } from '../../indexeddb/helpers.js';

/**
 * Waits until `predicate` holds. The worker and IndexedDB can take seconds
 * on a busy machine, so the default timeout is long; a test never waits
 * longer than its condition needs.
 */
export function waitUntil(predicate: () => unknown, message?: string, options: { timeout?: number } = {}): Promise<void> {
  return waitUntilWithin(predicate, message, { timeout: 30000, ...options });
}

/** Step titles as the step list shows them. */
export const STEP_TITLES: Record<WizardStep, string> = {
  connect: 'Connect data',
  define: 'Define data',
  metadata: 'Metadata',
  preview: 'Preview',
};

export interface WizardSetup {
  defaultCountry?: string;
  sources?: ImportSource[];
  provider?: UserDataProvider;
}

/** Renders a wizard over a provider on a fresh IndexedDB database. */
export async function renderWizard(setup: WizardSetup = {}): Promise<{ wizard: CsvImportWizard; provider: UserDataProvider }> {
  const provider = setup.provider ?? openProvider();
  const wizard = await fixture<CsvImportWizard>(html`
    <csv-import-wizard
      .provider=${provider}
      .sources=${setup.sources ?? []}
      default-country=${setup.defaultCountry ?? 'GB'}
    ></csv-import-wizard>
  `);
  return { wizard, provider };
}

export function shadow(wizard: CsvImportWizard): ShadowRoot {
  return wizard.shadowRoot as ShadowRoot;
}

/** Returns the text of a node with runs of white space collapsed. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Returns the buttons and links of the wizard whose visible text is `name`. */
export function buttonsNamed(wizard: CsvImportWizard, name: string): HTMLElement[] {
  return [...shadow(wizard).querySelectorAll<HTMLElement>('vaadin-button, button, a, label.file-button')].filter(
    (candidate) => textOf(candidate) === name,
  );
}

/** Returns the one button named `name`, failing with the names there are. */
export function buttonNamed(wizard: CsvImportWizard, name: string): HTMLElement {
  const matches = buttonsNamed(wizard, name);
  if (matches.length !== 1) {
    const names = [...shadow(wizard).querySelectorAll('vaadin-button, button')].map((candidate) => textOf(candidate));
    throw new Error(`Expected one button named "${name}", found ${matches.length}; buttons: ${names.join(', ')}`);
  }
  return matches[0] as HTMLElement;
}

/** Clicks the button named `name` and waits for the wizard to render. */
export async function clickButton(wizard: CsvImportWizard, name: string): Promise<void> {
  buttonNamed(wizard, name).click();
  await wizard.updateComplete;
}

function isReading(wizard: CsvImportWizard): boolean {
  return shadow(wizard).querySelector('[aria-label="Reading progress"]') !== null;
}

/** Waits until the wizard has finished reading a source, with the loaded summary or an error shown. */
export async function waitForSource(wizard: CsvImportWizard): Promise<void> {
  await wizard.updateComplete;
  await waitUntil(() => !isReading(wizard), 'the source was not read');
  await wizard.updateComplete;
}

/** Chooses a file in the Connect data step's file input, as the file picker does, and waits until it is read. */
export async function uploadFile(wizard: CsvImportWizard, file: File): Promise<void> {
  const input = shadow(wizard).querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('The wizard shows no file input; is it on the Connect data step?');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await waitForSource(wizard);
}

/** Pastes text into the paste area and uses it. */
export async function pasteText(wizard: CsvImportWizard, text: string): Promise<void> {
  const area = fieldLabelled<HTMLElement & { value: string }>(wizard, 'Or paste rows, the header row first');
  area.value = text;
  await wizard.updateComplete;
  await clickButton(wizard, 'Use pasted text');
  await waitForSource(wizard);
}

/** Returns the vaadin field whose label is `label`. */
export function fieldLabelled<T extends HTMLElement = HTMLElement>(wizard: CsvImportWizard, label: string): T {
  const match = [...shadow(wizard).querySelectorAll<HTMLElement>('[label]')].find(
    (candidate) => candidate.getAttribute('label') === label,
  );
  if (!match) throw new Error(`No field labelled "${label}".`);
  return match as T;
}

/** Types into a vaadin text field as a user does: value, then an input event. */
export async function typeInto(wizard: CsvImportWizard, label: string, value: string): Promise<void> {
  const target = fieldLabelled<HTMLElement & { value: string }>(wizard, label);
  const input = target.querySelector('input, textarea') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await wizard.updateComplete;
}

/** Returns the native select whose accessible name (label or aria-label) is `name`. */
export function selectNamed(wizard: CsvImportWizard, name: string): HTMLSelectElement {
  const selects = [...shadow(wizard).querySelectorAll('select')];
  const match = selects.find((select) => select.getAttribute('aria-label') === name || labelText(select) === name);
  if (!match) throw new Error(`No select named "${name}".`);
  return match;
}

function labelText(select: HTMLSelectElement): string {
  const label = select.closest('label')?.cloneNode(true) as HTMLLabelElement | undefined;
  label?.querySelector('select')?.remove();
  return textOf(label);
}

/** Picks the option whose text is `optionText` in the select named `name`. */
export async function choose(wizard: CsvImportWizard, name: string, optionText: string): Promise<void> {
  const select = selectNamed(wizard, name);
  const option = [...select.options].find((candidate) => textOf(candidate) === optionText);
  if (!option) {
    throw new Error(`No option "${optionText}" in "${name}"; options: ${[...select.options].map((o) => textOf(o)).join(', ')}`);
  }
  select.value = option.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await wizard.updateComplete;
}

/** Returns the selected option's text of the select named `name`. */
export function chosen(wizard: CsvImportWizard, name: string): string {
  const select = selectNamed(wizard, name);
  return textOf(select.selectedOptions[0] ?? null);
}

/** Clicks Next and waits until the wizard moved on or explained why not. */
export async function clickNext(wizard: CsvImportWizard): Promise<void> {
  const before = wizard.step;
  await clickButton(wizard, 'Next');
  await waitUntil(
    () => wizard.step !== before || shadow(wizard).querySelector('section [role="alert"]') !== null,
    'Next neither moved on nor showed why',
  );
  await wizard.updateComplete;
}

/** Clicks Next until the wizard shows `step`, failing with the message that blocked it. */
export async function goToStep(wizard: CsvImportWizard, step: WizardStep | string): Promise<void> {
  const target = Object.entries(STEP_TITLES).find(([key, title]) => key === step || title === step)?.[0];
  if (!target) throw new Error(`No step "${step}".`);
  while (wizard.step !== target) {
    const before = wizard.step;
    await clickNext(wizard);
    if (wizard.step === before) throw new Error(`Next was blocked on ${before}: ${alertText(wizard)}`);
  }
}

export function alertText(wizard: CsvImportWizard): string {
  return [...shadow(wizard).querySelectorAll('[role="alert"]')].map((alert) => textOf(alert)).join(' | ');
}

/** Waits until the live preview shows the records of the current mapping. */
export async function waitForRecords(wizard: CsvImportWizard): Promise<HTMLTableElement> {
  await wizard.updateComplete;
  await waitUntil(
    () => shadow(wizard).querySelector('[part="preview-table"][aria-busy="false"] tbody tr') !== null,
    'the preview records did not appear',
  );
  return shadow(wizard).querySelector('[part="preview-table"]') as HTMLTableElement;
}

/** Waits until the Preview step shows its counts. */
export async function waitForAnalysis(wizard: CsvImportWizard): Promise<void> {
  await waitUntil(
    () => shadow(wizard).querySelector('[data-count="new-users"]') !== null || alertText(wizard) !== '',
    'the preview counts did not appear',
  );
  const alert = alertText(wizard);
  if (alert) throw new Error(`The preview failed: ${alert}`);
}

/** Returns the number shown for a count, such as `new-users` or `created`. */
export function countOf(wizard: CsvImportWizard, name: string): number {
  const value = shadow(wizard).querySelector(`[data-count="${name}"] dd`);
  if (!value) throw new Error(`No count "${name}" is shown.`);
  return Number(textOf(value).replace(/[^\d]/g, ''));
}

/** Clicks Import and waits for the summary, the failure or the cancellation. */
export async function importAndWait(wizard: CsvImportWizard): Promise<void> {
  await clickButton(wizard, 'Import');
  await waitUntil(() => !isImporting(wizard), 'the import did not finish', { timeout: 60000 });
  await wizard.updateComplete;
}

export function isImporting(wizard: CsvImportWizard): boolean {
  return shadow(wizard).querySelector('[part="progress"]') !== null;
}

/** Goes from a file to a finished import with the suggested mapping. */
export async function importFile(wizard: CsvImportWizard, file: File, groupName = 'Imported contacts'): Promise<void> {
  await uploadFile(wizard, file);
  await goToStep(wizard, 'metadata');
  await typeInto(wizard, 'Group name', groupName);
  await goToStep(wizard, 'preview');
  await waitForAnalysis(wizard);
  await importAndWait(wizard);
}

/** Reads every user the provider stores. */
export async function allUsers(provider: UserDataProvider): Promise<User[]> {
  const users: User[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await provider.queryUsers({ offset, limit: 500 });
    users.push(...page.items);
    if (users.length >= page.total || page.items.length === 0) return users;
  }
}

/** Returns the value of the user's first identifier of a kind. */
export function identifierOf(user: User, kind: string): string | undefined {
  return user.identifiers.find((identifier) => identifier.kind === kind)?.value;
}

/**
 * Records the wizard's text after every change to its rendering, so that a
 * test can check a state that passes quickly, such as a progress message.
 */
export function recordRenderedText(wizard: CsvImportWizard): { texts: string[]; stop(): void } {
  const texts: string[] = [];
  const observer = new MutationObserver(() => texts.push(textOf(shadow(wizard))));
  observer.observe(shadow(wizard), { subtree: true, childList: true, characterData: true });
  return { texts, stop: () => observer.disconnect() };
}
