import { expect } from '@open-wc/testing';
import { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import { ImportRunError } from '../../src/import/errors.js';
import { rejectedRowsCsv } from '../../src/import/report-csv.js';
import { ImportSession } from '../../src/import/session.js';
import type { ImportOptions, UserDataProvider } from '../../src/data/provider.js';
import type { MappingOptions } from '../../src/import/types.js';
import { cleanUpProviders, freshDatabaseName, openProvider } from '../indexeddb/helpers.js';
import { GB, fileOf, fixtureFile } from './helpers.js';

const GROUP: ImportOptions = { group: { name: 'Imported' }, onExisting: 'skip' };

/** Builds a file of `count` people, each with a distinct e-mail and a UK number from the range kept for fiction. */
function peopleFile(count: number, extraHeader = '', extra: (index: number) => string = () => ''): File {
  const lines = [`Name,Email,Phone${extraHeader ? `,${extraHeader}` : ''}`];
  for (let index = 0; index < count; index++) {
    const phone = `+44 7700 9${String(index).padStart(5, '0')}`;
    lines.push(`Person ${index},person${index}@example.com,${phone}${extraHeader ? `,${extra(index)}` : ''}`);
  }
  return fileOf(lines.join('\n'));
}

/** Wraps a provider without its import target, so that lookups and batches pass through the page. */
function pageOnly(provider: UserDataProvider): UserDataProvider {
  return new Proxy(provider, {
    get(target, property) {
      if (property === 'importTarget') return undefined;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('ImportSession with a provider', () => {
  let session: ImportSession | undefined;

  afterEach(async () => {
    session?.close();
    session = undefined;
    await cleanUpProviders();
  });

  describe('analyze', () => {
    it('counts rows of the hostile file', async () => {
      const provider = openProvider();
      session = await ImportSession.open(await fixtureFile('hostile.csv'));

      const analysis = await session.analyze(session.suggestMapping(), GB, provider);

      expect(analysis.totalRows).to.equal(9);
      expect(analysis.importable).to.equal(6);
      expect(analysis.newUsers).to.equal(6);
      expect(analysis.rejected.map((row) => [row.line, row.code])).to.deep.equal([
        [4, 'name-required'],
        [5, 'identifier-required'],
      ]);
      expect(analysis.duplicates).to.deep.equal([{ line: 6, duplicateOf: 2, key: 'phone:+12015550183' }]);
      expect(analysis.raggedRows).to.deep.equal([{ line: 7, cells: 2, expected: 6 }]);
    });

    it('finds existing users by identifier', async () => {
      const provider = openProvider();
      const existing = await provider.createUser({ name: 'Ana Lima', identifiers: [{ kind: 'email', value: 'ana@example.com' }] });
      session = await ImportSession.open(fileOf('Name,Email\nAna L.,ANA@example.com\nBen Ode,ben@example.com\n'));

      const analysis = await session.analyze(session.suggestMapping(), GB, provider);

      expect(analysis.existingUsers).to.equal(1);
      expect(analysis.newUsers).to.equal(1);
      expect(analysis.existing).to.deep.equal([{ line: 2, userId: existing.id, name: 'Ana Lima', key: 'email:ana@example.com' }]);
    });

    it('finds existing users while mapping', async () => {
      const provider = openProvider();
      const early = await provider.createUser({ name: 'Stored Early', identifiers: [{ kind: 'email', value: 'person5@example.com' }] });
      const merged = await provider.createUser({ name: 'Stored Merged', identifiers: [{ kind: 'email', value: 'stored@example.com' }] });
      const late = await provider.createUser({ name: 'Stored Late', identifiers: [{ kind: 'phone', value: '+44 7700 905900' }] });
      // The last row merges into person 10 and brings the e-mail of a stored user with it.
      const people = await peopleFile(6000).text();
      session = await ImportSession.open(fileOf(`${people}\nPerson 10 again,person10@example.com ::: stored@example.com,`));
      const mapping = session.suggestMapping();

      const analysis = await session.analyze(mapping, GB, provider);
      const throughPage = await session.analyze(mapping, GB, pageOnly(provider));

      expect(analysis.duplicates.map((row) => row.line)).to.deep.equal([6002]);
      expect(analysis.existing).to.deep.equal([
        { line: 7, userId: early.id, name: 'Stored Early', key: 'email:person5@example.com' },
        { line: 12, userId: merged.id, name: 'Stored Merged', key: 'email:stored@example.com' },
        { line: 5902, userId: late.id, name: 'Stored Late', key: 'phone:+447700905900' },
      ]);
      expect(analysis.existingUsers).to.equal(3);
      expect(analysis.newUsers).to.equal(5997);
      expect(throughPage.existing).to.deep.equal(analysis.existing);
    });

    it('lists dropped columns without a form', async () => {
      const provider = openProvider();
      session = await ImportSession.open(fileOf('Name,Email,Company,Nickname\nAna,ana@example.com,Initech,\n'));
      const mapping = session.suggestMapping();
      mapping[3] = { ...mapping[3]!, field: 'text' };

      const dropped = await session.analyze(mapping, GB, provider);
      const kept = await session.analyze(mapping, { ...GB, keepUnmappedAsAttributes: true }, provider);

      expect(dropped.droppedColumns).to.deep.equal([2]);
      expect(kept.droppedColumns).to.deep.equal([]);
    });

    it('previews extra groups with their sizes', async () => {
      const provider = openProvider();
      session = await ImportSession.open(peopleFile(5, 'Tags', (index) => (index % 2 === 0 ? '"even, all"' : 'all')));
      const mapping = session.suggestMapping();

      const analysis = await session.analyze(mapping, { ...GB, groupColumn: 3 }, provider);

      expect(analysis.groups).to.deep.equal([
        { name: 'even', size: 3 },
        { name: 'all', size: 5 },
      ]);
    });

    it('reports rows mapped, then identifiers looked up', async () => {
      const provider = openProvider();
      session = await ImportSession.open(peopleFile(300));
      const progress: [string, number, number][] = [];

      await session.analyze(session.suggestMapping(), GB, provider, {
        onProgress: (done, total, phase) => progress.push([phase, done, total]),
      });

      expect(progress).to.deep.equal([
        ['map', 300, 300],
        ['lookup', 600, 600],
      ]);
    });

    it('reports lookups per chunk through the page', async () => {
      const provider = pageOnly(openProvider());
      session = await ImportSession.open(peopleFile(300));
      const progress: [string, number, number][] = [];

      await session.analyze(session.suggestMapping(), GB, provider, {
        onProgress: (done, total, phase) => progress.push([phase, done, total]),
      });

      expect(progress).to.deep.equal([
        ['map', 300, 300],
        ['lookup', 500, 600],
        ['lookup', 600, 600],
      ]);
    });

    it('maps the file again only when the records change', async () => {
      const provider = openProvider();
      session = await ImportSession.open(peopleFile(3));
      const mapping = session.suggestMapping();
      const mapped: number[] = [];
      const onProgress = (done: number, _total: number, phase: string) => {
        if (phase === 'map') mapped.push(done);
      };

      await session.analyze(mapping, GB, provider, { onProgress });
      mapping[0] = { ...mapping[0]!, description: 'Written by hand', label: 'Person' };
      await session.analyze(mapping, GB, provider, { onProgress });
      await session.analyze(mapping, { ...GB, defaultCountry: 'US' }, provider, { onProgress });

      expect(mapped).to.deep.equal([3, 3]);
    });
  });

  describe('run', () => {
    it('stores the records and reports what the provider stored', async () => {
      const provider = openProvider();
      session = await ImportSession.open(await fixtureFile('hostile.csv'));
      const progress: number[] = [];

      const report = await session.run(session.suggestMapping(), GB, provider, GROUP, { batchSize: 4, onProgress: (done) => progress.push(done) });

      expect(report.counts).to.deep.equal({ created: 6, updated: 0, skipped: 0, rejected: 0 });
      expect(report.job.status).to.equal('complete');
      expect(progress).to.deep.equal([4, 6]);
      const page = await provider.queryUsers({ offset: 0, limit: 10, filter: { groupIds: [report.job.groupId] } });
      expect(page.total).to.equal(6);
      expect(page.items.every((user) => user.source.type === 'import' && user.source.importId === report.importId)).to.equal(true);
    });

    it('stores formulas and markup as plain text', async () => {
      const provider = openProvider();
      session = await ImportSession.open(await fixtureFile('hostile.csv'));
      const options: MappingOptions = { ...GB, keepUnmappedAsAttributes: true };

      await session.run(session.suggestMapping(), options, provider, GROUP);

      const [formula] = await provider.findByIdentifiers([{ kind: 'email', value: 'arjun.mehta1@example.com' }]);
      const [markup] = await provider.findByIdentifiers([{ kind: 'email', value: 'markup@example.com' }]);
      expect(formula?.user.attributes['comment']).to.equal('=HYPERLINK("http://attacker.invalid","click")');
      expect(markup?.user.name).to.equal('<img src=x onerror=alert(1)>');
      expect(markup?.user.attributes['comment']).to.equal('<script>alert(2)</script>');
    });

    it('creates a form for kept columns', async () => {
      const provider = openProvider();
      session = await ImportSession.open(fileOf('Name,Email,Zip\nAna,ana@example.com,0042\n'));

      const report = await session.run(session.suggestMapping(), { ...GB, keepUnmappedAsAttributes: true }, provider, GROUP);

      const forms = await provider.listForms();
      expect(forms.map((form) => form.fields)).to.deep.equal([[{ key: 'zip', label: 'Zip', type: 'text' }]]);
      expect(report.job.formId).to.equal(forms[0]?.id);
      const [match] = await provider.findByIdentifiers([{ kind: 'email', value: 'ana@example.com' }]);
      expect(match?.user.attributes).to.deep.equal({ zip: '0042' });
    });

    it('creates extra groups from a column', async () => {
      const provider = openProvider();
      session = await ImportSession.open(peopleFile(4, 'Team', (index) => (index < 3 ? 'North' : 'South')));

      const report = await session.run(session.suggestMapping(), { ...GB, groupColumn: 3 }, provider, GROUP);

      const groups = await provider.listGroups();
      const sizes = Object.fromEntries(groups.map((group) => [group.name, group.memberCount]));
      expect(sizes).to.deep.equal({ Imported: 4, North: 3, South: 1 });
      expect(Object.keys(report.job.extraGroupIds).sort()).to.deep.equal(['North', 'South']);
    });

    it('merges same-person rows into one user', async () => {
      const provider = openProvider();
      session = await ImportSession.open(fileOf('Email,Name\nAna@Example.com,Ana Lima\nana@example.com,Ana\n'));

      const report = await session.run(session.suggestMapping(), GB, provider, GROUP);

      expect(report.counts.created).to.equal(1);
      expect(report.duplicates).to.have.length(1);
    });

    it('offers the rejected rows as CSV', async () => {
      const provider = openProvider();
      session = await ImportSession.open(await fixtureFile('hostile.csv'));

      const report = await session.run(session.suggestMapping(), GB, provider, GROUP);
      const lines = rejectedRowsCsv(report).split('\r\n');

      expect(lines[0]).to.equal('\uFEFFLine,Reason,Name,Phone,Email,Email (2),Column 5,Comment');
      expect(lines[1]).to.equal(
        "4,No name: the Full Name or First Name column is empty.,,'+61 491 571 449,noname@example.com,,,no name: must be rejected with a reason",
      );
      expect(lines[2]).to.match(/^5,"No contact identifier/);
      expect(lines).to.have.length(4);
    });

    it('cancels through the signal', async () => {
      const provider = openProvider();
      session = await ImportSession.open(peopleFile(50));
      const controller = new AbortController();

      let error: unknown;
      try {
        await session.run(session.suggestMapping(), GB, provider, GROUP, {
          batchSize: 10,
          signal: controller.signal,
          onProgress: (done) => {
            if (done === 20) controller.abort();
          },
        });
      } catch (caught) {
        error = caught;
      }

      expect((error as Error).name).to.equal('AbortError');
      const [job] = await provider.listImports();
      expect(job?.status).to.equal('cancelled');
      expect((await provider.queryUsers({ offset: 0, limit: 1 })).total).to.equal(0);
    });

    it('resumes after the provider stopped', async () => {
      const databaseName = freshDatabaseName('resume');
      const first = openProvider({ databaseName });
      session = await ImportSession.open(peopleFile(50));
      const mapping = session.suggestMapping();

      let error: unknown;
      try {
        await session.run(mapping, GB, first, GROUP, {
          batchSize: 10,
          onProgress: (done) => {
            if (done === 20) first.close();
          },
        });
      } catch (caught) {
        error = caught;
      }

      // The worker may store a batch or two more before it hears that the provider closed.
      expect(error).to.be.instanceOf(ImportRunError);
      const failure = error as ImportRunError;
      expect(failure.lastBatch).to.be.at.least(1);
      expect(failure.counts.created).to.equal((failure.lastBatch + 1) * 10);

      const second = openProvider({ databaseName });
      const report = await session.resume(failure.importId, second);

      expect(report.importId).to.equal(failure.importId);
      expect(report.counts.created).to.equal(50);
      expect((await second.queryUsers({ offset: 0, limit: 1 })).total).to.equal(50);
    });

    it('leaves a stopped import for undo', async () => {
      const databaseName = freshDatabaseName('undo');
      const first = openProvider({ databaseName });
      session = await ImportSession.open(peopleFile(30));

      let failure: ImportRunError | undefined;
      try {
        await session.run(session.suggestMapping(), GB, first, GROUP, {
          batchSize: 10,
          onProgress: (done) => {
            if (done === 10) first.close();
          },
        });
      } catch (caught) {
        failure = caught as ImportRunError;
      }

      const second = new IndexedDBProvider({ databaseName, crossTab: false });
      try {
        const job = await second.undoImport(failure?.importId ?? '');
        expect(job.status).to.equal('undone');
        expect((await second.queryUsers({ offset: 0, limit: 1 })).total).to.equal(0);
      } finally {
        second.close();
      }
    });
  });
});
