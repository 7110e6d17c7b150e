import { randomUUID } from 'node:crypto';
import type { Page, UserFilter, UserSelection, UserSort } from '../../src/data/provider.js';
import { DEFAULT_SORT, searchTokens, sortKey } from '../../src/data/user-query.js';
import { identifierKey, identifierKeys, normalizeIdentifier, type CountryCode } from '../../src/model/identifiers.js';
import type { ContactIdentifier, User, UserInput, UserPatch, UserSource } from '../../src/model/types.js';
import { applyUserPatch, validateUserInput, type FieldIssue, type NameParts } from '../../src/model/user.js';
import { NO_ACTIVITY, type Db } from './db.js';
import { conflict, invalid, notFound, HttpProblem } from './problems.js';
import { nameKey, selectionSql, UserQueryRunner } from './user-query.js';

/** The row of `users`. */
interface UserRow {
  seq: number;
  id: string;
  created_at: number;
  updated_at: number;
  activity_key: number;
  version: number;
  doc: string;
}

/** The part of a user stored as JSON in `users.doc`; the rest lives in columns and `memberships`. */
type UserDoc = Omit<User, 'id' | 'groupIds' | 'createdAt' | 'updatedAt' | 'lastActivityAt' | 'version'>;

export interface UserStoreOptions {
  /** Country for phone numbers written without a country code. */
  defaultCountry?: CountryCode | undefined;
}

export interface WriteOptions {
  /**
   * False when the user was already written in the same import batch, which
   * moves a user one version however many of its records touch it.
   */
  bumpVersion?: boolean;
}

/**
 * Users in SQLite. Identifier keys are unique across users (`identifiers`),
 * search tokens are kept beside each user (`search_terms`), and group
 * membership lives in `memberships`. Every write to a user, membership
 * changes included, moves its version by one. Callers run writes inside a
 * transaction.
 */
export class UserStore {
  readonly queries: UserQueryRunner;
  private readonly db: Db;
  private readonly options: UserStoreOptions;

  constructor(db: Db, options: UserStoreOptions) {
    this.db = db;
    this.options = options;
    this.queries = new UserQueryRunner(db);
  }

  query(offset: number, limit: number, sort: UserSort | undefined, filter: UserFilter): Page<User> {
    const { seqs, total } = this.queries.page(filter, sort ?? DEFAULT_SORT, offset, limit);
    return { items: this.loadBySeq(seqs), total };
  }

  get(id: string): User {
    const user = this.find(id);
    if (!user) throw notFound('User', id);
    return user;
  }

  find(id: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? this.toUser(row) : undefined;
  }

  /** Validates and stores a new user; an id or identifier already taken raises a conflict. */
  create(input: UserInput): User {
    const valid = this.validate(input);
    const id = valid.id ?? randomUUID();
    const existing = this.find(id);
    if (existing) throw conflict(`A user with id "${id}" already exists.`, existing);

    const now = Date.now();
    const user: User = {
      id,
      name: valid.name,
      identifiers: valid.identifiers,
      preferences: { ...valid.preferences },
      source: valid.source ?? { type: 'internal' },
      groupIds: [...new Set(valid.groupIds ?? [])],
      attributes: { ...valid.attributes },
      createdAt: valid.createdAt ?? now,
      updatedAt: now,
      lastActivityAt: valid.lastActivityAt ?? null,
      version: 1,
    };
    if (valid.firstName) user.firstName = valid.firstName;
    if (valid.lastName) user.lastName = valid.lastName;
    if (valid.primaryChannel) user.primaryChannel = valid.primaryChannel;
    checkSource(user.source);
    this.assertIdentifiersFree(user);
    this.assertGroupsExist(user.groupIds);

    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO users (id, name_key, phone_key, channel_key, source_type, created_at, updated_at, activity_key, version, doc)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, ...this.keyColumns(user), user.createdAt, user.updatedAt, user.lastActivityAt ?? NO_ACTIVITY, user.version, JSON.stringify(toDoc(user)));
    const seq = Number(lastInsertRowid);

