import { identifierKey, normalizeIdentifier, type CountryCode } from '../../model/identifiers.js';
import type {
  Attachment,
  ContactIdentifier,
  Conversation,
  Form,
  FormInput,
  Group,
  GroupInput,
  GroupPatch,
  Message,
  Note,
  NoteInput,
  Ticket,
  User,
  UserInput,
  UserPatch,
} from '../../model/types.js';
import { applyUserPatch, validateUserInput } from '../../model/user.js';
import { ChangeChannel, changeOf } from '../change-channel.js';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../errors.js';
import type {
  ActivityBatch,
  CallOptions,
  ChangeListener,
  DataChange,
  IdentifierMatch,
  ImportBatchResult,
  ImportJob,
  ImportOptions,
  ImportRecord,
  ImportTarget,
  Page,
  PageRequest,
  UserDataProvider,
  UserQuery,
  UserSelection,
} from '../provider.js';
import { Connection, type ConnectionCloseReason } from './connection.js';
import {
  adjustMemberCounts,
  deleteUserInTransaction,
  findKeyOwners,
  membershipDeltas,
  newUser,
  runTransaction,
  USER_WRITE_STORES,
  type ProviderCore,
  type StoreName,
  type Transaction,
  type WriteTransaction,
} from './core.js';
import { ImportWriter, type ImportRunOptions } from './imports.js';
import {
  DB_VERSION,
  fromStoredGroup,
  fromStoredUser,
  groupNameKey,
  toStoredGroup,
  toStoredUser,
  type StoredUser,
} from './schema.js';
import { timeOrderedIds } from './ids.js';
import { UserPager, type PagerOptions } from './user-pages.js';

export interface IndexedDBProviderOptions {
  /** Name of the IndexedDB database; default `all-users`. */
  databaseName?: string;
  /** Country for phone numbers written without a country code, such as `GB`; default none. */
  defaultCountry?: CountryCode;
  /** Whether changes reach other tabs through a BroadcastChannel; default true. */
  crossTab?: boolean;
  /** Users written per transaction by bulk actions on a selection; default 1000. */
  bulkBatchSize?: number;
  /** Tuning of deep paging and filter caching. */
  paging?: Partial<PagerOptions>;
  /** Clock, in epoch ms; default `Date.now`. */
  now?: () => number;
  /** Id generator; default short time-ordered ids, which IndexedDB stores faster than long or random ones. */
  generateId?: () => string;
}

/** The reason the provider stopped working, passed to {@link IndexedDBProvider.onClose} listeners. */
export interface ProviderCloseEvent {
  reason: ConnectionCloseReason;
  /** The error later calls raise; its message names the fix, such as reloading the page. */
  error: UnavailableError;
}

/** The default database name, shared with {@link getDefaultProvider}. */
export const DEFAULT_DATABASE_NAME = 'all-users';

/**
 * A {@link UserDataProvider} that keeps everything in the browser's
 * IndexedDB (it also runs in a worker). Tabs of one origin share the data;
 * each tab's writes reach the others' subscribers with `remote: true`.
 */
export class IndexedDBProvider implements UserDataProvider {
  readonly databaseName: string;
  private readonly connection: Connection;
  private readonly changes: ChangeChannel;
  private readonly pager: UserPager;
  private readonly imports: ImportWriter;
  private readonly core: ProviderCore;
  private readonly closeListeners = new Set<(event: ProviderCloseEvent) => void>();
  private readonly bulkBatchSize: number;
  private readonly workerCompatible: boolean;

