import { randomUUID } from 'node:crypto';
import type { ActivityBatch, Page } from '../../src/data/provider.js';
import type { Attachment, Note, NoteInput } from '../../src/model/types.js';
import type { Db } from './db.js';
import { invalid, notFound } from './problems.js';

type ActivityTable = 'conversations' | 'messages' | 'attachments' | 'tickets' | 'notes';

/** Path under the API base where an attachment's stored content is served. */
export function attachmentContentPath(id: string): string {
  return `attachments/${encodeURIComponent(id)}/content`;
}

/**
 * Conversations, messages, attachments, tickets and notes. Records are
 * stored as given (ids included) and listed newest first by the time each
 * list sorts on, ties broken by id.
 */
export class ActivityStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  put(batch: ActivityBatch): number {
    let count = 0;
    for (const conversation of batch.conversations ?? []) {
      this.upsert('conversations', conversation, conversation.userId, conversation.lastMessageAt, 'lastMessageAt');
      count++;
    }
    for (const message of batch.messages ?? []) {
      requireString(message.conversationId, 'messages', message.id, 'conversationId');
      this.upsert('messages', message, message.userId, message.sentAt, 'sentAt', message.conversationId);
      count++;
    }
    for (const { blob: _blob, ...attachment } of batch.attachments ?? []) {
      this.upsert('attachments', attachment, attachment.userId, attachment.createdAt, 'createdAt');
      count++;
    }
    for (const ticket of batch.tickets ?? []) {
      this.upsert('tickets', ticket, ticket.userId, ticket.updatedAt, 'updatedAt');
      count++;
    }
    for (const note of batch.notes ?? []) {
      this.upsert('notes', note, note.userId, note.createdAt, 'createdAt');
      count++;
    }
    return count;
  }

  list<T>(table: ActivityTable, ownerColumn: 'user_id' | 'conversation_id', ownerId: string, offset: number, limit: number): Page<T> {
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM ${table} WHERE ${ownerColumn} = ?`).get(ownerId) as { total: number };
    const rows = this.db
      .prepare(`SELECT id, doc, ${table === 'attachments' ? 'content IS NOT NULL' : '0'} AS has_content FROM ${table}
        WHERE ${ownerColumn} = ? ORDER BY sort_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(ownerId, limit, offset) as { id: string; doc: string; has_content: number }[];
    const items = rows.map((row) => {
      const item = JSON.parse(row.doc) as T & Partial<Attachment>;
      if (row.has_content && !item.url) item.url = attachmentContentPath(row.id);
      return item;
    });
    return { items, total };
  }

  exists(table: ActivityTable, id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  }

  addNote(userId: string, input: NoteInput): Note {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (!text) throw invalid('The note is empty. Write some text before saving it.');
    const note: Note = { id: randomUUID(), userId, text, author: String(input.author ?? ''), createdAt: Date.now() };
    this.upsert('notes', note, userId, note.createdAt, 'createdAt');
    return note;
  }

  deleteNote(id: string): void {
    const { changes } = this.db.prepare('DELETE FROM notes WHERE id = ?').run(id);
    if (changes === 0) throw notFound('Note', id);
  }

  setContent(id: string, content: Buffer, mediaType: string): void {
    const { changes } = this.db.prepare('UPDATE attachments SET content = ?, content_type = ? WHERE id = ?').run(content, mediaType, id);
    if (changes === 0) throw notFound('Attachment', id);
  }

  getContent(id: string): { content: Buffer; mediaType: string; name: string } {
    const row = this.db.prepare('SELECT content, content_type, doc FROM attachments WHERE id = ?').get(id) as
      { content: Buffer | null; content_type: string | null; doc: string } | undefined;
    if (!row?.content) throw notFound('Attachment content', id);
    const { name } = JSON.parse(row.doc) as Attachment;
    return { content: row.content, mediaType: row.content_type ?? 'application/octet-stream', name };
  }

  private upsert(table: ActivityTable, record: { id: string }, userId: string, sortAt: number, timeField: string, conversationId?: string): void {
    requireString(record.id, table, record.id, 'id');
    requireString(userId, table, record.id, 'userId');
    if (!Number.isSafeInteger(sortAt)) {
      throw invalid(`${table} "${record.id}" has ${timeField} ${JSON.stringify(sortAt)}; use a time in epoch milliseconds.`);
    }
    const doc = JSON.stringify(record);
    if (table === 'messages') {
      this.db
        .prepare(`INSERT INTO messages (id, conversation_id, user_id, sort_at, doc) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET conversation_id = excluded.conversation_id, user_id = excluded.user_id, sort_at = excluded.sort_at, doc = excluded.doc`)
        .run(record.id, conversationId, userId, sortAt, doc);
      return;
    }
    this.db
      .prepare(`INSERT INTO ${table} (id, user_id, sort_at, doc) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, sort_at = excluded.sort_at, doc = excluded.doc`)
      .run(record.id, userId, sortAt, doc);
  }
}

function requireString(value: unknown, table: string, id: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') {
    throw invalid(`A record of ${table}${typeof id === 'string' ? ` ("${id}")` : ''} has no ${field}. Every activity record needs id, userId and its time.`);
  }
}
