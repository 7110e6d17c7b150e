import { unwrap } from 'idb';
import { identifierKey, identifierKeys, type IdentifierNormalizer } from '../../model/identifiers.js';
import type { ContactIdentifier, User, UserInput } from '../../model/types.js';
import { validateUserInput, type FieldIssue, type NameParts } from '../../model/user.js';
import { changeOf } from '../change-channel.js';
import { ConflictError, DataError, NotFoundError, QuotaExceededError, throwIfAborted, ValidationError } from '../errors.js';
import { mergeImportedUser, restoreImportedFields } from '../import-merge.js';
import type {
  ImportBatchResult,
  ImportCounts,
  ImportJob,
  ImportOptions,
  ImportRecord,
  ImportRejection,
  ImportStatus,
} from '../provider.js';
import {
  adjustMemberCounts,
  changedGroupIds,
  deleteUserInTransaction,
  findKeyOwners,
  newUser,
  toDataError,
  USER_WRITE_STORES,
  type ProviderCore,
  type StoreName,
  type WriteTransaction,
  withMemberDelta,
} from './core.js';
import { assertGroupNameFree, newForm, newGroup, removeGroupFromMembers } from './indexeddb-provider.js';
import {
  fromStoredUser,
  groupNameKey,
  toStoredGroup,
  toStoredUser,
  type ImportBatchLog,
  type ImportSnapshot,
  type StoredUser,
} from './schema.js';

/** Snapshots restored per transaction when an import is undone. */
const UNDO_CHUNK = 500;

/**
 * Maximum batch transactions a run keeps queued: one committing while the
 * next waits behind it with all its requests issued, so the database need
 * not wait for the worker between two batches.
 */
const PIPELINE_DEPTH = 2;

/** The batches {@link ImportWriter.run} writes and the callback it reports each stored batch to. */
export interface ImportRunOptions {
  /** First batch number to write; batches before it are stored already. */
  firstBatch: number;
  /** Number of batches of the whole import. */
  batchCount: number;
  /** Returns the records of one batch; called once per batch, in order. */
  readBatch(batch: number): Promise<ImportRecord[]>;
  /** Called with each batch's result once it is stored, in batch order. */
  onBatch?(result: ImportBatchResult): void;
  /**
   * Normalizes identifiers while the records are validated again. The
   * import worker passes the memoized normalizer it planned the records
   * with, so numbers it already parsed are not parsed twice.
   */
  normalize?: IdentifierNormalizer;
  signal?: AbortSignal;
}

interface PreparedRecord {
  line: number;
  input: UserInput & NameParts;
  rawPrimaryChannel: string | undefined;
  keys: string[];
  extraGroups: string[];
}

/**
 * Imports into IndexedDB. Each batch is one transaction that deduplicates
 * against stored users and writes the users, the group counts, the job's
 * progress and a log of what it wrote. A batch is therefore stored whole
 * (and never twice) or not at all, and the log lets it be undone.
 */
export class ImportWriter {
  /** Imports with a batch that met stored identifiers, whose later batches look identifiers up first. */
  private readonly lookupFirst = new Set<string>();

  constructor(private readonly core: ProviderCore) {}

  async start(options: ImportOptions, signal?: AbortSignal): Promise<ImportJob> {
    const now = this.core.now();
    const importId = options.importId ?? this.core.newId();
    checkImportGroupNames(options);

    const form = options.form ? newForm({ ...options.form }, this.core.newId(), now) : undefined;
    const group = newGroup({ ...options.group, importId, ...(form ? { formId: form.id } : {}) }, this.core.newId(), now);
    const extraGroups = (options.extraGroups ?? []).map((input) => newGroup({ ...input, importId }, this.core.newId(), now));

    const result = await this.core.transact(['imports', 'groups', 'forms'], 'readwrite', signal, async (tx) => {
      const existing = await tx.objectStore('imports').get(importId);
      if (existing) return { job: existing, created: false };

      const groups = tx.objectStore('groups');
      for (const candidate of [group, ...extraGroups]) await assertGroupNameFree(groups, candidate.name);
      if (form) await tx.objectStore('forms').add(form);
      for (const candidate of [group, ...extraGroups]) await groups.add(toStoredGroup(candidate));

      const job: ImportJob = {
        id: importId,
        status: 'running',
        groupId: group.id,
        extraGroupIds: Object.fromEntries(extraGroups.map((extra) => [extra.name, extra.id])),
        options: { ...options, importId },
        lastBatch: -1,
        counts: emptyCounts(),
        startedAt: now,
      };
      if (form) job.formId = form.id;
      await tx.objectStore('imports').add(job);
      return { job, created: true };
    });

    if (result.created) {
      this.core.changed(
        changeOf('imports', [importId]),
        changeOf('groups', [group.id, ...extraGroups.map((extra) => extra.id)]),
        ...(form ? [changeOf('forms', [form.id])] : []),
      );
    }
    return result.job;
  }

