import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { AbortedError, NotFoundError, UnavailableError } from '../../src/data/errors.js';
import type { CallOptions, ChangeEntity, DataChange, ImportJob, UserDataProvider } from '../../src/data/provider.js';
import type { Form, Group, Note, User } from '../../src/model/types.js';
import { abortedSignal, expectDataError, personInput, useFreshProvider, type ProviderFactory, type ProviderHandle } from './helpers.js';

/** Records every test needs to call each method with ids that exist. */
interface Existing {
  user: User;
  other: User;
  group: Group;
  form: Form;
  note: Note;
  job: ImportJob;
}

async function createExisting(provider: UserDataProvider): Promise<Existing> {
  const group = await provider.createGroup({ name: 'VIP' });
  const user = await provider.createUser(personInput('Ada Lovelace', 1, { groupIds: [group.id] }));
  const other = await provider.createUser(personInput('Grace Hopper', 2));
  const form = await provider.createForm({ name: 'Profile', fields: [] });
  const note = await provider.addNote(user.id, { text: 'Prefers e-mail', author: 'Support' });
  await provider.putActivity({
    conversations: [{ id: 'c-1', userId: user.id, channel: 'phone', startedAt: 1, lastMessageAt: 2, messageCount: 1 }],
  });
  const job = await provider.startImport({ group: { name: 'Trade fair 2024' }, onExisting: 'skip' });
  return { user, other, group, form, note, job };
}

type Call = (provider: UserDataProvider, existing: Existing, options: CallOptions) => Promise<unknown>;

/**
 * One call of every method that takes call options. The type lists every
 * method of the interface except the optional ones, so a method added later
 * fails to compile here until it is covered.
 */
const CALLS: Record<Exclude<keyof UserDataProvider, 'subscribe' | 'close' | 'importTarget' | 'readAttachment'>, Call> = {
  queryUsers: (p, _e, o) => p.queryUsers({ offset: 0, limit: 10, ...o }),
  getUser: (p, e, o) => p.getUser(e.user.id, o),
  createUser: (p, _e, o) => p.createUser(personInput('Alan Turing', 3), o),
  updateUser: (p, e, o) => p.updateUser(e.user.id, { name: 'Ada King' }, e.user.version, o),
  deleteUser: (p, e, o) => p.deleteUser(e.user.id, o),
  deleteUsers: (p, e, o) => p.deleteUsers({ ids: [e.user.id] }, o),
  findByIdentifiers: (p, e, o) => p.findByIdentifiers(e.user.identifiers, o),
  listGroups: (p, _e, o) => p.listGroups(o),
  getGroup: (p, e, o) => p.getGroup(e.group.id, o),
  createGroup: (p, _e, o) => p.createGroup({ name: 'Gold' }, o),
  updateGroup: (p, e, o) => p.updateGroup(e.group.id, { name: 'Gold' }, o),
  deleteGroup: (p, e, o) => p.deleteGroup(e.group.id, o),
  addToGroup: (p, e, o) => p.addToGroup(e.group.id, { ids: [e.other.id] }, o),
  removeFromGroup: (p, e, o) => p.removeFromGroup(e.group.id, { ids: [e.user.id] }, o),
  listForms: (p, _e, o) => p.listForms(o),
  getForm: (p, e, o) => p.getForm(e.form.id, o),
  createForm: (p, _e, o) => p.createForm({ name: 'Survey', fields: [] }, o),
  listConversations: (p, e, o) => p.listConversations(e.user.id, { offset: 0, limit: 10, ...o }),
  listMessages: (p, _e, o) => p.listMessages('c-1', { offset: 0, limit: 10, ...o }),
  listAttachments: (p, e, o) => p.listAttachments(e.user.id, { offset: 0, limit: 10, ...o }),
  listTickets: (p, e, o) => p.listTickets(e.user.id, { offset: 0, limit: 10, ...o }),
  listNotes: (p, e, o) => p.listNotes(e.user.id, { offset: 0, limit: 10, ...o }),
  addNote: (p, e, o) => p.addNote(e.user.id, { text: 'Called back', author: 'Support' }, o),
  deleteNote: (p, e, o) => p.deleteNote(e.note.id, o),
  putActivity: (p, e, o) =>
    p.putActivity({ notes: [{ id: 'n-put', userId: e.user.id, text: 'Seeded', author: 'Seed', createdAt: 3 }] }, o),
  startImport: (p, _e, o) => p.startImport({ group: { name: 'Second fair' }, onExisting: 'skip' }, o),
  writeImportBatch: (p, e, o) =>
    p.writeImportBatch(e.job.id, 0, [{ line: 2, user: personInput('Alan Turing', 3) }], o),
  finishImport: (p, e, o) => p.finishImport(e.job.id, o),
  cancelImport: (p, e, o) => p.cancelImport(e.job.id, o),
  undoImport: (p, e, o) => p.undoImport(e.job.id, o),
  getImport: (p, e, o) => p.getImport(e.job.id, o),
  listImports: (p, _e, o) => p.listImports(o),
};

