import { expect } from '@open-wc/testing';
import { AbortedError, ConflictError, NotFoundError } from '../../src/data/errors.js';
import type { ExistingUserPolicy, ImportCounts, ImportJob, ImportRecord } from '../../src/data/provider.js';
import type { ChannelKind, User, UserInput } from '../../src/model/types.js';
import { abortedSignal, expectDataError, sortedIds, useFreshProvider, type ProviderFactory } from './helpers.js';

const NO_COUNTS: ImportCounts = { created: 0, updated: 0, skipped: 0, rejected: 0 };

function record(
  line: number,
  name: string,
  identifiers: [ChannelKind, string][],
  extra: Partial<UserInput> & { extraGroups?: string[] } = {},
): ImportRecord {
  const { extraGroups, ...user } = extra;
  const result: ImportRecord = { line, user: { name, identifiers: identifiers.map(([kind, value]) => ({ kind, value })), ...user } };
  if (extraGroups) result.extraGroups = extraGroups;
  return result;
}

/** Returns the fields an import may change, to compare a user before and after. */
function importableFields(user: User): Partial<User> {
  const { name, firstName, lastName, identifiers, attributes, groupIds, source, preferences, primaryChannel } = user;
  return { name, firstName, lastName, identifiers, attributes, groupIds, source, preferences, primaryChannel };
}

function identifierValues(user: User): string[] {
  return user.identifiers.map((identifier) => identifier.value).sort();
}

function rejectionKeys(rejections: readonly { line: number; code: string }[]): string[] {
  return rejections.map((rejection) => `${rejection.line}:${rejection.code}`);
}

