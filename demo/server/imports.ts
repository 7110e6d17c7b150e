import { groupNameKey } from '../../src/data/indexeddb/schema.js';
import { mergeImportedUser, restoreImportedFields } from '../../src/data/import-merge.js';
import type {
  ExistingUserPolicy,
  ImportBatchResult,
  ImportCounts,
  ImportJob,
  ImportOptions,
  ImportRecord,
  ImportRejection,
  ImportStatus,
} from '../../src/data/provider.js';
import { identifierKey, identifierKeys } from '../../src/model/identifiers.js';
import type { ContactIdentifier, User, UserInput } from '../../src/model/types.js';
import { validateUserInput, type FieldIssue, type NameParts } from '../../src/model/user.js';
import type { Db } from './db.js';
import type { FormStore, GroupStore } from './groups.js';
import { badRequest, conflict, invalid, notFound } from './problems.js';
import { describeIssues, type UserStore, type UserStoreOptions } from './users.js';

const POLICIES: readonly ExistingUserPolicy[] = ['skip', 'fill-empty', 'overwrite'];

interface PreparedRecord {
  line: number;
  input: UserInput & NameParts;
  rawPrimaryChannel: string | undefined;
  keys: string[];
  groupIds: string[];
}

/** The writes of one batch so far, as later records of the batch see them. */
interface BatchState {
  /** Users the batch wrote: each moves one version per batch. */
  touched: Set<string>;
  /** Line of the accepted record of the batch that has each identifier key. */
  recordLines: Map<string, number>;
}

/**
 * Imports as jobs of numbered batches. Each batch is one transaction, and
 * its result is stored under its number, so a batch sent again (a retry
 * after a lost response) returns the stored result and writes nothing.
 * `import_created` and `import_snapshots` keep what undo needs. The rules
 * follow `writeImportBatch` in the provider interface and the IndexedDB
 * provider: existing users are merged by `mergeImportedUser`.
 */
export class ImportStore {
  private readonly db: Db;
  private readonly users: UserStore;
  private readonly groups: GroupStore;
  private readonly forms: FormStore;
  private readonly options: UserStoreOptions;

  constructor(db: Db, stores: { users: UserStore; groups: GroupStore; forms: FormStore }, options: UserStoreOptions) {
    this.db = db;
    this.users = stores.users;
    this.groups = stores.groups;
    this.forms = stores.forms;
    this.options = options;
  }

  list(): ImportJob[] {
    return (this.db.prepare('SELECT doc FROM imports ORDER BY started_at DESC, id DESC').all() as { doc: string }[])
      .map((row) => JSON.parse(row.doc) as ImportJob);
  }