  async writeBatch(importId: string, batch: number, records: ImportRecord[], signal?: AbortSignal): Promise<ImportBatchResult> {
    if (!Number.isInteger(batch) || batch < 0) {
      throw new ValidationError(`Batch number ${batch} is not valid: batches are numbered 0, 1, 2, …`);
    }
    const rejections: ImportRejection[] = [];
    const prepared = this.prepare(records, rejections);
    return this.writePrepared(importId, batch, prepared, rejections, signal);
  }

  /**
   * Writes the batches of an import in order, with up to
   * {@link PIPELINE_DEPTH} batch transactions queued at once: while one
   * commits, the next batch is read, validated and its users built, and
   * its transaction is queued behind it. Each queued transaction checks
   * that the batch before it is stored and aborts itself otherwise, so a
   * batch is never stored after an earlier one failed. The run then writes
   * such batches again one at a time. Resolves once the last batch is
   * stored. Rejects with the first failure, after every queued transaction
   * has finished.
   */
  async run(importId: string, options: ImportRunOptions): Promise<void> {
    const { signal } = options;
    const job = await this.get(importId, signal);
    const queued: QueuedBatch[] = [];

    const settle = async (entry: QueuedBatch): Promise<void> => {
      let outcome: BatchOutcome | 'identifier-taken' | 'previous-missing';
      try {
        outcome = await entry.outcome;
      } catch (error) {
        throw await this.recordFailure(importId, error);
      }

      let result: ImportBatchResult;
      if (outcome === 'identifier-taken' || outcome === 'previous-missing') {
        if (outcome === 'identifier-taken') this.lookupFirst.add(importId);
        result = await this.writePrepared(importId, entry.batch, entry.prepared, entry.rejections, signal);
      } else {
        this.notify(importId, outcome);
        result = outcome.result;
      }
      options.onBatch?.(result);
    };

    try {
      for (let batch = options.firstBatch; batch < options.batchCount; batch++) {
        throwIfAborted(signal);
        const records = await options.readBatch(batch);
        const rejections: ImportRejection[] = [];
        const prepared = this.prepare(records, rejections, options.normalize);

        // Records that may merge into stored users need reads before any
        // decision, so they are written one batch at a time.
        if (this.lookupFirst.has(importId) || prepared.some((record) => record.input.id !== undefined)) {
          while (queued.length > 0) await settle(queued.shift() as QueuedBatch);
          // Written before the optional call, because `?.` skips evaluating its argument.
          const result = await this.writePrepared(importId, batch, prepared, rejections, signal);
          options.onBatch?.(result);
          continue;
        }

        // The plan adds its own rejections to a copy, because a batch written again decides afresh.
        const planned = this.planBatch(job, batch, prepared, [...rejections]);
        const outcome = this.writePlanned(importId, planned, signal);
        outcome.catch(() => undefined);
        queued.push({ batch, prepared, rejections, outcome });
        if (queued.length >= PIPELINE_DEPTH) await settle(queued.shift() as QueuedBatch);
      }
      while (queued.length > 0) await settle(queued.shift() as QueuedBatch);
    } catch (error) {
      // The caller may undo the import next, which must not race a
      // transaction still queued.
      await Promise.allSettled(queued.map((entry) => entry.outcome));
      throw error;
    }
  }