/** Declares the tests of the import operation. */
export function describeImports(factory: ProviderFactory): void {
  describe('imports', () => {
    const handle = useFreshProvider(factory);

    const start = (onExisting: ExistingUserPolicy = 'skip', name = 'Trade fair 2024'): Promise<ImportJob> =>
      handle.provider.startImport({ group: { name }, onExisting });

    const allUsers = async (): Promise<User[]> => (await handle.provider.queryUsers({ offset: 0, limit: 100 })).items;

    describe('startImport', () => {
      it('creates the job and its group', async () => {
        const before = Date.now();

        const job = await handle.provider.startImport({
          group: { name: 'Trade fair 2024', description: 'Visitors of stand 12', tags: ['fair'] },
          onExisting: 'skip',
          expectedRecords: 10,
        });

        expect(job.id).to.be.a('string').and.not.equal('');
        expect(job.status).to.equal('running');
        expect(job.lastBatch).to.equal(-1);
        expect(job.counts).to.deep.equal(NO_COUNTS);
        expect(job.startedAt).to.be.within(before, Date.now());
        expect(job.options.onExisting).to.equal('skip');
        expect(job.extraGroupIds).to.deep.equal({});
        expect(job.formId).to.equal(undefined);
        const group = await handle.provider.getGroup(job.groupId);
        expect(group.name).to.equal('Trade fair 2024');
        expect(group.description).to.equal('Visitors of stand 12');
        expect(group.tags).to.deep.equal(['fair']);
        expect(group.importId).to.equal(job.id);
        expect(group.memberCount).to.equal(0);
        expect(await handle.provider.getImport(job.id)).to.deep.equal(job);
      });

      it('creates the form and extra groups', async () => {
        const fields = [{ key: 'company', label: 'Company', type: 'text' as const }];

        const job = await handle.provider.startImport({
          group: { name: 'Trade fair 2024' },
          form: { name: 'Trade fair form', fields },
          extraGroups: [{ name: 'Hall A' }, { name: 'Hall B', tags: ['hall'] }],
          onExisting: 'skip',
        });

        expect(job.formId).to.be.a('string');
        const form = await handle.provider.getForm(job.formId as string);
        expect(form.fields).to.deep.equal(fields);
        expect((await handle.provider.getGroup(job.groupId)).formId).to.equal(job.formId);
        expect(Object.keys(job.extraGroupIds).sort()).to.deep.equal(['Hall A', 'Hall B']);
        const hallB = await handle.provider.getGroup(job.extraGroupIds['Hall B'] as string);
        expect(hallB.name).to.equal('Hall B');
        expect(hallB.tags).to.deep.equal(['hall']);
        expect(hallB.importId).to.equal(job.id);
      });

      it('returns the same job for a retried start', async () => {
        const options = { importId: 'import-fair', group: { name: 'Trade fair 2024' }, onExisting: 'skip' as const };

        const first = await handle.provider.startImport(options);
        const second = await handle.provider.startImport(options);

        expect(first.id).to.equal('import-fair');
        expect(second.id).to.equal(first.id);
        expect(second.groupId).to.equal(first.groupId);
        expect(await handle.provider.listGroups()).to.have.length(1);
        expect(await handle.provider.listImports()).to.have.length(1);
      });

      it('rejects a taken group name', async () => {
        await handle.provider.createGroup({ name: 'Trade fair 2024' });

        await expectDataError(start(), ConflictError);

        expect(await handle.provider.listGroups()).to.have.length(1);
        expect(await handle.provider.listImports()).to.deep.equal([]);
      });
    });

    describe('writeImportBatch', () => {
      it('creates users', async () => {
        const job = await start();

        const result = await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Lovelace', [['phone', '+44 7700 900001']], { attributes: { company: 'Analytical' } }),
          { line: 3, user: { firstName: 'Grace', lastName: 'Hopper', identifiers: [{ kind: 'email', value: 'Grace@Example.com' }] } },
          record(4, 'Alan Turing', [['instagram', '@alan.t']]),
        ]);

        expect(result).to.deep.equal({ batch: 0, counts: { ...NO_COUNTS, created: 3 }, rejections: [], replayed: false });
        const users = await allUsers();
        expect(users.map((user) => user.name).sort()).to.deep.equal(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
        expect(users.flatMap(identifierValues).sort()).to.deep.equal(['+447700900001', 'alan.t', 'grace@example.com']);
        for (const user of users) {
          expect(user.source, user.name).to.deep.equal({ type: 'import', importId: job.id });
          expect(user.groupIds, user.name).to.deep.equal([job.groupId]);
        }
        expect(users.find((user) => user.name === 'Ada Lovelace')?.attributes).to.deep.equal({ company: 'Analytical' });
        expect((await handle.provider.getGroup(job.groupId)).memberCount).to.equal(3);
      });

      it('updates the job', async () => {
        const job = await start();

        await handle.provider.writeImportBatch(job.id, 0, [record(2, 'Ada Lovelace', [['phone', '+447700900001']])]);
        await handle.provider.writeImportBatch(job.id, 1, [
          record(3, 'Grace Hopper', [['phone', '+447700900002']]),
          record(4, '', [['phone', '+447700900003']]),
        ]);

        const stored = await handle.provider.getImport(job.id);
        expect(stored.lastBatch).to.equal(1);
        expect(stored.counts).to.deep.equal({ ...NO_COUNTS, created: 2, rejected: 1 });
        expect(stored.status).to.equal('running');
      });

      it('joins extra groups by name', async () => {
        const job = await handle.provider.startImport({
          group: { name: 'Trade fair 2024' },
          extraGroups: [{ name: 'Hall A' }, { name: 'Hall B' }],
          onExisting: 'skip',
        });
        const hallA = job.extraGroupIds['Hall A'] as string;

        await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Lovelace', [['phone', '+447700900001']], { extraGroups: ['Hall A'] }),
          record(3, 'Grace Hopper', [['phone', '+447700900002']]),
        ]);

        const [ada] = (await handle.provider.findByIdentifiers([{ kind: 'phone', value: '+447700900001' }])).map((match) => match.user);
        expect([...(ada?.groupIds ?? [])].sort()).to.deep.equal([job.groupId, hallA].sort());
        expect((await handle.provider.getGroup(hallA)).memberCount).to.equal(1);
        expect((await handle.provider.getGroup(job.extraGroupIds['Hall B'] as string)).memberCount).to.equal(0);
      });

      it('rejects invalid records with their lines', async () => {
        const job = await start();

        const result = await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Lovelace', [['phone', '+447700900001']]),
          record(3, '', [['phone', '+447700900002']]),
          record(4, 'Grace Hopper', [['phone', '4,47701E+11']]),
          record(5, 'Alan Turing', []),
          record(6, 'Annie Easley', [['email', 'annie@example']]),
          record(7, 'Edsger Dijkstra', [['email', 'edsger@example.com']]),
        ]);

        expect(result.counts).to.deep.equal({ ...NO_COUNTS, created: 2, rejected: 4 });
        expect(rejectionKeys(result.rejections)).to.have.members([
          '3:name-required',
          '4:scientific-notation',
          '5:identifier-required',
          '6:invalid-email',
        ]);
        expect(result.rejections.find((rejection) => rejection.line === 4)?.value).to.equal('4,47701E+11');
        for (const rejection of result.rejections) expect(rejection.message, `line ${rejection.line}`).to.be.a('string').and.not.equal('');
        expect((await allUsers()).map((user) => user.name).sort()).to.deep.equal(['Ada Lovelace', 'Edsger Dijkstra']);
      });

      it('counts every record once', async () => {
        const job = await start('skip');
        await handle.provider.createUser({ name: 'Existing', identifiers: [{ kind: 'phone', value: '+447700900009' }] });
        const records = [
          record(2, 'Ada Lovelace', [['phone', '+447700900001']]),
          record(3, 'Existing Again', [['phone', '+447700900009']]),
          record(4, 'Ada Again', [['phone', '+447700900001']]),
          record(5, '', [['phone', '+447700900005']]),
        ];

        const result = await handle.provider.writeImportBatch(job.id, 0, records);

        const { created, updated, skipped, rejected } = result.counts;
        expect(created + updated + skipped + rejected).to.equal(records.length);
        expect(result.counts).to.deep.equal({ created: 1, updated: 0, skipped: 1, rejected: 2 });
      });

      it('does not write a replayed batch', async () => {
        const job = await start();
        const records = [record(2, 'Ada Lovelace', [['phone', '+447700900001']]), record(3, 'Grace Hopper', [['phone', '+447700900002']])];
        await handle.provider.writeImportBatch(job.id, 0, records);

        const replay = await handle.provider.writeImportBatch(job.id, 0, records);

        expect(replay.replayed).to.equal(true);
        expect(replay.batch).to.equal(0);
        expect(await allUsers()).to.have.length(2);
        const stored = await handle.provider.getImport(job.id);
        expect(stored.counts).to.deep.equal({ ...NO_COUNTS, created: 2 });
        expect(stored.lastBatch).to.equal(0);
        expect((await handle.provider.getGroup(job.groupId)).memberCount).to.equal(2);
      });

      it('writes nothing when aborted', async () => {
        const job = await start();
        const records = [record(2, 'Ada Lovelace', [['phone', '+447700900001']])];

        await expectDataError(handle.provider.writeImportBatch(job.id, 0, records, { signal: abortedSignal() }), AbortedError);
        const afterAbort = await handle.provider.getImport(job.id);
        const usersAfterAbort = await allUsers();
        const retry = await handle.provider.writeImportBatch(job.id, 0, records);

        expect(afterAbort.lastBatch).to.equal(-1);
        expect(usersAfterAbort).to.deep.equal([]);
        expect(retry.replayed).to.equal(false);
        expect(retry.counts.created).to.equal(1);
      });

      it('rejects duplicates within a batch', async () => {
        const job = await start('overwrite');

        const result = await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Lovelace', [['phone', '+447700900123']]),
          record(3, 'Ada L.', [['whatsapp', '+44 7700 900123']]),
          record(4, 'Grace Hopper', [['email', 'grace@example.com']]),
          record(5, 'Grace H.', [['email', 'GRACE@example.com']]),
        ]);

        expect(result.counts).to.deep.equal({ ...NO_COUNTS, created: 2, rejected: 2 });
        expect(result.rejections.map(({ line, code, value }) => ({ line, code, value }))).to.deep.equal([
          { line: 3, code: 'duplicate-in-file', value: '2' },
          { line: 5, code: 'duplicate-in-file', value: '4' },
        ]);
        expect((await allUsers()).map((user) => user.name).sort()).to.deep.equal(['Ada Lovelace', 'Grace Hopper']);
      });

      it('rejects duplicates across batches', async () => {
        const job = await start('overwrite');
        await handle.provider.writeImportBatch(job.id, 0, [record(2, 'Ada Lovelace', [['phone', '+447700900123']])]);

        const result = await handle.provider.writeImportBatch(job.id, 1, [
          record(40, 'Ada Byron', [['phone', '+447700900123'], ['email', 'ada@example.com']]),
        ]);

        expect(result.counts).to.deep.equal({ ...NO_COUNTS, rejected: 1 });
        expect(rejectionKeys(result.rejections)).to.deep.equal(['40:duplicate-in-file']);
        const users = await allUsers();
        expect(users.map((user) => user.name)).to.deep.equal(['Ada Lovelace']);
        expect(identifierValues(users[0] as User)).to.deep.equal(['+447700900123']);
      });

      it('rejects a record matching two users', async () => {
        const job = await start('overwrite');
        const ada = await handle.provider.createUser({ name: 'Ada', identifiers: [{ kind: 'phone', value: '+447700900001' }] });
        const grace = await handle.provider.createUser({ name: 'Grace', identifiers: [{ kind: 'email', value: 'grace@example.com' }] });

        const result = await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Grace', [['phone', '+447700900001'], ['email', 'grace@example.com']]),
        ]);

        expect(result.counts).to.deep.equal({ ...NO_COUNTS, rejected: 1 });
        expect(rejectionKeys(result.rejections)).to.deep.equal(['2:identifier-conflict']);
        expect(await handle.provider.getUser(ada.id)).to.deep.equal(ada);
        expect(await handle.provider.getUser(grace.id)).to.deep.equal(grace);
      });
    });

    describe('existing users', () => {
      let existing: User;

      beforeEach(async () => {
        existing = await handle.provider.createUser({
          name: 'Old Name',
          identifiers: [{ kind: 'phone', value: '+447700900001' }],
          attributes: { city: 'Leeds', vip: 'yes' },
          createdAt: Date.UTC(2020, 0, 1),
        });
      });

      const importOver = async (onExisting: ExistingUserPolicy): Promise<{ job: ImportJob; counts: ImportCounts; user: User }> => {
        const job = await start(onExisting);
        const result = await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'New Name', [['whatsapp', '+44 7700 900001'], ['email', 'new@example.com']], {
            attributes: { city: 'York', size: 'L' },
          }),
        ]);
        return { job, counts: result.counts, user: await handle.provider.getUser(existing.id) };
      };

      it('skips with skip', async () => {
        const { job, counts, user } = await importOver('skip');

        expect(counts).to.deep.equal({ ...NO_COUNTS, skipped: 1 });
        expect(user.name).to.equal('Old Name');
        expect(user.identifiers).to.deep.equal(existing.identifiers);
        expect(user.attributes).to.deep.equal({ city: 'Leeds', vip: 'yes' });
        expect(user.source).to.deep.equal(existing.source);
        expect(user.groupIds).to.deep.equal([job.groupId]);
        expect((await handle.provider.getGroup(job.groupId)).memberCount).to.equal(1);
        expect(await allUsers()).to.have.length(1);
      });

      it('fills empty fields with fill-empty', async () => {
        const { job, counts, user } = await importOver('fill-empty');

        expect(counts).to.deep.equal({ ...NO_COUNTS, updated: 1 });
        expect(user.name).to.equal('Old Name');
        expect(user.attributes).to.deep.equal({ city: 'Leeds', vip: 'yes', size: 'L' });
        expect(identifierValues(user)).to.include.members(['+447700900001', 'new@example.com']);
        expect(user.source).to.deep.equal(existing.source);
        expect(user.groupIds).to.deep.equal([job.groupId]);
        expect(await allUsers()).to.have.length(1);
      });

      it('replaces fields with overwrite', async () => {
        const { job, counts, user } = await importOver('overwrite');

        expect(counts).to.deep.equal({ ...NO_COUNTS, updated: 1 });
        expect(user.name).to.equal('New Name');
        expect(user.attributes).to.deep.equal({ city: 'York', vip: 'yes', size: 'L' });
        expect(identifierValues(user)).to.include.members(['+447700900001', 'new@example.com']);
        expect(user.source).to.deep.equal(existing.source);
        expect(user.createdAt).to.equal(existing.createdAt);
        expect(user.groupIds).to.deep.equal([job.groupId]);
        expect(await allUsers()).to.have.length(1);
      });
    });

    describe('finish, cancel and undo', () => {
      let existing: User;
      let untouched: User;

      beforeEach(async () => {
        existing = await handle.provider.createUser({
          name: 'Old Name',
          identifiers: [{ kind: 'phone', value: '+447700900001' }],
          attributes: { city: 'Leeds' },
        });
        untouched = await handle.provider.createUser({ name: 'Bystander', identifiers: [{ kind: 'phone', value: '+447700900099' }] });
      });

      const runImport = async (onExisting: ExistingUserPolicy): Promise<ImportJob> => {
        const job = await handle.provider.startImport({
          group: { name: 'Trade fair 2024' },
          form: { name: 'Trade fair form', fields: [{ key: 'size', label: 'Size', type: 'text' }] },
          extraGroups: [{ name: 'Hall A' }],
          onExisting,
        });
        await handle.provider.writeImportBatch(job.id, 0, [
          record(2, 'Ada Lovelace', [['phone', '+447700900002']], { extraGroups: ['Hall A'] }),
          record(3, 'New Name', [['phone', '+447700900001'], ['email', 'new@example.com']], { attributes: { city: 'York', size: 'L' } }),
        ]);
        await handle.provider.writeImportBatch(job.id, 1, [record(4, 'Grace Hopper', [['email', 'grace@example.com']])]);
        return job;
      };

      const expectUndone = async (job: ImportJob): Promise<void> => {
        expect(sortedIds(await allUsers())).to.deep.equal(sortedIds([existing, untouched]));
        expect(importableFields(await handle.provider.getUser(existing.id))).to.deep.equal(importableFields(existing));
        expect(await handle.provider.getUser(untouched.id)).to.deep.equal(untouched);
        await expectDataError(handle.provider.getGroup(job.groupId), NotFoundError);
        await expectDataError(handle.provider.getGroup(job.extraGroupIds['Hall A'] as string), NotFoundError);
        await expectDataError(handle.provider.getForm(job.formId as string), NotFoundError);
        expect(await handle.provider.listGroups()).to.deep.equal([]);
      };

      it('finishes an import', async () => {
        const job = await runImport('skip');

        const finished = await handle.provider.finishImport(job.id);

        expect(finished.status).to.equal('complete');
        expect(finished.finishedAt).to.be.at.least(finished.startedAt);
        expect(finished.counts).to.deep.equal({ ...NO_COUNTS, created: 2, skipped: 1 });
        expect(finished.lastBatch).to.equal(1);
        expect(await handle.provider.getImport(job.id)).to.deep.equal(finished);
      });

      it('undoes a cancelled import', async () => {
        const job = await runImport('overwrite');

        const cancelled = await handle.provider.cancelImport(job.id);

        expect(cancelled.status).to.equal('cancelled');
        expect((await handle.provider.getImport(job.id)).status).to.equal('cancelled');
        await expectUndone(job);
      });

      it('undoes a finished import', async () => {
        const job = await runImport('overwrite');
        await handle.provider.finishImport(job.id);

        const undone = await handle.provider.undoImport(job.id);

        expect(undone.status).to.equal('undone');
        expect((await handle.provider.getImport(job.id)).status).to.equal('undone');
        await expectUndone(job);
      });

      it('undoes filled fields', async () => {
        const job = await runImport('fill-empty');
        const filled = await handle.provider.getUser(existing.id);
        await handle.provider.finishImport(job.id);

        await handle.provider.undoImport(job.id);

        expect(filled.attributes).to.deep.equal({ city: 'Leeds', size: 'L' });
        await expectUndone(job);
      });

      it('lists imports newest first', async () => {
        const first = await start('skip', 'First');
        const second = await start('skip', 'Second');
        const third = await start('skip', 'Third');
        await handle.provider.finishImport(second.id);

        const imports = await handle.provider.listImports();

        expect(sortedIds(imports)).to.deep.equal(sortedIds([first, second, third]));
        const times = imports.map((job) => job.startedAt);
        expect(times).to.deep.equal([...times].sort((a, b) => b - a));
        expect(imports.find((job) => job.id === second.id)?.status).to.equal('complete');
      });

      it('raises NotFoundError for missing imports', async () => {
        await expectDataError(handle.provider.getImport('missing-import'), NotFoundError);
        await expectDataError(handle.provider.writeImportBatch('missing-import', 0, []), NotFoundError);
        await expectDataError(handle.provider.finishImport('missing-import'), NotFoundError);
        await expectDataError(handle.provider.cancelImport('missing-import'), NotFoundError);
        await expectDataError(handle.provider.undoImport('missing-import'), NotFoundError);
      });
    });
  });
}
