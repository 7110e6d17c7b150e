import { expect } from '@open-wc/testing';
import type { User } from '../../../src/model/types.js';
import { fixtureFile } from '../../import/helpers.js';
import {
  allUsers,
  chosen,
  cleanUpProviders,
  countOf,
  goToStep,
  identifierOf,
  importAndWait,
  renderWizard,
  shadow,
  textOf,
  typeInto,
  uploadFile,
  waitForAnalysis,
  waitForRecords,
} from './helpers.js';

interface SpotValue {
  row: number;
  name: string;
  email?: string;
  phone?: string | null;
  instagram?: string;
}

interface Expectation {
  rows: number;
  importable: number;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  spot?: SpotValue[];
}

const expected = (await (await fetch(new URL('../../fixtures/expected.json', import.meta.url))).json()) as Record<
  string,
  Expectation
>;

/** How the Define data step names what the fixtures' expectations call an encoding or a delimiter. */
const ENCODING_OPTIONS: Record<string, string> = {
  'windows-1252': 'Windows-1252 (Western European)',
  'utf-16le with BOM': 'UTF-16 little-endian',
};
const DELIMITER_OPTIONS: Record<string, string> = { ';': 'Semicolon (;)', tab: 'Tab' };

function userWithEmail(users: User[], email: string): User {
  const user = users.find((candidate) => candidate.identifiers.some((id) => id.kind === 'email' && id.value === email));
  if (!user) throw new Error(`No user with the e-mail ${email} was stored.`);
  return user;
}

describe('<csv-import-wizard> with exported contact files', () => {
  afterEach(cleanUpProviders);

  for (const [name, expectation] of Object.entries(expected)) {
    describe(name, () => {
      it('imports the expected users', async () => {
        const { wizard, provider } = await renderWizard({ defaultCountry: 'GB' });

        await uploadFile(wizard, await fixtureFile(name));
        await goToStep(wizard, 'define');
        const encoding = expectation.encoding ? ENCODING_OPTIONS[expectation.encoding] : undefined;
        const delimiter = expectation.delimiter ? DELIMITER_OPTIONS[expectation.delimiter] : undefined;
        const sheet = expectation.sheet;
        const encodingShown = encoding ? chosen(wizard, 'Encoding') : undefined;
        const delimiterShown = delimiter ? chosen(wizard, 'Delimiter') : undefined;
        const sheetShown = sheet ? chosen(wizard, 'Sheet') : undefined;
        await goToStep(wizard, 'metadata');
        await typeInto(wizard, 'Group name', `Import of ${name}`);
        await goToStep(wizard, 'preview');
        await waitForAnalysis(wizard);
        const totalRows = countOf(wizard, 'total-rows');
        const newUsers = countOf(wizard, 'new-users');
        await importAndWait(wizard);
        const users = await allUsers(provider);

        expect(encodingShown).to.equal(encoding);
        expect(delimiterShown).to.equal(delimiter);
        expect(sheetShown).to.equal(sheet);
        expect(totalRows).to.equal(expectation.rows);
        expect(newUsers).to.equal(expectation.importable);
        expect(countOf(wizard, 'created')).to.equal(expectation.importable);
        expect(users).to.have.length(expectation.importable);
        for (const spot of expectation.spot ?? []) {
          if (!spot.email) continue;
          const user = userWithEmail(users, spot.email);
          expect(user.name, `name of row ${spot.row}`).to.equal(spot.name);
          if (spot.phone !== undefined) expect(identifierOf(user, 'phone') ?? null, `phone of row ${spot.row}`).to.equal(spot.phone);
          if (spot.instagram) expect(identifierOf(user, 'instagram'), `Instagram of row ${spot.row}`).to.equal(spot.instagram);
          expect(user.source.type).to.equal('import');
        }
      });
    });
  }

  it('flags phones lost to scientific notation', async () => {
    const { wizard, provider } = await renderWizard({ defaultCountry: 'GB' });

    await uploadFile(wizard, await fixtureFile('excel-semicolon.csv'));
    await goToStep(wizard, 'define');
    const invalid = (await waitForRecords(wizard)).querySelector('td.invalid');
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Spreadsheet');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    const warnings = textOf(shadow(wizard).querySelector('[part="warning-list"]'));
    await importAndWait(wizard);
    const rohan = userWithEmail(await allUsers(provider), 'rohan.gupta3@example.net');

    expect(textOf(invalid)).to.include('6,14916E+10');
    expect(invalid?.getAttribute('title')).to.include('scientific notation');
    expect(warnings).to.include('"6,14916E+10" is in scientific notation');
    expect(identifierOf(rohan, 'phone')).to.equal(undefined);
  });

  it('keeps markup and formulas as text', async () => {
    const { wizard, provider } = await renderWizard({ defaultCountry: 'GB' });

    await uploadFile(wizard, await fixtureFile('hostile.csv'));
    await goToStep(wizard, 'define');
    const cells = textOf(await waitForRecords(wizard));
    const injected = shadow(wizard).querySelectorAll('img, script');
    await goToStep(wizard, 'metadata');
    await typeInto(wizard, 'Group name', 'Hostile');
    await goToStep(wizard, 'preview');
    await waitForAnalysis(wizard);
    await importAndWait(wizard);
    const users = await allUsers(provider);

    expect(injected).to.have.length(0);
    expect(cells).to.include('<img src=x onerror=alert(1)>');
    expect(userWithEmail(users, 'markup@example.com').name).to.equal('<img src=x onerror=alert(1)>');
    expect(userWithEmail(users, 'formula@example.com').name).to.equal('@SUM(1+1)');
  });
});
