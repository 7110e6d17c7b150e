import { expect } from '@open-wc/testing';
import type { IndexedDBProvider } from '../../src/data/indexeddb/indexeddb-provider.js';
import type { ImportBatchResult, ImportRecord } from '../../src/data/provider.js';
import { memoizedNormalizer } from '../../src/import/normalize.js';
import { cleanUpProviders, openProvider } from './helpers.js';

const BATCH = 100;
const BATCHES = 5;

/** Returns the records of one batch, with distinct UK fiction-range numbers and e-mails. */
function batchOf(batch: number): ImportRecord[] {
  return Array.from({ length: BATCH }, (_, n) => {
    const line = batch * BATCH + n + 2;
    return {
      line,
      user: {
        name: `Run Person ${line}`,
        identifiers: [
          { kind: 'phone', value: `+4477009${String(line).padStart(5, '0')}` },
          { kind: 'email', value: `run${line}@example.com` },
        ],
      },
    };
  });
}

/** Returns batch `batch` with one record the database cannot store: its attribute is a function, which structured clone rejects. */
function unstorableBatch(batch: number): ImportRecord[] {
  const records = batchOf(batch);
  const [first] = records;
  if (first) first.user.attributes = { callback: (() => undefined) as unknown as string };
  return records;
}

async function userCount(provider: IndexedDBProvider): Promise<number> {
  return (await provider.queryUsers({ offset: 0, limit: 0 })).total;
}

/** Runs an import from `firstBatch` up to `batchCount` and returns the result of every batch it reported. */
async function runBatches(
  provider: IndexedDBProvider,
  importId: string,
  options: { firstBatch?: number; batchCount?: number; readBatch?: (batch: number) => Promise<ImportRecord[]> } = {},
): Promise<ImportBatchResult[]> {
  const reported: ImportBatchResult[] = [];
  await provider.runImport(importId, {
    firstBatch: options.firstBatch ?? 0,
    batchCount: options.batchCount ?? BATCHES,
    readBatch: options.readBatch ?? (async (batch) => batchOf(batch)),
    onBatch: (result) => reported.push(result),
  });
  return reported;
}