    this.writeKeys(seq, identifierKeys(user.identifiers), []);
    this.writeTerms(seq, searchTokens(user), []);
    for (const groupId of user.groupIds) this.db.prepare('INSERT INTO memberships (user_seq, group_id) VALUES (?, ?)').run(seq, groupId);
    this.queries.invalidate();
    return user;
  }

  /** Applies a patch when the user is still at `expectedVersion` (412 otherwise). */
  update(id: string, patch: UserPatch, expectedVersion: number | undefined): User {
    const current = this.get(id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new HttpProblem(412, 'conflict', 'Precondition failed',
        `User "${id}" was changed by someone else (version ${current.version}, expected ${expectedVersion}). Reload it and apply the change again.`,
        { current });
    }

    const merged = applyUserPatch(current, definedFields(patch));
    const valid = this.validate(merged);
    const next: User = { ...merged, name: valid.name, identifiers: valid.identifiers, groupIds: [...new Set(merged.groupIds)] };
    if (valid.primaryChannel) next.primaryChannel = valid.primaryChannel;
    return this.write(current, next);
  }

  /**
   * Stores `next` as the new state of `current`: checks that its
   * identifiers are free and its new groups exist, then moves the version.
   */
  write(current: User, next: User, options: WriteOptions = {}): User {
    this.assertIdentifiersFree(next);
    this.assertGroupsExist(next.groupIds.filter((groupId) => !current.groupIds.includes(groupId)));

    const seq = this.seqOf(current.id);
    const stored: User = {
      ...next,
      updatedAt: Math.max(Date.now(), current.updatedAt),
      version: options.bumpVersion === false ? current.version : current.version + 1,
    };
    this.db
      .prepare(`UPDATE users SET name_key = ?, phone_key = ?, channel_key = ?, source_type = ?, updated_at = ?, activity_key = ?, version = ?, doc = ?
        WHERE seq = ?`)
      .run(...this.keyColumns(stored), stored.updatedAt, stored.lastActivityAt ?? NO_ACTIVITY, stored.version, JSON.stringify(toDoc(stored)), seq);
    this.writeKeys(seq, identifierKeys(stored.identifiers), identifierKeys(current.identifiers));
    this.writeTerms(seq, searchTokens(stored), searchTokens(current));

    const kept = new Set(stored.groupIds);
    for (const groupId of current.groupIds) {
      if (!kept.has(groupId)) this.db.prepare('DELETE FROM memberships WHERE user_seq = ? AND group_id = ?').run(seq, groupId);
    }
    for (const groupId of stored.groupIds) {
      if (!current.groupIds.includes(groupId)) this.db.prepare('INSERT INTO memberships (user_seq, group_id) VALUES (?, ?)').run(seq, groupId);
    }
    this.queries.invalidate();
    return this.get(current.id);
  }

  delete(id: string): void {
    if (!this.deleteIfExists(id)) throw notFound('User', id);
  }

  /** Deletes a user with its activity; returns false when it did not exist. */
  deleteIfExists(id: string): boolean {
    const user = this.find(id);
    if (!user) return false;
    const seq = this.seqOf(id);
    this.writeKeys(seq, [], identifierKeys(user.identifiers));
    this.writeTerms(seq, [], searchTokens(user));
    for (const table of ['conversations', 'messages', 'attachments', 'tickets', 'notes']) {
      this.db.prepare(`DELETE FROM ${table} WHERE user_id = ?`).run(id);
    }
    // Memberships go with the row (ON DELETE CASCADE) and their trigger updates member counts.
    this.db.prepare('DELETE FROM users WHERE seq = ?').run(seq);
    this.queries.invalidate();
    return true;
  }

  /** Deletes the selected users; ids that do not exist are skipped. */
  deleteSelection(selection: UserSelection): number {
    let count = 0;
    for (const id of this.selectIds(selection)) if (this.deleteIfExists(id)) count++;
    return count;
  }

  selectIds(selection: UserSelection): string[] {
    const where = selectionSql(selection);
    return (this.db.prepare(`SELECT u.id AS id FROM users u WHERE ${where.sql}`).all(...where.params) as { id: string }[]).map((row) => row.id);
  }

  /** Finds the users owning the identifiers, normalized as stored ones are; returns their positions in the list. */
  findByIdentifiers(identifiers: ContactIdentifier[]): { index: number; user: User }[] {
    const matches: { index: number; user: User }[] = [];
    identifiers.forEach((identifier, index) => {
      const normalized = normalizeIdentifier(identifier.kind, String(identifier.value ?? ''), this.options);
      if (!normalized.ok) return;
      const owner = this.ownerOf(identifierKey({ kind: identifier.kind, value: normalized.value }));
      if (owner !== undefined) matches.push({ index, user: this.get(owner) });
    });
    return matches;
  }

  /** Returns the id of the user owning an identifier key. */
  ownerOf(key: string): string | undefined {
    const row = this.db
      .prepare('SELECT u.id AS id FROM identifiers i JOIN users u ON u.seq = i.user_seq WHERE i.key = ?')
      .get(key) as { id: string } | undefined;
    return row?.id;
  }

  /** Validates and normalizes a user the way every provider does. */
  validate(input: UserInput): UserInput & NameParts {
    const { user, issues } = validateUserInput(input, this.options);
    if (issues.length > 0) throw invalidUser(issues);
    for (const [field, value] of [['lastActivityAt', user.lastActivityAt], ['createdAt', user.createdAt]] as const) {
      if (value !== null && value !== undefined && !Number.isSafeInteger(value)) {
        throw invalid(`${field} ${JSON.stringify(value)} is not a time in epoch milliseconds.`);
      }
    }
    return user;
  }

  private seqOf(id: string): number {
    const row = this.db.prepare('SELECT seq FROM users WHERE id = ?').get(id) as { seq: number } | undefined;
    if (!row) throw notFound('User', id);
    return row.seq;
  }

  private keyColumns(user: User): [Buffer, string, string, string] {
    return [nameKey(user.name), sortKey(user, 'phone') as string, sortKey(user, 'primaryChannel') as string, user.source.type];
  }

  private assertIdentifiersFree(user: User): void {
    for (const identifier of user.identifiers) {
      const owner = this.ownerOf(identifierKey(identifier));
      if (owner === undefined || owner === user.id) continue;
      const current = this.get(owner);
      throw conflict(
        `The ${identifier.kind} ${identifier.value} already belongs to "${current.name}". Open that user instead, or remove the identifier.`,
        current,
        { identifier },
      );
    }
  }

  private assertGroupsExist(groupIds: readonly string[]): void {
    for (const groupId of groupIds) {
      if (!this.db.prepare('SELECT 1 FROM groups WHERE id = ?').get(groupId)) throw notFound('Group', groupId);
    }
  }

  private writeKeys(seq: number, keys: string[], oldKeys: string[]): void {
    const remove = this.db.prepare('DELETE FROM identifiers WHERE key = ? AND user_seq = ?');
    const insert = this.db.prepare('INSERT INTO identifiers (key, user_seq) VALUES (?, ?)');
    for (const key of oldKeys) if (!keys.includes(key)) remove.run(key, seq);
    for (const key of keys) if (!oldKeys.includes(key)) insert.run(key, seq);
  }

  private writeTerms(seq: number, terms: string[], oldTerms: string[]): void {
    const remove = this.db.prepare('DELETE FROM search_terms WHERE term = ? AND user_seq = ?');
    const insert = this.db.prepare('INSERT OR IGNORE INTO search_terms (term, user_seq) VALUES (?, ?)');
    const next = new Set(terms);
    const previous = new Set(oldTerms);
    for (const term of previous) if (!next.has(term)) remove.run(term, seq);
    for (const term of next) if (!previous.has(term)) insert.run(term, seq);
  }

  /** Reads users by `seq`, keeping the given order. */
  private loadBySeq(seqs: number[]): User[] {
    if (seqs.length === 0) return [];
    const json = JSON.stringify(seqs);
    const rows = this.db.prepare('SELECT * FROM users WHERE seq IN (SELECT value FROM json_each(?))').all(json) as UserRow[];
    const groups = this.groupIdsOf(json);
    const bySeq = new Map(rows.map((row) => [row.seq, row]));
    return seqs.flatMap((seq) => {
      const row = bySeq.get(seq);
      return row ? [this.toUser(row, groups.get(seq) ?? [])] : [];
    });
  }

  private groupIdsOf(seqsJson: string): Map<number, string[]> {
    const rows = this.db
      .prepare('SELECT user_seq, group_id FROM memberships WHERE user_seq IN (SELECT value FROM json_each(?)) ORDER BY seq')
      .all(seqsJson) as { user_seq: number; group_id: string }[];
    const groups = new Map<number, string[]>();
    for (const row of rows) {
      const list = groups.get(row.user_seq) ?? [];
      list.push(row.group_id);
      groups.set(row.user_seq, list);
    }
    return groups;
  }

  private toUser(row: UserRow, groupIds?: string[]): User {
    const doc = JSON.parse(row.doc) as UserDoc;
    return {
      id: row.id,
      ...doc,
      groupIds: groupIds ?? this.groupIdsOf(JSON.stringify([row.seq])).get(row.seq) ?? [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastActivityAt: row.activity_key === NO_ACTIVITY ? null : row.activity_key,
      version: row.version,
    };
  }
}

function toDoc(user: User): UserDoc {
  const { id: _id, groupIds: _groups, createdAt: _created, updatedAt: _updated, lastActivityAt: _activity, version: _version, ...doc } = user;
  return doc;
}

function checkSource(source: UserSource): void {
  if (source.type === 'internal') return;
  if (source.type === 'import' && typeof source.importId === 'string') return;
  if (source.type === 'integration' && typeof source.name === 'string') return;
  throw invalid(`source ${JSON.stringify(source)} is not valid. Use {"type":"internal"}, {"type":"import","importId":…} or {"type":"integration","name":…}.`);
}

function invalidUser(issues: FieldIssue[]): HttpProblem {
  return invalid(`The user is not valid: ${describeIssues(issues)}.`, issues);
}

/** Lists issues as `field: code ("value")`, for problem details and rejections. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.code}${issue.value === undefined ? '' : ` ("${issue.value}")`}`).join('; ');
}

/** Drops keys whose value is `undefined`, so a patch never erases a field by accident. */
function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
