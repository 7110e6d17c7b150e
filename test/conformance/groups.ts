import { expect } from '@open-wc/testing';
import { ConflictError, NotFoundError, ValidationError } from '../../src/data/errors.js';
import type { User } from '../../src/model/types.js';
import { createFiveUsers, expectDataError, personInput, sortedIds, useFreshProvider, type ProviderFactory } from './helpers.js';

/** Declares the tests of groups, memberships and forms. */
export function describeGroupsAndForms(factory: ProviderFactory): void {
  describeGroups(factory);
  describeMemberships(factory);
  describeForms(factory);
}

function describeGroups(factory: ProviderFactory): void {
  describe('groups', () => {
    const handle = useFreshProvider(factory);

    it('creates a group', async () => {
      const before = Date.now();

      const group = await handle.provider.createGroup({ name: 'VIP', description: 'Best customers', tags: ['gold', 'b2b'] });

      expect(group.id).to.be.a('string').and.not.equal('');
      expect(group.name).to.equal('VIP');
      expect(group.description).to.equal('Best customers');
      expect(group.tags).to.deep.equal(['gold', 'b2b']);
      expect(group.memberCount).to.equal(0);
      expect(group.createdAt).to.be.within(before, Date.now());
      expect(await handle.provider.getGroup(group.id)).to.deep.equal(group);
    });

    it('fills group defaults', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      expect(group.description).to.equal('');
      expect(group.tags).to.deep.equal([]);
      expect(group.formId).to.equal(undefined);
      expect(group.importId).to.equal(undefined);
    });

    it('keeps a caller-chosen group id', async () => {
      const group = await handle.provider.createGroup({ id: 'group-vip', name: 'VIP' });

      expect(group.id).to.equal('group-vip');
      expect((await handle.provider.getGroup('group-vip')).name).to.equal('VIP');
    });

    it('lists groups', async () => {
      const vip = await handle.provider.createGroup({ name: 'VIP' });
      const fair = await handle.provider.createGroup({ name: 'Trade fair' });

      const groups = await handle.provider.listGroups();

      expect(sortedIds(groups)).to.deep.equal(sortedIds([vip, fair]));
      expect(groups.find((group) => group.id === fair.id)).to.deep.equal(fair);
    });

    it('rejects a blank name', async () => {
      await expectDataError(handle.provider.createGroup({ name: '  ' }), ValidationError);

      expect(await handle.provider.listGroups()).to.deep.equal([]);
    });

    it('rejects a duplicate name', async () => {
      await handle.provider.createGroup({ name: 'VIP' });

      await expectDataError(handle.provider.createGroup({ name: 'VIP' }), ConflictError);

      expect(await handle.provider.listGroups()).to.have.length(1);
    });

    it('updates a group', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      const form = await handle.provider.createForm({ name: 'Profile', fields: [] });

      const updated = await handle.provider.updateGroup(group.id, {
        name: 'Gold',
        description: 'Top tier',
        tags: ['gold'],
        formId: form.id,
      });

      expect(updated.name).to.equal('Gold');
      expect(updated.description).to.equal('Top tier');
      expect(updated.tags).to.deep.equal(['gold']);
      expect(updated.formId).to.equal(form.id);
      expect(updated.createdAt).to.equal(group.createdAt);
      expect(updated.updatedAt).to.be.at.least(group.updatedAt);
      expect(await handle.provider.getGroup(group.id)).to.deep.equal(updated);
    });

    it('rejects a rename to a taken name', async () => {
      await handle.provider.createGroup({ name: 'VIP' });
      const other = await handle.provider.createGroup({ name: 'Gold' });

      await expectDataError(handle.provider.updateGroup(other.id, { name: 'VIP' }), ConflictError);

      expect((await handle.provider.getGroup(other.id)).name).to.equal('Gold');
    });

    it('keeps its own name on update', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      const updated = await handle.provider.updateGroup(group.id, { name: 'VIP', description: 'Same name' });

      expect(updated.description).to.equal('Same name');
    });

    it('deletes a group but keeps its users', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      const other = await handle.provider.createGroup({ name: 'Other' });
      const ada = await handle.provider.createUser(personInput('Ada Lovelace', 1, { groupIds: [group.id, other.id] }));

      await handle.provider.deleteGroup(group.id);

      await expectDataError(handle.provider.getGroup(group.id), NotFoundError);
      expect((await handle.provider.getUser(ada.id)).groupIds).to.deep.equal([other.id]);
      expect((await handle.provider.queryUsers({ offset: 0, limit: 5, filter: { groupIds: [group.id] } })).total).to.equal(0);
      expect((await handle.provider.getGroup(other.id)).memberCount).to.equal(1);
    });

    it('frees the name of a deleted group', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      await handle.provider.deleteGroup(group.id);
      const again = await handle.provider.createGroup({ name: 'VIP' });

      expect(again.name).to.equal('VIP');
    });

    it('raises NotFoundError for missing groups', async () => {
      await expectDataError(handle.provider.getGroup('missing-group'), NotFoundError);
      await expectDataError(handle.provider.updateGroup('missing-group', { name: 'X' }), NotFoundError);
      await expectDataError(handle.provider.deleteGroup('missing-group'), NotFoundError);
      await expectDataError(handle.provider.addToGroup('missing-group', { ids: [] }), NotFoundError);
      await expectDataError(handle.provider.removeFromGroup('missing-group', { ids: [] }), NotFoundError);
    });
  });
}