/** Returns a snapshot of everything a write could change, to prove an aborted call changed nothing. */
async function snapshot(provider: UserDataProvider, existing: Existing): Promise<unknown> {
  return {
    users: (await provider.queryUsers({ offset: 0, limit: 100, sort: { field: 'id', direction: 'asc' } })).items,
    groups: (await provider.listGroups()).sort((a, b) => (a.id < b.id ? -1 : 1)),
    forms: (await provider.listForms()).sort((a, b) => (a.id < b.id ? -1 : 1)),
    notes: (await provider.listNotes(existing.user.id, { offset: 0, limit: 100 })).items,
    imports: await provider.listImports(),
  };
}

/** Declares the tests of change notifications, abort signals and `close()`. */
export function describeLifecycle(factory: ProviderFactory): void {
  describeSubscribe(factory);

  describe('abort signal', () => {
    const handle = useFreshProvider(factory);
    let existing: Existing;

    beforeEach(async () => {
      existing = await createExisting(handle.provider);
    });

    for (const [method, call] of Object.entries(CALLS)) {
      it(`stops ${method}`, async () => {
        const before = await snapshot(handle.provider, existing);

        const error = await expectDataError(call(handle.provider, existing, { signal: abortedSignal() }), AbortedError);

        expect(error.code).to.equal('aborted');
        expect(await snapshot(handle.provider, existing)).to.deep.equal(before);
      });
    }
  });

  describe('close', () => {
    const handle = useFreshProvider(factory);
    let existing: Existing;

    beforeEach(async () => {
      existing = await createExisting(handle.provider);
    });

    for (const [method, call] of Object.entries(CALLS)) {
      it(`makes ${method} unavailable`, async () => {
        handle.provider.close();

        await expectDataError(call(handle.provider, existing, {}), UnavailableError);
      });
    }
  });
}

/** A write of one kind and the change entities that may announce it. */
interface WriteCase {
  name: string;
  entities: ChangeEntity[];
  write(provider: UserDataProvider, existing: Existing): Promise<unknown>;
  /** The id the change lists when it lists ids. */
  id?: (existing: Existing) => string;
}