  get(id: string): ImportJob {
    const row = this.db.prepare('SELECT doc FROM imports WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) throw notFound('Import', id);
    return JSON.parse(row.doc) as ImportJob;
  }

  /** Starts an import, or returns the job already started under this id. */
  start(id: string, options: ImportOptions): { job: ImportJob; created: boolean } {
    if (this.db.prepare('SELECT 1 FROM imports WHERE id = ?').get(id)) return { job: this.get(id), created: false };
    checkOptions(options);
    for (const group of [options.group, ...(options.extraGroups ?? [])]) this.groups.assertNameFree(group.name);

    const form = options.form ? this.forms.create({ ...options.form }) : undefined;
    const group = this.groups.create({ ...options.group, importId: id, ...(form ? { formId: form.id } : {}) });
    const extraGroupIds: Record<string, string> = {};
    for (const extra of options.extraGroups ?? []) {
      extraGroupIds[extra.name] = this.groups.create({ ...extra, importId: id }).id;
    }

    const job: ImportJob = {
      id,
      status: 'running',
      groupId: group.id,
      extraGroupIds,
      options: { ...options, importId: id },
      lastBatch: -1,
      counts: { created: 0, updated: 0, skipped: 0, rejected: 0 },
      startedAt: Date.now(),
    };
    if (form) job.formId = form.id;
    this.db.prepare('INSERT INTO imports (id, started_at, doc) VALUES (?, ?, ?)').run(id, job.startedAt, JSON.stringify(job));
    return { job, created: true };
  }

  writeBatch(id: string, batch: number, records: ImportRecord[]): ImportBatchResult {
    const job = this.get(id);
    const stored = this.db.prepare('SELECT result FROM import_batches WHERE import_id = ? AND batch = ?').get(id, batch) as { result: string } | undefined;
    if (stored) return { ...(JSON.parse(stored.result) as ImportBatchResult), replayed: true };
    if (job.status !== 'running' && job.status !== 'failed') {
      throw conflict(`Import "${id}" is ${job.status}; it takes no more batches. Start a new import.`, job);
    }
    checkRecords(records, job);

    const counts: ImportCounts = { created: 0, updated: 0, skipped: 0, rejected: 0 };
    const rejections: ImportRejection[] = [];
    const state: BatchState = { touched: new Set(), recordLines: new Map() };

    for (const record of records) {
      const prepared = this.prepare(record, job, rejections);
      if (!prepared) continue;
      const outcome = this.writeRecord(job, prepared, state);
      if (typeof outcome === 'string') counts[outcome]++;
      else rejections.push(outcome);
    }

    counts.rejected = new Set(rejections.map((rejection) => rejection.line)).size;
    const result: ImportBatchResult = { batch, counts, rejections: rejections.sort((a, b) => a.line - b.line), replayed: false };
    this.db.prepare('INSERT INTO import_batches (import_id, batch, result) VALUES (?, ?, ?)').run(id, batch, JSON.stringify(result));
    const { error: _error, ...rest } = job;
    this.save({ ...rest, status: 'running', counts: addCounts(job.counts, counts), lastBatch: Math.max(job.lastBatch, batch) });
    return result;
  }

  /** Marks an import failed after a batch could not be stored; returns the records stored before. */
  fail(id: string, reason: string): number {
    const job = this.get(id);
    this.save({ ...job, status: 'failed', error: reason });
    return job.counts.created + job.counts.updated + job.counts.skipped;
  }

  finish(id: string): ImportJob {
    const job = this.get(id);
    if (job.status === 'complete') return job;
    if (job.status !== 'running' && job.status !== 'failed') throw conflict(`Import "${id}" is already ${job.status}.`, job);
    return this.save({ ...job, status: 'complete', finishedAt: Date.now() });
  }

  /**
   * Undoes an import: deletes the users it created, restores the fields it
   * changed on existing users (except identifiers another user took since),
   * deletes its groups and its form. `cancelled` and `undone` differ only in
   * the status they leave.
   */
  undo(id: string, status: Extract<ImportStatus, 'cancelled' | 'undone'>): ImportJob {
    const job = this.get(id);
    if (job.status === 'cancelled' || job.status === 'undone') return job;

    const created = this.db.prepare('SELECT user_id FROM import_created WHERE import_id = ?').all(id) as { user_id: string }[];
    for (const { user_id: userId } of created) this.users.deleteIfExists(userId);

    const snapshots = this.db.prepare('SELECT previous FROM import_snapshots WHERE import_id = ?').all(id) as { previous: string }[];
    for (const { previous } of snapshots) {
      const snapshot = JSON.parse(previous) as User;
      const current = this.users.find(snapshot.id);
      if (!current) continue;
      const takenByOther = (key: string): boolean => {
        const owner = this.users.ownerOf(key);
        return owner !== undefined && owner !== snapshot.id;
      };
      this.users.write(current, restoreImportedFields(current, snapshot, takenByOther));
    }

    for (const groupId of [job.groupId, ...Object.values(job.extraGroupIds)]) {
      if (this.groups.exists(groupId)) this.groups.delete(groupId);
    }
    if (job.formId) this.forms.deleteIfUnused(job.formId);
    this.db.prepare('DELETE FROM import_created WHERE import_id = ?').run(id);
    this.db.prepare('DELETE FROM import_snapshots WHERE import_id = ?').run(id);

    return this.save({ ...this.get(id), status, finishedAt: Date.now() });
  }

  private prepare(record: ImportRecord, job: ImportJob, rejections: ImportRejection[]): PreparedRecord | undefined {
    const { user, issues } = validateUserInput(record.user, this.options);
    if (issues.length > 0) {
      rejections.push(...issues.map((issue) => issueRejection(record.line, issue)));
      return undefined;
    }
    const extraGroups = [...new Set(record.extraGroups ?? [])].map((name) => job.extraGroupIds[name] as string);
    return {
      line: record.line,
      input: user,
      rawPrimaryChannel: record.user.primaryChannel,
      keys: identifierKeys(user.identifiers),
      groupIds: [job.groupId, ...extraGroups],
    };
  }

  private writeRecord(job: ImportJob, record: PreparedRecord, state: BatchState): 'created' | 'updated' | 'skipped' | ImportRejection {
    const earlierRecord = record.keys.map((key) => state.recordLines.get(key)).find((line) => line !== undefined);
    if (earlierRecord !== undefined) return duplicateInFile(record.line, earlierRecord);

    const owners = new Map<string, ContactIdentifier | undefined>();
    for (const identifier of record.input.identifiers) {
      const owner = this.users.ownerOf(identifierKey(identifier));
      if (owner !== undefined && !owners.has(owner)) owners.set(owner, identifier);
    }
    const givenId = record.input.id;
    if (givenId && !owners.has(givenId) && this.users.find(givenId)) owners.set(givenId, undefined);

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
      const user = this.users.create({ ...record.input, source: { type: 'import', importId: job.id }, groupIds: record.groupIds });
      this.db.prepare('INSERT INTO import_created (import_id, user_id, line) VALUES (?, ?, ?)').run(job.id, user.id, record.line);
      state.touched.add(user.id);
      for (const key of record.keys) state.recordLines.set(key, record.line);
      return 'created';
    }

    const existing = this.users.get(ownerId);
    const createdLine = this.createdLine(job, existing);
    if (createdLine !== undefined) return duplicateInFile(record.line, createdLine);

    const { user: merged, changed } = mergeImportedUser(existing, record.input, job.options.onExisting, record.rawPrimaryChannel);
    if (changed) {
      this.db
        .prepare('INSERT OR IGNORE INTO import_snapshots (import_id, user_id, previous) VALUES (?, ?, ?)')
        .run(job.id, existing.id, JSON.stringify(existing));
    }
    const groupIds = [...new Set([...existing.groupIds, ...record.groupIds])];
    this.users.write(existing, { ...merged, groupIds }, { bumpVersion: !state.touched.has(existing.id) });
    state.touched.add(existing.id);
    for (const key of record.keys) state.recordLines.set(key, record.line);
    return changed ? 'updated' : 'skipped';
  }