  private async writePrepared(
    importId: string,
    batch: number,
    prepared: PreparedRecord[],
    rejections: ImportRejection[],
    signal: AbortSignal | undefined,
  ): Promise<ImportBatchResult> {
    // Most imports bring new people, so a batch first assumes that no
    // stored user has its identifiers and looks none up. The unique index
    // refuses the batch when one does; it is then written again with
    // lookups, and so are the import's later batches.
    let outcome: BatchOutcome;
    try {
      const lookUp = this.lookupFirst.has(importId);
      const first = await this.attempt(importId, batch, prepared, rejections, lookUp, signal);
      if (first !== 'identifier-taken') {
        outcome = first;
      } else {
        this.lookupFirst.add(importId);
        const second = await this.attempt(importId, batch, prepared, rejections, true, signal);
        if (second === 'identifier-taken') throw new Error(`Writing batch ${batch} of import ${importId} failed: the identifier index refused it although its identifiers were looked up first.`);
        outcome = second;
      }
    } catch (error) {
      throw await this.recordFailure(importId, error);
    }

    this.notify(importId, outcome);
    return outcome.result;
  }

  private notify(importId: string, outcome: BatchOutcome): void {
    if (outcome.result.replayed) return;
    this.core.changed(changeOf('users', outcome.touched), changeOf('groups', outcome.groups), changeOf('imports', [importId]));
  }

  /**
   * Decides a batch in memory, before its transaction opens, for records
   * assumed new: nothing is read, so the decisions depend only on the job's
   * groups and options, which do not change while the import runs.
   */
  private planBatch(job: ImportJob, batch: number, prepared: PreparedRecord[], rejections: ImportRejection[]): PlannedBatch {
    checkExtraGroups(job, prepared);
    const writer = new BatchWriter(this.core, job, batch);
    writer.decide(prepared, new Map(), new Map(), new Set(), rejections);
    return writer.planned(rejections);
  }

  /**
   * Writes a planned batch in one transaction. The reads and the users'
   * puts go out together, so the transaction waits behind the previous
   * batch's with its requests already queued. Once the job is read, the
   * transaction aborts, discarding the puts, when the batch was stored
   * already (a replay), when the import takes no more batches, or when the
   * previous batch is not stored. Otherwise the remaining writes are queued
   * and the transaction is committed without waiting for the put results,
   * because waiting would hold the next batch back. A rejected put aborts
   * the whole transaction anyway.
   */
  private async writePlanned(
    importId: string,
    planned: PlannedBatch,
    signal: AbortSignal | undefined,
  ): Promise<BatchOutcome | 'identifier-taken' | 'previous-missing'> {
    const { batch, log } = planned;
    let identifierTaken = false;
    try {
      return await this.core.transact(IMPORT_STORES, 'readwrite', signal, async (tx) => {
        const raw = unwrap(tx);
        // A plain handler per put, not a promise: in Chromium 156, a put without
        // a listener of its own reported its ConstraintError only after the abort.
        const noteError = (event: Event) => {
          if ((event.target as IDBRequest | null)?.error?.name === 'ConstraintError') identifierTaken = true;
        };
        const imports = tx.objectStore('imports');
        const groups = tx.objectStore('groups');
        const reads = Promise.all([
          imports.get(importId),
          tx.objectStore('importBatches').get([importId, batch]),
          Promise.all(changedGroupIds(planned.joins).map((id) => groups.get(id))),
        ]);
        reads.catch(() => undefined);

        // A put that throws (a value structured clone rejects) aborts the
        // transaction, and the reads issued before it then reject too.
        const users = raw.objectStore('users');
        for (const user of planned.users) users.put(user).onerror = noteError;

        const [job, stored, joined] = await reads;
        if (!job) throw new NotFoundError('Import', importId);
        if (stored) throw new ReplayedBatch(stored.result);
        assertTakesBatches(job);
        if (job.lastBatch < batch - 1) throw new PreviousBatchMissing();

        const now = this.core.now();
        for (const group of joined) {
          if (group) raw.objectStore('groups').put(withMemberDelta(group, planned.joins, now));
        }
        raw.objectStore('imports').put(afterBatch(job, log));
        raw.objectStore('importBatches').add(log);
        raw.commit();
        return { result: log.result, touched: planned.users.map((user) => user.id), groups: [...planned.joins.keys()] };
      });
    } catch (error) {
      if (error instanceof ReplayedBatch) return { result: { ...error.result, replayed: true }, touched: [], groups: [] };
      if (error instanceof PreviousBatchMissing) return 'previous-missing';
      if (identifierTaken && !signal?.aborted) return 'identifier-taken';
      throw error;
    }
  }

