import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodePage, decodeUserQuery } from '../../src/data/http/query-params.js';
import type { ActivityBatch, ChangeEntity, ImportOptions, ImportRecord, UserFilter, UserSelection } from '../../src/data/provider.js';
import type { ContactIdentifier, FormInput, GroupInput, GroupPatch, NoteInput, UserInput, UserPatch } from '../../src/model/types.js';
import { readBody, readJson, type Limits } from './http.js';
import { badRequest, HttpProblem, notFound, tooLarge } from './problems.js';
import type { Stores } from './stores.js';

export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Records a change, published on the change feed once the handler returns. */
  changed(entity: ChangeEntity, ids?: string[]): void;
  /** Runs synchronous work in one SQLite transaction. */
  transaction<T>(work: () => T): T;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Sent as it is instead of JSON. */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler(context: RequestContext): Promise<Reply | void> | Reply | void;
}

function route(method: string, path: string, handler: Route['handler']): Route {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), keys, handler };
}

/** The routes of the contract in openapi.yaml. */
export function createRoutes(stores: Stores, limits: Limits): Route[] {
  const { users, groups, forms, activity, imports } = stores;

  const json = async <T>(context: RequestContext): Promise<T> => (await readJson(context.request, limits.maxBodyBytes)) as T;
  const page = (context: RequestContext) => decodePage(context.url.searchParams, limits.maxPageSize);
  const selection = async (context: RequestContext) => checkSelection(await json<UserSelection>(context), limits);
  const userActivity = (context: RequestContext, table: 'conversations' | 'attachments' | 'tickets' | 'notes'): Reply => {
    const { offset, limit } = page(context);
    const userId = context.params.id ?? '';
    users.get(userId);
    return { body: activity.list(table, 'user_id', userId, offset, limit) };
  };

  return [
    // Users
    route('GET', '/users', ({ url }) => {
      const query = decodeUserQuery(url.searchParams, limits.maxPageSize);
      return { body: users.query(query.offset, query.limit, query.sort, query.filter) };
    }),
    route('POST', '/users', async (context) => {
      const input = checkObject(await json<UserInput>(context), 'user');
      const user = context.transaction(() => users.create(input));
      context.changed('users', [user.id]);
      return { status: 201, body: user, headers: { ETag: etag(user.version), Location: `users/${encodeURIComponent(user.id)}` } };
    }),
    route('POST', '/users/delete', async (context) => {
      const chosen = await selection(context);
      const count = context.transaction(() => users.deleteSelection(chosen));
      context.changed('users', 'ids' in chosen ? chosen.ids : undefined);
      return { body: { count } };
    }),
    route('POST', '/users/lookup', async (context) => {
      const { identifiers } = checkObject(await json<{ identifiers: ContactIdentifier[] }>(context), 'lookup');
      if (!Array.isArray(identifiers)) throw badRequest('The body must be {"identifiers": [{"kind": …, "value": …}, …]}.');
      checkLength(identifiers.length, limits, 'The lookup', 'identifiers');
      return { body: { matches: users.findByIdentifiers(identifiers) } };
    }),
    route('GET', '/users/:id', ({ params }) => {
      const user = users.get(params.id ?? '');
      return { body: user, headers: { ETag: etag(user.version) } };
    }),
    route('PATCH', '/users/:id', async (context) => {
      const id = context.params.id ?? '';
      const expected = parseIfMatch(context.request.headers['if-match'], id);
      const patch = checkObject(await json<UserPatch>(context), 'patch');
      const user = context.transaction(() => users.update(id, patch, expected));
      context.changed('users', [id]);
      return { body: user, headers: { ETag: etag(user.version) } };
    }),
    route('DELETE', '/users/:id', (context) => {
      const id = context.params.id ?? '';
      context.transaction(() => users.delete(id));
      context.changed('users', [id]);
    }),

    // Groups
    route('GET', '/groups', () => ({ body: { items: groups.list() } })),
    route('POST', '/groups', async (context) => {
      const input = checkObject(await json<GroupInput>(context), 'group');
      const group = context.transaction(() => groups.create(input));
      context.changed('groups', [group.id]);
      return { status: 201, body: group, headers: { Location: `groups/${encodeURIComponent(group.id)}` } };
    }),
    route('GET', '/groups/:id', ({ params }) => ({ body: groups.get(params.id ?? '') })),
    route('PATCH', '/groups/:id', async (context) => {
      const id = context.params.id ?? '';
      const patch = checkObject(await json<GroupPatch>(context), 'patch');
      const group = context.transaction(() => groups.update(id, patch));
      context.changed('groups', [id]);
      return { body: group };
    }),
    route('DELETE', '/groups/:id', (context) => {
      const id = context.params.id ?? '';
      context.transaction(() => groups.delete(id));
      context.changed('groups', [id]);
      context.changed('users');
    }),
    route('POST', '/groups/:id/members', async (context) => {
      const id = context.params.id ?? '';
      const chosen = await selection(context);
      const count = context.transaction(() => groups.addMembers(id, chosen));
      context.changed('groups', [id]);
      context.changed('users', 'ids' in chosen ? chosen.ids : undefined);
      return { body: { count } };
    }),
    route('POST', '/groups/:id/members/delete', async (context) => {
      const id = context.params.id ?? '';
      const chosen = await selection(context);
      const count = context.transaction(() => groups.removeMembers(id, chosen));
      context.changed('groups', [id]);
      context.changed('users', 'ids' in chosen ? chosen.ids : undefined);
      return { body: { count } };
    }),

    // Forms
    route('GET', '/forms', () => ({ body: { items: forms.list() } })),
    route('POST', '/forms', async (context) => {
      const input = checkObject(await json<FormInput>(context), 'form');
      const form = context.transaction(() => forms.create(input));
      context.changed('forms', [form.id]);
      return { status: 201, body: form, headers: { Location: `forms/${encodeURIComponent(form.id)}` } };
    }),
    route('GET', '/forms/:id', ({ params }) => ({ body: forms.get(params.id ?? '') })),

    // Activity
    route('GET', '/users/:id/conversations', (context) => userActivity(context, 'conversations')),
    route('GET', '/conversations/:id/messages', (context) => {
      const { offset, limit } = page(context);
      const id = context.params.id ?? '';
      if (!activity.exists('conversations', id)) throw notFound('Conversation', id);
      return { body: activity.list('messages', 'conversation_id', id, offset, limit) };
    }),
    route('GET', '/users/:id/attachments', (context) => userActivity(context, 'attachments')),
    route('GET', '/users/:id/tickets', (context) => userActivity(context, 'tickets')),
    route('GET', '/users/:id/notes', (context) => userActivity(context, 'notes')),
    route('POST', '/users/:id/notes', async (context) => {
      const userId = context.params.id ?? '';
      const input = checkObject(await json<NoteInput>(context), 'note');
      const note = context.transaction(() => {
        users.get(userId);
        return activity.addNote(userId, input);
      });
      context.changed('notes', [note.id]);
      return { status: 201, body: note };
    }),
    route('DELETE', '/notes/:id', (context) => {
      const id = context.params.id ?? '';
      context.transaction(() => activity.deleteNote(id));
      context.changed('notes', [id]);
    }),
    route('PUT', '/activity', async (context) => {
      const batch = checkObject(await json<ActivityBatch>(context), 'activity batch');
      const lists = [batch.conversations, batch.messages, batch.attachments, batch.tickets, batch.notes];
      if (lists.some((list) => list !== undefined && !Array.isArray(list))) {
        throw badRequest('Each of conversations, messages, attachments, tickets and notes must be a list when present.');
      }
      checkLength(lists.reduce((sum, list) => sum + (list?.length ?? 0), 0), limits, 'The activity batch', 'records');
      context.transaction(() => activity.put(batch));
      context.changed('activity');
      if (batch.notes?.length) context.changed('notes');
    }),
    route('PUT', '/attachments/:id/content', async (context) => {
      const id = context.params.id ?? '';
      const content = await readBody(context.request, limits.maxContentBytes, 'attachment content');
      const mediaType = context.request.headers['content-type'] ?? 'application/octet-stream';
      context.transaction(() => activity.setContent(id, content, mediaType));
      context.changed('activity', [id]);
    }),
    route('GET', '/attachments/:id/content', ({ params }) => {
      const { content, mediaType, name } = activity.getContent(params.id ?? '');
      return {
        raw: content,
        headers: {
          'Content-Type': mediaType,
          'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
          // Stored content is served as data: never sniffed, never run as a page.
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'Cache-Control': 'private, max-age=60',
        },
      };
    }),

    // Imports
    route('GET', '/imports', () => ({ body: { items: imports.list() } })),
    route('PUT', '/imports/:id', async (context) => {
      const id = context.params.id ?? '';
      const options = checkObject(await json<ImportOptions>(context), 'import options');
      if (options.importId !== undefined && options.importId !== id) {
        throw badRequest(`The body names import "${options.importId}" but the path names "${id}". Send the same id in both, or leave importId out of the body.`);
      }
      const { job, created } = context.transaction(() => imports.start(id, options));
      if (created) {
        context.changed('imports', [id]);
        context.changed('groups');
        if (job.formId) context.changed('forms', [job.formId]);
      }
      return { status: created ? 201 : 200, body: job };
    }),
    route('GET', '/imports/:id', ({ params }) => ({ body: imports.get(params.id ?? '') })),
    route('PUT', '/imports/:id/batches/:batch', async (context) => {
      const id = context.params.id ?? '';
      const batch = Number(context.params.batch);
      if (!Number.isSafeInteger(batch) || batch < 0) {
        throw badRequest(`Batch number "${context.params.batch}" is not a whole number of 0 or more.`);
      }
      const { records } = checkObject(await json<{ records: ImportRecord[] }>(context), 'batch');
      if (Array.isArray(records) && records.length > limits.maxBatchRecords) {
        throw tooLarge(`Import batch ${batch} has ${records.length} records; the maximum is ${limits.maxBatchRecords}. Send smaller batches.`, limits.maxBatchRecords);
      }
      let result;
      try {
        result = context.transaction(() => imports.writeBatch(id, batch, records));
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
        const stored = context.transaction(() => imports.fail(id, 'The server database is full.'));
        context.changed('imports', [id]);
        throw new HttpProblem(507, 'quota-exceeded', 'Insufficient storage',
          `The server database is full after ${stored} records of import "${id}" were saved. Free disk space on the server, then resume from batch ${batch}.`,
          { stored });
      }
      if (!result.replayed) {
        context.changed('users');
        context.changed('imports', [id]);
      }
      return { body: result };
    }),
    route('POST', '/imports/:id/finish', (context) => {
      const id = context.params.id ?? '';
      const job = context.transaction(() => imports.finish(id));
      context.changed('imports', [id]);
      return { body: job };
    }),
    route('POST', '/imports/:id/cancel', (context) => {
      const id = context.params.id ?? '';
      const job = context.transaction(() => imports.undo(id, 'cancelled'));
      context.changed('all');
      return { body: job };
    }),
    route('POST', '/imports/:id/undo', (context) => {
      const id = context.params.id ?? '';
      const job = context.transaction(() => imports.undo(id, 'undone'));
      context.changed('all');
      return { body: job };
    }),
  ];
}

