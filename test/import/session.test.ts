import { expect } from '@open-wc/testing';
import { ImportSession } from '../../src/import/session.js';
import { SourceError } from '../../src/import/errors.js';
import { GB, fileOf, fixtureFile, withSession } from './helpers.js';

describe('ImportSession', () => {
  describe('open', () => {
    it('parses a file in the worker', async () => {
      await withSession(fileOf('Name,Phone\nAna Lima,+447700900123\n'), async (session) => {
        expect(session.preview.rowCount).to.equal(1);
        expect(session.preview.columns.map((column) => column.label)).to.deep.equal(['Name', 'Phone']);
        expect(session.preview.fileName).to.equal('contacts.csv');
        expect(session.preview.format).to.equal('csv');
      });
    });

    it('parses pasted text', async () => {
      await withSession('Name\tEmail\nAna Lima\tana@example.com', async (session) => {
        expect(session.preview.format).to.equal('text');
        expect(session.preview.delimiter).to.equal('\t');
        expect(session.preview.encoding).to.equal(undefined);
      });
    });

    it('drops a byte order mark from text', async () => {
      await withSession('\uFEFFsep=;\nName;Email\nAna Lima;ana@example.com\n', async (session) => {
        const [row] = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 1 });

        expect(session.preview.delimiter).to.equal(';');
        expect(session.preview.columns.map((column) => column.header)).to.deep.equal(['Name', 'Email']);
        expect(row?.record?.name).to.equal('Ana Lima');
      });
    });

    it('reports a quote that never closes', async () => {
      await withSession(fileOf('Name,Note\nAna,"open\nBen,closed\n'), async (session) => {
        expect(session.preview.quoteProblems).to.deep.equal([{ line: 2, code: 'unterminated-quote' }]);
        expect(session.preview.rowCount).to.equal(1);
      });
    });

    it('reports progress', async () => {
      const progress: number[] = [];

      const session = await ImportSession.open(fileOf('Name,Phone\nAna Lima,+447700900123\n'), {}, {
        onProgress: (step) => progress.push(step.bytes),
      });
      session.close();

      expect(progress.at(-1)).to.equal(34);
    });

    it('rejects an empty file', async () => {
      let error: unknown;

      try {
        await ImportSession.open(fileOf(''));
      } catch (caught) {
        error = caught;
      }

      expect(error).to.be.instanceOf(SourceError);
      expect((error as SourceError).code).to.equal('empty-source');
    });

    it('stops when the signal fires', async () => {
      const controller = new AbortController();
      const opening = ImportSession.open(await fixtureFile('hostile.csv'), {}, { signal: controller.signal });

      controller.abort();

      let error: unknown;
      try {
        (await opening).close();
      } catch (caught) {
        error = caught;
      }
      expect((error as Error).name).to.equal('AbortError');
    });

    it('reads the same file twice in a row', async () => {
      const file = await fixtureFile('hostile.csv');

      const first = await ImportSession.open(file);
      first.close();
      const second = await ImportSession.open(file);
      second.close();

      expect(first.preview.rowCount).to.equal(9);
      expect(second.preview.rowCount).to.equal(9);
      expect(second.suggestMapping()).to.deep.equal(first.suggestMapping());
    });
  });

  describe('reparse', () => {
    it('reads with a chosen delimiter', async () => {
      await withSession(fileOf('a;b;c,d\n1;2;3,4\n'), async (session) => {
        const detected = session.preview.delimiter;

        const preview = await session.reparse({ delimiter: ';' });

        expect(detected).to.equal(';');
        expect(preview.delimiter).to.equal(';');
        const comma = await session.reparse({ delimiter: ',' });
        expect(comma.columns.map((column) => column.header)).to.deep.equal(['a;b;c', 'd']);
        expect(session.preview).to.equal(comma);
      });
    });

    it('reads with a chosen encoding', async () => {
      await withSession(await fixtureFile('outlook-contacts.csv'), async (session) => {
        const wrong = await session.reparse({ encoding: 'utf-8' });
        const right = await session.reparse({ encoding: 'windows-1252' });

        expect(wrong.encoding).to.equal('utf-8');
        expect(right.encoding).to.equal('windows-1252');
        expect(right.settings.encoding).to.equal('windows-1252');
      });
    });

    it('reads another sheet of a workbook', async () => {
      await withSession(await fixtureFile('contacts.xlsx'), async (session) => {
        expect(session.preview.sheets).to.deep.equal(['Read me', 'Contacts']);
        expect(session.preview.sheet).to.equal('Contacts');

        const cover = await session.reparse({ sheet: 'Read me' });

        expect(cover.sheet).to.equal('Read me');
        expect(cover.rowCount).to.equal(0);
      });
    });

    it('reads with a chosen header line', async () => {
      await withSession(fileOf('Title\nName,Phone\nAna Lima,+447700900123\n'), async (session) => {
        expect(session.preview.headerLine).to.equal(2);

        const preview = await session.reparse({ headerLine: 0 });

        expect(preview.headerLine).to.equal(0);
        expect(preview.rowCount).to.equal(3);
        expect(preview.columns.map((column) => column.label)).to.deep.equal(['Column 1', 'Column 2']);
      });
    });
  });

  describe('previewRecords', () => {
    it('marks invalid cells and rejected rows', async () => {
      await withSession(fileOf('Name,Phone,Email\nAna Lima,4.47701E+11,ana@example.com\n,+447700900123,\n'), async (session) => {
        const rows = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 10 });

        expect(rows).to.have.length(2);
        expect(rows[0]?.line).to.equal(2);
        expect(rows[0]?.values[1]).to.deep.include({ raw: '4.47701E+11', issue: 'scientific-notation' });
        expect(rows[0]?.record?.identifiers).to.deep.equal([{ kind: 'email', value: 'ana@example.com' }]);
        expect(rows[1]?.rejection?.code).to.equal('name-required');
      });
    });

    it('returns the requested page', async () => {
      const lines = ['Name,Email', ...Array.from({ length: 30 }, (_, index) => `Person ${index},p${index}@example.com`)];
      await withSession(fileOf(lines.join('\n')), async (session) => {
        const rows = await session.previewRecords(session.suggestMapping(), GB, { offset: 10, limit: 5 });

        expect(rows.map((row) => row.line)).to.deep.equal([12, 13, 14, 15, 16]);
      });
    });

    it('marks a row merged into an earlier one', async () => {
      await withSession(fileOf('Name,Email\nAna Lima,Ana@Example.com\nAna L.,ana@example.com\n'), async (session) => {
        const rows = await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 10 });

        expect(rows[1]?.duplicateOf).to.equal(2);
      });
    });
  });

  describe('close', () => {
    it('rejects calls after closing', async () => {
      const session = await ImportSession.open('Name,Email\nAna,ana@example.com');

      session.close();

      let error: unknown;
      try {
        await session.previewRecords(session.suggestMapping(), GB, { offset: 0, limit: 1 });
      } catch (caught) {
        error = caught;
      }
      expect((error as Error).message).to.contain('closed');
    });
  });
});
