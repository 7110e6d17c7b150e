import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { identifierKeys } from '../../model/identifiers.js';
import type {
  Attachment,
  Conversation,
  Form,
  Group,
  Message,
  Note,
  Ticket,
  User,
} from '../../model/types.js';
import type { ImportBatchResult, ImportJob } from '../provider.js';
import { foldText, NO_ACTIVITY_SORT_KEY, searchHeads, searchTokens, sortKey, TOKEN_PREFIX } from '../user-query.js';
import { markUsersWritten } from './stored-pages.js';

/**
 * The database layout and its migrations. A user is stored with a `k`
 * object of derived keys that the indexes read; it is never returned to
 * callers. Sort indexes are compound `[key, id]` so ties sort by id and
 * every index key is unique, which keyset paging relies on.
 */

/** Current schema version; {@link MIGRATIONS} has one step per version. */
export const DB_VERSION = 5;

/** Derived keys stored with a user for its indexes. */
export interface UserKeys {
  name: string;
  phone: string;
  channel: string;
  source: string;
  activity: number;
  /** {@link identifierKey}s, unique across users. */
  ids: string[];
  /** {@link storedSearchTokens}. */
  tokens: string[];
  /** `[head, name key, id]` per {@link searchHeads} entry, so a search's matches can be read in name order. */
  heads: SearchHeadKey[];
  /** Source line of a user created by an import, to name it in `duplicate-in-file` rejections. */
  line?: number;
}

export type SearchHeadKey = [head: string, name: string, id: string];

export interface StoredUser extends User {
  k: UserKeys;
}

export interface StoredGroup extends Group {
  /** Folded name, unique across groups. */
  nameKey: string;
}

/** The record of what one import batch wrote, kept to undo the import and to return a replayed batch's result. */
export interface ImportBatchLog {
  importId: string;
  batch: number;
  /** Users the batch created. */
  created: string[];
  /** Existing users the batch added to the import's groups. */
  joined: string[];
  result: ImportBatchResult;
}

/** An existing user as it was before an import first changed it. */
export interface ImportSnapshot {
  importId: string;
  user: User;
}

export interface Meta {
  key: string;
  value: unknown;
}

export interface UsersDB extends DBSchema {
  users: {
    key: string;
    value: StoredUser;
    indexes: {
      id: [string, string];
      name: [string, string];
      phone: [string, string];
      primaryChannel: [string, string];
      source: [string, string];
      createdAt: [number, string];
      lastActivityAt: [number, string];
      identifiers: string;
      groups: string;
      search: string;
      heads: SearchHeadKey;
    };
  };
  groups: { key: string; value: StoredGroup; indexes: { name: string } };
  forms: { key: string; value: Form };
  conversations: { key: string; value: Conversation; indexes: { user: [string, number] } };
  messages: {
    key: string;
    value: Message;
    indexes: { conversation: [string, number]; user: string };
  };
  attachments: { key: string; value: Attachment; indexes: { user: [string, number] } };
  tickets: { key: string; value: Ticket; indexes: { user: [string, number] } };
  notes: { key: string; value: Note; indexes: { user: [string, number] } };
  imports: { key: string; value: ImportJob; indexes: { startedAt: number } };
  importBatches: { key: [string, number]; value: ImportBatchLog };
  importSnapshots: { key: [string, string]; value: ImportSnapshot };
  meta: { key: string; value: Meta };
}

export type Database = IDBPDatabase<UsersDB>;
export type UpgradeTransaction = IDBPTransaction<UsersDB, StoreNames<UsersDB>[], 'versionchange'>;

/** Activity stores indexed by `[userId, time]`, newest last. */
export const USER_ACTIVITY_STORES = ['conversations', 'attachments', 'tickets', 'notes'] as const;

/** Computes the derived keys of a user. */
export function userKeys(user: User): UserKeys {
  const name = foldText(user.name);
  return {
    name,
    phone: sortKey(user, 'phone') as string,
    channel: sortKey(user, 'primaryChannel') as string,
    source: sortKey(user, 'source') as string,
    activity: user.lastActivityAt ?? NO_ACTIVITY_SORT_KEY,
    ids: identifierKeys(user.identifiers),
    tokens: storedSearchTokens(user),
    heads: searchHeads(user).map((head) => [head, name, user.id]),
  };
}

/**
 * The start of the identifier keys that search reads in place of each kind
 * of token: a key with this start followed by a token's text replaces that
 * token. A phone key replaces the digits token only when the number is
 * stored as `+` and its digits.
 */
export const IDENTIFIER_KEY_STARTS: Readonly<Partial<Record<string, string>>> = {
  [TOKEN_PREFIX.email]: 'email:',
  [TOKEN_PREFIX.handle]: 'instagram:',
  [TOKEN_PREFIX.phone]: 'phone:+',
};

/** Tells whether folded text starts with a word, so that the `name` index contains its first word's token. */
export function startsWithWord(folded: string): boolean {
  return /^[\p{L}\p{M}\p{N}]/u.test(folded);
}

/**
 * Returns the {@link searchTokens} of a user that no other index contains:
 * the token of a name that starts with a word is the folded name, a key of
 * the `name` index, and a token that an identifier key replaces (see
 * {@link IDENTIFIER_KEY_STARTS}) is left out too. At a million users on
 * disk the search index cost more than half of a write, so every entry
 * left out counts.
 */