  /** Writes a batch in one transaction; without `lookUp`, returns `identifier-taken` when the unique index refused it. */
  private async attempt(
    importId: string,
    batch: number,
    prepared: PreparedRecord[],
    rejections: readonly ImportRejection[],
    lookUp: boolean,
    signal: AbortSignal | undefined,
  ): Promise<BatchOutcome | 'identifier-taken'> {
    let writer: BatchWriter | undefined;
    try {
      return await this.core.transact(
        IMPORT_STORES,
        'readwrite',
        signal,
        async (tx) => {
          const imports = tx.objectStore('imports');
          const job = await imports.get(importId);
          if (!job) throw new NotFoundError('Import', importId);
          const log = await tx.objectStore('importBatches').get([importId, batch]);
          if (log) return { result: { ...log.result, replayed: true }, touched: [], groups: [] };
          assertTakesBatches(job);
          checkExtraGroups(job, prepared);

          writer = new BatchWriter(this.core, job, batch);
          const written = await writer.write(tx, lookUp, prepared, [...rejections]);

          await Promise.all([imports.put(afterBatch(job, written.log)), tx.objectStore('importBatches').add(written.log)]);
          return { result: written.log.result, touched: written.touched, groups: written.groups };
        },
      );
    } catch (error) {
      if (writer?.identifierTaken && !signal?.aborted) return 'identifier-taken';
      throw error;
    }
  }

  async finish(importId: string, signal?: AbortSignal): Promise<ImportJob> {
    return this.setStatus(importId, 'complete', signal);
  }

  /**
   * Undoes an import step by step: created users are deleted batch by
   * batch, overwritten users restored, then the import's groups and form
   * are deleted. Each step is its own transaction and removes what it
   * undid from the log, so an undo that stops halfway can simply be run again.
   */
  async undo(importId: string, status: Extract<ImportStatus, 'cancelled' | 'undone'>, signal?: AbortSignal): Promise<ImportJob> {
    const job = await this.get(importId, signal);
    if (job.status === 'undone' || job.status === 'cancelled') return job;

    const batchRange = IDBKeyRange.bound([importId], [importId, []]);
    for (;;) {
      const done = await this.core.transact([...USER_WRITE_STORES, 'importBatches'] as StoreName[], 'readwrite', signal, async (tx) => {
        const cursor = await tx.objectStore('importBatches').openCursor(batchRange);
        if (!cursor) return true;
        for (const id of cursor.value.created) await deleteUserInTransaction(tx, id, this.core.now());
        await cursor.delete();
        return false;
      });
      this.core.changed({ entity: 'users' });
      if (done) break;
    }

    for (;;) {
      const done = await this.core.transact(['users', 'importSnapshots'], 'readwrite', signal, async (tx) => {
        const snapshots = tx.objectStore('importSnapshots');
        const users = tx.objectStore('users');
        const entries = await snapshots.getAll(batchRange, UNDO_CHUNK);
        for (const entry of entries) {
          const stored = await users.get(entry.user.id);
          if (stored) {
            const owners = await Promise.all(entry.user.identifiers.map((identifier) => users.index('identifiers').getKey(identifierKey(identifier))));
            const taken = new Set(entry.user.identifiers.filter((_identifier, position) => {
              const owner = owners[position];
              return owner !== undefined && owner !== entry.user.id;
            }).map(identifierKey));
            const restored = restoreImportedFields(fromStoredUser(stored), entry.user, (key) => taken.has(key));
            await users.put(toStoredUser({ ...restored, updatedAt: this.core.now(), version: stored.version + 1 }, stored.k.line));
          }
          await snapshots.delete([importId, entry.user.id]);
        }
        return entries.length < UNDO_CHUNK;
      });
      if (done) break;
    }

    const groupIds = [job.groupId, ...Object.values(job.extraGroupIds)];
    const finishStores: StoreName[] = ['users', 'groups', 'forms', 'imports'];
    const finished = await this.core.transact(finishStores, 'readwrite', signal, async (tx) => {
      const groups = tx.objectStore('groups');
      for (const groupId of groupIds) {
        if (!(await groups.getKey(groupId))) continue;
        await removeGroupFromMembers(tx, groupId, this.core.now());
        await groups.delete(groupId);
      }
      if (job.formId) {
        const remaining = await groups.getAll();
        if (!remaining.some((group) => group.formId === job.formId)) await tx.objectStore('forms').delete(job.formId);
      }
      const current = (await tx.objectStore('imports').get(importId)) ?? job;
      const next: ImportJob = { ...current, status, finishedAt: this.core.now() };
      await tx.objectStore('imports').put(next);
      return next;
    });

    this.core.changed(
      { entity: 'users' },
      changeOf('groups', groupIds),
      ...(job.formId ? [changeOf('forms', [job.formId])] : []),
      changeOf('imports', [importId]),
    );
    return finished;
  }

