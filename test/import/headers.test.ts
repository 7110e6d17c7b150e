import { expect } from '@open-wc/testing';
import { columnLabels, detectHeaderRow, isBlankRow, looksLikeValue } from '../../src/import/headers.js';
import type { SourceRow } from '../../src/import/parse.js';

function rows(...cells: string[][]): SourceRow[] {
  return cells.map((row, index) => ({ line: index + 1, cells: row }));
}

describe('detectHeaderRow', () => {
  it('finds a header on the first line', () => {
    expect(detectHeaderRow(rows(['Name', 'Phone'], ['Ana Lima', '+447700900123']))).to.equal(0);
  });

  it("skips LinkedIn's notes above the header", () => {
    const source = rows(
      ['Notes:'],
      ['When exporting your connection data, you may notice that some of the email addresses are missing.'],
      [''],
      ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
      ['Ana', 'Lima', 'https://www.linkedin.com/in/ana', '', 'Initech', 'Buyer', '01 Mar 2024'],
      ['Ben', 'Ode', 'https://www.linkedin.com/in/ben', 'ben@example.com', 'Acme', 'Owner', '02 Mar 2024'],
    );

    expect(detectHeaderRow(source)).to.equal(3);
  });

  it('skips a merged title row', () => {
    const source = rows(
      ['Customer list (exported)', '', '', ''],
      ['First name', 'Last name', 'Phone', 'E-mail'],
      ['María', 'Núñez', '+1 646-555-0177', 'maria@example.org'],
    );

    expect(detectHeaderRow(source)).to.equal(1);
  });

  it('reports no header when the first row is data', () => {
    const source = rows(['Ana Lima', 'ana@example.com', '+447700900123'], ['Ben Ode', 'ben@example.com', '+447700900456']);

    expect(detectHeaderRow(source)).to.equal(-1);
  });

  it('accepts a header with blank names', () => {
    expect(detectHeaderRow(rows(['Name', 'Phone', 'Email', 'Email', '', 'Comment'], ['A', '1', 'a@x.io', '', '', 'c']))).to.equal(0);
  });
});

describe('columnLabels', () => {
  it('labels repeated and blank headers', () => {
    expect(columnLabels(['Full Name', 'Phone', 'Phone', 'Email', ''], 5)).to.deep.equal([
      'Full Name',
      'Phone',
      'Phone (2)',
      'Email',
      'Column 5',
    ]);
  });

  it('labels columns past the header', () => {
    expect(columnLabels(['Name'], 3)).to.deep.equal(['Name', 'Column 2', 'Column 3']);
  });

  it('keeps labels distinct from written ones', () => {
    expect(columnLabels(['Phone (2)', 'Phone', 'phone'], 3)).to.deep.equal(['Phone (2)', 'Phone', 'phone (3)']);
  });
});

describe('isBlankRow', () => {
  it('treats delimiters and spaces as blank', () => {
    expect(isBlankRow(['', '', ''])).to.equal(true);
    expect(isBlankRow([' '])).to.equal(true);
    expect(isBlankRow(['', 'x'])).to.equal(false);
  });
});

describe('looksLikeValue', () => {
  it('tells values from titles', () => {
    expect(looksLikeValue('+44 7700 900123')).to.equal(true);
    expect(looksLikeValue('ana@example.com')).to.equal(true);
    expect(looksLikeValue('2024-03-01')).to.equal(true);
    expect(looksLikeValue('E-mail Address')).to.equal(false);
  });
});
