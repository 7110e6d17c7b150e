import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { searchTokens } from '../../src/data/user-query.js';
import type { User } from '../../src/model/types.js';

export type Db = Database.Database;

/**
 * A missing activity sorts before every real time, as `sortKey` defines. It is
 * stored as a sentinel rather than NULL so that row-value comparisons
 * (`(key, id) > (?, ?)`) work for keyset paging.
 */
export const NO_ACTIVITY = Number.MIN_SAFE_INTEGER;

// Each sort key has a compound index ending in `id`, the tie-breaker, so a
// sorted page is an index range scan and deep pages can seek by key.
// name_key is the folded name in UTF-16BE: SQLite compares BLOBs byte by
// byte, which for UTF-16BE is the UTF-16 code unit order that the contract
// and JavaScript use (UTF-8 TEXT orders characters above U+FFFF differently).
const SCHEMA_V1 = `
CREATE TABLE users (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name_key BLOB NOT NULL,
  phone_key TEXT NOT NULL,
  channel_key TEXT NOT NULL,
  source_type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  activity_key INTEGER NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX users_by_name ON users (name_key, id);
CREATE INDEX users_by_phone ON users (phone_key, id);
CREATE INDEX users_by_channel ON users (channel_key, id);
CREATE INDEX users_by_source ON users (source_type, id);
CREATE INDEX users_by_created ON users (created_at, id);
CREATE INDEX users_by_activity ON users (activity_key, id);

-- Normalized identifier keys such as phone:+447700900123; one owner each.
CREATE TABLE identifiers (
  key TEXT PRIMARY KEY,
  user_seq INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE search_terms (
  term TEXT NOT NULL,
  user_seq INTEGER NOT NULL,
  PRIMARY KEY (term, user_seq)
) WITHOUT ROWID;

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  name_key TEXT NOT NULL UNIQUE,
  import_id TEXT,
  form_id TEXT,
  member_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);

-- seq keeps the order in which a user joined groups.
CREATE TABLE memberships (
  seq INTEGER PRIMARY KEY,
  user_seq INTEGER NOT NULL REFERENCES users (seq) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  UNIQUE (user_seq, group_id)
);
CREATE INDEX memberships_by_group ON memberships (group_id, user_seq);
CREATE TRIGGER membership_added AFTER INSERT ON memberships BEGIN
  UPDATE groups SET member_count = member_count + 1 WHERE id = NEW.group_id;
END;
CREATE TRIGGER membership_removed AFTER DELETE ON memberships BEGIN
  UPDATE groups SET member_count = member_count - 1 WHERE id = OLD.group_id;
END;

CREATE TABLE forms (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX conversations_by_user ON conversations (user_id, sort_at, id);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, sort_at, id);
CREATE INDEX messages_by_user ON messages (user_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  content BLOB,
  content_type TEXT
);
CREATE INDEX attachments_by_user ON attachments (user_id, sort_at, id);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX tickets_by_user ON tickets (user_id, sort_at, id);

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX notes_by_user ON notes (user_id, sort_at, id);

CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX imports_by_start ON imports (started_at, id);

-- The stored result of each batch, returned again when a batch is retried.
CREATE TABLE import_batches (
  import_id TEXT NOT NULL,
  batch INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (import_id, batch)
) WITHOUT ROWID;

-- What undo needs: the users an import created (with the source line, to
-- name it in duplicate-in-file rejections), and existing users as they
-- were before the import first changed them.
CREATE TABLE import_created (
  import_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  PRIMARY KEY (import_id, user_id)
) WITHOUT ROWID;

CREATE TABLE import_snapshots (
  import_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  previous TEXT NOT NULL,
  PRIMARY KEY (import_id, user_id)
) WITHOUT ROWID;

-- Responses of writes by their Idempotency-Key, to answer a resent request the same way.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
`;

// The sort indexes also carry the columns that filters test (channel,
// source, activity), so walking a sort index checks a filter without reading
// the table. users_by_id does the same for the id sort.
const COVERING_SORT_INDEXES_V2 = `
DROP INDEX users_by_name;
DROP INDEX users_by_phone;
DROP INDEX users_by_channel;
DROP INDEX users_by_source;
DROP INDEX users_by_created;
DROP INDEX users_by_activity;
CREATE INDEX users_by_id ON users (id, channel_key, source_type, activity_key);
CREATE INDEX users_by_name ON users (name_key, id, channel_key, source_type, activity_key);
CREATE INDEX users_by_phone ON users (phone_key, id, channel_key, source_type, activity_key);
CREATE INDEX users_by_channel ON users (channel_key, id, source_type, activity_key);
CREATE INDEX users_by_source ON users (source_type, id, channel_key, activity_key);
CREATE INDEX users_by_created ON users (created_at, id, channel_key, source_type, activity_key);
CREATE INDEX users_by_activity ON users (activity_key, id, channel_key, source_type);
`;

/** Users whose search terms one statement of the terms migration reads. */
const TERMS_CHUNK = 1000;

/**
 * Phone numbers are found by the start and the end of their digits now, not
 * by any run of them, and every user's search terms are derived again.
 */
function searchTermsV3(db: Db): void {
  db.exec('DELETE FROM search_terms');
  const read = db.prepare('SELECT seq, doc FROM users WHERE seq > ? ORDER BY seq LIMIT ?');
  const insert = db.prepare('INSERT OR IGNORE INTO search_terms (term, user_seq) VALUES (?, ?)');
  for (let last = -1; ; ) {
    const rows = read.all(last, TERMS_CHUNK) as { seq: number; doc: string }[];
    for (const row of rows) {
      for (const term of searchTokens(JSON.parse(row.doc) as Pick<User, 'name' | 'identifiers'>)) insert.run(term, row.seq);
    }
    const next = rows[rows.length - 1];
    if (rows.length < TERMS_CHUNK || !next) break;
    last = next.seq;
  }
}

/** One step per schema version: SQL, or a function for a step that derives data again. */
const MIGRATIONS: (string | ((db: Db) => void))[] = [SCHEMA_V1, COVERING_SORT_INDEXES_V2, searchTermsV3];

/** Every table the schema creates, in an order that deletes children first. */
export const TABLES = [
  'idempotency_keys', 'import_snapshots', 'import_created', 'import_batches', 'imports',
  'notes', 'tickets', 'attachments', 'messages', 'conversations',
  'memberships', 'search_terms', 'identifiers', 'users', 'groups', 'forms',
];

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Cached pages make sorted deep pages and counts over a million rows cheap.
  db.pragma('cache_size = -65536');

  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    db.close();
    throw new Error(`The database ${path} has schema version ${current}, newer than this server knows (${MIGRATIONS.length}). Use a newer server or another --db file.`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      const step = MIGRATIONS[version] ?? '';
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db;
}