  async get(importId: string, signal?: AbortSignal): Promise<ImportJob> {
    const job = await this.core.transact(['imports'], 'readonly', signal, (tx) => tx.store.get(importId));
    if (!job) throw new NotFoundError('Import', importId);
    return job;
  }

  async list(signal?: AbortSignal): Promise<ImportJob[]> {
    const jobs = await this.core.transact(['imports'], 'readonly', signal, (tx) => tx.store.index('startedAt').getAll());
    return jobs.reverse();
  }

  private async setStatus(importId: string, status: ImportStatus, signal?: AbortSignal): Promise<ImportJob> {
    const job = await this.core.transact(['imports'], 'readwrite', signal, async (tx) => {
      const current = await tx.store.get(importId);
      if (!current) throw new NotFoundError('Import', importId);
      if (current.status === status) return current;
      if (current.status !== 'running' && current.status !== 'failed') {
        throw new ConflictError(`Import "${importId}" is already ${current.status}.`, current);
      }
      const next: ImportJob = { ...current, status, finishedAt: this.core.now() };
      await tx.store.put(next);
      return next;
    });
    this.core.changed(changeOf('imports', [importId]));
    return job;
  }

  /** Validates records before the transaction opens, since validation awaits nothing. */
  private prepare(records: ImportRecord[], rejections: ImportRejection[], normalize?: IdentifierNormalizer): PreparedRecord[] {
    const prepared: PreparedRecord[] = [];
    const options = { defaultCountry: this.core.defaultCountry, ...(normalize ? { normalize } : {}) };
    for (const record of records) {
      const { user, issues } = validateUserInput(record.user, options);
      if (issues.length > 0) {
        rejections.push(...issues.map((issue) => rejectionOf(record.line, issue)));
        continue;
      }
      prepared.push({
        line: record.line,
        input: user,
        rawPrimaryChannel: record.user.primaryChannel,
        keys: identifierKeys(user.identifiers),
        extraGroups: [...new Set(record.extraGroups ?? [])],
      });
    }
    return prepared;
  }

  /**
   * Marks the job failed after a batch could not be stored, and returns the
   * error to raise: a quota failure counts the records stored before it.
   */
  private async recordFailure(importId: string, error: unknown): Promise<unknown> {
    const typed = toDataError(error);
    if (!(typed instanceof DataError) || (typed.code !== 'quota-exceeded' && typed.code !== 'unavailable')) return typed;

    try {
      const job = await this.core.transact(['imports'], 'readwrite', undefined, async (tx) => {
        const current = await tx.store.get(importId);
        if (!current) return undefined;
        const next: ImportJob = { ...current, status: 'failed', error: typed.message };
        await tx.store.put(next);
        return next;
      });
      this.core.changed(changeOf('imports', [importId]));
      if (job && typed instanceof QuotaExceededError) {
        return new QuotaExceededError(storedRecords(job.counts), { cause: typed.cause });
      }
    } catch {
      // The connection or the disk that failed the batch may fail this too.
      // The job then keeps status `running` and the last stored batch.
    }
    return typed;
  }
}

