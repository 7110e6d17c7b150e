import { expect } from '@open-wc/testing';
import { neutralizeCell, rejectedRowsCsv } from '../../src/import/report-csv.js';

describe('neutralizeCell', () => {
  it('prefixes cells a spreadsheet would run', () => {
    for (const cell of ['=SUM(1+1)', '+cmd|calc', '-2+3', '@SUM(1+1)', '\tx', '\rx']) {
      expect(neutralizeCell(cell)).to.equal(`'${cell}`);
    }
  });

  it('keeps other cells', () => {
    expect(neutralizeCell('Ana Lima')).to.equal('Ana Lima');
  });
});

describe('rejectedRowsCsv', () => {
  it('lists line, reason and the original cells', () => {
    const csv = rejectedRowsCsv({
      columns: ['Name', 'Phone', 'Comment'],
      rejected: [
        { line: 4, code: 'name-required', field: 'name', message: 'No name.' },
        { line: 9, code: 'scientific-notation', field: 'Phone', value: '4,47701E+11', message: '"4,47701E+11" is in scientific notation.' },
      ],
      rejectedCells: { 4: ['', '+61 491 571 449', 'no name, "really"'], 9: ['Joana', '4,47701E+11', '=HYPERLINK("x")'] },
    });

    expect(csv).to.equal(
      '\uFEFFLine,Reason,Name,Phone,Comment\r\n' +
        '4,No name.,,\'+61 491 571 449,"no name, ""really"""\r\n' +
        '9,"""4,47701E+11"" is in scientific notation.",Joana,"4,47701E+11","\'=HYPERLINK(""x"")"\r\n',
    );
  });
});