describe('IndexedDBProvider runImport', () => {
  afterEach(cleanUpProviders);

  it('stores every batch in order', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });

    const reported = (await runBatches(provider, job.id)).map((result) => result.batch);

    const stored = await provider.getImport(job.id);
    expect(reported).to.deep.equal([0, 1, 2, 3, 4]);
    expect(stored.lastBatch).to.equal(BATCHES - 1);
    expect(stored.counts.created).to.equal(BATCHES * BATCH);
    expect(await userCount(provider)).to.equal(BATCHES * BATCH);
    expect((await provider.getGroup(job.groupId)).memberCount).to.equal(BATCHES * BATCH);
  });

  it('stores no batch after a failed one', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });
    const reported: number[] = [];
    const read: number[] = [];

    let error: unknown;
    try {
      await provider.runImport(job.id, {
        firstBatch: 0,
        batchCount: BATCHES,
        readBatch: async (batch) => {
          read.push(batch);
          return batch === 1 ? unstorableBatch(batch) : batchOf(batch);
        },
        onBatch: (result) => reported.push(result.batch),
      });
    } catch (caught) {
      error = caught;
    }

    // Batch 2 was queued behind the failing batch 1 and must have aborted itself.
    expect((error as Error | undefined)?.name).to.equal('DataCloneError');
    expect(read).to.include(2);
    expect(reported).to.deep.equal([0]);
    const stored = await provider.getImport(job.id);
    expect(stored.lastBatch).to.equal(0);
    expect(stored.counts.created).to.equal(BATCH);
    expect(await userCount(provider)).to.equal(BATCH);
    expect((await provider.getGroup(job.groupId)).memberCount).to.equal(BATCH);
  });

  it('resumes after a failure mid-run', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });
    const failing = provider.runImport(job.id, {
      firstBatch: 0,
      batchCount: BATCHES,
      readBatch: async (batch) => (batch === 2 ? unstorableBatch(batch) : batchOf(batch)),
    });
    await failing.catch(() => undefined);
    const stopped = await provider.getImport(job.id);

    const reported = await runBatches(provider, job.id, { firstBatch: stopped.lastBatch + 1 });

    const finished = await provider.getImport(job.id);
    expect(stopped.lastBatch).to.equal(1);
    expect(reported.map((result) => result.batch)).to.deep.equal([2, 3, 4]);
    expect(reported.every((result) => !result.replayed)).to.equal(true);
    expect(finished.lastBatch).to.equal(BATCHES - 1);
    expect(finished.counts.created).to.equal(BATCHES * BATCH);
    expect(await userCount(provider)).to.equal(BATCHES * BATCH);
  });

  it('replays batches stored before', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });
    await provider.runImport(job.id, { firstBatch: 0, batchCount: 3, readBatch: async (batch) => batchOf(batch) });

    const reported = await runBatches(provider, job.id, { firstBatch: 1 });

    expect(reported.map((result) => [result.batch, result.replayed])).to.deep.equal([
      [1, true],
      [2, true],
      [3, false],
      [4, false],
    ]);
    expect((await provider.getImport(job.id)).counts.created).to.equal(BATCHES * BATCH);
    expect(await userCount(provider)).to.equal(BATCHES * BATCH);
  });

  it('stops when cancelled mid-run', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });
    const controller = new AbortController();
    const reported: number[] = [];

    let error: unknown;
    try {
      await provider.runImport(job.id, {
        firstBatch: 0,
        batchCount: BATCHES,
        readBatch: async (batch) => batchOf(batch),
        onBatch: (result) => {
          reported.push(result.batch);
          if (result.batch === 1) controller.abort();
        },
        signal: controller.signal,
      });
    } catch (caught) {
      error = caught;
    }

    const stored = await provider.getImport(job.id);
    expect((error as Error | undefined)?.name).to.equal('AbortError');
    expect(reported).to.deep.equal([0, 1]);
    expect(stored.lastBatch).to.equal(1);
    expect(stored.counts.created).to.equal(2 * BATCH);
    expect(await userCount(provider)).to.equal(2 * BATCH);
  });

  it('merges a batch the identifier index rejected', async () => {
    const provider = openProvider();
    const taken = batchOf(2)[5];
    const existing = await provider.createUser({ name: 'Already Here', identifiers: [taken?.user.identifiers[1] ?? { kind: 'email', value: '' }] });
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'fill-empty' });

    const reported = (await runBatches(provider, job.id)).map((result) => result.batch);

    const stored = await provider.getImport(job.id);
    const merged = await provider.getUser(existing.id);
    expect(reported).to.deep.equal([0, 1, 2, 3, 4]);
    expect(stored.lastBatch).to.equal(BATCHES - 1);
    expect(stored.counts.created).to.equal(BATCHES * BATCH - 1);
    expect(stored.counts.updated).to.equal(1);
    expect(merged.name).to.equal('Already Here');
    expect(merged.identifiers.map((identifier) => identifier.value)).to.include(taken?.user.identifiers[0]?.value);
    expect(merged.groupIds).to.include(job.groupId);
    expect(await userCount(provider)).to.equal(BATCHES * BATCH);
  });

  it('reports a rejection once after a retry', async () => {
    const provider = openProvider();
    const records = batchOf(1);
    const [first, second] = records;
    if (!first || !second) throw new Error('batchOf returned too few records');
    second.user.identifiers = [...second.user.identifiers, first.user.identifiers[0] ?? { kind: 'email', value: '' }];
    await provider.createUser({ name: 'Already Here', identifiers: [records[9]?.user.identifiers[1] ?? { kind: 'email', value: '' }] });
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });

    const reported = await runBatches(provider, job.id, { batchCount: 3, readBatch: async (batch) => (batch === 1 ? records : batchOf(batch)) });

    const retried = reported[1];
    expect(retried?.rejections.map((rejection) => [rejection.line, rejection.code])).to.deep.equal([[second.line, 'duplicate-in-file']]);
    expect(retried?.counts.rejected).to.equal(1);
    expect(retried?.counts.skipped).to.equal(1);
    expect((await provider.getImport(job.id)).counts.rejected).to.equal(1);
  });

  it('validates records with a given normalizer', async () => {
    const provider = openProvider();
    const job = await provider.startImport({ group: { name: 'Run' }, onExisting: 'skip' });
    const normalize = memoizedNormalizer();
    const records: ImportRecord[] = [
      { line: 2, user: { name: 'Valid Number', identifiers: [{ kind: 'phone', value: '+447700900123' }] } },
      { line: 3, user: { name: 'Invalid Number', identifiers: [{ kind: 'phone', value: '+44 12' }] } },
    ];

    const reported: ImportBatchResult[] = [];
    await provider.runImport(job.id, { firstBatch: 0, batchCount: 1, readBatch: async () => records, onBatch: (result) => reported.push(result), normalize });

    expect(reported[0]?.counts.created).to.equal(1);
    expect(reported[0]?.rejections.map((rejection) => [rejection.line, rejection.code])).to.deep.equal([[3, 'phone-too-short']]);
  });
});