interface BatchOutcome {
  result: ImportBatchResult;
  touched: string[];
  groups: string[];
}

/** A batch decided in memory: the users to put, the group count changes and the log to add. */
interface PlannedBatch {
  batch: number;
  users: StoredUser[];
  joins: Map<string, number>;
  log: ImportBatchLog;
}

/** A batch of {@link ImportWriter.run} whose transaction is queued. */
interface QueuedBatch {
  batch: number;
  prepared: PreparedRecord[];
  rejections: ImportRejection[];
  outcome: Promise<BatchOutcome | 'identifier-taken' | 'previous-missing'>;
}

/** Aborts a queued batch transaction that found its batch stored already. */
class ReplayedBatch extends Error {
  constructor(readonly result: ImportBatchResult) {
    super('The batch was stored before.');
  }
}

/** Aborts a queued batch transaction whose previous batch is not stored. */
class PreviousBatchMissing extends Error {
  constructor() {
    super('The previous batch is not stored.');
  }
}

const IMPORT_STORES: StoreName[] = [...USER_WRITE_STORES, 'imports', 'importBatches', 'importSnapshots'];

/**
 * Decides the prepared records of one batch: in order in memory, each
 * against the stored users read for it and the users that earlier records
 * created or changed. {@link write} reads and writes inside a transaction,
 * with all reads issued together before any decision and everything
 * written at once.
 */
class BatchWriter {
  private readonly counts = emptyCounts();
  private readonly log: ImportBatchLog;
  /** Users this batch writes, by id. */
  private readonly touched = new Map<string, StoredUser>();
  /** Identifier keys owned by users this batch writes. */
  private readonly claimed = new Map<string, string>();
  /** Line of the accepted record of this batch that has each identifier key. */
  private readonly recordLines = new Map<string, number>();
  private readonly snapshots: ImportSnapshot[] = [];
  private readonly joins = new Map<string, number>();
  private readonly importGroups: string[];
  /** Set when the unique identifier index rejected a user this batch wrote without looking its identifiers up. */
  identifierTaken = false;

  constructor(
    private readonly core: ProviderCore,
    private readonly job: ImportJob,
    batch: number,
  ) {
    this.log = {
      importId: job.id,
      batch,
      created: [],
      joined: [],
      result: { batch, counts: this.counts, rejections: [], replayed: false },
    };
    this.importGroups = [job.groupId];
  }

  async write(tx: WriteTransaction, lookUp: boolean, records: PreparedRecord[], rejections: ImportRejection[]) {
    const users = tx.objectStore('users');
    const identifierIndex = users.index('identifiers');

    const keys = [...new Set(records.flatMap((record) => record.keys))];
    const givenIds = [...new Set(records.flatMap((record) => (record.input.id ? [record.input.id] : [])))];
    const [ownerOf, givenFound] = await Promise.all([
      lookUp ? findKeyOwners(identifierIndex, keys) : new Map<string, string>(),
      Promise.all(givenIds.map((id) => users.getKey(id))),
    ]);
    const existingIds = [
      ...new Set([...ownerOf.values(), ...givenFound].filter((id): id is string => id !== undefined)),
    ];
    const [existingUsers, snapshotKeys] = await Promise.all([
      Promise.all(existingIds.map((id) => users.get(id))),
      Promise.all(existingIds.map((id) => tx.objectStore('importSnapshots').getKey([this.job.id, id]))),
    ]);
    const existing = new Map<string, StoredUser>();
    existingUsers.forEach((user) => user && existing.set(user.id, user));
    const snapshotted = new Set(existingIds.filter((_id, position) => snapshotKeys[position] !== undefined));

    this.decide(records, ownerOf, existing, snapshotted, rejections);

    const writes: Promise<unknown>[] = [...this.touched.values()].map((user) =>
      users.put(user).catch((error: unknown) => {
        if (!lookUp && error instanceof DOMException && error.name === 'ConstraintError') this.identifierTaken = true;
        throw error;
      }),
    );
    for (const snapshot of this.snapshots) writes.push(tx.objectStore('importSnapshots').put(snapshot));
    writes.push(adjustMemberCounts(tx.objectStore('groups'), this.joins, this.core.now()));
    await Promise.all(writes);

    this.finishLog(rejections);
    return { log: this.log, touched: [...this.touched.keys()], groups: [...this.joins.keys()] };
  }