  constructor(options: IndexedDBProviderOptions = {}) {
    this.databaseName = options.databaseName ?? DEFAULT_DATABASE_NAME;
    this.bulkBatchSize = options.bulkBatchSize ?? 1000;
    this.workerCompatible = !options.now && !options.generateId && options.crossTab !== false;
    this.connection = new Connection(this.databaseName, DB_VERSION, (reason, error) => this.handleClose(reason, error));
    this.changes = new ChangeChannel(options.crossTab === false ? undefined : changeChannelName(this.databaseName));
    this.pager = new UserPager(() => this.connection.get(), options.paging);

    // Counts and bookmarks go stale with any write to users, from here or another tab.
    this.changes.subscribe((change) => {
      if (change.entity === 'users' || change.entity === 'groups' || change.entity === 'imports' || change.entity === 'all') {
        this.pager.invalidate();
      }
    });

    const now = options.now ?? (() => Date.now());
    const newId = options.generateId ?? timeOrderedIds();
    this.core = {
      defaultCountry: options.defaultCountry,
      now,
      newId,
      transact: (stores, mode, signal, body, readStores) => runTransaction(this.connection, stores, mode, signal, body, readStores),
      changed: (...changes) => {
        for (const change of changes) this.changes.emit(change);
      },
    };
    this.imports = new ImportWriter(this.core);
  }

  /**
   * Calls `listener` once when the connection closes for good: on
   * {@link close}, when another tab upgrades or deletes the database, or when
   * the browser drops the connection. Returns the function that unsubscribes.
   */
  onClose(listener: (event: ProviderCloseEvent) => void): () => void {
    this.closeListeners.add(listener);
    return () => {
      this.closeListeners.delete(listener);
    };
  }

  /** True once the connection has closed; every call then raises `UnavailableError`. */
  get closed(): boolean {
    return this.connection.isClosed;
  }

  // Users

  queryUsers(query: UserQuery): Promise<Page<User>> {
    return this.pager.query(query);
  }

  async getUser(id: string, options?: CallOptions): Promise<User> {
    const stored = await this.core.transact(['users'], 'readonly', options?.signal, (tx) => tx.store.get(id));
    if (!stored) throw new NotFoundError('User', id);
    return fromStoredUser(stored);
  }

  async createUser(input: UserInput, options?: CallOptions): Promise<User> {
    const user = this.validatedNewUser(input);
    await this.core.transact(['users', 'groups'], 'readwrite', options?.signal, async (tx) => {
      const users = tx.objectStore('users');
      if (await users.getKey(user.id)) throw new ConflictError(`A user with id "${user.id}" already exists.`);
      await assertIdentifiersFree(users, user);
      await assertGroupsExist(tx.objectStore('groups'), user.groupIds);

      await users.add(toStoredUser(user));
      await adjustMemberCounts(tx.objectStore('groups'), membershipDeltas([], user.groupIds), user.createdAt);
    });
    this.core.changed(changeOf('users', [user.id]), ...groupChange(user.groupIds));
    return user;
  }

  /**
   * Validates and stores many new users in one transaction, all or
   * nothing: the first invalid input raises a `ValidationError` naming its
   * position, and any id or identifier already taken (or repeated in
   * `inputs`) raises a `ConflictError`. Not part of {@link UserDataProvider};
   * it is the fast path for seeding and integrations.
   */
  async createUsers(inputs: UserInput[], options?: CallOptions): Promise<User[]> {
    const users = inputs.map((input, position) => {
      try {
        return this.validatedNewUser(input);
      } catch (error) {
        if (error instanceof ValidationError) throw new ValidationError(`User ${position + 1} of ${inputs.length}: ${error.message}`, error.issues);
        throw error;
      }
    });
    assertNoRepeats(users);

    const groupIds = [...new Set(users.flatMap((user) => user.groupIds))];
    await this.core.transact(['users', 'groups'], 'readwrite', options?.signal, async (tx) => {
      const store = tx.objectStore('users');
      const index = store.index('identifiers');
      const [takenIds, owners] = await Promise.all([
        Promise.all(users.map((user) => store.getKey(user.id))),
        Promise.all(users.map((user) => Promise.all(user.identifiers.map((identifier) => index.getKey(identifierKey(identifier)))))),
      ]);
      const takenId = users.find((_user, position) => takenIds[position] !== undefined);
      if (takenId) throw new ConflictError(`A user with id "${takenId.id}" already exists.`);
      const clash = users.findIndex((_user, position) => owners[position]?.some((owner) => owner !== undefined));
      if (clash !== -1) await assertIdentifiersFree(store, users[clash] as User);
      await assertGroupsExist(tx.objectStore('groups'), groupIds);

      await Promise.all(users.map((user) => store.add(toStoredUser(user))));
      const deltas = new Map<string, number>();
      for (const user of users) for (const group of user.groupIds) deltas.set(group, (deltas.get(group) ?? 0) + 1);
      await adjustMemberCounts(tx.objectStore('groups'), deltas, this.core.now());
    });
    this.core.changed(changeOf('users', users.map((user) => user.id)), ...groupChange(groupIds));
    return users;
  }