const WRITES: WriteCase[] = [
  { name: 'createUser', entities: ['users'], write: (p) => p.createUser(personInput('Alan Turing', 3, { id: 'user-alan' })), id: () => 'user-alan' },
  { name: 'updateUser', entities: ['users'], write: (p, e) => p.updateUser(e.user.id, { name: 'Ada King' }, e.user.version), id: (e) => e.user.id },
  { name: 'deleteUser', entities: ['users'], write: (p, e) => p.deleteUser(e.other.id), id: (e) => e.other.id },
  { name: 'deleteUsers', entities: ['users'], write: (p, e) => p.deleteUsers({ ids: [e.other.id] }), id: (e) => e.other.id },
  { name: 'createGroup', entities: ['groups'], write: (p) => p.createGroup({ id: 'group-gold', name: 'Gold' }), id: () => 'group-gold' },
  { name: 'updateGroup', entities: ['groups'], write: (p, e) => p.updateGroup(e.group.id, { name: 'Gold' }), id: (e) => e.group.id },
  { name: 'deleteGroup', entities: ['groups', 'users'], write: (p, e) => p.deleteGroup(e.group.id) },
  { name: 'addToGroup', entities: ['groups', 'users'], write: (p, e) => p.addToGroup(e.group.id, { ids: [e.other.id] }) },
  { name: 'removeFromGroup', entities: ['groups', 'users'], write: (p, e) => p.removeFromGroup(e.group.id, { ids: [e.user.id] }) },
  { name: 'createForm', entities: ['forms'], write: (p) => p.createForm({ id: 'form-survey', name: 'Survey', fields: [] }), id: () => 'form-survey' },
  { name: 'addNote', entities: ['notes'], write: (p, e) => p.addNote(e.user.id, { text: 'Called back', author: 'Support' }) },
  { name: 'deleteNote', entities: ['notes'], write: (p, e) => p.deleteNote(e.note.id), id: (e) => e.note.id },
  { name: 'putActivity', entities: ['activity'], write: (p, e) => p.putActivity({ tickets: [{ id: 't-1', userId: e.user.id, title: 'Refund', status: 'open', createdAt: 1, updatedAt: 1 }] }) },
  { name: 'startImport', entities: ['imports', 'groups'], write: (p) => p.startImport({ group: { name: 'Second fair' }, onExisting: 'skip' }) },
  { name: 'writeImportBatch', entities: ['imports', 'users'], write: (p, e) => p.writeImportBatch(e.job.id, 0, [{ line: 2, user: personInput('Alan Turing', 3) }]) },
  { name: 'finishImport', entities: ['imports'], write: (p, e) => p.finishImport(e.job.id), id: (e) => e.job.id },
  { name: 'cancelImport', entities: ['imports', 'users', 'groups'], write: (p, e) => p.cancelImport(e.job.id) },
  { name: 'undoImport', entities: ['imports', 'users', 'groups'], write: (p, e) => p.finishImport(e.job.id).then(() => p.undoImport(e.job.id)) },
];

function collect(handle: ProviderHandle): { changes: DataChange[]; unsubscribe: () => void } {
  const changes: DataChange[] = [];
  const unsubscribe = handle.provider.subscribe((change) => changes.push(change));
  return { changes, unsubscribe };
}

function describeSubscribe(factory: ProviderFactory): void {
  describe('subscribe', () => {
    const handle = useFreshProvider(factory);
    let existing: Existing;

    beforeEach(async () => {
      existing = await createExisting(handle.provider);
    });

    for (const write of WRITES) {
      it(`announces ${write.name}`, async () => {
        const { changes } = collect(handle);
        const announces = (change: DataChange): boolean => write.entities.includes(change.entity) || change.entity === 'all';

        await write.write(handle.provider, existing);
        await waitUntil(() => changes.some(announces), `no change announced ${write.name} (entities ${write.entities.join(', ')})`);

        const change = changes.find(announces) as DataChange;
        expect(change.remote).to.not.equal(true);
        if (write.id && change.ids && change.entity !== 'all') expect(change.ids).to.include(write.id(existing));
      });
    }

    it('announces after the write is visible', async () => {
      const reads: Promise<User>[] = [];
      const unsubscribe = handle.provider.subscribe((change) => {
        const announced = change.entity === 'users' || change.entity === 'all';
        if (announced && reads.length === 0) reads.push(handle.provider.getUser('user-alan'));
      });

      await handle.provider.createUser(personInput('Alan Turing', 3, { id: 'user-alan' }));
      await waitUntil(() => reads.length > 0, 'no change announced');
      unsubscribe();

      expect((await reads[0])?.name).to.equal('Alan Turing');
    });

    it('stops after unsubscribe', async () => {
      const stopped = collect(handle);
      const active = collect(handle);

      stopped.unsubscribe();
      await handle.provider.createGroup({ name: 'Gold' });
      await waitUntil(() => active.changes.length > 0, 'the active listener got no change');

      expect(stopped.changes).to.deep.equal([]);
    });

    it('announces nothing for a failed write', async () => {
      const { changes } = collect(handle);

      await expectDataError(handle.provider.deleteUser('missing-user'), NotFoundError);
      await handle.provider.createForm({ name: 'Marker', fields: [] });
      await waitUntil(() => changes.length > 0, 'no change announced');

      expect(changes.map((change) => change.entity)).to.not.include('users');
    });
  });
}
