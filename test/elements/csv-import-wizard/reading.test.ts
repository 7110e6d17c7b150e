import { expect } from '@open-wc/testing';
import { sampleCrmSource } from '../../../demo/sample-crm.js';
import { bytesOf, fileOf, fixtureFile } from '../../import/helpers.js';
import {
  allUsers,
  choose,
  chosen,
  cleanUpProviders,
  clickButton,
  countOf,
  fieldLabelled,
  goToStep,
  identifierOf,
  importAndWait,
  importFile,
  renderWizard,
  shadow,
  textOf,
  typeInto,
  uploadFile,
  waitForAnalysis,
  waitForRecords,
  waitForSource,
  waitUntil,
} from './helpers.js';
import type { CsvImportWizard } from '../../../src/elements/csv-import-wizard/define.js';

/** Returns the facts the Define data step lists about the source, one per item. */
function sourceFacts(wizard: CsvImportWizard): string[] {
  return [...shadow(wizard).querySelectorAll('section ul.list li')].map((item) => textOf(item));
}

/** Returns the column labels of the Define data step, in order. */
function columnLabels(wizard: CsvImportWizard): string[] {
  return [...shadow(wizard).querySelectorAll('[part="mapping-table"] tbody th .column-label')].map((label) => textOf(label));
}

/** Waits until the Define data step has read the source again with new settings. */
async function whenReread(wizard: CsvImportWizard): Promise<void> {
  await wizard.updateComplete;
  await waitUntil(() => shadow(wizard).querySelector('fieldset.settings')?.hasAttribute('disabled') === false);
  await wizard.updateComplete;
}