  async updateUser(id: string, patch: UserPatch, expectedVersion: number, options?: CallOptions): Promise<User> {
    const updated = await this.core.transact(['users', 'groups'], 'readwrite', options?.signal, async (tx) => {
      const users = tx.objectStore('users');
      const stored = await users.get(id);
      if (!stored) throw new NotFoundError('User', id);
      const current = fromStoredUser(stored);
      if (current.version !== expectedVersion) {
        throw new ConflictError(
          `User "${id}" was changed by someone else (version ${current.version}, expected ${expectedVersion}). Reload it and apply the change again.`,
          current,
        );
      }

      const next = this.validatedPatch(current, patch);
      await assertIdentifiersFree(users, next);
      const deltas = membershipDeltas(current.groupIds, next.groupIds);
      await assertGroupsExist(tx.objectStore('groups'), [...deltas].filter(([, delta]) => delta > 0).map(([group]) => group));

      await users.put(toStoredUser(next));
      await adjustMemberCounts(tx.objectStore('groups'), deltas, next.updatedAt);
      return { user: next, groups: [...deltas.keys()] };
    });
    this.core.changed(changeOf('users', [id]), ...groupChange(updated.groups));
    return updated.user;
  }

  async deleteUser(id: string, options?: CallOptions): Promise<void> {
    await this.core.transact(USER_WRITE_STORES, 'readwrite', options?.signal, async (tx) => {
      if (!(await deleteUserInTransaction(tx, id, this.core.now()))) throw new NotFoundError('User', id);
    });
    this.core.changed(changeOf('users', [id]), { entity: 'groups' });
  }

  async deleteUsers(selection: UserSelection, options?: CallOptions): Promise<number> {
    const ids = await this.pager.selectedIds(selection, options?.signal);
    let deleted = 0;
    try {
      for (const batch of chunks(ids, this.bulkBatchSize)) {
        deleted += await this.core.transact(USER_WRITE_STORES, 'readwrite', options?.signal, async (tx) => {
          let count = 0;
          for (const id of batch) if (await deleteUserInTransaction(tx, id, this.core.now())) count++;
          return count;
        });
      }
    } finally {
      if (deleted > 0) this.core.changed(changeOf('users', ids), { entity: 'groups' });
    }
    return deleted;
  }

  async findByIdentifiers(identifiers: ContactIdentifier[], options?: CallOptions): Promise<IdentifierMatch[]> {
    const lookups = identifiers.flatMap((identifier) => {
      const normalized = normalizeIdentifier(identifier.kind, identifier.value, { defaultCountry: this.core.defaultCountry });
      return normalized.ok ? [{ identifier, key: identifierKey({ kind: identifier.kind, value: normalized.value }) }] : [];
    });
    return this.findByKeys(lookups, options);
  }

