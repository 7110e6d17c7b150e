import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../../src/elements/all-users-table/define.js';
import type { AllUsersTable } from '../../../src/elements/all-users-table/all-users-table.js';
import { sendKeys } from '@web/test-runner-commands';
import { QuotaExceededError, UnavailableError } from '../../../src/data/errors.js';
import { registerTranslations, setLocale } from '../../../src/i18n/catalog.js';
import type { UserDataProvider } from '../../../src/data/provider.js';
import type { CsvImportWizard } from '../../../src/elements/csv-import-wizard/define.js';
import { bytesOf, fileOf, fixtureFile } from '../../import/helpers.js';
import { openProvider } from '../../indexeddb/helpers.js';
import { expectNoAxeViolations } from '../shared/axe.js';
import {
  alertText,
  allUsers,
  buttonNamed,
  buttonsNamed,
  choose,
  chosen,
  cleanUpProviders,
  clickButton,
  clickNext,
  countOf,
  fieldLabelled,
  goToStep,
  identifierOf,
  importAndWait,
  importFile,
  isImporting,
  pasteText,
  recordRenderedText,
  renderWizard,
  selectNamed,
  shadow,
  textOf,
  typeInto,
  uploadFile,
  waitForAnalysis,
  waitForRecords,
  waitForSource,
  waitUntil,
} from './helpers.js';

const REQUIREMENT =
  'Map at least one column to Full Name or First Name and at least one column to a contact identifier (Phone, WhatsApp, Email or Instagram).';

/** Wraps a real provider so that writing one batch waits until the test releases it, or fails once. */
function interceptBatch(
  provider: UserDataProvider,
  batch: number,
  behavior: 'pause' | 'fail',
): { provider: UserDataProvider; reached: Promise<void>; release(): void } {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let intercepted = false;

  const wrapped = new Proxy(provider, {
    get(target, property) {
      // No import target, so that the batches pass through this wrapper rather than the import worker.
      if (property === 'importTarget') return undefined;
      const value = Reflect.get(target, property, target) as unknown;
      if (property !== 'writeImportBatch') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<UserDataProvider['writeImportBatch']>) => {
        if (args[1] === batch && !intercepted) {
          intercepted = true;
          reach();
          if (behavior === 'fail') throw new QuotaExceededError(batch * 2);
          await released;
        }
        return target.writeImportBatch(...args);
      };
    },
  });
  return { provider: wrapped, reached, release };
}