describe('<csv-import-wizard> reading files', () => {
  afterEach(cleanUpProviders);

  it('shows the encoding it used and reads again with another', async () => {
    const { wizard } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Email\nJosé Núñez,jose@example.com\n'));
    await goToStep(wizard, 'define');
    const detected = chosen(wizard, 'Encoding');
    const utf8Sample = textOf(shadow(wizard).querySelector('[part="mapping-table"] tbody tr .samples'));

    await choose(wizard, 'Encoding', 'Windows-1252 (Western European)');
    await whenReread(wizard);
    const windowsSample = textOf(shadow(wizard).querySelector('[part="mapping-table"] tbody tr .samples'));

    expect(detected).to.equal('UTF-8');
    expect(utf8Sample).to.equal('José Núñez');
    expect(windowsSample).to.equal('JosÃ© NÃºÃ±ez');
    expect(chosen(wizard, 'Encoding')).to.equal('Windows-1252 (Western European)');
  });

  it('reads UTF-16 big-endian text with its byte order mark', async () => {
    const { wizard, provider } = await renderWizard();
    const text = 'Name\tEmail\r\nNguyễn Văn An\tan@example.com\r\n';
    const bytes: number[] = [0xfe, 0xff];
    for (const unit of Array.from(text, (char) => char.charCodeAt(0))) bytes.push(unit >> 8, unit & 0xff);

    await uploadFile(wizard, fileOf(bytesOf(bytes), 'unicode.txt'));
    await goToStep(wizard, 'define');
    const encoding = chosen(wizard, 'Encoding');
    const delimiter = chosen(wizard, 'Delimiter');
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'UTF-16');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const [user] = await allUsers(provider);

    expect(encoding).to.equal('UTF-16 big-endian');
    expect(delimiter).to.equal('Tab');
    expect(user?.name).to.equal('Nguyễn Văn An');
  });

  it("follows Excel's sep line and lets the user change the delimiter", async () => {
    const { wizard } = await renderWizard();
    await uploadFile(wizard, fileOf('sep=|\r\nName|Email|Notes\r\nAna Lima|ana@example.com|tea; coffee\r\n'));
    await goToStep(wizard, 'define');
    const fromSepLine = chosen(wizard, 'Delimiter');
    const labels = columnLabels(wizard);

    await choose(wizard, 'Delimiter', 'Semicolon (;)');
    await whenReread(wizard);

    expect(fromSepLine).to.equal('Pipe (|)');
    expect(labels).to.deep.equal(['Name', 'Email', 'Notes']);
    expect(columnLabels(wizard)).to.have.length(2);
  });

  it('reports ragged rows and keeps them', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\nBen Ode,ben@example.com\n'));

    await goToStep(wizard, 'define');
    const facts = sourceFacts(wizard);
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Ragged');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);

    expect(facts).to.include(
      '1 row has a different number of cells than the header (line 3); its cells are read in order.',
    );
    expect((await allUsers(provider)).map((user) => user.name).sort()).to.deep.equal(['Ana Lima', 'Ben Ode']);
  });

  it("skips LinkedIn's notes above the header", async () => {
    const { wizard } = await renderWizard();
    const csv = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Ana,Lima,https://www.linkedin.com/in/ana,ana@example.com,Initech,Buyer,01 Mar 2024',
    ].join('\n');

    await uploadFile(wizard, fileOf(csv, 'Connections.csv'));
    await goToStep(wizard, 'define');

    expect(sourceFacts(wizard)).to.include('3 lines above the header were skipped.');
    expect(chosen(wizard, 'Header row').startsWith('Line 4')).to.equal(true);
    expect(chosen(wizard, 'Field for First Name')).to.equal('First Name');
    expect(chosen(wizard, 'Field for Email Address')).to.equal('Email');
  });

  it('names repeated and blank headers apart', async () => {
    const { wizard } = await renderWizard();

    await uploadFile(wizard, fileOf('Name,Phone,Phone,,Email\nAna Lima,,,,ana@example.com\nBen Ode,,+447700900456,x,ben@example.com\n'));
    await goToStep(wizard, 'define');

    expect(columnLabels(wizard)).to.deep.equal(['Name', 'Phone', 'Phone (2)', 'Column 4', 'Email']);
    expect(chosen(wizard, 'Field for Phone (2)')).to.equal('Phone');
  });

  it('offers the sheets of a workbook and reads the one chosen', async () => {
    const { wizard } = await renderWizard();
    await uploadFile(wizard, await fixtureFile('contacts.xlsx'));
    await goToStep(wizard, 'define');
    const sheets = [...selectSheet(wizard).options].map((option) => textOf(option));
    const first = chosen(wizard, 'Sheet');
    const dataLabels = columnLabels(wizard);

    await choose(wizard, 'Sheet', sheets.find((sheet) => sheet !== 'Contacts') ?? '');
    await whenReread(wizard);
    const coverLabels = columnLabels(wizard);
    await choose(wizard, 'Sheet', 'Contacts');
    await whenReread(wizard);

    expect(sheets.length).to.be.greaterThan(1);
    expect(first).to.equal('Contacts');
    expect(coverLabels).to.not.deep.equal(dataLabels);
    expect(columnLabels(wizard)).to.deep.equal(dataLabels);
  });

  it('keeps digits of numeric phones and dates of a workbook', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, await fixtureFile('contacts.xlsx'));
    await goToStep(wizard, 'define');
    const preview = textOf(await waitForRecords(wizard));
    await goToStep(wizard, 'metadata');
    fieldLabelled(wizard, 'Create a form from the other columns so that their data is kept').click();
    await wizard.updateComplete;
    await typeInto(wizard, 'Group name', 'Workbook');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const maria = (await allUsers(provider)).find((user) => identifierOf(user, 'email') === 'maria.nunez5@example.org');
    const values = Object.values(maria?.attributes ?? {});

    expect(preview).to.not.match(/\d\.\d+E\+\d+/i);
    expect(identifierOf(maria!, 'phone')).to.equal('+16465550177');
    expect(values.some((value) => /^\d{4}-\d{2}-\d{2}/.test(String(value)))).to.equal(true);
  });

  it('keeps leading zeros as written', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Email,Member No\nAna Lima,ana@example.com,0042\n'));
    await goToStep(wizard, 'define');
    await choose(wizard, 'Field for Member No', 'Text');
    await goToStep(wizard, 'metadata');
    fieldLabelled(wizard, 'Create a form from the other columns so that their data is kept').click();
    await wizard.updateComplete;
    await typeInto(wizard, 'Group name', 'Zeros');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const [user] = await allUsers(provider);

    expect(Object.values(user?.attributes ?? {})).to.deep.equal(['0042']);
  });

  it("splits Google's joined values and keeps every one", async () => {
    const { wizard, provider } = await renderWizard();
    const csv = [
      'Name,E-mail 1 - Value,Phone 1 - Value',
      'Ana Lima,ana@example.com ::: ana.work@example.com,+44 7700 900123 ::: +1 212-555-0187',
    ].join('\n');

    await importFile(wizard, fileOf(csv));
    const [user] = await allUsers(provider);

    expect(user?.identifiers.filter((id) => id.kind === 'email').map((id) => id.value)).to.deep.equal([
      'ana@example.com',
      'ana.work@example.com',
    ]);
    expect(user?.identifiers.filter((id) => id.kind === 'phone').map((id) => id.value)).to.deep.equal([
      '+447700900123',
      '+12125550187',
    ]);
  });

  it('shows the unknown-range warning in the preview and the summary', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Phone\nAna Lima,+44 7700 900123\n'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Fiction');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const previewWarnings = textOf(shadow(wizard).querySelector('[part="warning-list"]'));
    const previewCount = countOf(wizard, 'warnings');

    await importAndWait(wizard);
    const summaryWarnings = textOf(shadow(wizard).querySelector('[part="warning-list"]'));
    const [user] = await allUsers(provider);

    expect(previewCount).to.equal(1);
    expect(previewWarnings).to.include('Line 2, Phone: +447700900123 has a valid length but is in no range known');
    expect(countOf(wizard, 'warnings')).to.equal(1);
    expect(summaryWarnings).to.include('Line 2, Phone: +447700900123 has a valid length but is in no range known');
    expect(identifierOf(user!, 'phone')).to.equal('+447700900123');
  });

  it('rejects a phone that is not possible, with the reason', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Phone\nAna Lima,+44 77\nBen Ode,+447700900456\n'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Impossible');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const rejected = textOf(shadow(wizard).querySelector('[part="rejected-table"] tbody'));
    await importAndWait(wizard);

    expect(rejected).to.match(/^2 /);
    expect(rejected).to.include('+44 77');
    expect((await allUsers(provider)).map((user) => user.name)).to.deep.equal(['Ben Ode']);
  });

  it('matches an existing user by e-mail in another letter case', async () => {
    const { wizard, provider } = await renderWizard();
    await provider.createUser({ name: 'Ana Lima', identifiers: [{ kind: 'email', value: 'ana@example.com' }] });
    await uploadFile(wizard, fileOf('Name,Email\nAna Lima,ANA@Example.COM\nBen Ode,ben@example.com\n'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Case');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const existing = countOf(wizard, 'existing-users');
    await importAndWait(wizard);

    expect(existing).to.equal(1);
    expect(countOf(wizard, 'created')).to.equal(1);
    expect(await allUsers(provider)).to.have.length(2);
  });

  it('restores overwritten fields on Undo', async () => {
    const { wizard, provider } = await renderWizard();
    const before = await provider.createUser({ name: 'Ana Old', identifiers: [{ kind: 'email', value: 'ana@example.com' }] });
    await uploadFile(wizard, fileOf('Name,Email,Phone\nAna New,ana@example.com,+447700900123\nBen Ode,ben@example.com,\n'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Overwritten');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    (shadow(wizard).querySelector('vaadin-radio-button[label="Overwrite their fields"] input') as HTMLInputElement).click();
    await wizard.updateComplete;
    await importAndWait(wizard);
    const overwritten = (await provider.getUser(before.id)).name;

    await clickButton(wizard, 'Undo');
    await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('The import was undone'));
    const users = await allUsers(provider);

    expect(overwritten).to.equal('Ana New');
    expect(users.map((user) => user.name)).to.deep.equal(['Ana Old']);
    expect(users[0]?.identifiers).to.deep.equal(before.identifiers);
    expect(await provider.listGroups()).to.have.length(0);
  });

  it('keeps the encoding, extra groups and existing-user choice through Back', async () => {
    const { wizard, provider } = await renderWizard();
    await provider.createUser({ name: 'Ana Lima', identifiers: [{ kind: 'email', value: 'ana@example.com' }] });
    await uploadFile(wizard, fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\nBen Ode,ben@example.com,Pune\n'));
    await goToStep(wizard, 'define');
    await choose(wizard, 'Encoding', 'Windows-1252 (Western European)');
    await whenReread(wizard);
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Kept');
    fieldLabelled(wizard, 'Also create a group for each value of a column').click();
    await wizard.updateComplete;
    await choose(wizard, 'Column that names the groups', 'City');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    (shadow(wizard).querySelector('vaadin-radio-button[label="Fill only their empty fields"] input') as HTMLInputElement).click();
    await wizard.updateComplete;

    await clickButton(wizard, 'Back');
    const column = chosen(wizard, 'Column that names the groups');
    await clickButton(wizard, 'Back');
    const encoding = chosen(wizard, 'Encoding');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const policy = shadow(wizard).querySelector<HTMLElement & { value: string }>('vaadin-radio-group')?.value;

    expect(column).to.equal('City');
    expect(encoding).to.equal('Windows-1252 (Western European)');
    expect(textOf(shadow(wizard).querySelector('section'))).to.include('Lyon');
    expect(policy).to.equal('fill-empty');
  });

  it('imports from the sample CRM the demo registers', async () => {
    const { wizard, provider } = await renderWizard({ sources: [sampleCrmSource] });

    await clickButton(wizard, 'Sample CRM');
    await waitForSource(wizard);
    await waitUntil(() => textOf(shadow(wizard).querySelector('section')).includes('sample-crm.csv: 120 rows'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'From the CRM');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const users = await allUsers(provider);

    expect(countOf(wizard, 'created')).to.equal(120);
    expect(users).to.have.length(120);
    expect(users.every((user) => user.source.type === 'import')).to.equal(true);
  });
  it('keeps a column that is empty in the first rows', async () => {
    const { wizard } = await renderWizard();
    const rows = ['Name,Phone,Other'];
    for (let n = 0; n < 80; n++) {
      rows.push(`Person ${n},+1 212-555-01${String(n % 100).padStart(2, '0')},${n < 60 ? '' : `person${n}@example.com`}`);
    }

    await uploadFile(wizard, fileOf(rows.join('\n')));
    await goToStep(wizard, 'define');
    const samples = textOf(shadow(wizard).querySelectorAll('[part="mapping-table"] tbody tr')[2]?.querySelector('.samples'));

    expect(columnLabels(wizard)).to.deep.equal(['Name', 'Phone', 'Other']);
    expect(samples).to.include('@example.com');
    expect(chosen(wizard, 'Field for Other')).to.equal('Email');
  });

  it('stores the group description, tags and column descriptions', async () => {
    const { wizard, provider } = await renderWizard();
    await uploadFile(wizard, fileOf('Name,Email,City\nAna Lima,ana@example.com,Lyon\n'));
    await goToStep(wizard, 'define');
    await choose(wizard, 'Field for City', 'Text');
    const description = shadow(wizard).querySelector<HTMLInputElement>('input[aria-label="Description for City"]')!;
    description.value = 'Where they live';
    description.dispatchEvent(new Event('change'));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Fair');
    await typeInto(wizard, 'Description', 'Met at the fair');
    await typeInto(wizard, 'Tags', 'fair, 2024');
    fieldLabelled(wizard, 'Create a form from the other columns so that their data is kept').click();
    await wizard.updateComplete;
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const [group] = await provider.listGroups();
    const [form] = await provider.listForms();

    expect(group?.description).to.equal('Met at the fair');
    expect(group?.tags).to.deep.equal(['fair', '2024']);
    expect(group?.formId).to.equal(form?.id);
    expect(form?.fields.map((field) => [field.label, field.description])).to.deep.equal([['City', 'Where they live']]);
  });

  it('announces the start, progress and end of an import', async () => {
    const { wizard } = await renderWizard();
    wizard.batchSize = 1;
    const rows = ['Name,Email'];
    for (let n = 1; n <= 8; n++) rows.push(`Person ${n},person${n}@example.com`);
    await uploadFile(wizard, fileOf(rows.join('\n')));
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Announced');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const region = shadow(wizard).querySelector('[aria-live="polite"]')!;
    const heard: string[] = [];
    const observer = new MutationObserver(() => heard.push(textOf(region)));
    observer.observe(region, { subtree: true, childList: true, characterData: true });

    await importAndWait(wizard);
    observer.disconnect();

    expect(heard[0]).to.equal('Import started.');
    expect(heard).to.include('Imported 50 percent.');
    expect(heard[heard.length - 1]).to.equal('Import complete.');
  });
});

function selectSheet(wizard: CsvImportWizard): HTMLSelectElement {
  const select = shadow(wizard).querySelector<HTMLSelectElement>('select[name="sheet"]');
  if (!select) throw new Error('The Define data step offers no sheet.');
  return select;
}
