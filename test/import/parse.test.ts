import { expect } from '@open-wc/testing';
import { countLineBreaks, detectDelimiter, parseDelimited, unifyLineBreaks, type SourceRow } from '../../src/import/parse.js';
import type { Delimiter } from '../../src/import/types.js';

function parse(text: string, delimiter: Delimiter = detectDelimiter(text)): SourceRow[] {
  const rows: SourceRow[] = [];
  parseDelimited(text, { delimiter, onRow: (row) => rows.push(row) });
  return rows;
}

describe('detectDelimiter', () => {
  const cases: [string, string, Delimiter][] = [
    ['comma', 'Name,Phone\nAna,+1 212-555-0187\n', ','],
    ['semicolon', 'nome;telefone\nJoana Prado;4,47701E+11', ';'],
    ['tab', 'Full Name\tTags\nAna\tlead, newsletter\nBen\tvip, lead, x\n', '\t'],
    ['pipe', 'Name|Email\nAna|ana@example.com\n', '|'],
    ['semicolon beside decimal commas', 'a;b;c\n1,5;2;3\n4;5,5;6\n', ';'],
  ];
  for (const [name, text, expected] of cases) {
    it(`detects ${name}`, () => {
      expect(detectDelimiter(text)).to.equal(expected);
    });
  }

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"a;b;c";d\n"1;2;3";4\n"x;y";z\n')).to.equal(';');
  });

  it('ignores blank rows and title lines', () => {
    expect(detectDelimiter('Notes:\n\n,,,\nFirst Name;Last Name;Email\nAna;Lima;a@example.com\n')).to.equal(';');
  });

  it('reads one column with a comma', () => {
    expect(detectDelimiter('Primary Email\na@example.com\nb@example.com')).to.equal(',');
  });
});

describe('parseDelimited', () => {
  it('keeps no carriage return in values', () => {
    const rows = parse('name,phone\nAna Lima,+447700900123\r\nBen Ode,+447700900456\r\n');

    expect(rows.map((row) => row.cells)).to.deep.equal([
      ['name', 'phone'],
      ['Ana Lima', '+447700900123'],
      ['Ben Ode', '+447700900456'],
    ]);
  });

  it('reads CR line endings', () => {
    const rows = parse('a,b,c\r1,2,3\r"Once upon \ra time",5,6\r7,8,9\r');

    expect(rows.map((row) => row.cells)).to.deep.equal([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['Once upon \ra time', '5', '6'],
      ['7', '8', '9'],
    ]);
  });

  it('keeps line breaks inside quoted cells as written', () => {
    const rows = parse('a,b\r\n"Once upon \r\na time",5\n');

    expect(rows[1]?.cells).to.deep.equal(['Once upon \r\na time', '5']);
  });

  it('reads quotes, commas and escaped quotes', () => {
    const rows = parse('a,b\n"Lima, Ana","She said ""hi"""\n');

    expect(rows[1]?.cells).to.deep.equal(['Lima, Ana', 'She said "hi"']);
  });

  it('numbers lines as a text editor does', () => {
    const rows = parse('a,b\n"x\ny\nz",1\n\n2,3\n');

    expect(rows.map((row) => row.line)).to.deep.equal([1, 2, 5, 6]);
  });

  it('starts no row after the final line break', () => {
    expect(parse('a,b\n1,2\n')).to.have.length(2);
    expect(parse('a,b\n1,2')).to.have.length(2);
  });

  it('keeps cells as written', () => {
    const rows = parse('zip,formula\n0042,=SUM(1+1)\n');

    expect(rows[1]?.cells).to.deep.equal(['0042', '=SUM(1+1)']);
  });

  it('numbers lines after a skipped first line', () => {
    const rows: SourceRow[] = [];

    parseDelimited('a;b\n1;2\n', { delimiter: ';', firstLine: 2, onRow: (row) => rows.push(row) });

    expect(rows.map((row) => row.line)).to.deep.equal([2, 3]);
  });

  it('reports an unterminated quote', () => {
    const problems = parseDelimited('a,b\n1,"open\n2,3\n', { delimiter: ',', onRow: () => undefined });

    expect(problems).to.deep.equal([{ line: 2, code: 'unterminated-quote' }]);
  });

  it('reports progress at the end', () => {
    const progress: number[] = [];

    parseDelimited('a,b\n1,2\n', { delimiter: ',', onRow: () => undefined, onProgress: (characters) => progress.push(characters) });

    expect(progress.at(-1)).to.equal(8);
  });
});

describe('unifyLineBreaks', () => {
  it('keeps a text with one kind of break', () => {
    const text = 'a\r\nb\r\n';

    expect(unifyLineBreaks(text, ',')).to.deep.equal({ text, newline: '\r\n' });
  });

  it('unifies mixed breaks outside quotes only', () => {
    const result = unifyLineBreaks('a\nb\r\n"c\r\nd"\re', ',');

    expect(result).to.deep.equal({ text: 'a\nb\n"c\r\nd"\ne', newline: '\n' });
  });
});

describe('countLineBreaks', () => {
  it('counts CRLF once', () => {
    expect(countLineBreaks('a\r\nb\rc\nd')).to.equal(3);
  });
});
