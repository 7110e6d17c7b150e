import { expect } from '@open-wc/testing';
import { cellText, defaultSheet, expandExponent, readWorkbook } from '../../src/import/xlsx.js';
import { fixtureFile } from './helpers.js';

describe('expandExponent', () => {
  it('writes a stored phone number in digits', () => {
    expect(expandExponent('4.47700900335E11')).to.equal('447700900335');
    expect(expandExponent('4.4770090033E+11')).to.equal('447700900330');
  });

  it('writes small and fractional numbers', () => {
    expect(expandExponent('1.5E-3')).to.equal('0.0015');
    expect(expandExponent('1.25E1')).to.equal('12.5');
    expect(expandExponent('-2E2')).to.equal('-200');
  });
});

describe('cellText', () => {
  it('writes each kind of cell as text', () => {
    expect(cellText('447700900335')).to.equal('447700900335');
    expect(cellText('0042')).to.equal('0042');
    expect(cellText(null)).to.equal('');
    expect(cellText(true)).to.equal('TRUE');
    expect(cellText(new Date(Date.UTC(2024, 1, 2)))).to.equal('2024-02-02');
    expect(cellText(new Date(Date.UTC(2024, 1, 2, 9, 30)))).to.equal('2024-02-02 09:30:00');
  });
});

describe('readWorkbook', () => {
  it('reads every sheet and picks the one with data', async () => {
    const file = await fixtureFile('contacts.xlsx');

    const sheets = await readWorkbook(await file.arrayBuffer());

    expect(sheets.map((sheet) => sheet.name)).to.deep.equal(['Read me', 'Contacts']);
    expect(defaultSheet(sheets)?.name).to.equal('Contacts');
  });

  it('keeps digits of numbers and dates as dates', async () => {
    const file = await fixtureFile('contacts.xlsx');

    const sheets = await readWorkbook(await file.arrayBuffer());
    const rows = sheets[1]?.rows ?? [];

    expect(rows[1]?.cells).to.deep.equal(['First name', 'Last name', 'Phone', 'E-mail', 'Signed up']);
    expect(rows[3]?.cells).to.deep.equal(['Jürgen', 'Müller', '447700900335', 'jurgen.muller6@example.org', '2024-02-02']);
    expect(rows[3]?.line).to.equal(4);
  });

  it('rejects bytes that are not a workbook', async () => {
    let error: unknown;

    try {
      await readWorkbook(new TextEncoder().encode('PK\u0003\u0004 not really a zip').buffer);
    } catch (caught) {
      error = caught;
    }

    expect((error as { code?: string }).code).to.equal('invalid-workbook');
  });
});