export function storedSearchTokens(user: Pick<User, 'name' | 'identifiers'>): string[] {
  const folded = foldText(user.name);
  const indexed = new Set<string>();
  if (startsWithWord(folded)) indexed.add(TOKEN_PREFIX.name + folded);

  // A key yields the token it replaces. An e-mail address that folding
  // changes, or a phone key with more than digits, yields no token the user has.
  for (const key of identifierKeys(user.identifiers)) {
    for (const [prefix, start] of Object.entries(IDENTIFIER_KEY_STARTS)) {
      if (start && key.startsWith(start)) indexed.add(prefix + key.slice(start.length));
    }
  }
  return searchTokens(user).filter((token) => !indexed.has(token));
}

export function toStoredUser(user: User, line?: number): StoredUser {
  const k = userKeys(user);
  if (line !== undefined) k.line = line;
  return { ...user, k };
}

/** Strips the derived keys. */
export function fromStoredUser(stored: StoredUser): User {
  const { k: _keys, ...user } = stored;
  return user;
}

export function toStoredGroup(group: Group): StoredGroup {
  return { ...group, nameKey: groupNameKey(group.name) };
}

export function fromStoredGroup(stored: StoredGroup): Group {
  const { nameKey: _nameKey, ...group } = stored;
  return group;
}

/** Returns the key that makes group names unique: folded, with spaces collapsed. */
export function groupNameKey(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}

/** Index name and key path of each sortable column of the users store. */
export const SORT_INDEXES = {
  id: 'id',
  name: 'k.name',
  phone: 'k.phone',
  primaryChannel: 'k.channel',
  source: 'k.source',
  createdAt: 'createdAt',
  lastActivityAt: 'k.activity',
} as const;

type Migration = (db: Database, tx: UpgradeTransaction) => Promise<void> | void;

/**
 * One step per schema version: `MIGRATIONS[n]` upgrades from version `n` to
 * `n + 1`. Steps only touch the upgrade transaction, so an interrupted
 * upgrade rolls back whole.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: the stores, the sort and filter indexes and the identifier index.
  (db) => {
    const users = db.createObjectStore('users', { keyPath: 'id' });
    for (const [index, keyPath] of Object.entries(SORT_INDEXES)) {
      users.createIndex(index as keyof typeof SORT_INDEXES, [keyPath, 'id']);
    }
    users.createIndex('identifiers', 'k.ids', { unique: true, multiEntry: true });
    users.createIndex('groups', 'groupIds', { multiEntry: true });

    const groups = db.createObjectStore('groups', { keyPath: 'id' });
    groups.createIndex('name', 'nameKey', { unique: true });
    db.createObjectStore('forms', { keyPath: 'id' });

    db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('user', ['userId', 'lastMessageAt']);
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('conversation', ['conversationId', 'sentAt']);
    messages.createIndex('user', 'userId');
    db.createObjectStore('attachments', { keyPath: 'id' }).createIndex('user', ['userId', 'createdAt']);
    db.createObjectStore('tickets', { keyPath: 'id' }).createIndex('user', ['userId', 'updatedAt']);
    db.createObjectStore('notes', { keyPath: 'id' }).createIndex('user', ['userId', 'createdAt']);

    db.createObjectStore('imports', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
    db.createObjectStore('importBatches', { keyPath: ['importId', 'batch'] });
    db.createObjectStore('importSnapshots', { keyPath: ['importId', 'user.id'] });
    db.createObjectStore('meta', { keyPath: 'key' });
  },

  // 2: the search-token index. Every stored user gets its keys derived
  // again, which also fills the tokens the index reads.
  async (_db, tx) => {
    const users = tx.objectStore('users');
    users.createIndex('search', 'k.tokens', { multiEntry: true });
    for (let cursor = await users.openCursor(); cursor; cursor = await cursor.continue()) {
      const stored = cursor.value;
      await cursor.update({ ...stored, k: { ...userKeys(fromStoredUser(stored)), ...lineOf(stored) } });
    }
  },

  // 3: the users version of the stored pager state. Earlier builds write
  // users without replacing it, so a tab still running one must not write
  // after this. The new schema version closes its connection and keeps it
  // from opening the database again.
  (_db, tx) => {
    markUsersWritten(tx.objectStore('meta'));
  },

  // 4: fewer search tokens. Those that the name and identifier indexes
  // contain are left out (see storedSearchTokens), so every user's tokens
  // are derived again.
  async (_db, tx) => {
    const users = tx.objectStore('users');
    for (let cursor = await users.openCursor(); cursor; cursor = await cursor.continue()) {
      const stored = cursor.value;
      await cursor.update({ ...stored, k: { ...stored.k, tokens: storedSearchTokens(stored) } });
    }
  },

  // 5: the search-head index, which lists a search's matches in name order.
  async (_db, tx) => {
    const users = tx.objectStore('users');
    users.createIndex('heads', 'k.heads', { multiEntry: true });
    for (let cursor = await users.openCursor(); cursor; cursor = await cursor.continue()) {
      const stored = cursor.value;
      await cursor.update({ ...stored, k: { ...stored.k, heads: userKeys(stored).heads } });
    }
  },
];

function lineOf(stored: StoredUser): { line?: number } {
  return stored.k?.line === undefined ? {} : { line: stored.k.line };
}

/** Runs the migrations from `oldVersion` up to `newVersion` inside the upgrade transaction. */
export async function migrate(db: Database, tx: UpgradeTransaction, oldVersion: number, newVersion: number): Promise<void> {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`No migration from schema version ${version}.`);
    await step(db, tx);
  }
}
