import { expect } from '@open-wc/testing';
import { ConflictError, NotFoundError, ValidationError } from '../../src/data/errors.js';
import type { DataChange } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';
import { cleanUpProviders, openProvider, ukUser } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}

describe('IndexedDBProvider users', () => {
  afterEach(cleanUpProviders);

  it('creates and reads a user', async () => {
    const provider = openProvider();

    const created = await provider.createUser(ukUser(1, { name: '  Ada   Lovelace ' }));
    const read = await provider.getUser(created.id);

    expect(read).to.deep.equal(created);
    expect(read.name).to.equal('Ada Lovelace');
    expect(read.firstName).to.equal('Ada');
    expect(read.lastName).to.equal('Lovelace');
    expect(read.primaryChannel).to.equal('phone');
    expect(read.source).to.deep.equal({ type: 'internal' });
    expect(read.version).to.equal(1);
    expect(read.lastActivityAt).to.equal(null);
    expect(read).not.to.have.property('k');
  });

  it('normalizes phones with the default country', async () => {
    const provider = openProvider({ defaultCountry: 'GB' });

    const user = await provider.createUser({ name: 'Bo', identifiers: [{ kind: 'phone', value: '07700 900123' }] });

    expect(user.identifiers).to.deep.equal([{ kind: 'phone', value: '+447700900123' }]);
  });

  it('rejects invalid input with issues', async () => {
    const provider = openProvider();

    const error = await rejection(provider.createUser({ name: '', identifiers: [{ kind: 'email', value: 'not-mail' }] }));

    expect(error).to.be.instanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((issue) => issue.code)).to.deep.equal(['name-required', 'invalid-email']);
    expect(issues[1]?.value).to.equal('not-mail');
  });

  it('rejects an identifier another user owns', async () => {
    const provider = openProvider();
    const first = await provider.createUser(ukUser(1, { name: 'First Owner' }));

    const error = await rejection(
      provider.createUser({ name: 'Second', identifiers: [{ kind: 'whatsapp', value: '+44 7700 900001' }] }),
    );

    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).identifier).to.deep.equal({ kind: 'whatsapp', value: '+447700900001' });
    expect((error as ConflictError).message).to.contain('+447700900001');
    expect(((error as ConflictError).current as User).id).to.equal(first.id);
    expect((await provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(1);
  });

  it('updates with a version check', async () => {
    const provider = openProvider();
    const user = await provider.createUser(ukUser(1));

    const updated = await provider.updateUser(user.id, { name: 'New Name', lastActivityAt: 5 }, 1);
    const stale = await rejection(provider.updateUser(user.id, { name: 'Lost' }, 1));

    expect(updated.version).to.equal(2);
    expect(updated.name).to.equal('New Name');
    expect(updated.lastActivityAt).to.equal(5);
    expect(stale).to.be.instanceOf(ConflictError);
    expect(((stale as ConflictError).current as User).name).to.equal('New Name');
    expect((await provider.getUser(user.id)).name).to.equal('New Name');
  });

  it('rejects an update taking another user identifier', async () => {
    const provider = openProvider();
    const first = await provider.createUser(ukUser(1));
    const second = await provider.createUser(ukUser(2));

    const error = await rejection(
      provider.updateUser(second.id, { identifiers: [...second.identifiers, ...first.identifiers] }, 1),
    );

    expect(error).to.be.instanceOf(ConflictError);
    expect((await provider.getUser(second.id)).identifiers).to.deep.equal(second.identifiers);
  });

  it('frees identifiers of a deleted user', async () => {
    const provider = openProvider();
    const user = await provider.createUser(ukUser(1));

    await provider.deleteUser(user.id);
    const again = await provider.createUser(ukUser(1));

    expect(await rejection(provider.getUser(user.id))).to.be.instanceOf(NotFoundError);
    expect(again.id).not.to.equal(user.id);
  });

  it('raises not found for missing records', async () => {
    const provider = openProvider();

    expect(await rejection(provider.getUser('nobody'))).to.be.instanceOf(NotFoundError);
    expect(await rejection(provider.updateUser('nobody', {}, 1))).to.be.instanceOf(NotFoundError);
    expect(await rejection(provider.deleteUser('nobody'))).to.be.instanceOf(NotFoundError);
    expect(await rejection(provider.getGroup('nothing'))).to.be.instanceOf(NotFoundError);
  });

  it('finds users by identifiers as typed', async () => {
    const provider = openProvider({ defaultCountry: 'GB' });
    const user = await provider.createUser({
      name: 'Cy',
      identifiers: [
        { kind: 'phone', value: '+447700900555' },
        { kind: 'email', value: 'cy@example.com' },
      ],
    });

    const matches = await provider.findByIdentifiers([
      { kind: 'sms', value: '07700 900555' },
      { kind: 'email', value: ' CY@Example.com ' },
      { kind: 'email', value: 'other@example.com' },
      { kind: 'phone', value: 'not a number' },
    ]);

    expect(matches.map((match) => match.identifier.value)).to.deep.equal(['07700 900555', ' CY@Example.com ']);
    expect(matches.every((match) => match.user.id === user.id)).to.equal(true);
  });

  it('deletes a selection by filter except some ids', async () => {
    const provider = openProvider();
    const users = [];
    for (let n = 0; n < 5; n++) users.push(await provider.createUser(ukUser(n, { name: n < 3 ? `Keep ${n}` : `Drop ${n}` })));

    const deleted = await provider.deleteUsers({ filter: { search: 'drop' }, exceptIds: [users[4]!.id] });
    const left = await provider.queryUsers({ offset: 0, limit: 10 });

    expect(deleted).to.equal(1);
    expect(left.items.map((user) => user.name)).to.deep.equal(['Drop 4', 'Keep 0', 'Keep 1', 'Keep 2']);
  });

  it('creates many users at once', async () => {
    const provider = openProvider();
    const group = await provider.createGroup({ name: 'Bulk' });

    const users = await provider.createUsers([ukUser(1, { groupIds: [group.id] }), ukUser(2, { groupIds: [group.id] })]);

    expect(users.map((user) => user.name)).to.deep.equal(['Test Person 1', 'Test Person 2']);
    expect((await provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(2);
    expect((await provider.getGroup(group.id)).memberCount).to.equal(2);
  });

  it('creates no user of a clashing batch', async () => {
    const provider = openProvider();
    await provider.createUser(ukUser(2));

    const taken = await rejection(provider.createUsers([ukUser(1), ukUser(2)]));
    const repeated = await rejection(provider.createUsers([ukUser(3), ukUser(3, { name: 'Twin' })]));
    const invalid = await rejection(provider.createUsers([ukUser(4), { name: 'No Way', identifiers: [] }]));

    expect(taken).to.be.instanceOf(ConflictError);
    expect(repeated).to.be.instanceOf(ConflictError);
    expect((repeated as ConflictError).message).to.contain('Twin');
    expect(invalid).to.be.instanceOf(ValidationError);
    expect((invalid as ValidationError).message).to.contain('User 2 of 2');
    expect((await provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(1);
  });

  it('notifies subscribers after a write', async () => {
    const provider = openProvider();
    const changes: DataChange[] = [];
    const unsubscribe = provider.subscribe((change) => changes.push(change));

    const user = await provider.createUser(ukUser(1));
    unsubscribe();
    await provider.deleteUser(user.id);

    expect(changes).to.deep.equal([{ entity: 'users', ids: [user.id] }]);
  });
});

describe('IndexedDBProvider groups', () => {
  afterEach(cleanUpProviders);

  it('keeps member counts right', async () => {
    const provider = openProvider();
    const group = await provider.createGroup({ name: 'VIP', tags: ['a', 'a'] });
    const other = await provider.createGroup({ name: 'Other' });
    const a = await provider.createUser(ukUser(1, { groupIds: [group.id] }));
    const b = await provider.createUser(ukUser(2));
    const c = await provider.createUser(ukUser(3));

    expect((await provider.getGroup(group.id)).memberCount).to.equal(1);
    expect(await provider.addToGroup(group.id, { ids: [a.id, b.id, c.id, 'missing'] })).to.equal(2);
    expect((await provider.getGroup(group.id)).memberCount).to.equal(3);
    expect(await provider.removeFromGroup(group.id, { filter: { search: 'person 2' } })).to.equal(1);
    expect((await provider.getGroup(group.id)).memberCount).to.equal(2);
    await provider.updateUser(a.id, { groupIds: [other.id] }, (await provider.getUser(a.id)).version);
    expect((await provider.getGroup(group.id)).memberCount).to.equal(1);
    expect((await provider.getGroup(other.id)).memberCount).to.equal(1);
    await provider.deleteUser(c.id);
    expect((await provider.getGroup(group.id)).memberCount).to.equal(0);
    expect(group.tags).to.deep.equal(['a']);
  });

  it('deletes a group and keeps its members', async () => {
    const provider = openProvider();
    const group = await provider.createGroup({ name: 'Temp' });
    const user = await provider.createUser(ukUser(1, { groupIds: [group.id] }));

    await provider.deleteGroup(group.id);

    expect((await provider.getUser(user.id)).groupIds).to.deep.equal([]);
    expect(await provider.listGroups()).to.deep.equal([]);
  });

  it('rejects a duplicate group name', async () => {
    const provider = openProvider();
    await provider.createGroup({ name: 'Élite Clients' });
    const second = await provider.createGroup({ name: 'Other' });

    expect(await rejection(provider.createGroup({ name: 'elite  clients' }))).to.be.instanceOf(ConflictError);
    expect(await rejection(provider.updateGroup(second.id, { name: 'ELITE CLIENTS' }))).to.be.instanceOf(ConflictError);
    expect(await rejection(provider.createGroup({ name: '  ' }))).to.be.instanceOf(ValidationError);
  });

  it('lists groups by name', async () => {
    const provider = openProvider();
    await provider.createGroup({ name: 'beta' });
    await provider.createGroup({ name: 'Alpha' });

    const names = (await provider.listGroups()).map((group) => group.name);

    expect(names).to.deep.equal(['Alpha', 'beta']);
  });

  it('rejects a user joining a missing group', async () => {
    const provider = openProvider();

    const error = await rejection(provider.createUser(ukUser(1, { groupIds: ['nope'] })));

    expect(error).to.be.instanceOf(NotFoundError);
  });
});

describe('IndexedDBProvider forms and activity', () => {
  afterEach(cleanUpProviders);

  it('creates forms and rejects repeated keys', async () => {
    const provider = openProvider();

    const form = await provider.createForm({ name: 'Survey', fields: [{ key: 'age', label: 'Age', type: 'number' }] });
    const error = await rejection(
      provider.createForm({
        name: 'Bad',
        fields: [
          { key: 'a', label: 'A', type: 'text' },
          { key: 'a', label: 'B', type: 'text' },
        ],
      }),
    );

    expect(await provider.getForm(form.id)).to.deep.equal(form);
    expect(await provider.listForms()).to.deep.equal([form]);
    expect(error).to.be.instanceOf(ValidationError);
  });

  it('pages messages newest first', async () => {
    const provider = openProvider();
    const user = await provider.createUser(ukUser(1));
    const messages = Array.from({ length: 7 }, (_, n) => ({
      id: `m${n}`,
      conversationId: 'c1',
      userId: user.id,
      channel: 'whatsapp',
      direction: 'inbound' as const,
      text: `hello ${n}`,
      sentAt: 1000 + n,
    }));
    await provider.putActivity({
      conversations: [{ id: 'c1', userId: user.id, channel: 'whatsapp', startedAt: 1000, lastMessageAt: 1006, messageCount: 7 }],
      messages,
    });

    const first = await provider.listMessages('c1', { offset: 0, limit: 3 });
    const last = await provider.listMessages('c1', { offset: 6, limit: 3 });

    expect(first.total).to.equal(7);
    expect(first.items.map((message) => message.id)).to.deep.equal(['m6', 'm5', 'm4']);
    expect(last.items.map((message) => message.id)).to.deep.equal(['m0']);
    expect(await rejection(provider.listMessages('c2', { offset: 0, limit: 3 }))).to.be.instanceOf(NotFoundError);
  });

  it('stores attachment blobs', async () => {
    const provider = openProvider();
    const user = await provider.createUser(ukUser(1));
    const blob = new Blob(['hello'], { type: 'text/plain' });

    await provider.putActivity({
      attachments: [{ id: 'a1', userId: user.id, name: 'hello.txt', mediaType: 'text/plain', size: 5, blob, createdAt: 1 }],
    });
    const page = await provider.listAttachments(user.id, { offset: 0, limit: 10 });

    expect(page.total).to.equal(1);
    expect(await page.items[0]?.blob?.text()).to.equal('hello');
  });

  it('adds, lists and deletes notes', async () => {
    const provider = openProvider({ now: (() => { let t = 0; return () => ++t; })() });
    const user = await provider.createUser(ukUser(1));

    const older = await provider.addNote(user.id, { text: ' first ', author: 'me' });
    const newer = await provider.addNote(user.id, { text: 'second', author: 'me' });
    const listed = await provider.listNotes(user.id, { offset: 0, limit: 10 });
    await provider.deleteNote(older.id);

    expect(older.text).to.equal('first');
    expect(listed.items.map((note) => note.id)).to.deep.equal([newer.id, older.id]);
    expect((await provider.listNotes(user.id, { offset: 0, limit: 10 })).total).to.equal(1);
    expect(await rejection(provider.addNote(user.id, { text: '  ', author: 'me' }))).to.be.instanceOf(ValidationError);
    expect(await rejection(provider.addNote('nobody', { text: 'x', author: 'me' }))).to.be.instanceOf(NotFoundError);
    expect(await rejection(provider.deleteNote(older.id))).to.be.instanceOf(NotFoundError);
  });

  it('deletes a user activity with the user', async () => {
    const provider = openProvider();
    const user = await provider.createUser(ukUser(1));
    await provider.addNote(user.id, { text: 'note', author: 'me' });
    await provider.putActivity({
      tickets: [{ id: 't1', userId: user.id, title: 'Help', status: 'open', createdAt: 1, updatedAt: 2 }],
    });

    await provider.deleteUser(user.id);
    const again = await provider.createUser(ukUser(1, { id: user.id }));

    expect((await provider.listNotes(again.id, { offset: 0, limit: 10 })).total).to.equal(0);
    expect((await provider.listTickets(again.id, { offset: 0, limit: 10 })).total).to.equal(0);
  });
});
