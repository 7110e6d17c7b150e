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
import { UnavailableError } from '../errors.js';
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
  Page,
  PageRequest,
  UserDataProvider,
  UserQuery,
  UserSelection,
} from '../provider.js';
import { ChangeStream, type ChangeEvent } from './change-stream.js';
import { HttpClient, type HeadersSource, type HttpRequest } from './http-client.js';
import { encodePage, encodeUserQuery } from './query-params.js';

export interface FetchProviderOptions {
  /** URL the contract's paths are resolved under, such as `https://example.com/api/`. */
  baseUrl: string | URL;
  /**
   * Returns headers for every request, such as `Authorization`; it may be
   * async so a token can be refreshed. Header values never appear in errors.
   */
  headers?: HeadersSource;
  /** Time allowed for one attempt of a request, in ms; 0 waits forever. Defaults to 15000. */
  timeout?: number;
  /** Extra attempts for requests that are safe to repeat. Defaults to 2. */
  retries?: number;
  /** First backoff delay between attempts, in ms, doubled each time, with jitter. Defaults to 300. */
  retryDelay?: number;
  /** The `fetch` to use, for instance one that adds tracing. Defaults to the global one. */
  fetch?: typeof fetch;
  /**
   * Largest page the server returns in one response (the contract's
   * `limit` maximum). Larger pages are read in several requests. Defaults
   * to 500.
   */
  maxPageSize?: number;
  /** Whether `subscribe` also listens to the server's change feed (`GET /changes`). Defaults to true. */
  changeFeed?: boolean;
}

/**
 * A {@link UserDataProvider} over the REST contract in `openapi.yaml`. It
 * uses only `fetch` and `AbortController`, so it runs in browsers, workers
 * and Node. Failures become the typed errors of `errors.ts`. Requests that
 * are safe to repeat (reads, lookups, import batches, deletes by id) are
 * retried with backoff when the network or the server fails.
 */
export class FetchProvider implements UserDataProvider {
  private readonly client: HttpClient;
  private readonly clientId: string;
  private readonly listeners = new Set<ChangeListener>();
  private readonly changes: ChangeStream | undefined;
  private readonly maxPageSize: number;
  private closed = false;
  private readonly sendsHeaders: boolean;

  constructor(options: FetchProviderOptions) {
    this.clientId = crypto.randomUUID();
    this.sendsHeaders = options.headers !== undefined;
    this.maxPageSize = options.maxPageSize ?? 500;
    const fetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.client = new HttpClient({
      baseUrl: options.baseUrl,
      headers: options.headers,
      timeout: options.timeout ?? 15_000,
      retries: options.retries ?? 2,
      retryDelay: options.retryDelay ?? 300,
      fetch: fetchFunction,
      clientId: this.clientId,
    });
    if (options.changeFeed ?? true) {
      this.changes = new ChangeStream(this.client, fetchFunction, (event) => this.onRemoteChange(event));
    }
  }

  // Users

  async queryUsers(query: UserQuery): Promise<Page<User>> {
    return this.getPage<User>('users', query, (page) => encodeUserQuery({ ...query, ...page }));
  }

  async getUser(id: string, options?: CallOptions): Promise<User> {
    return this.get<User>(`users/${segment(id)}`, options?.signal);
  }

  async createUser(input: UserInput, options?: CallOptions): Promise<User> {
    const user = await this.send<User>({ method: 'POST', path: 'users', body: input, signal: options?.signal });
    this.notify({ entity: 'users', ids: [user.id] });
    return user;
  }

  async updateUser(id: string, patch: UserPatch, expectedVersion: number, options?: CallOptions): Promise<User> {
    const user = await this.send<User>({
      method: 'PATCH',
      path: `users/${segment(id)}`,
      body: patch,
      headers: { 'If-Match': `"${expectedVersion}"` },
      signal: options?.signal,
    });
    this.notify({ entity: 'users', ids: [id] });
    return user;
  }

  async deleteUser(id: string, options?: CallOptions): Promise<void> {
    await this.send({ method: 'DELETE', path: `users/${segment(id)}`, signal: options?.signal, idempotent: true, notFoundMeansDone: true });
    this.notify({ entity: 'users', ids: [id] });
  }

  async deleteUsers(selection: UserSelection, options?: CallOptions): Promise<number> {
    const { count } = await this.send<{ count: number }>({ method: 'POST', path: 'users/delete', body: selection, signal: options?.signal });
    this.notify(selectionChange('users', selection));
    return count;
  }

  async findByIdentifiers(identifiers: ContactIdentifier[], options?: CallOptions): Promise<IdentifierMatch[]> {
    if (identifiers.length === 0) return [];
    // A POST because a batch of identifiers does not fit in a URL; it only
    // reads, so it is retried like a GET.
    const { matches } = await this.send<{ matches: { index: number; user: User }[] }>({
      method: 'POST',
      path: 'users/lookup',
      body: { identifiers },
      signal: options?.signal,
      idempotent: true,
      readOnly: true,
    });
    return matches.flatMap(({ index, user }) => {
      const identifier = identifiers[index];
      return identifier ? [{ identifier, user }] : [];
    });
  }

