import { randomUUID } from 'node:crypto';
import { groupNameKey } from '../../src/data/indexeddb/schema.js';
import type { UserSelection } from '../../src/data/provider.js';
import type { Form, FormInput, Group, GroupInput, GroupPatch } from '../../src/model/types.js';
import type { Db } from './db.js';
import { conflict, invalid, notFound } from './problems.js';
import { selectionSql } from './user-query.js';
import type { UserStore } from './users.js';

interface GroupRow {
  id: string;
  member_count: number;
  doc: string;
}

type GroupDoc = Omit<Group, 'id' | 'memberCount'>;

/**
 * Groups and their members. Names are unique, ignoring case, accents and
 * repeated spaces. A membership change moves the member's version, as any
 * other write to the user does.
 */
export class GroupStore {
  private readonly db: Db;
  private readonly users: UserStore;

  constructor(db: Db, users: UserStore) {
    this.db = db;
    this.users = users;
  }

  list(): Group[] {
    return (this.db.prepare('SELECT * FROM groups ORDER BY name_key, id').all() as GroupRow[]).map(toGroup);
  }

  get(id: string): Group {
    const row = this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as GroupRow | undefined;
    if (!row) throw notFound('Group', id);
    return toGroup(row);
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM groups WHERE id = ?').get(id) !== undefined;
  }

  create(input: GroupInput): Group {
    const name = checkName(input.name);
    const id = input.id ?? randomUUID();
    if (this.exists(id)) throw conflict(`A group with id "${id}" already exists.`, this.get(id));
    this.assertNameFree(name);
    if (input.formId) this.assertFormExists(input.formId);

    const now = Date.now();
    const doc: GroupDoc = {
      name,
      description: typeof input.description === 'string' ? input.description : '',
      tags: [...new Set(checkTags(input.tags ?? []))],
      createdAt: now,
      updatedAt: now,
    };
    if (input.formId) doc.formId = input.formId;
    if (input.importId) doc.importId = input.importId;
    this.db
      .prepare('INSERT INTO groups (id, name_key, import_id, form_id, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, groupNameKey(name), doc.importId ?? null, doc.formId ?? null, now, JSON.stringify(doc));
    return this.get(id);
  }

  update(id: string, patch: GroupPatch): Group {
    if (patch.name !== undefined) checkName(patch.name);
    const { id: _id, memberCount: _count, ...doc } = this.get(id);
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      if (groupNameKey(name) !== groupNameKey(doc.name)) this.assertNameFree(name);
      doc.name = name;
    }
    if (patch.description !== undefined) doc.description = String(patch.description);
    if (patch.tags !== undefined) doc.tags = checkTags(patch.tags);
    if (patch.formId) {
      this.assertFormExists(patch.formId);
      doc.formId = patch.formId;
    }
    doc.updatedAt = Date.now();
    this.db
      .prepare('UPDATE groups SET name_key = ?, form_id = ?, doc = ? WHERE id = ?')
      .run(groupNameKey(doc.name), doc.formId ?? null, JSON.stringify(doc), id);
    return this.get(id);
  }

  /** Deletes a group; its members stay, each one version newer. */
  delete(id: string): void {
    this.get(id);
    this.db.prepare('UPDATE users SET version = version + 1, updated_at = ? WHERE seq IN (SELECT user_seq FROM memberships WHERE group_id = ?)').run(Date.now(), id);
    this.db.prepare('DELETE FROM groups WHERE id = ?').run(id);
    this.users.queries.invalidate();
  }

  /** Adds the selected users; returns how many were not members before. */
  addMembers(groupId: string, selection: UserSelection): number {
    this.get(groupId);
    const where = selectionSql(selection);
    const before = (this.db.prepare('SELECT coalesce(max(seq), 0) AS last FROM memberships').get() as { last: number }).last;
    const { changes } = this.db
      .prepare(`INSERT OR IGNORE INTO memberships (user_seq, group_id) SELECT u.seq, ? FROM users u WHERE ${where.sql} ORDER BY u.seq`)
      .run(groupId, ...where.params);
    this.db
      .prepare('UPDATE users SET version = version + 1, updated_at = ? WHERE seq IN (SELECT user_seq FROM memberships WHERE group_id = ? AND seq > ?)')
      .run(Date.now(), groupId, before);
    this.users.queries.invalidate();
    return changes;
  }

