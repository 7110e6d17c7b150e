import { identifierKey, identifierKeys } from '../../model/identifiers.js';
import type { ContactIdentifier, User, UserInput } from '../../model/types.js';
import { validateUserInput, type FieldIssue, type NameParts } from '../../model/user.js';
import { changeOf } from '../change-channel.js';
import { ConflictError, DataError, NotFoundError, QuotaExceededError, ValidationError } from '../errors.js';
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
  deleteUserInTransaction,
  findKeyOwners,
  newUser,
  toDataError,
  USER_WRITE_STORES,
  type ProviderCore,
  type StoreName,
  type WriteTransaction,
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

    if (!outcome.result.replayed) {
      this.core.changed(changeOf('users', outcome.touched), changeOf('groups', outcome.groups), changeOf('imports', [importId]));
    }
    return outcome.result;
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
          if (job.status !== 'running' && job.status !== 'failed') {
            throw new ConflictError(`Import "${importId}" is ${job.status}; it takes no more batches. Start a new import.`, job);
          }
          const unknown = prepared.flatMap((record) => record.extraGroups).find((name) => !(name in job.extraGroupIds));
          if (unknown !== undefined) {
            throw new ValidationError(
              `A record joins the extra group "${unknown}", which the import did not declare. Add it to the import's extra groups.`,
            );
          }

          writer = new BatchWriter(this.core, tx, job, batch, lookUp);
          const written = await writer.write(prepared, [...rejections]);

          const counts = addCounts(job.counts, written.log.result.counts);
          await imports.put({ ...withoutError(job), status: 'running', counts, lastBatch: Math.max(job.lastBatch, batch) });
          await tx.objectStore('importBatches').add(written.log);
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
  private prepare(records: ImportRecord[], rejections: ImportRejection[]): PreparedRecord[] {
    const prepared: PreparedRecord[] = [];
    for (const record of records) {
      const { user, issues } = validateUserInput(record.user, { defaultCountry: this.core.defaultCountry });
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

const IMPORT_STORES: StoreName[] = [...USER_WRITE_STORES, 'imports', 'importBatches', 'importSnapshots'];

/**
 * Writes the prepared records of one batch inside its transaction. All
 * reads are issued together before any decision. Then the records are
 * decided in order in memory, each against the users that earlier records
 * created or changed, and finally everything is written at once.
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
  /** Set when the unique identifier index refused a user this batch wrote without looking its identifiers up. */
  identifierTaken = false;

  constructor(
    private readonly core: ProviderCore,
    private readonly tx: WriteTransaction,
    private readonly job: ImportJob,
    batch: number,
    private readonly lookUp: boolean,
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

  async write(records: PreparedRecord[], rejections: ImportRejection[]) {
    const users = this.tx.objectStore('users');
    const identifierIndex = users.index('identifiers');

    const keys = [...new Set(records.flatMap((record) => record.keys))];
    const givenIds = [...new Set(records.flatMap((record) => (record.input.id ? [record.input.id] : [])))];
    const [ownerOf, givenFound] = await Promise.all([
      this.lookUp ? findKeyOwners(identifierIndex, keys) : new Map<string, string>(),
      Promise.all(givenIds.map((id) => users.getKey(id))),
    ]);
    const existingIds = [
      ...new Set([...ownerOf.values(), ...givenFound].filter((id): id is string => id !== undefined)),
    ];
    const [existingUsers, snapshotKeys] = await Promise.all([
      Promise.all(existingIds.map((id) => users.get(id))),
      Promise.all(existingIds.map((id) => this.tx.objectStore('importSnapshots').getKey([this.job.id, id]))),
    ]);
    const existing = new Map<string, StoredUser>();
    existingUsers.forEach((user) => user && existing.set(user.id, user));
    const snapshotted = new Set(existingIds.filter((_id, position) => snapshotKeys[position] !== undefined));

    for (const record of records) {
      const rejection = this.writeRecord(record, ownerOf, existing, snapshotted);
      if (rejection) rejections.push(rejection);
    }

    const writes: Promise<unknown>[] = [...this.touched.values()].map((user) =>
      users.put(user).catch((error: unknown) => {
        if (!this.lookUp && error instanceof DOMException && error.name === 'ConstraintError') this.identifierTaken = true;
        throw error;
      }),
    );
    for (const snapshot of this.snapshots) writes.push(this.tx.objectStore('importSnapshots').put(snapshot));
    await Promise.all(writes);
    await adjustMemberCounts(this.tx.objectStore('groups'), this.joins, this.core.now());

    this.counts.rejected = new Set(rejections.map((rejection) => rejection.line)).size;
    this.log.result.rejections = [...rejections].sort((a, b) => a.line - b.line);
    return { log: this.log, touched: [...this.touched.keys()], groups: [...this.joins.keys()] };
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