  // Groups

  async listGroups(options?: CallOptions): Promise<Group[]> {
    return (await this.get<{ items: Group[] }>('groups', options?.signal)).items;
  }

  async getGroup(id: string, options?: CallOptions): Promise<Group> {
    return this.get<Group>(`groups/${segment(id)}`, options?.signal);
  }

  async createGroup(input: GroupInput, options?: CallOptions): Promise<Group> {
    const group = await this.send<Group>({ method: 'POST', path: 'groups', body: input, signal: options?.signal });
    this.notify({ entity: 'groups', ids: [group.id] });
    return group;
  }

  async updateGroup(id: string, patch: GroupPatch, options?: CallOptions): Promise<Group> {
    const group = await this.send<Group>({ method: 'PATCH', path: `groups/${segment(id)}`, body: patch, signal: options?.signal });
    this.notify({ entity: 'groups', ids: [id] });
    return group;
  }

  async deleteGroup(id: string, options?: CallOptions): Promise<void> {
    await this.send({ method: 'DELETE', path: `groups/${segment(id)}`, signal: options?.signal, idempotent: true, notFoundMeansDone: true });
    this.notify({ entity: 'groups', ids: [id] });
    this.notify({ entity: 'users' });
  }

  async addToGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number> {
    const { count } = await this.send<{ count: number }>({ method: 'POST', path: `groups/${segment(groupId)}/members`, body: selection, signal: options?.signal });
    this.notify({ entity: 'groups', ids: [groupId] });
    this.notify(selectionChange('users', selection));
    return count;
  }

  async removeFromGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number> {
    const { count } = await this.send<{ count: number }>({ method: 'POST', path: `groups/${segment(groupId)}/members/delete`, body: selection, signal: options?.signal });
    this.notify({ entity: 'groups', ids: [groupId] });
    this.notify(selectionChange('users', selection));
    return count;
  }

  // Forms

  async listForms(options?: CallOptions): Promise<Form[]> {
    return (await this.get<{ items: Form[] }>('forms', options?.signal)).items;
  }

  async getForm(id: string, options?: CallOptions): Promise<Form> {
    return this.get<Form>(`forms/${segment(id)}`, options?.signal);
  }

  async createForm(input: FormInput, options?: CallOptions): Promise<Form> {
    const form = await this.send<Form>({ method: 'POST', path: 'forms', body: input, signal: options?.signal });
    this.notify({ entity: 'forms', ids: [form.id] });
    return form;
  }

  // Activity

  async listConversations(userId: string, page: PageRequest): Promise<Page<Conversation>> {
    return this.getPage<Conversation>(`users/${segment(userId)}/conversations`, page, encodePage);
  }

  async listMessages(conversationId: string, page: PageRequest): Promise<Page<Message>> {
    return this.getPage<Message>(`conversations/${segment(conversationId)}/messages`, page, encodePage);
  }

  async listAttachments(userId: string, page: PageRequest): Promise<Page<Attachment>> {
    const result = await this.getPage<Attachment>(`users/${segment(userId)}/attachments`, page, encodePage);
    // The server may return content URLs relative to the API; the page needs them absolute.
    for (const attachment of result.items) {
      if (attachment.url) attachment.url = this.client.resolve(attachment.url).href;
    }
    return result;
  }

  /**
   * Reads an attachment's content through the API with the `headers`
   * option's headers, because an `<img>` or a link cannot send them. Without
   * that option, or for a URL outside the base URL, resolves to undefined and
   * the page loads the URL itself, so a token never goes to another server.
   */
  async readAttachment(attachment: Attachment, options?: CallOptions): Promise<Blob | undefined> {
    if (!this.sendsHeaders || !attachment.url) return undefined;
    const path = this.client.pathUnderBase(attachment.url);
    if (path === undefined) return undefined;
    const response = await this.client.request<Blob>({ method: 'GET', path, signal: options?.signal, idempotent: true, responseType: 'blob' });
    return response.body;
  }

  async listTickets(userId: string, page: PageRequest): Promise<Page<Ticket>> {
    return this.getPage<Ticket>(`users/${segment(userId)}/tickets`, page, encodePage);
  }

  async listNotes(userId: string, page: PageRequest): Promise<Page<Note>> {
    return this.getPage<Note>(`users/${segment(userId)}/notes`, page, encodePage);
  }

  async addNote(userId: string, note: NoteInput, options?: CallOptions): Promise<Note> {
    const created = await this.send<Note>({ method: 'POST', path: `users/${segment(userId)}/notes`, body: note, signal: options?.signal });
    this.notify({ entity: 'notes', ids: [created.id] });
    return created;
  }

  async deleteNote(noteId: string, options?: CallOptions): Promise<void> {
    await this.send({ method: 'DELETE', path: `notes/${segment(noteId)}`, signal: options?.signal, idempotent: true, notFoundMeansDone: true });
    this.notify({ entity: 'notes', ids: [noteId] });
  }