function describeMemberships(factory: ProviderFactory): void {
  describe('group members', () => {
    const handle = useFreshProvider(factory);
    let users: User[];

    beforeEach(async () => {
      users = await createFiveUsers(handle.provider);
    });

    const memberCount = async (groupId: string): Promise<number> => (await handle.provider.getGroup(groupId)).memberCount;
    const memberIds = async (groupId: string): Promise<string[]> =>
      sortedIds((await handle.provider.queryUsers({ offset: 0, limit: 50, filter: { groupIds: [groupId] } })).items);

    it('adds by ids', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      const added = await handle.provider.addToGroup(group.id, { ids: [users[0]!.id, users[1]!.id] });

      expect(added).to.equal(2);
      expect(await memberCount(group.id)).to.equal(2);
      expect(await memberIds(group.id)).to.deep.equal(sortedIds(users.slice(0, 2)));
      expect((await handle.provider.getUser(users[0]!.id)).groupIds).to.deep.equal([group.id]);
    });

    it('counts only new members', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      await handle.provider.addToGroup(group.id, { ids: [users[0]!.id] });

      const added = await handle.provider.addToGroup(group.id, { ids: [users[0]!.id, users[1]!.id, 'missing-user'] });

      expect(added).to.equal(1);
      expect(await memberCount(group.id)).to.equal(2);
    });

    it('adds by filter', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      const added = await handle.provider.addToGroup(group.id, { filter: { channels: ['email'] } });

      expect(added).to.equal(2);
      expect(await memberIds(group.id)).to.deep.equal(sortedIds(users.slice(2, 4)));
    });

    it('adds by filter except ids', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      const added = await handle.provider.addToGroup(group.id, { filter: { search: 'a' }, exceptIds: [users[2]!.id] });

      expect(added).to.equal(2);
      expect(await memberIds(group.id)).to.deep.equal(sortedIds([users[0]!, users[3]!]));
      expect(await memberCount(group.id)).to.equal(2);
    });

    it('removes by ids', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      await handle.provider.addToGroup(group.id, { filter: {} });

      const removed = await handle.provider.removeFromGroup(group.id, { ids: [users[0]!.id, users[1]!.id, 'missing-user'] });

      expect(removed).to.equal(2);
      expect(await memberCount(group.id)).to.equal(3);
      expect(await memberIds(group.id)).to.deep.equal(sortedIds(users.slice(2)));
    });

    it('removes by filter', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      await handle.provider.addToGroup(group.id, { ids: [users[0]!.id, users[2]!.id] });

      const removed = await handle.provider.removeFromGroup(group.id, { filter: { channels: ['email'] } });

      expect(removed).to.equal(1);
      expect(await memberIds(group.id)).to.deep.equal([users[0]!.id]);
      expect(await memberCount(group.id)).to.equal(1);
    });

    it('removes by filter except ids', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      await handle.provider.addToGroup(group.id, { filter: {} });

      const removed = await handle.provider.removeFromGroup(group.id, { filter: {}, exceptIds: [users[3]!.id] });

      expect(removed).to.equal(4);
      expect(await memberIds(group.id)).to.deep.equal([users[3]!.id]);
    });

    it('keeps other memberships', async () => {
      const vip = await handle.provider.createGroup({ name: 'VIP' });
      const gold = await handle.provider.createGroup({ name: 'Gold' });
      await handle.provider.addToGroup(vip.id, { ids: [users[0]!.id] });
      await handle.provider.addToGroup(gold.id, { ids: [users[0]!.id] });

      await handle.provider.removeFromGroup(vip.id, { ids: [users[0]!.id] });

      expect((await handle.provider.getUser(users[0]!.id)).groupIds).to.deep.equal([gold.id]);
      expect(await memberCount(gold.id)).to.equal(1);
    });

    it('counts after user writes', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      const counts: number[] = [];

      const created = await handle.provider.createUser(personInput('Barbara Liskov', 5, { groupIds: [group.id] }));
      counts.push(await memberCount(group.id));
      await handle.provider.updateUser(users[0]!.id, { groupIds: [group.id] }, users[0]!.version);
      counts.push(await memberCount(group.id));
      const barbara = await handle.provider.getUser(created.id);
      await handle.provider.updateUser(barbara.id, { groupIds: [] }, barbara.version);
      counts.push(await memberCount(group.id));
      await handle.provider.deleteUser(users[0]!.id);
      counts.push(await memberCount(group.id));

      expect(counts).to.deep.equal([1, 2, 1, 0]);
    });

    it('counts after bulk deletes', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });
      await handle.provider.addToGroup(group.id, { filter: {} });

      await handle.provider.deleteUsers({ ids: [users[0]!.id] });
      const afterIds = await memberCount(group.id);
      await handle.provider.deleteUsers({ filter: { channels: ['email'] } });
      const afterFilter = await memberCount(group.id);

      expect(afterIds).to.equal(4);
      expect(afterFilter).to.equal(2);
    });

    it('counts in listGroups', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      await handle.provider.addToGroup(group.id, { ids: users.slice(0, 3).map((user) => user.id) });

      expect((await handle.provider.listGroups())[0]?.memberCount).to.equal(3);
    });
  });
}