  /** Decides every record, adding the rejected ones to `rejections`. */
  decide(
    records: PreparedRecord[],
    ownerOf: Map<string, string>,
    existing: Map<string, StoredUser>,
    snapshotted: Set<string>,
    rejections: ImportRejection[],
  ): void {
    for (const record of records) {
      const rejection = this.writeRecord(record, ownerOf, existing, snapshotted);
      if (rejection) rejections.push(rejection);
    }
  }

  /** Returns what {@link decide} decided, for a batch that read nothing and so snapshots nothing. */
  planned(rejections: ImportRejection[]): PlannedBatch {
    this.finishLog(rejections);
    return { batch: this.log.batch, users: [...this.touched.values()], joins: this.joins, log: this.log };
  }

  private finishLog(rejections: ImportRejection[]): void {
    this.counts.rejected = new Set(rejections.map((rejection) => rejection.line)).size;
    this.log.result.rejections = [...rejections].sort((a, b) => a.line - b.line);
  }

  private writeRecord(
    record: PreparedRecord,
    ownerOf: Map<string, string>,
    existing: Map<string, StoredUser>,
    snapshotted: Set<string>,
  ): ImportRejection | undefined {
    const groups = [...this.importGroups, ...record.extraGroups.map((name) => this.job.extraGroupIds[name] as string)];

    const earlierRecord = record.keys.map((key) => this.recordLines.get(key)).find((line) => line !== undefined);
    if (earlierRecord !== undefined) return duplicateInFile(record.line, earlierRecord);

    const owners = new Map<string, ContactIdentifier | undefined>();
    record.input.identifiers.forEach((identifier) => {
      const key = identifierKey(identifier);
      const owner = this.claimed.get(key) ?? ownerOf.get(key);
      if (owner && !owners.has(owner)) owners.set(owner, identifier);
    });
    const givenId = record.input.id;
    if (givenId && (this.touched.has(givenId) || existing.has(givenId)) && !owners.has(givenId)) {
      owners.set(givenId, undefined);
    }

    if (owners.size > 1) {
      const [, second] = [...owners.values()];
      return {
        line: record.line,
        code: 'identifier-conflict',
        field: 'identifiers',
        ...(second ? { value: second.value } : {}),
        message: `Line ${record.line}: its identifiers belong to ${owners.size} different users, so it cannot be merged into one.`,
      };
    }

    const [ownerId] = owners.keys();
    if (ownerId === undefined) {
      this.create(record, groups);
      for (const key of record.keys) this.recordLines.set(key, record.line);
      return undefined;
    }

    const user = this.touched.get(ownerId) ?? existing.get(ownerId);
    if (!user) return undefined;
    if (user.source.type === 'import' && user.source.importId === this.job.id && user.k.line !== undefined) {
      return duplicateInFile(record.line, user.k.line);
    }

    this.merge(record, user, groups, snapshotted);
    for (const key of record.keys) this.recordLines.set(key, record.line);
    return undefined;
  }

  private create(record: PreparedRecord, groups: string[]): void {
    const id = record.input.id ?? this.core.newId();
    const input = { ...record.input, source: { type: 'import' as const, importId: this.job.id }, groupIds: groups };
    const user = toStoredUser(newUser(input, id, this.core.now()), record.line);

    this.touched.set(id, user);
    for (const key of user.k.ids) this.claimed.set(key, id);
    this.log.created.push(id);
    this.counts.created++;
    this.join(user.groupIds, []);
  }