  /**
   * Finds users by identifiers that are normalized already, such as those
   * of an import plan, without normalizing them again. Not part of
   * {@link UserDataProvider}: callers that cannot vouch for their values use
   * {@link findByIdentifiers}.
   */
  findByNormalizedIdentifiers(identifiers: ContactIdentifier[], options?: CallOptions): Promise<IdentifierMatch[]> {
    return this.findByKeys(identifiers.map((identifier) => ({ identifier, key: identifierKey(identifier) })), options);
  }

  private findByKeys(lookups: { identifier: ContactIdentifier; key: string }[], options?: CallOptions): Promise<IdentifierMatch[]> {
    return this.core.transact(['users'], 'readonly', options?.signal, async (tx) => {
      const owners = await findKeyOwners(tx.store.index('identifiers'), lookups.map((lookup) => lookup.key));
      const ids = [...new Set(owners.values())];
      const stored = await Promise.all(ids.map((id) => tx.store.get(id)));
      const users = new Map(stored.flatMap((user) => (user ? [[user.id, fromStoredUser(user)] as const] : [])));
      return lookups.flatMap((lookup) => {
        const user = users.get(owners.get(lookup.key) ?? '');
        return user ? [{ identifier: lookup.identifier, user }] : [];
      });
    });
  }

  // Groups

  async listGroups(options?: CallOptions): Promise<Group[]> {
    const stored = await this.core.transact(['groups'], 'readonly', options?.signal, (tx) => tx.store.index('name').getAll());
    return stored.map(fromStoredGroup);
  }

  async getGroup(id: string, options?: CallOptions): Promise<Group> {
    const stored = await this.core.transact(['groups'], 'readonly', options?.signal, (tx) => tx.store.get(id));
    if (!stored) throw new NotFoundError('Group', id);
    return fromStoredGroup(stored);
  }

  async createGroup(input: GroupInput, options?: CallOptions): Promise<Group> {
    const now = this.core.now();
    const group = newGroup(input, this.core.newId(), now);
    await this.core.transact(['groups', 'forms'], 'readwrite', options?.signal, async (tx) => {
      const groups = tx.objectStore('groups');
      if (await groups.getKey(group.id)) throw new ConflictError(`A group with id "${group.id}" already exists.`);
      await assertGroupNameFree(groups, group.name);
      if (group.formId && !(await tx.objectStore('forms').getKey(group.formId))) {
        throw new NotFoundError('Form', group.formId);
      }
      await groups.add(toStoredGroup(group));
    });
    this.core.changed(changeOf('groups', [group.id]));
    return group;
  }

  async updateGroup(id: string, patch: GroupPatch, options?: CallOptions): Promise<Group> {
    if (patch.name !== undefined) checkGroupName(patch.name);
    const group = await this.core.transact(['groups', 'forms'], 'readwrite', options?.signal, async (tx) => {
      const groups = tx.objectStore('groups');
      const stored = await groups.get(id);
      if (!stored) throw new NotFoundError('Group', id);
      const next: Group = { ...fromStoredGroup(stored), ...definedFields(patch), updatedAt: this.core.now() };
      next.name = next.name.trim();
      if (groupNameKey(next.name) !== stored.nameKey) await assertGroupNameFree(groups, next.name);
      if (patch.formId && !(await tx.objectStore('forms').getKey(patch.formId))) {
        throw new NotFoundError('Form', patch.formId);
      }
      await groups.put(toStoredGroup(next));
      return next;
    });
    this.core.changed(changeOf('groups', [id]));
    return group;
  }

  async deleteGroup(id: string, options?: CallOptions): Promise<void> {
    const stores: StoreName[] = ['users', 'groups'];
    await this.core.transact(stores, 'readwrite', options?.signal, async (tx) => {
      const groups = tx.objectStore('groups');
      if (!(await groups.getKey(id))) throw new NotFoundError('Group', id);
      await removeGroupFromMembers(tx, id, this.core.now());
      await groups.delete(id);
    });
    this.core.changed(changeOf('groups', [id]), { entity: 'users' });
  }

  addToGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number> {
    return this.changeMembership(groupId, selection, 'add', options);
  }

  removeFromGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number> {
    return this.changeMembership(groupId, selection, 'remove', options);
  }

  // Forms

  async listForms(options?: CallOptions): Promise<Form[]> {
    const forms = await this.core.transact(['forms'], 'readonly', options?.signal, (tx) => tx.store.getAll());
    return forms.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async getForm(id: string, options?: CallOptions): Promise<Form> {
    const form = await this.core.transact(['forms'], 'readonly', options?.signal, (tx) => tx.store.get(id));
    if (!form) throw new NotFoundError('Form', id);
    return form;
  }

  async createForm(input: FormInput, options?: CallOptions): Promise<Form> {
    const form = newForm(input, this.core.newId(), this.core.now());
    await this.core.transact(['forms'], 'readwrite', options?.signal, async (tx) => {
      if (await tx.store.getKey(form.id)) throw new ConflictError(`A form with id "${form.id}" already exists.`);
      await tx.store.add(form);
    });
    this.core.changed(changeOf('forms', [form.id]));
    return form;
  }

  // Activity

  listConversations(userId: string, page: PageRequest): Promise<Page<Conversation>> {
    return this.userActivityPage('conversations', userId, page);
  }

  async listMessages(conversationId: string, page: PageRequest): Promise<Page<Message>> {
    return this.core.transact(['conversations', 'messages'], 'readonly', page.signal, async (tx) => {
      if (!(await tx.objectStore('conversations').getKey(conversationId))) {
        throw new NotFoundError('Conversation', conversationId);
      }
      const range = IDBKeyRange.bound([conversationId], [conversationId, []]);
      return readPage(tx.objectStore('messages').index('conversation'), range, page);
    });
  }

  listAttachments(userId: string, page: PageRequest): Promise<Page<Attachment>> {
    return this.userActivityPage('attachments', userId, page);
  }

  listTickets(userId: string, page: PageRequest): Promise<Page<Ticket>> {
    return this.userActivityPage('tickets', userId, page);
  }

  listNotes(userId: string, page: PageRequest): Promise<Page<Note>> {
    return this.userActivityPage('notes', userId, page);
  }

  async addNote(userId: string, input: NoteInput, options?: CallOptions): Promise<Note> {
    const text = input.text.trim();
    if (text === '') throw new ValidationError('The note is empty. Write some text before saving it.');
    const note: Note = { id: this.core.newId(), userId, text, author: input.author, createdAt: this.core.now() };
    await this.core.transact(
      ['users', 'notes'],
      'readwrite',
      options?.signal,
      async (tx) => {
        if (!(await tx.objectStore('users').getKey(userId))) throw new NotFoundError('User', userId);
        await tx.objectStore('notes').add(note);
      },
      ['users'],
    );
    this.core.changed(changeOf('notes', [note.id]));
    return note;
  }

  async deleteNote(noteId: string, options?: CallOptions): Promise<void> {
    await this.core.transact(['notes'], 'readwrite', options?.signal, async (tx) => {
      if (!(await tx.store.getKey(noteId))) throw new NotFoundError('Note', noteId);
      await tx.store.delete(noteId);
    });
    this.core.changed(changeOf('notes', [noteId]));
  }

  async putActivity(batch: ActivityBatch, options?: CallOptions): Promise<void> {
    const stores = (['conversations', 'messages', 'attachments', 'tickets', 'notes'] as const).filter(
      (store) => (batch[store]?.length ?? 0) > 0,
    );
    if (stores.length === 0) return;
    await this.core.transact([...stores], 'readwrite', options?.signal, async (tx) => {
      const writes: Promise<unknown>[] = [];
      for (const store of stores) {
        const records: readonly unknown[] = batch[store] ?? [];
        const objectStore = tx.objectStore(store);
        for (const record of records) writes.push(objectStore.put(record as never));
      }
      await Promise.all(writes);
    });
    const changes: DataChange[] = [{ entity: 'activity' }];
    if (batch.notes?.length) changes.push(changeOf('notes', batch.notes.map((note) => note.id)));
    this.core.changed(...changes);
  }

  // Imports

  startImport(options: ImportOptions, call?: CallOptions): Promise<ImportJob> {
    return this.imports.start(options, call?.signal);
  }

  importTarget(): ImportTarget | undefined {
    if (this.connection.isClosed) throw new UnavailableError('The data provider was closed. Reload the page to reconnect.');
    // A worker's own provider has the default clock, ids and change channel.
    if (!this.workerCompatible) return undefined;
    return { kind: 'indexeddb', databaseName: this.databaseName, ...(this.core.defaultCountry ? { defaultCountry: this.core.defaultCountry } : {}) };
  }

  writeImportBatch(importId: string, batch: number, records: ImportRecord[], options?: CallOptions): Promise<ImportBatchResult> {
    return this.imports.writeBatch(importId, batch, records, options?.signal);
  }

  /**
   * Writes an import's batches from `options.firstBatch` on, as
   * {@link writeImportBatch} would one by one, with the next batch
   * prepared while the current one commits. The import worker runs its
   * write loop with this; it is not part of {@link UserDataProvider}.
   */
  runImport(importId: string, options: ImportRunOptions): Promise<void> {
    return this.imports.run(importId, options);
  }

  finishImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.imports.finish(importId, options?.signal);
  }

  cancelImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.imports.undo(importId, 'cancelled', options?.signal);
  }

  undoImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.imports.undo(importId, 'undone', options?.signal);
  }

  getImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.imports.get(importId, options?.signal);
  }

  listImports(options?: CallOptions): Promise<ImportJob[]> {
    return this.imports.list(options?.signal);
  }

  // Changes and lifetime

  subscribe(listener: ChangeListener): () => void {
    return this.changes.subscribe(listener);
  }

  close(): void {
    this.connection.close();
  }

  private handleClose(reason: ConnectionCloseReason, error: UnavailableError): void {
    // Elements reload on a change and then show the error their next call
    // raises; a page that called close() itself needs no such nudge.
    if (reason !== 'closed') this.changes.emitLocal({ entity: 'all' });
    for (const listener of [...this.closeListeners]) {
      try {
        listener({ reason, error });
      } catch (listenerError) {
        console.error('A close listener failed:', listenerError);
      }
    }
    this.closeListeners.clear();
    this.changes.close();
  }

  private validatedNewUser(input: UserInput): User {
    const { user: valid, issues } = validateUserInput(input, { defaultCountry: this.core.defaultCountry });
    if (issues.length > 0) throw invalidUser(issues);
    return newUser(valid, valid.id ?? this.core.newId(), this.core.now());
  }

  private validatedPatch(current: User, patch: UserPatch): User {
    const merged = applyUserPatch(current, definedFields(patch));
    const { user: valid, issues } = validateUserInput(merged, { defaultCountry: this.core.defaultCountry });
    if (issues.length > 0) throw invalidUser(issues);
    const next: User = {
      ...merged,
      name: valid.name,
      identifiers: valid.identifiers,
      groupIds: [...new Set(merged.groupIds)],
      updatedAt: Math.max(this.core.now(), current.updatedAt),
      version: current.version + 1,
    };
    if (valid.primaryChannel) next.primaryChannel = valid.primaryChannel;
    return next;
  }

  private async changeMembership(
    groupId: string,
    selection: UserSelection,
    action: 'add' | 'remove',
    options?: CallOptions,
  ): Promise<number> {
    await this.getGroup(groupId, options);
    const ids = await this.pager.selectedIds(selection, options?.signal);
    let changedCount = 0;
    const changedIds: string[] = [];
    try {
      for (const batch of chunks(ids, this.bulkBatchSize)) {
        const changed = await this.core.transact(['users', 'groups'], 'readwrite', options?.signal, async (tx) => {
          const users = tx.objectStore('users');
          const groups = tx.objectStore('groups');
          if (!(await groups.getKey(groupId))) throw new NotFoundError('Group', groupId);

          const now = this.core.now();
          const stored = await Promise.all(batch.map((id) => users.get(id)));
          const writes: Promise<string>[] = [];
          for (const user of stored) {
            if (!user || user.groupIds.includes(groupId) === (action === 'add')) continue;
            const groupIds = action === 'add' ? [...user.groupIds, groupId] : user.groupIds.filter((id) => id !== groupId);
            writes.push(users.put({ ...user, groupIds, updatedAt: now, version: user.version + 1 }));
          }
          const written = await Promise.all(writes);
          const delta = action === 'add' ? written.length : -written.length;
          await adjustMemberCounts(groups, new Map([[groupId, delta]]), now);
          return written;
        });
        changedCount += changed.length;
        changedIds.push(...changed);
      }
    } finally {
      if (changedCount > 0) this.core.changed(changeOf('users', changedIds), changeOf('groups', [groupId]));
    }
    return changedCount;
  }

  private async userActivityPage<S extends 'conversations' | 'attachments' | 'tickets' | 'notes'>(
    store: S,
    userId: string,
    page: PageRequest,
  ) {
    return this.core.transact(['users', store], 'readonly', page.signal, async (tx) => {
      if (!(await tx.objectStore('users').getKey(userId))) throw new NotFoundError('User', userId);
      const range = IDBKeyRange.bound([userId], [userId, []]);
      const index = tx.objectStore(store).index('user');
      return readPage(index, range, page);
    });
  }
}