  async putActivity(batch: ActivityBatch, options?: CallOptions): Promise<void> {
    // Blobs cannot travel inside JSON: the metadata goes first, then each
    // attachment's content to its own URL.
    const withContent = (batch.attachments ?? []).filter((attachment) => attachment.blob);
    const body: ActivityBatch = { ...batch };
    if (batch.attachments) body.attachments = batch.attachments.map(({ blob: _blob, ...metadata }) => metadata);

    await this.send({ method: 'PUT', path: 'activity', body, signal: options?.signal, idempotent: true });
    for (const attachment of withContent) {
      await this.send({ method: 'PUT', path: `attachments/${segment(attachment.id)}/content`, body: attachment.blob, signal: options?.signal, idempotent: true });
    }
    this.notify({ entity: 'activity' });
  }

  // Imports

  async startImport(options: ImportOptions, call?: CallOptions): Promise<ImportJob> {
    // The client picks the id so that starting is a PUT, safe to retry.
    const importId = options.importId ?? crypto.randomUUID();
    const job = await this.send<ImportJob>({
      method: 'PUT',
      path: `imports/${segment(importId)}`,
      body: { ...options, importId },
      signal: call?.signal,
      idempotent: true,
    });
    this.notify({ entity: 'imports', ids: [job.id] });
    this.notify({ entity: 'groups' });
    if (job.formId) this.notify({ entity: 'forms', ids: [job.formId] });
    return job;
  }

  async writeImportBatch(importId: string, batch: number, records: ImportRecord[], options?: CallOptions): Promise<ImportBatchResult> {
    const result = await this.send<ImportBatchResult>({
      method: 'PUT',
      path: `imports/${segment(importId)}/batches/${batch}`,
      body: { records },
      signal: options?.signal,
      idempotent: true,
    });
    if (!result.replayed) {
      this.notify({ entity: 'users' });
      this.notify({ entity: 'imports', ids: [importId] });
    }
    return result;
  }

  async finishImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.importAction(importId, 'finish', options);
  }

  async cancelImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.importAction(importId, 'cancel', options);
  }

  async undoImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.importAction(importId, 'undo', options);
  }

  async getImport(importId: string, options?: CallOptions): Promise<ImportJob> {
    return this.get<ImportJob>(`imports/${segment(importId)}`, options?.signal);
  }

  async listImports(options?: CallOptions): Promise<ImportJob[]> {
    return (await this.get<{ items: ImportJob[] }>('imports', options?.signal)).items;
  }

  // Changes

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.closed) this.changes?.start();
    return () => {
      this.listeners.delete(listener);
      // An idle feed would hold one of the browser's few connections per host.
      if (this.listeners.size === 0) this.changes?.stop();
    };
  }

  close(): void {
    this.closed = true;
    this.changes?.stop();
    this.listeners.clear();
  }

  private async importAction(importId: string, action: 'finish' | 'cancel' | 'undo', options: CallOptions | undefined): Promise<ImportJob> {
    const job = await this.send<ImportJob>({ method: 'POST', path: `imports/${segment(importId)}/${action}`, signal: options?.signal });
    this.notify({ entity: 'imports', ids: [importId] });
    if (action !== 'finish') this.notify({ entity: 'all' });
    return job;
  }

  /**
   * Reads a page; one larger than {@link FetchProviderOptions.maxPageSize}
   * is read in several requests, and stops early at the end of the list.
   */
  private async getPage<T>(path: string, request: PageRequest, query: (page: { offset: number; limit: number }) => URLSearchParams): Promise<Page<T>> {
    const offset = Math.max(0, Math.floor(request.offset));
    const limit = Math.max(0, Math.floor(request.limit));
    if (limit <= this.maxPageSize) return this.get<Page<T>>(path, request.signal, query({ offset, limit }));

    const items: T[] = [];
    let total = 0;
    while (items.length < limit) {
      const size = Math.min(this.maxPageSize, limit - items.length);
      const part = await this.get<Page<T>>(path, request.signal, query({ offset: offset + items.length, limit: size }));
      items.push(...part.items);
      total = part.total;
      if (part.items.length < size) break;
    }
    return { items, total };
  }

  private async get<T>(path: string, signal: AbortSignal | undefined, query?: URLSearchParams): Promise<T> {
    const request: HttpRequest = { method: 'GET', path, signal, idempotent: true };
    if (query) request.query = query;
    return this.send<T>(request);
  }

  private async send<T = void>(request: HttpRequest): Promise<T> {
    if (this.closed) throw new UnavailableError('The fetch provider is closed. Create a new one to send requests.');
    return (await this.client.request<T>(request)).body;
  }

  private notify(change: DataChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('A change listener threw:', error);
      }
    }
  }

  private onRemoteChange(event: ChangeEvent): void {
    // This provider notified its listeners of its own writes already.
    if (event.origin === this.clientId) return;
    const change: DataChange = { entity: event.entity, remote: true };
    if (event.ids) change.ids = event.ids;
    this.notify(change);
  }
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

// Listeners get ids only when they are few enough to check one by one.
const MAX_CHANGE_IDS = 100;

function selectionChange(entity: 'users', selection: UserSelection): DataChange {
  return 'ids' in selection && selection.ids.length <= MAX_CHANGE_IDS ? { entity, ids: selection.ids } : { entity };
}