function etag(version: number): string {
  return `"${version}"`;
}

/** Reads the version from `If-Match: "3"`; `*` means any version. */
function parseIfMatch(header: string | undefined, id: string): number | undefined {
  if (header === undefined) {
    throw new HttpProblem(428, 'precondition-required', 'Precondition required',
      `Updating user "${id}" needs If-Match with the version that was read, such as If-Match: "3", so that a concurrent change is not overwritten.`);
  }
  if (header.trim() === '*') return undefined;
  const version = Number(header.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!Number.isSafeInteger(version)) throw badRequest(`If-Match ${header} is not a user version. Send the ETag of the user, such as "3".`);
  return version;
}

function checkObject<T>(value: T, what: string): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`The body must be a JSON object: the ${what}.`);
  return value;
}

function checkSelection(selection: UserSelection, limits: Limits): UserSelection {
  checkObject(selection, 'selection');
  if ('ids' in selection) {
    if (!Array.isArray(selection.ids) || selection.ids.some((id) => typeof id !== 'string')) {
      throw badRequest('The selection\'s ids must be a list of user ids.');
    }
    checkLength(selection.ids.length, limits, 'The selection', 'ids');
    return selection;
  }
  if (!('filter' in selection) || typeof selection.filter !== 'object' || selection.filter === null) {
    throw badRequest('The selection must be {"ids": [...]} or {"filter": {...}, "exceptIds": [...]}.');
  }
  checkFilter(selection.filter);
  if (selection.exceptIds !== undefined) {
    if (!Array.isArray(selection.exceptIds)) throw badRequest('exceptIds must be a list of user ids.');
    checkLength(selection.exceptIds.length, limits, 'The selection', 'exceptIds');
  }
  return selection;
}

function checkFilter(filter: UserFilter): void {
  if (filter.search !== undefined && typeof filter.search !== 'string') throw badRequest('filter.search must be text.');
  for (const key of ['channels', 'sources', 'groupIds'] as const) {
    const list = filter[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))) {
      throw badRequest(`filter.${key} must be a list of strings.`);
    }
  }
  const range = filter.lastActivity;
  if (range !== undefined) {
    for (const bound of [range.from, range.to]) {
      if (bound !== undefined && !Number.isSafeInteger(bound)) throw badRequest('filter.lastActivity.from and .to must be times in epoch milliseconds.');
    }
  }
}

function checkLength(length: number, limits: Limits, what: string, items: string): void {
  if (length > limits.maxListLength) {
    throw tooLarge(`${what} has ${length} ${items}; the maximum is ${limits.maxListLength}. Split it into smaller requests.`, limits.maxListLength);
  }
}