  /** Removes the selected users; returns how many were members. */
  removeMembers(groupId: string, selection: UserSelection): number {
    this.get(groupId);
    const where = selectionSql(selection);
    const members = `SELECT user_seq FROM memberships WHERE group_id = ? AND user_seq IN (SELECT u.seq FROM users u WHERE ${where.sql})`;
    this.db.prepare(`UPDATE users SET version = version + 1, updated_at = ? WHERE seq IN (${members})`).run(Date.now(), groupId, ...where.params);
    const { changes } = this.db.prepare(`DELETE FROM memberships WHERE group_id = ? AND user_seq IN (${members})`).run(groupId, groupId, ...where.params);
    this.users.queries.invalidate();
    return changes;
  }

  /** Raises a conflict when another group has the same name, ignoring case and accents. */
  assertNameFree(name: string): void {
    const row = this.db.prepare('SELECT * FROM groups WHERE name_key = ?').get(groupNameKey(name)) as GroupRow | undefined;
    if (row) {
      const existing = toGroup(row);
      throw conflict(`A group named "${existing.name}" already exists. Choose another name.`, existing);
    }
  }

  private assertFormExists(formId: string): void {
    if (!this.db.prepare('SELECT 1 FROM forms WHERE id = ?').get(formId)) throw notFound('Form', formId);
  }
}

/** Forms: custom field schemas that groups point to. */
export class FormStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(): Form[] {
    const forms = (this.db.prepare('SELECT doc FROM forms').all() as { doc: string }[]).map((row) => JSON.parse(row.doc) as Form);
    return forms.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  get(id: string): Form {
    const row = this.db.prepare('SELECT doc FROM forms WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) throw notFound('Form', id);
    return JSON.parse(row.doc) as Form;
  }

  create(input: FormInput): Form {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw invalid('The form name is empty. Enter a name for the form.');
    if (!Array.isArray(input.fields)) throw invalid('The form has no list of fields. Send "fields": [] for a form without fields.');

    const keys = new Set<string>();
    for (const field of input.fields) {
      if (!field || typeof field.key !== 'string' || field.key.trim() === '') {
        throw invalid(`The form field "${String(field?.label)}" has no key. Give every field a key.`);
      }
      if (keys.has(field.key)) throw invalid(`The form has two fields with the key "${field.key}". Keys must be unique.`);
      keys.add(field.key);
    }

    const id = input.id ?? randomUUID();
    if (this.db.prepare('SELECT 1 FROM forms WHERE id = ?').get(id)) throw conflict(`A form with id "${id}" already exists.`, this.get(id));
    const form: Form = { id, name, fields: input.fields.map((field) => ({ ...field })), createdAt: Date.now() };
    this.db.prepare('INSERT INTO forms (id, created_at, doc) VALUES (?, ?, ?)').run(id, form.createdAt, JSON.stringify(form));
    return form;
  }

  /** Deletes a form unless a group still uses it. */
  deleteIfUnused(id: string): void {
    if (this.db.prepare('SELECT 1 FROM groups WHERE form_id = ?').get(id)) return;
    this.db.prepare('DELETE FROM forms WHERE id = ?').run(id);
  }
}

function toGroup(row: GroupRow): Group {
  return { id: row.id, ...(JSON.parse(row.doc) as GroupDoc), memberCount: row.member_count };
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) throw invalid('The group name is empty. Enter a name for the group.');
  return trimmed;
}

function checkTags(tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw invalid('tags must be a list of strings, such as ["vip", "2024"].');
  }
  return tags as string[];
}
