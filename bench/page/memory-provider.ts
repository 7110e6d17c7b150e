/**
 * The table's baseline data source: the same users held in a plain array,
 * already sorted, answering pages by slicing. Only the reads the table makes
 * are supported.
 */
import type { ChangeListener, Page, UserDataProvider, UserFilter, UserQuery, UserSort } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';
import { seedUser } from '../shared/generate.js';

/** Returns `count` seeded users from `first` on, as the provider returns users. */
export function seededUsers(count: number, first = 0): User[] {
  const users: User[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const seed = seedUser(first + index);
    const space = seed.name.indexOf(' ');
    users[index] = {
      id: seed.id,
      name: seed.name,
      firstName: seed.name.slice(0, space),
      lastName: seed.name.slice(space + 1),
      identifiers: seed.identifiers,
      primaryChannel: seed.primaryChannel,
      preferences: {},
      source: (first + index) % 5 === 0 ? { type: 'integration', name: 'Bench CRM' } : { type: 'internal' },
      groupIds: [],
      attributes: {},
      createdAt: seed.createdAt,
      updatedAt: seed.createdAt,
      lastActivityAt: seed.lastActivityAt,
      version: 1,
    };
  }
  return users;
}

function unsupported(method: string): never {
  throw new Error(`${method}() is not supported by the in-memory bench provider`);
}

function isEmptyFilter(filter: UserFilter): boolean {
  return Object.values(filter).every((value) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0));
}

function sortKey(sort: UserSort | undefined): string {
  return `${sort?.field ?? 'name'}:${sort?.direction ?? 'asc'}`;
}

export class ArrayProvider implements UserDataProvider {
  private readonly sorted = new Map<string, User[]>();

  constructor(private readonly users: User[]) {}

  /** Sorts ahead of time, as IndexedDB's indexes are built ahead of time. */
  presort(sort?: UserSort): void {
    const key = sortKey(sort);
    if (this.sorted.has(key)) return;
    const field = sort?.field ?? 'name';
    const sign = sort?.direction === 'desc' ? -1 : 1;
    const value = (user: User): string | number => {
      if (field === 'phone' || field === 'source') return '';
      const raw = user[field as keyof User];
      return typeof raw === 'string' ? raw.toLowerCase() : typeof raw === 'number' ? raw : -Infinity;
    };
    const copy = [...this.users].sort((a, b) => {
      const left = value(a);
      const right = value(b);
      if (left < right) return -sign;
      if (left > right) return sign;
      return a.id < b.id ? -1 : 1;
    });
    this.sorted.set(key, copy);
  }

  async queryUsers(query: UserQuery): Promise<Page<User>> {
    this.presort(query.sort);
    const users = this.sorted.get(sortKey(query.sort)) as User[];
    if (query.filter && !isEmptyFilter(query.filter)) unsupported('queryUsers with a filter');
    return { items: users.slice(query.offset, query.offset + query.limit), total: users.length };
  }

  async listGroups() {
    return [];
  }

  async listForms() {
    return [];
  }

  async listImports() {
    return [];
  }

  subscribe(_listener: ChangeListener): () => void {
    return () => undefined;
  }

  close(): void {}

  getUser = (): never => unsupported('getUser');
  createUser = (): never => unsupported('createUser');
  updateUser = (): never => unsupported('updateUser');
  deleteUser = (): never => unsupported('deleteUser');
  deleteUsers = (): never => unsupported('deleteUsers');
  findByIdentifiers = (): never => unsupported('findByIdentifiers');
  getGroup = (): never => unsupported('getGroup');
  createGroup = (): never => unsupported('createGroup');
  updateGroup = (): never => unsupported('updateGroup');
  deleteGroup = (): never => unsupported('deleteGroup');
  addToGroup = (): never => unsupported('addToGroup');
  removeFromGroup = (): never => unsupported('removeFromGroup');
  getForm = (): never => unsupported('getForm');
  createForm = (): never => unsupported('createForm');
  listConversations = (): never => unsupported('listConversations');
  listMessages = (): never => unsupported('listMessages');
  listAttachments = (): never => unsupported('listAttachments');
  listTickets = (): never => unsupported('listTickets');
  listNotes = (): never => unsupported('listNotes');
  addNote = (): never => unsupported('addNote');
  deleteNote = (): never => unsupported('deleteNote');
  putActivity = (): never => unsupported('putActivity');
  startImport = (): never => unsupported('startImport');
  writeImportBatch = (): never => unsupported('writeImportBatch');
  finishImport = (): never => unsupported('finishImport');
  cancelImport = (): never => unsupported('cancelImport');
  undoImport = (): never => unsupported('undoImport');
  getImport = (): never => unsupported('getImport');
}