/** Wraps a real provider so that the first call of one of its methods fails with `error`. */
function failOnce(provider: UserDataProvider, method: keyof UserDataProvider, error: Error): UserDataProvider {
  let failed = false;
  return new Proxy(provider, {
    get(target, property) {
      // No import target, so that lookups and batches pass through this wrapper rather than the import worker.
      if (property === 'importTarget') return undefined;
      if (property === method && !failed) {
        return async () => {
          failed = true;
          throw error;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Returns the element that has focus, looking inside shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Presses Tab until the focused element matches, as a keyboard user does. */
async function tabTo(description: string, matches: (element: Element) => boolean): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    const active = deepActiveElement();
    if (active && matches(active)) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${description}.`);
}

function isButton(name: string): (element: Element) => boolean {
  return (element) => element.matches('vaadin-button, button') && textOf(element) === name;
}

function liveRegion(wizard: CsvImportWizard): string {
  return textOf(shadow(wizard).querySelector('[aria-live="polite"]'));
}

const SMALL_CSV = 'Name,Email,Phone\nAna Lima,ana@example.com,+447700900123\nBen Ode,ben@example.com,+12125550142\n';

describe('<csv-import-wizard>', () => {
  afterEach(cleanUpProviders);

  describe('Connect data', () => {
    it('starts on the first step', async () => {
      const { wizard } = await renderWizard();

      expect(wizard.step).to.equal('connect');
      expect(textOf(shadow(wizard).querySelector('h2'))).to.equal('Connect data');
      expect(shadow(wizard).querySelector('[aria-current="step"]')?.textContent?.trim()).to.equal('Connect data');
      expect(shadow(wizard).querySelector('input[type="file"]')?.getAttribute('accept')).to.include('.xlsx');
    });

    it('reads the same file twice in a row', async () => {
      const { wizard } = await renderWizard();
      const file = fileOf(SMALL_CSV);
      await uploadFile(wizard, file);
      const input = shadow(wizard).querySelector('input[type="file"]') as HTMLInputElement;

      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await wizard.updateComplete;
      const readingAgain = shadow(wizard).querySelector('[aria-label="Reading progress"]') !== null;
      await waitUntil(() => shadow(wizard).querySelector('[aria-label="Reading progress"]') === null);
      await wizard.updateComplete;

      expect(input.value).to.equal('');
      expect(readingAgain).to.equal(true);
      expect(textOf(shadow(wizard).querySelector('section'))).to.include('contacts.csv: 2 rows, 3 columns.');
    });

    it('reads pasted text', async () => {
      const { wizard } = await renderWizard();

      await pasteText(wizard, 'Name\tEmail\nAna Lima\tana@example.com');

      expect(textOf(shadow(wizard).querySelector('section'))).to.include('Pasted text: 1 row, 2 columns.');
    });

    it('reads a dropped file', async () => {
      const { wizard } = await renderWizard();
      const zone = shadow(wizard).querySelector('[part="drop-zone"]') as HTMLElement;
      const transfer = new DataTransfer();
      transfer.items.add(fileOf(SMALL_CSV, 'dropped.csv'));

      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      await wizard.updateComplete;
      const highlighted = zone.classList.contains('dragging');
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      await waitForSource(wizard);

      expect(highlighted).to.equal(true);
      expect(zone.classList.contains('dragging')).to.equal(false);
      expect(textOf(shadow(wizard).querySelector('section'))).to.include('dropped.csv: 2 rows, 3 columns.');
    });

    it('counts blank lines at the end', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email,Phone\r\nAna Lima,ana@example.com,\r\n,,\r\n,,\r\n \r\n'));

      await goToStep(wizard, 'define');
      const facts = textOf(shadow(wizard).querySelector('section ul.list'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Blank lines');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);

      expect(facts).to.include('1 row of data.');
      expect(facts).to.include('3 blank lines were skipped.');
      expect(countOf(wizard, 'blank-lines')).to.equal(3);
      expect(countOf(wizard, 'rejected')).to.equal(0);
    });

    it('explains an empty file', async () => {
      const { wizard } = await renderWizard();
      const failed = oneEvent(wizard, 'import-error');

      await uploadFile(wizard, fileOf('', 'empty.csv'));
      const event = await failed;

      expect(alertText(wizard)).to.equal('"empty.csv" is empty. Choose a file that contains a header row and contacts.');
      expect(event.detail.error).to.be.instanceOf(Error);
    });

    it('explains a damaged workbook', async () => {
      const { wizard } = await renderWizard();

      await uploadFile(wizard, fileOf(bytesOf([0x50, 0x4b, 0x03, 0x04], 'not really a zip'), 'broken.xlsx'));

      expect(alertText(wizard)).to.include('"broken.xlsx" cannot be read as an Excel workbook');
    });

    it('keeps the loaded file after a failed one', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));

      await uploadFile(wizard, fileOf('', 'empty.csv'));
      await clickNext(wizard);

      expect(wizard.step).to.equal('define');
      expect(shadow(wizard).querySelectorAll('[part="mapping-table"] tbody tr')).to.have.length(3);
    });

    it('blocks Next until a source is read', async () => {
      const { wizard } = await renderWizard();

      await clickNext(wizard);

      expect(wizard.step).to.equal('connect');
      expect(alertText(wizard)).to.equal('Choose a file, paste rows or pick a source before you go on.');
    });

    it('loads a registered source', async () => {
      let signal: AbortSignal | undefined;
      const { wizard } = await renderWizard({
        sources: [
          {
            id: 'crm',
            label: 'Test CRM',
            load: async (given) => {
              signal = given;
              return { name: 'crm-export.csv', text: SMALL_CSV };
            },
          },
        ],
      });

      await clickButton(wizard, 'Test CRM');
      await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('crm-export.csv: 2 rows'));

      expect(signal).to.be.instanceOf(AbortSignal);
    });

    it('explains a failing source', async () => {
      const { wizard } = await renderWizard({
        sources: [{ id: 'down', label: 'Down CRM', load: async () => Promise.reject(new Error('The CRM timed out.')) }],
      });

      await clickButton(wizard, 'Down CRM');
      await waitUntil(() => alertText(wizard) !== '');

      expect(alertText(wizard)).to.equal('Loading from Down CRM failed: The CRM timed out.');
    });

    it('shows progress while reading a large file', async () => {
      const { wizard } = await renderWizard();
      const rows = ['Name,Email'];
      for (let n = 0; n < 60000; n++) rows.push(`Person ${n},person${n}@example.com`);
      const rendered = recordRenderedText(wizard);

      await uploadFile(wizard, fileOf(rows.join('\n'), 'big.csv'));
      rendered.stop();

      expect(rendered.texts.some((text) => /Reading big\.csv: [\d,]+ rows so far…/.test(text))).to.equal(true);
      expect(textOf(shadow(wizard).querySelector('section'))).to.include('big.csv: 60,000 rows, 2 columns.');
    });

    it('has no axe violations', async () => {
      const { wizard } = await renderWizard({
        sources: [{ id: 'crm', label: 'Test CRM', load: async () => SMALL_CSV }],
      });
      await uploadFile(wizard, fileOf(SMALL_CSV));

      await expectNoAxeViolations(wizard);
    });
  });

  describe('Define data', () => {
    it('maps a Full Name header after a byte order mark', async () => {
      const { wizard } = await renderWizard();
      const file = fileOf(bytesOf([0xef, 0xbb, 0xbf], '"Full Name",Phone\r\nAna Lima,+44 7700 900123\r\n'));

      await uploadFile(wizard, file);
      await goToStep(wizard, 'define');

      expect(chosen(wizard, 'Field for Full Name')).to.equal('Full Name');
      expect(chosen(wizard, 'Field for Phone')).to.equal('Phone');
      expect(chosen(wizard, 'Encoding')).to.equal('UTF-8 with byte order mark');
    });

    it('lists every column with its samples', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Full Name,Phone,Phone,Email\nAna Lima,+447700900123,+447700900456,ana@example.com\n'));

      await goToStep(wizard, 'define');
      const rows = [...shadow(wizard).querySelectorAll('[part="mapping-table"] tbody tr')];

      expect(rows.map((row) => textOf(row.querySelector('th')))).to.deep.equal(['Full Name', 'Phone', 'Phone (2)', 'Email']);
      expect(textOf(rows[2]?.querySelector('.samples'))).to.equal('+447700900456');
      expect(chosen(wizard, 'Field for Phone')).to.equal('Phone');
      expect(chosen(wizard, 'Field for Phone (2)')).to.equal('Phone');
    });

    it('rejects a phone lost to scientific notation', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('nome;telefone\nJoana Prado;4,47701E+11\n'));

      await goToStep(wizard, 'define');
      const cell = (await waitForRecords(wizard)).querySelector('td.invalid');
      const delimiter = chosen(wizard, 'Delimiter');
      await choose(wizard, 'Field for nome', 'Full Name');
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Joana');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      const rejected = textOf(shadow(wizard).querySelector('[part="rejected-table"] tbody'));

      expect(delimiter).to.equal('Semicolon (;)');
      expect(textOf(cell)).to.include('4,47701E+11');
      expect(cell?.getAttribute('title')).to.include('scientific notation');
      expect(countOf(wizard, 'rejected')).to.equal(1);
      expect(rejected).to.include('2');
      expect(rejected).to.include('scientific notation');
    });

    it('blocks Next without a name column', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'define');

      await choose(wizard, 'Field for Name', 'Ignore');
      await clickNext(wizard);

      expect(wizard.step).to.equal('define');
      expect(alertText(wizard)).to.equal(REQUIREMENT);
    });

    it('blocks Next without an identifier', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'define');

      await choose(wizard, 'Field for Email', 'Text');
      await choose(wizard, 'Field for Phone', 'Ignore');
      await clickNext(wizard);

      expect(wizard.step).to.equal('define');
      expect(alertText(wizard)).to.equal(REQUIREMENT);
    });

    it('clears the message once the mapping is fixed', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for Name', 'Ignore');
      await clickNext(wizard);

      await choose(wizard, 'Field for Name', 'First Name');

      expect(alertText(wizard)).to.equal('');
    });

    it('marks invalid cells with the reason', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email\nAna Lima,not-an-address\nBen Ode,ben@example.com\n'));

      await goToStep(wizard, 'define');
      const table = await waitForRecords(wizard);
      const invalid = table.querySelector('td.invalid');

      expect(invalid?.getAttribute('title')).to.equal('"not-an-address" is not a valid e-mail address.');
      expect(textOf(invalid?.querySelector('.visually-hidden'))).to.equal(
        'Not imported: "not-an-address" is not a valid e-mail address.',
      );
      expect(table.querySelectorAll('tbody tr')).to.have.length(2);
    });

    it('reads again with another delimiter, keeping choices', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name;Email;Notes\nAna Lima;ana@example.com;likes tea, coffee\n'));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for Notes', 'Tags');

      await choose(wizard, 'Delimiter', 'Comma (,)');
      await waitUntil(() => selectNamed(wizard, 'Delimiter').closest('fieldset')?.disabled === false);
      const commaColumns = shadow(wizard).querySelectorAll('[part="mapping-table"] tbody tr').length;
      await choose(wizard, 'Delimiter', 'Semicolon (;)');
      await waitUntil(() => shadow(wizard).querySelectorAll('[part="mapping-table"] tbody tr').length === 3);

      expect(commaColumns).to.equal(2);
      expect(chosen(wizard, 'Field for Notes')).to.equal('Tags');
      expect(chosen(wizard, 'Data type for Notes')).to.equal('Tags');
    });

    it('has no axe violations', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email\nAna Lima,not-an-address\nBen Ode,ben@example.com\n'));
      await goToStep(wizard, 'define');
      await waitForRecords(wizard);

      await expectNoAxeViolations(wizard);
    });
  });

  describe('Metadata', () => {
    it('requires a group name', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');

      await clickNext(wizard);
      const field = fieldLabelled(wizard, 'Group name');

      expect(wizard.step).to.equal('metadata');
      expect(alertText(wizard)).to.equal('Enter a group name.');
      expect(field.hasAttribute('invalid')).to.equal(true);
      expect(field.hasAttribute('required')).to.equal(true);
    });

    it('rejects a group name already taken', async () => {
      const { wizard, provider } = await renderWizard();
      await provider.createGroup({ name: 'Customers' });
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');

      await typeInto(wizard, 'Group name', ' customers ');
      await clickNext(wizard);

      expect(wizard.step).to.equal('metadata');
      expect(alertText(wizard)).to.equal('A group named "Customers" already exists. Choose another name.');
      expect(fieldLabelled(wizard, 'Group name').getAttribute('error-message')).to.equal(
        'A group named "Customers" already exists. Choose another name.',
      );
    });

    it('lists the columns dropped without a form', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email,City,Notes\nAna Lima,ana@example.com,Lyon,\nBen Ode,ben@example.com,Pune,\n'));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for City', 'Text');
      await choose(wizard, 'Field for Notes', 'Text');

      await goToStep(wizard, 'metadata');
      const dropped = [...shadow(wizard).querySelectorAll('[part="dropped-columns"] li')].map((item) => textOf(item));

      expect(dropped).to.deep.equal(['City']);
    });

    it('keeps those columns in a form', async () => {
      const { wizard, provider } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\n'));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for City', 'Text');
      await goToStep(wizard, 'metadata');

      fieldLabelled(wizard, 'Create a form from the other columns so that their data is kept').click();
      await wizard.updateComplete;
      const droppedShown = shadow(wizard).querySelector('[part="dropped-columns"]') !== null;
      await typeInto(wizard, 'Group name', 'With a form');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      await importAndWait(wizard);
      const [form] = await provider.listForms();
      const [user] = await allUsers(provider);

      expect(droppedShown).to.equal(false);
      expect(form?.fields.map((field) => field.label)).to.deep.equal(['City']);
      expect(Object.values(user?.attributes ?? {})).to.deep.equal(['Lyon']);
    });

    it('previews the extra groups', async () => {
      const { wizard, provider } = await renderWizard();
      await uploadFile(
        wizard,
        fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\nBen Ode,ben@example.com,Lyon\nCai Wu,cai@example.com,Pune\n'),
      );
      await goToStep(wizard, 'metadata');

      fieldLabelled(wizard, 'Also create a group for each value of a column').click();
      await wizard.updateComplete;
      await choose(wizard, 'Column that names the groups', 'City');
      await waitUntil(() => shadow(wizard).querySelector('[part="group-preview"]') !== null);
      const preview = [...shadow(wizard).querySelectorAll('[part="group-preview"] li')].map((item) => textOf(item));
      await typeInto(wizard, 'Group name', 'Cities');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      await importAndWait(wizard);
      const groups = await provider.listGroups();

      expect(preview).to.deep.equal(['Lyon: 2 users', 'Pune: 1 user']);
      expect(groups.map((group) => [group.name, group.memberCount]).sort()).to.deep.equal([
        ['Cities', 3],
        ['Lyon', 2],
        ['Pune', 1],
      ]);
    });

    it('has no axe violations', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\n'));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for City', 'Text');
      await goToStep(wizard, 'metadata');
      await clickNext(wizard);
      fieldLabelled(wizard, 'Also create a group for each value of a column').click();
      await waitUntil(() => shadow(wizard).querySelector('[part="group-preview"]') !== null);

      await expectNoAxeViolations(wizard);
    });
  });

  describe('navigation', () => {
    it('follows the locale', async () => {
      const { wizard } = await renderWizard();
      registerTranslations('fr', { 'csv-import-wizard': { 'button.next': 'Suivant', 'step.connect': 'Connecter' } });

      setLocale('fr');
      await wizard.updateComplete;
      const french = [textOf(buttonNamed(wizard, 'Suivant')), textOf(shadow(wizard).querySelector('h2'))];
      setLocale('en');
      await wizard.updateComplete;

      expect(french).to.deep.equal(['Suivant', 'Connecter']);
      expect(buttonsNamed(wizard, 'Next')).to.have.length(1);
    });

    it('keeps every setting through Back', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf('Name,Email,Notes\nAna Lima,ana@example.com,tea\n'));
      await goToStep(wizard, 'define');
      await choose(wizard, 'Field for Notes', 'Tags');
      const description = shadow(wizard).querySelector<HTMLInputElement>('input[aria-label="Description for Notes"]');
      (description as HTMLInputElement).value = 'What they like';
      description?.dispatchEvent(new Event('change'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Fair 2024');
      await typeInto(wizard, 'Tags', 'fair, 2024');
      fieldLabelled(wizard, 'Create a form from the other columns so that their data is kept').click();
      await wizard.updateComplete;

      await clickButton(wizard, 'Back');
      const notesField = chosen(wizard, 'Field for Notes');
      const notesDescription = shadow(wizard).querySelector<HTMLInputElement>('input[aria-label="Description for Notes"]')?.value;
      await clickButton(wizard, 'Back');
      const connectText = textOf(shadow(wizard).querySelector('section'));
      await goToStep(wizard, 'metadata');

      expect(notesField).to.equal('Tags');
      expect(notesDescription).to.equal('What they like');
      expect(connectText).to.include('contacts.csv: 1 row, 3 columns.');
      expect(fieldLabelled<HTMLInputElement>(wizard, 'Group name').value).to.equal('Fair 2024');
      expect(fieldLabelled<HTMLInputElement>(wizard, 'Tags').value).to.equal('fair, 2024');
      expect(
        fieldLabelled<HTMLInputElement>(wizard, 'Create a form from the other columns so that their data is kept').checked,
      ).to.equal(true);
    });

    it('moves focus to the heading and announces the step', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));

      await clickNext(wizard);

      expect(deepActiveElement()?.tagName).to.equal('H2');
      expect(textOf(deepActiveElement())).to.equal('Define data');
      expect(liveRegion(wizard)).to.equal('Step 2 of 4: Define data');
    });

    it('stays when step-change is cancelled', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      const details: unknown[] = [];
      wizard.addEventListener('step-change', (event) => {
        details.push(event.detail);
        event.preventDefault();
      });

      buttonNamed(wizard, 'Next').click();
      await waitUntil(() => details.length === 1);
      await wizard.updateComplete;

      expect(details).to.deep.equal([{ step: 'define', previousStep: 'connect' }]);
      expect(wizard.step).to.equal('connect');
    });

    it('starts over on Cancel', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');
      const cancelled = oneEvent(wizard, 'import-cancel');

      await clickButton(wizard, 'Cancel');
      const event = await cancelled;

      expect(event.detail).to.deep.equal({});
      expect(wizard.step).to.equal('connect');
      expect(textOf(shadow(wizard).querySelector('section'))).not.to.include('contacts.csv');
    });

    it('works with the keyboard alone', async () => {
      const { wizard, provider } = await renderWizard();

      await tabTo('the paste area', (element) => element.tagName === 'TEXTAREA');
      await sendKeys({ type: 'Name,Email' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: 'Ana Lima,ana@example.com' });
      await tabTo('Use pasted text', isButton('Use pasted text'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('Pasted text: 1 row'));
      await tabTo('Next', isButton('Next'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.step === 'define');
      const defineFocus = textOf(deepActiveElement());
      await tabTo('Next', isButton('Next'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.step === 'metadata');
      await tabTo('Group name', (element) => element.closest('vaadin-text-field')?.getAttribute('label') === 'Group name');
      await sendKeys({ type: 'Typed by keyboard' });
      await tabTo('Next', isButton('Next'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => wizard.step === 'preview');
      await waitForAnalysis(wizard);
      await tabTo('Import', isButton('Import'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => shadow(wizard).querySelector('[part="summary"]') !== null);
      const [user] = await allUsers(provider);

      expect(defineFocus).to.equal('Define data');
      expect(user?.name).to.equal('Ana Lima');
      expect((await provider.listGroups()).map((group) => group.name)).to.deep.equal(['Typed by keyboard']);
    });
  });

  describe('Preview', () => {
    it('counts new, existing, rejected and duplicate rows', async () => {
      const { wizard, provider } = await renderWizard();
      await provider.createUser({ name: 'Ben Ode', identifiers: [{ kind: 'email', value: 'ben@example.com' }] });
      const csv = [
        'Name,Email,Phone',
        'Ana Lima,ana@example.com,+447700900123',
        'Ben Ode,ben@example.com,',
        ',nobody@example.com,',
        'Ana Lima,ANA@example.com,',
        'Cai Wu,cai@example.com,+12125550142',
      ].join('\n');
      await uploadFile(wizard, fileOf(csv));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Counted');

      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      const rejected = textOf(shadow(wizard).querySelector('[part="rejected-table"] tbody'));
      const duplicates = textOf(shadow(wizard).querySelector('[part="duplicate-list"]'));
      const warnings = textOf(shadow(wizard).querySelector('[part="warning-list"]'));

      expect(countOf(wizard, 'total-rows')).to.equal(5);
      expect(countOf(wizard, 'new-users')).to.equal(2);
      expect(countOf(wizard, 'existing-users')).to.equal(1);
      expect(countOf(wizard, 'rejected')).to.equal(1);
      expect(countOf(wizard, 'duplicates')).to.equal(1);
      expect(rejected).to.equal('4 No name: the Full Name and First Name columns are empty on this row.');
      expect(duplicates).to.include('Line 5 is the same person as line 2');
      expect(warnings).to.include('Line 2, Phone: +447700900123 has a valid length but is in no range known');
      expect(textOf(shadow(wizard).querySelector('section'))).to.include('Counted (every imported user)');
    });

    it('shows progress while checking existing users', async () => {
      const { wizard } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Checked');
      const rendered = recordRenderedText(wizard);

      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      rendered.stop();

      expect(rendered.texts.some((text) => /Checking the records against the existing users: \d+ of \d+ identifiers looked up…/.test(text))).to.equal(true);
    });

    it('explains a failed check and tries again', async () => {
      const provider = failOnce(openProvider(), 'findByIdentifiers', new UnavailableError('The server is down.'));
      const { wizard } = await renderWizard({ provider });
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Unchecked');
      const failed = oneEvent(wizard, 'import-error');

      await clickNext(wizard);
      const event = await failed;
      await waitUntil(() => alertText(wizard) !== '');

      expect(event.detail.error).to.be.instanceOf(UnavailableError);
      expect(alertText(wizard)).to.equal(
        'The records could not be checked: The data source cannot be reached. Check the connection and try again.',
      );
      expect(buttonNamed(wizard, 'Import').hasAttribute('disabled')).to.equal(true);
      await clickButton(wizard, 'Try again');
      await waitForAnalysis(wizard);
      expect(countOf(wizard, 'new-users')).to.equal(2);
    });

    it('imports one user for two letter cases of an e-mail', async () => {
      const { wizard, provider } = await renderWizard();

      await importFile(wizard, fileOf('Name,Email\nAna Lima,Ana@Example.com\nAna Lima,ana@example.com\n'));
      const users = await allUsers(provider);

      expect(countOf(wizard, 'created')).to.equal(1);
      expect(users).to.have.length(1);
      expect(identifierOf(users[0]!, 'email')).to.equal('ana@example.com');
    });

    it('gives a WhatsApp number its country code once', async () => {
      const { wizard, provider } = await renderWizard({ defaultCountry: 'GB' });

      await importFile(wizard, fileOf('Name,WhatsApp\nAna Lima,447700900123\n'));
      const [user] = await allUsers(provider);

      expect(identifierOf(user!, 'whatsapp')).to.equal('+447700900123');
    });

    for (const [choice, name, phone, count] of [
      ['Skip them', 'Ana Old', undefined, 'skipped'],
      ['Fill only their empty fields', 'Ana Old', '+447700900123', 'updated'],
      ['Overwrite their fields', 'Ana New', '+447700900123', 'updated'],
    ] as const) {
      it(`applies "${choice}" to existing users`, async () => {
        const { wizard, provider } = await renderWizard();
        await provider.createUser({ name: 'Ana Old', identifiers: [{ kind: 'email', value: 'ana@example.com' }] });
        await uploadFile(wizard, fileOf('Name,Email,Phone\nAna New,ana@example.com,+447700900123\n'));
        await goToStep(wizard, 'metadata');
        await typeInto(wizard, 'Group name', 'Existing');
        await goToStep(wizard, 'preview');
        await waitForAnalysis(wizard);

        const radio = shadow(wizard).querySelector(`vaadin-radio-button[label="${choice}"] input`) as HTMLInputElement;
        radio.click();
        await wizard.updateComplete;
        await importAndWait(wizard);
        const [user] = await allUsers(provider);

        expect(user?.name).to.equal(name);
        expect(identifierOf(user!, 'phone')).to.equal(phone);
        expect(countOf(wizard, count)).to.equal(1);
        expect(countOf(wizard, 'created')).to.equal(0);
      });
    }

    it('has no axe violations', async () => {
      const { wizard, provider } = await renderWizard();
      await provider.createUser({ name: 'Ben Ode', identifiers: [{ kind: 'email', value: 'ben@example.com' }] });
      await uploadFile(wizard, await fixtureFile('hostile.csv'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Accessible');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);

      await expectNoAxeViolations(wizard);
    });
  });

  describe('import', () => {
    it('reports progress and the stored counts', async () => {
      const { wizard, provider } = await renderWizard();
      wizard.batchSize = 2;
      const rows = ['Name,Email'];
      for (let n = 1; n <= 5; n++) rows.push(`Person ${n},person${n}@example.com`);
      await uploadFile(wizard, fileOf(rows.join('\n')));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Five');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      const rendered = recordRenderedText(wizard);
      const completed = oneEvent(wizard, 'import-complete');

      await importAndWait(wizard);
      const { detail } = await completed;
      rendered.stop();
      const users = await allUsers(provider);
      const group = (await provider.listGroups())[0];

      expect(rendered.texts.some((text) => text.includes('Imported 2 of 5 records.'))).to.equal(true);
      expect(detail.counts).to.deep.equal({ created: 5, updated: 0, skipped: 0, rejected: 0 });
      expect(detail.groupId).to.equal(group?.id);
      expect(countOf(wizard, 'created')).to.equal(users.length);
      expect(users.every((user) => user.source.type === 'import' && user.source.importId === detail.importId)).to.equal(true);
      expect(users.every((user) => user.groupIds.includes(detail.groupId))).to.equal(true);
      expect(liveRegion(wizard)).to.equal('Import complete.');
    });

    it('matches what the table shows', async () => {
      const { wizard, provider } = await renderWizard();
      const table = await fixture<AllUsersTable>(html`<all-users-table .provider=${provider} column-storage-key=""></all-users-table>`);
      await waitUntil(() => table.matchingCount === 0);

      await importFile(wizard, await fixtureFile('google-contacts.csv'));
      await waitUntil(() => table.matchingCount === countOf(wizard, 'created'));

      expect(table.matchingCount).to.equal(60);
    });

    it('cancels a running import', async () => {
      const gate = interceptBatch(openProvider(), 1, 'pause');
      const { wizard, provider } = await renderWizard({ provider: gate.provider });
      wizard.batchSize = 2;
      await uploadFile(wizard, fileOf('Name,Email\nA One,a@example.com\nB Two,b@example.com\nC Three,c@example.com\n'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Cancelled');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      const cancelled = oneEvent(wizard, 'import-cancel');

      await clickButton(wizard, 'Import');
      await gate.reached;
      await wizard.updateComplete;
      const progressShown = isImporting(wizard);
      await clickButton(wizard, 'Cancel');
      gate.release();
      const event = await cancelled;
      await waitUntil(() => !isImporting(wizard));

      expect(progressShown).to.equal(true);
      expect(event.detail.importId).to.be.a('string');
      expect(textOf(shadow(wizard).querySelector('section'))).to.include('The import was cancelled');
      expect(await allUsers(provider)).to.have.length(0);
      expect(await provider.listGroups()).to.have.length(0);
      expect(buttonsNamed(wizard, 'Import')).to.have.length(1);
    });

    it('undoes an import', async () => {
      const { wizard, provider } = await renderWizard();
      await importFile(wizard, fileOf(SMALL_CSV), 'To undo');

      await clickButton(wizard, 'Undo');
      await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('The import was undone'));

      expect(await allUsers(provider)).to.have.length(0);
      expect(await provider.listGroups()).to.have.length(0);
    });

    it('downloads the rejected rows', async () => {
      const { wizard } = await renderWizard();
      await importFile(wizard, await fixtureFile('hostile.csv'));

      const link = buttonNamed(wizard, 'Download rejected rows') as HTMLAnchorElement;
      const csv = await (await fetch(link.href)).text();
      const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

      expect(link.getAttribute('download')).to.equal('rejected-rows.csv');
      expect(lines[0]).to.equal('Line,Reason,Name,Phone,Email,Email (2),Column 5,Comment');
      expect(lines).to.have.length(3);
      expect(lines[1]).to.match(/^4,No name/);
      expect(lines[2]).to.match(/^5,"No contact identifier/);
    });

    it('offers Resume after a failure part-way', async () => {
      const failing = interceptBatch(openProvider(), 1, 'fail');
      const { wizard, provider } = await renderWizard({ provider: failing.provider });
      wizard.batchSize = 2;
      await uploadFile(wizard, fileOf('Name,Email\nA One,a@example.com\nB Two,b@example.com\nC Three,c@example.com\n'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Resumed');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      const failed = oneEvent(wizard, 'import-error');

      await importAndWait(wizard);
      await failed;
      const message = alertText(wizard);
      const savedBefore = (await allUsers(provider)).length;
      await clickButton(wizard, 'Resume');
      await waitUntil(() => shadow(wizard).querySelector('[part="summary"]') !== null);

      expect(message).to.include('The import stopped after 2 records were saved');
      expect(message).to.include('Storage is full');
      expect(savedBefore).to.equal(2);
      expect(countOf(wizard, 'created')).to.equal(3);
      expect(await allUsers(provider)).to.have.length(3);
    });

    it('offers Undo after a failure part-way', async () => {
      const failing = interceptBatch(openProvider(), 1, 'fail');
      const { wizard, provider } = await renderWizard({ provider: failing.provider });
      wizard.batchSize = 2;
      await uploadFile(wizard, fileOf('Name,Email\nA One,a@example.com\nB Two,b@example.com\nC Three,c@example.com\n'));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Undone');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      await importAndWait(wizard);

      await clickButton(wizard, 'Undo');
      await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('The import was undone'));

      expect(await allUsers(provider)).to.have.length(0);
      expect(await provider.listGroups()).to.have.length(0);
    });

    it('explains a group name taken meanwhile', async () => {
      const { wizard, provider } = await renderWizard();
      await uploadFile(wizard, fileOf(SMALL_CSV));
      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', 'Raced');
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);
      await provider.createGroup({ name: 'Raced' });

      await importAndWait(wizard);

      expect(alertText(wizard)).to.equal('A group named "Raced" was created meanwhile. Go back to Metadata and choose another name.');
      expect(await allUsers(provider)).to.have.length(0);
      expect(buttonsNamed(wizard, 'Back')).to.have.length(1);
    });

    it('starts another import', async () => {
      const { wizard } = await renderWizard();
      await importFile(wizard, fileOf(SMALL_CSV));

      await clickButton(wizard, 'Start another import');

      expect(wizard.step).to.equal('connect');
      expect(textOf(deepActiveElement())).to.equal('Connect data');
    });

    it('has no axe violations in the summary', async () => {
      const { wizard } = await renderWizard();
      await importFile(wizard, await fixtureFile('hostile.csv'));

      await expectNoAxeViolations(wizard);
    });
  });
});