function describeForms(factory: ProviderFactory): void {
  describe('forms', () => {
    const handle = useFreshProvider(factory);
    const fields = [
      { key: 'city', label: 'City', type: 'text' as const, description: 'Where the customer lives' },
      { key: 'visits', label: 'Visits', type: 'number' as const },
      { key: 'born', label: 'Birthday', type: 'date' as const },
      { key: 'vip', label: 'VIP', type: 'boolean' as const },
      { key: 'topics', label: 'Topics', type: 'tags' as const },
    ];

    it('creates a form', async () => {
      const before = Date.now();

      const form = await handle.provider.createForm({ name: 'Trade fair', fields });

      expect(form.id).to.be.a('string').and.not.equal('');
      expect(form.name).to.equal('Trade fair');
      expect(form.fields).to.deep.equal(fields);
      expect(form.createdAt).to.be.within(before, Date.now());
      expect(await handle.provider.getForm(form.id)).to.deep.equal(form);
    });

    it('keeps a caller-chosen form id', async () => {
      const form = await handle.provider.createForm({ id: 'form-fair', name: 'Trade fair', fields });

      expect(form.id).to.equal('form-fair');
      expect((await handle.provider.getForm('form-fair')).fields).to.deep.equal(fields);
    });

    it('lists forms', async () => {
      const first = await handle.provider.createForm({ name: 'Trade fair', fields });
      const second = await handle.provider.createForm({ name: 'Survey', fields: [] });

      const forms = await handle.provider.listForms();

      expect(sortedIds(forms)).to.deep.equal(sortedIds([first, second]));
      expect(forms.find((form) => form.id === first.id)).to.deep.equal(first);
    });

    it('raises NotFoundError for a missing form', async () => {
      await expectDataError(handle.provider.getForm('missing-form'), NotFoundError);
    });
  });
}