/** Name of the BroadcastChannel that carries a database's changes between tabs. */
export function changeChannelName(databaseName: string): string {
  return `all-users-elements:${databaseName}`;
}

interface PagedIndex<T> {
  count(range: IDBKeyRange): Promise<number>;
  openCursor(range: IDBKeyRange, direction: IDBCursorDirection): Promise<{
    value: T;
    advance(count: number): Promise<unknown>;
    continue(): Promise<unknown>;
  } | null>;
}

/** Reads one page of an index range, newest (highest key) first. */
async function readPage<T>(index: PagedIndex<T>, range: IDBKeyRange, page: PageRequest): Promise<Page<T>> {
  const total = await index.count(range);
  const items: T[] = [];
  const offset = Math.max(0, Math.floor(page.offset));
  const limit = Math.max(0, Math.floor(page.limit));
  if (offset >= total || limit === 0) return { items, total };

  type Cursor = Awaited<ReturnType<PagedIndex<T>['openCursor']>>;
  let cursor: Cursor = await index.openCursor(range, 'prev');
  if (cursor && offset > 0) cursor = (await cursor.advance(offset)) as Cursor;
  while (cursor && items.length < limit) {
    items.push(cursor.value);
    cursor = (await cursor.continue()) as Cursor;
  }
  return { items, total };
}

type UsersStore = ReturnType<Transaction<['users'], 'readwrite'>['objectStore']>;

/** Raises a conflict naming the first identifier of `user` that another user owns. */
async function assertIdentifiersFree(users: UsersStore, user: User): Promise<void> {
  const index = users.index('identifiers');
  const owners = await Promise.all(user.identifiers.map((identifier) => index.getKey(identifierKey(identifier))));
  const position = owners.findIndex((owner) => owner !== undefined && owner !== user.id);
  if (position === -1) return;

  const identifier = user.identifiers[position] as ContactIdentifier;
  const owner = await users.get(owners[position] as string);
  const current = owner ? fromStoredUser(owner) : undefined;
  throw new ConflictError(
    `The ${identifier.kind} ${identifier.value} already belongs to ${current ? `"${current.name}"` : 'another user'}. Open that user instead, or remove the identifier.`,
    current,
    { identifier },
  );
}

