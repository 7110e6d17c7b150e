import { expect } from '@open-wc/testing';
import { ImportSession } from '../../src/import/session.js';
import { cleanUpProviders, openProvider } from '../indexeddb/helpers.js';
import { GB, bytesOf, fileOf, withSession } from './helpers.js';

describe('small inputs', () => {
  afterEach(cleanUpProviders);

  it('maps a quoted header after a BOM to Full Name', async () => {
    const file = fileOf(bytesOf([0xef, 0xbb, 0xbf], '"Full Name",Phone\nAna Lima,+44 7700 900123\n'));

    await withSession(file, async (session) => {
      const mapping = session.suggestMapping();

      expect(session.preview.encoding).to.equal('utf-8-bom');
      expect(session.preview.columns[0]?.header).to.equal('Full Name');
      expect(mapping[0]?.field).to.equal('fullName');
      expect(mapping[1]?.field).to.equal('phone');
    });
  });

  it('rejects a phone lost to scientific notation', async () => {
    await withSession(fileOf('nome;telefone\nJoana Prado;4,47701E+11\n'), async (session) => {
      const [row] = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 1 });

      expect(session.preview.delimiter).to.equal(';');
      expect(row?.record).to.equal(undefined);
      expect(row?.rejection).to.deep.include({ code: 'scientific-notation', value: '4,47701E+11' });
    });
  });

  it('leaves no carriage return at the end of values', async () => {
    await withSession(fileOf('name,phone\nAna Lima,+447700900123\r\nBen Ode,+447700900456\r\n'), async (session) => {
      const rows = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 10 });
      const cells = rows.flatMap((row) => row.values.map((cell) => cell.raw));

      expect(cells).to.deep.equal(['Ana Lima', '+447700900123', 'Ben Ode', '+447700900456']);
      expect(session.preview.columns.map((column) => column.header)).to.deep.equal(['name', 'phone']);
    });
  });

  it('keeps two phone columns side by side', async () => {
    const file = fileOf('Full Name,Phone,Phone,Email\nAna Lima,+44 7700 900123,+1 212-555-0187,ana@example.com\n');

    await withSession(file, async (session) => {
      const mapping = session.suggestMapping();
      const [row] = await session.previewRecords(mapping, GB, { offset: 0, limit: 1 });

      expect(session.preview.columns.map((column) => column.label)).to.deep.equal(['Full Name', 'Phone', 'Phone (2)', 'Email']);
      expect(mapping.map((entry) => entry.field)).to.deep.equal(['fullName', 'phone', 'phone', 'email']);
      expect(row?.record?.identifiers).to.deep.equal([
        { kind: 'phone', value: '+447700900123' },
        { kind: 'phone', value: '+12125550187' },
        { kind: 'email', value: 'ana@example.com' },
      ]);
    });
  });

  it('skips and counts rows of delimiters and spaces', async () => {
    await withSession(fileOf('Name,Email,Phone\nAna Lima,ana@example.com,\n,,\r\n,,\r\n \r\n'), async (session) => {
      expect(session.preview.rowCount).to.equal(1);
      expect(session.preview.blankLinesSkipped).to.equal(3);
      expect(session.preview.raggedRowCount).to.equal(0);
    });
  });

  it('does not give a WhatsApp number its country code twice', async () => {
    await withSession(fileOf('Name,WhatsApp\nAna Lima,447700900123\n'), async (session) => {
      const [row] = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 1 });

      expect(row?.record?.identifiers).to.deep.equal([{ kind: 'whatsapp', value: '+447700900123' }]);
    });
  });

  it('imports one user for one e-mail in two cases', async () => {
    const provider = openProvider();

    await withSession(fileOf('Name,Email\nAna Lima,Ana@Example.com\nAna Lima,ana@example.com\n'), async (session) => {
      const mapping = session.suggestMapping();
      const analysis = await session.analyze(mapping, GB, provider);
      const report = await session.run(mapping, GB, provider, { group: { name: 'Case' }, onExisting: 'skip' });

      expect(analysis.importable).to.equal(1);
      expect(analysis.duplicates).to.deep.equal([{ line: 3, duplicateOf: 2, key: 'email:ana@example.com' }]);
      expect(report.counts.created).to.equal(1);
    });
  });

  it('parses the same file again when chosen twice', async () => {
    const file = fileOf('Name,Email\nAna Lima,ana@example.com\n');

    const first = await ImportSession.open(file);
    first.close();
    const second = await ImportSession.open(file);
    const rows = await second.previewRecords(second.suggestMapping(), GB, { offset: 0, limit: 1 });
    second.close();

    expect(second).to.not.equal(first);
    expect(second.preview).to.deep.equal(first.preview);
    expect(rows[0]?.record?.name).to.equal('Ana Lima');
  });
});
