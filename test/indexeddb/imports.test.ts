import { expect } from '@open-wc/testing';
import { UnavailableError } from '../../src/data/errors.js';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { ImportRecord } from '../../src/data/provider.js';
import { cleanUpProviders, freshDatabaseName, openProvider } from './helpers.js';

/** Returns `count` records with distinct UK fiction-range numbers, lines from `firstLine`. */
function records(count: number, firstLine: number): ImportRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const line = firstLine + n;
    return {
      line,
      user: {
        name: `Imported Person ${line}`,
        identifiers: [
          { kind: 'phone', value: `+4477009${String(line).padStart(5, '0')}` },
          { kind: 'email', value: `person${line}@example.com` },
        ],
      },
    };
  });
}

async function userCount(provider: IndexedDBProvider): Promise<number> {
  return (await provider.queryUsers({ offset: 0, limit: 0 })).total;
}

describe('IndexedDBProvider imports', () => {
  afterEach(cleanUpProviders);

  it('stores whole batches around a close', async () => {
    const name = freshDatabaseName();
    const first = openProvider({ databaseName: name });
    const job = await first.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
    await first.writeImportBatch(job.id, 0, records(500, 0));

    // close() lets transactions already running finish, so batches 1 and 2
    // are each either stored whole or not started, and batch 3 is refused.
    const writes = [1, 2].map((batch) => first.writeImportBatch(job.id, batch, records(500, batch * 500)));
    setTimeout(() => first.close(), 0);
    const outcomes = await Promise.allSettled(writes);
    outcomes.push(...(await Promise.allSettled([first.writeImportBatch(job.id, 3, records(500, 1500))])));

    const second = openProvider({ databaseName: name });
    const stored = await second.getImport(job.id);
    const storedBatches = outcomes.filter((outcome) => outcome.status === 'fulfilled').length + 1;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).to.be.instanceOf(UnavailableError);
    }
    expect(outcomes.at(-1)?.status).to.equal('rejected');
    expect(stored.lastBatch).to.equal(storedBatches - 1);
    expect(stored.counts.created).to.equal(storedBatches * 500);
    expect(await userCount(second)).to.equal(storedBatches * 500);
    expect((await second.getGroup(job.groupId)).memberCount).to.equal(storedBatches * 500);

    for (let batch = stored.lastBatch + 1; batch <= 3; batch++) {
      await second.writeImportBatch(job.id, batch, records(500, batch * 500));
    }
    expect(await userCount(second)).to.equal(2000);
    expect((await second.getImport(job.id)).counts.created).to.equal(2000);
  });

  it('undoes overwrites and keeps later members', async () => {
    const provider = openProvider();
    const existing = await provider.createUser({
      name: 'Kept Person',
      identifiers: [{ kind: 'phone', value: '+447700900001' }],
      attributes: { city: 'Leeds' },
    });
    const other = await provider.createGroup({ name: 'Other' });
    const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'overwrite' });
    await provider.writeImportBatch(job.id, 0, [
      { line: 2, user: { name: 'Renamed', identifiers: [{ kind: 'phone', value: '+447700900001' }], attributes: { city: 'York' } } },
    ]);
    await provider.writeImportBatch(job.id, 1, [
      { line: 3, user: { name: 'Renamed Again', identifiers: [{ kind: 'phone', value: '+447700900001' }, { kind: 'email', value: 'kept@example.com' }] } },
    ]);
    const imported = await provider.getUser(existing.id);
    await provider.addToGroup(other.id, { ids: [existing.id] });

    await provider.undoImport(job.id);
    const restored = await provider.getUser(existing.id);

    expect(imported.name).to.equal('Renamed Again');
    expect(imported.identifiers).to.have.length(2);
    expect(restored.name).to.equal('Kept Person');
    expect(restored.attributes).to.deep.equal({ city: 'Leeds' });
    expect(restored.identifiers).to.deep.equal(existing.identifiers);
    expect(restored.groupIds).to.deep.equal([other.id]);
    expect(await provider.findByIdentifiers([{ kind: 'email', value: 'kept@example.com' }])).to.deep.equal([]);
  });

  it('undoes twice without harm', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
    await provider.writeImportBatch(job.id, 0, records(20, 0));

    const first = await provider.undoImport(job.id);
    const second = await provider.undoImport(job.id);

    expect(first.status).to.equal('undone');
    expect(second).to.deep.equal(first);
    expect(await userCount(provider)).to.equal(0);
  });

  it('answers a replayed batch with its result', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
    const batch = [...records(3, 10), { line: 13, user: { name: '', identifiers: [] } }];

    const written = await provider.writeImportBatch(job.id, 0, batch);
    const replayed = await provider.writeImportBatch(job.id, 0, batch);

    expect(replayed).to.deep.equal({ ...written, replayed: true });
    expect(written.rejections.map((rejection) => rejection.code)).to.deep.equal(['name-required', 'identifier-required']);
    expect(written.counts.rejected).to.equal(1);
  });

  it('refuses batches after finishing', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
    await provider.finishImport(job.id);

    let error: unknown;
    try {
      await provider.writeImportBatch(job.id, 0, records(1, 0));
    } catch (caught) {
      error = caught;
    }

    expect((error as Error).name).to.equal('ConflictError');
    expect(await userCount(provider)).to.equal(0);
  });
});