  /** Returns the source line of a user this import created in an earlier batch. */
  private createdLine(job: ImportJob, user: User): number | undefined {
    if (user.source.type !== 'import' || user.source.importId !== job.id) return undefined;
    const row = this.db.prepare('SELECT line FROM import_created WHERE import_id = ? AND user_id = ?').get(job.id, user.id) as { line: number } | undefined;
    return row?.line;
  }

  private save(job: ImportJob): ImportJob {
    this.db.prepare('UPDATE imports SET doc = ? WHERE id = ?').run(JSON.stringify(job), job.id);
    return job;
  }
}

function issueRejection(line: number, issue: FieldIssue): ImportRejection {
  const rejection: ImportRejection = { line, code: issue.code, field: issue.field, message: `Line ${line}: ${describeIssues([issue])}.` };
  if (issue.value !== undefined) rejection.value = issue.value;
  return rejection;
}

function duplicateInFile(line: number, earlierLine: number): ImportRejection {
  return { line, code: 'duplicate-in-file', value: String(earlierLine), message: `Line ${line} is the same person as line ${earlierLine}.` };
}

function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return { created: a.created + b.created, updated: a.updated + b.updated, skipped: a.skipped + b.skipped, rejected: a.rejected + b.rejected };
}

function checkOptions(options: ImportOptions): void {
  if (!options.group || typeof options.group.name !== 'string') {
    throw invalid('The import has no group. Send "group": {"name": …}: every import creates a group.');
  }
  if (!POLICIES.includes(options.onExisting)) {
    throw invalid(`onExisting "${String(options.onExisting)}" is not valid. Use one of ${POLICIES.join(', ')}.`);
  }
  const names = [options.group.name, ...(options.extraGroups ?? []).map((group) => group?.name)];
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || name.trim() === '') throw invalid('A group name of the import is empty. Enter a name for every group.');
    const key = groupNameKey(name);
    if (seen.has(key)) throw invalid(`The import names the group "${name}" twice. Give every group its own name.`);
    seen.add(key);
  }
}

function checkRecords(records: ImportRecord[], job: ImportJob): void {
  if (!Array.isArray(records)) throw badRequest('The body must be {"records": [...]}, the records of the batch.');
  records.forEach((record, index) => {
    if (!record || typeof record !== 'object' || !record.user || typeof record.user !== 'object' || !Array.isArray(record.user.identifiers)) {
      throw badRequest(`Record ${index} of the batch has no user with a list of identifiers. Send {"line": n, "user": {"identifiers": [...]}}.`);
    }
    if (!Number.isSafeInteger(record.line)) {
      throw badRequest(`Record ${index} of the batch has line ${JSON.stringify(record.line)}; send its line number in the source file.`);
    }
    for (const name of record.extraGroups ?? []) {
      if (!(name in job.extraGroupIds)) {
        throw invalid(`A record joins the extra group "${name}", which the import did not declare. Add it to the import's extra groups.`);
      }
    }
  });
}