  private merge(record: PreparedRecord, stored: StoredUser, groups: string[], snapshotted: Set<string>): void {
    const current = fromStoredUser(stored);
    const { user: merged, changed } = mergeImportedUser(current, record.input, this.job.options.onExisting, record.rawPrimaryChannel);
    const groupIds = [...new Set([...current.groupIds, ...groups])];

    if (changed && !snapshotted.has(current.id)) {
      this.snapshots.push({ importId: this.job.id, user: current });
      snapshotted.add(current.id);
    }
    if (!current.groupIds.includes(this.job.groupId)) this.log.joined.push(current.id);
    this.join(groupIds, current.groupIds);
    if (changed) this.counts.updated++;
    else this.counts.skipped++;

    // One version step per batch, however many records of it touch the user.
    const version = this.touched.has(current.id) ? current.version : current.version + 1;
    const next: User = { ...merged, groupIds, updatedAt: this.core.now(), version };
    const nextStored = toStoredUser(next, stored.k.line);
    this.touched.set(current.id, nextStored);
    for (const key of nextStored.k.ids) this.claimed.set(key, current.id);
  }

  private join(after: readonly string[], before: readonly string[]): void {
    for (const group of after) {
      if (!before.includes(group)) this.joins.set(group, (this.joins.get(group) ?? 0) + 1);
    }
  }
}

/** Rejects a batch with a record that joins an extra group the import did not declare. */
function checkExtraGroups(job: ImportJob, prepared: readonly PreparedRecord[]): void {
  const unknown = prepared.flatMap((record) => record.extraGroups).find((name) => !(name in job.extraGroupIds));
  if (unknown !== undefined) {
    throw new ValidationError(
      `A record joins the extra group "${unknown}", which the import did not declare. Add it to the import's extra groups.`,
    );
  }
}

/** Raises a conflict when the job no longer takes batches: it is complete, cancelled or undone. */
function assertTakesBatches(job: ImportJob): void {
  if (job.status !== 'running' && job.status !== 'failed') {
    throw new ConflictError(`Import "${job.id}" is ${job.status}; it takes no more batches. Start a new import.`, job);
  }
}

/** Returns the job after a batch is stored: running, with the batch's counts added and the batch as its last. */
function afterBatch(job: ImportJob, log: ImportBatchLog): ImportJob {
  const counts = addCounts(job.counts, log.result.counts);
  return { ...withoutError(job), status: 'running', counts, lastBatch: Math.max(job.lastBatch, log.batch) };
}

function checkImportGroupNames(options: ImportOptions): void {
  const names = [options.group.name, ...(options.extraGroups ?? []).map((group) => group.name)];
  const seen = new Set<string>();
  for (const name of names) {
    if (name.trim() === '') throw new ValidationError('A group name of the import is empty. Enter a name for every group.');
    const key = groupNameKey(name);
    if (seen.has(key)) throw new ValidationError(`The import names the group "${name}" twice. Give every group its own name.`);
    seen.add(key);
  }
}

function rejectionOf(line: number, issue: FieldIssue): ImportRejection {
  const value = issue.value === undefined ? '' : ` ("${issue.value}")`;
  const rejection: ImportRejection = {
    line,
    code: issue.code,
    field: issue.field,
    message: `Line ${line}: ${issue.field} is invalid: ${issue.code}${value}.`,
  };
  if (issue.value !== undefined) rejection.value = issue.value;
  return rejection;
}

function duplicateInFile(line: number, earlierLine: number): ImportRejection {
  return {
    line,
    code: 'duplicate-in-file',
    value: String(earlierLine),
    message: `Line ${line} is the same person as line ${earlierLine}.`,
  };
}

function emptyCounts(): ImportCounts {
  return { created: 0, updated: 0, skipped: 0, rejected: 0 };
}

function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    skipped: a.skipped + b.skipped,
    rejected: a.rejected + b.rejected,
  };
}

function storedRecords(counts: ImportCounts): number {
  return counts.created + counts.updated + counts.skipped;
}

/** Returns the job without the error of an earlier failed batch. */
function withoutError(job: ImportJob): ImportJob {
  const { error: _error, ...rest } = job;
  return rest;
}