async function assertGroupsExist(
  groups: { getKey(id: string): Promise<string | undefined> },
  ids: readonly string[],
): Promise<void> {
  const found = await Promise.all(ids.map((id) => groups.getKey(id)));
  const missing = ids.find((_id, position) => found[position] === undefined);
  if (missing !== undefined) throw new NotFoundError('Group', missing);
}

/** Raises a conflict when another group has the same name, ignoring case and accents. */
export async function assertGroupNameFree(
  groups: { index(name: 'name'): { get(key: string): Promise<{ id: string; name: string } | undefined> } },
  name: string,
): Promise<void> {
  const existing = await groups.index('name').get(groupNameKey(name));
  if (existing) {
    throw new ConflictError(`A group named "${existing.name}" already exists. Choose another name.`, existing);
  }
}

/** Raises a validation error for a blank group name. */
export function checkGroupName(name: string): void {
  if (name.trim() === '') throw new ValidationError('The group name is empty. Enter a name for the group.');
}

export function newGroup(input: GroupInput, id: string, now: number): Group {
  checkGroupName(input.name);
  const group: Group = {
    id: input.id ?? id,
    name: input.name.trim(),
    description: input.description ?? '',
    tags: [...new Set(input.tags ?? [])],
    memberCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (input.formId) group.formId = input.formId;
  if (input.importId) group.importId = input.importId;
  return group;
}

export function newForm(input: FormInput, id: string, now: number): Form {
  if (input.name.trim() === '') throw new ValidationError('The form name is empty. Enter a name for the form.');
  const keys = new Set<string>();
  for (const field of input.fields) {
    if (field.key.trim() === '') throw new ValidationError(`The form field "${field.label}" has no key. Give every field a key.`);
    if (keys.has(field.key)) throw new ValidationError(`The form has two fields with the key "${field.key}". Keys must be unique.`);
    keys.add(field.key);
  }
  return { id: input.id ?? id, name: input.name.trim(), fields: input.fields.map((field) => ({ ...field })), createdAt: now };
}

/** Removes a group from all its members, in the caller's transaction. */
export async function removeGroupFromMembers(
  tx: WriteTransaction,
  groupId: string,
  now: number,
): Promise<void> {
  const users = tx.objectStore('users');
  const members = await users.index('groups').getAll(groupId);
  await Promise.all(
    members.map((user: StoredUser) =>
      users.put({ ...user, groupIds: user.groupIds.filter((id) => id !== groupId), updatedAt: now, version: user.version + 1 }),
    ),
  );
}

/** Raises a conflict when two new users share an id or an identifier. */
function assertNoRepeats(users: readonly User[]): void {
  const ids = new Set<string>();
  const keys = new Map<string, User>();
  for (const user of users) {
    if (ids.has(user.id)) throw new ConflictError(`The id "${user.id}" is given to two new users. Give each user its own id.`);
    ids.add(user.id);
    for (const identifier of user.identifiers) {
      const key = identifierKey(identifier);
      const other = keys.get(key);
      if (other && other !== user) {
        throw new ConflictError(
          `The ${identifier.kind} ${identifier.value} is given to both "${other.name}" and "${user.name}".`,
          undefined,
          { identifier },
        );
      }
      keys.set(key, user);
    }
  }
}

function invalidUser(issues: ValidationError['issues']): ValidationError {
  const list = issues.map((issue) => `${issue.field}: ${issue.code}${issue.value === undefined ? '' : ` ("${issue.value}")`}`);
  return new ValidationError(`The user is not valid: ${list.join('; ')}.`, issues);
}

function groupChange(groupIds: readonly string[]): DataChange[] {
  return groupIds.length > 0 ? [changeOf('groups', groupIds)] : [];
}

/** Drops keys whose value is `undefined`, so a patch never erases a field by accident. */
function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
