import { expect } from '@open-wc/testing';
import { ConflictError, NotFoundError, ValidationError } from '../../src/data/errors.js';
import type { User } from '../../src/model/types.js';
import { createFiveUsers, expectDataError, idsOf, issueCodes, personInput, sortedIds, useFreshProvider, type ProviderFactory } from './helpers.js';
import { referenceSelection } from './reference.js';

/** Declares the tests of creating, reading, updating, deleting and looking up users. */
export function describeUsers(factory: ProviderFactory): void {
  describeCreateUser(factory);
  describeGetAndUpdateUser(factory);
  describeDeleteUsers(factory);
  describeFindByIdentifiers(factory);
}

function describeCreateUser(factory: ProviderFactory): void {
  describe('createUser', () => {
    const handle = useFreshProvider(factory);

    it('stores the user', async () => {
      const created = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [{ kind: 'email', value: 'ada@example.com', label: 'Work' }],
        attributes: { city: 'London' },
        preferences: { email: 'opted-in' },
      });

      const stored = await handle.provider.getUser(created.id);

      expect(created.id).to.be.a('string').and.not.equal('');
      expect(stored).to.deep.equal(created);
      expect(stored.identifiers).to.deep.equal([{ kind: 'email', value: 'ada@example.com', label: 'Work' }]);
      expect(stored.attributes).to.deep.equal({ city: 'London' });
      expect(stored.preferences).to.deep.equal({ email: 'opted-in' });
    });

    it('keeps a caller-chosen id', async () => {
      const created = await handle.provider.createUser(personInput('Ada Lovelace', 1, { id: 'user-ada' }));

      expect(created.id).to.equal('user-ada');
      expect((await handle.provider.getUser('user-ada')).name).to.equal('Ada Lovelace');
    });

    it('fills defaults', async () => {
      const created = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [
          { kind: 'whatsapp', value: '+447700900001' },
          { kind: 'email', value: 'ada@example.com' },
        ],
      });

      expect(created.source).to.deep.equal({ type: 'internal' });
      expect(created.groupIds).to.deep.equal([]);
      expect(created.attributes).to.deep.equal({});
      expect(created.preferences).to.deep.equal({});
      expect(created.lastActivityAt).to.equal(null);
      expect(created.primaryChannel).to.equal('whatsapp');
    });

    it('sets creation and update times', async () => {
      const before = Date.now();

      const created = await handle.provider.createUser(personInput('Ada Lovelace', 1));

      expect(created.createdAt).to.be.within(before, Date.now());
      expect(created.updatedAt).to.be.at.least(created.createdAt);
    });

    it('keeps given times and source', async () => {
      const created = await handle.provider.createUser(
        personInput('Ada Lovelace', 1, {
          createdAt: Date.UTC(2020, 0, 1),
          lastActivityAt: Date.UTC(2021, 0, 1),
          source: { type: 'integration', name: 'crm' },
        }),
      );

      expect(created.createdAt).to.equal(Date.UTC(2020, 0, 1));
      expect(created.lastActivityAt).to.equal(Date.UTC(2021, 0, 1));
      expect(created.source).to.deep.equal({ type: 'integration', name: 'crm' });
    });

    it('keeps group ids', async () => {
      const group = await handle.provider.createGroup({ name: 'VIP' });

      const created = await handle.provider.createUser(personInput('Ada Lovelace', 1, { groupIds: [group.id] }));

      expect(created.groupIds).to.deep.equal([group.id]);
      expect((await handle.provider.getGroup(group.id)).memberCount).to.equal(1);
    });

    it('normalizes phone numbers to E.164', async () => {
      const created = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [
          { kind: 'phone', value: '+44 7700 900123' },
          { kind: 'whatsapp', value: '0044 (0)7700 900124' },
          { kind: 'sms', value: '+1 (212) 555-0123' },
        ],
      });

      expect(created.identifiers.map((identifier) => identifier.value)).to.deep.equal([
        '+447700900123',
        '+447700900124',
        '+12125550123',
      ]);
    });

    it('lower-cases e-mail addresses', async () => {
      const created = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [{ kind: 'email', value: ' Ada.King@Example.COM ' }],
      });

      expect(created.identifiers[0]?.value).to.equal('ada.king@example.com');
    });

    it('drops @ from Instagram handles', async () => {
      const created = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [
          { kind: 'instagram', value: '@Ada.Codes' },
          { kind: 'instagram', value: 'https://www.instagram.com/ada_notes/' },
        ],
      });

      expect(created.identifiers.map((identifier) => identifier.value)).to.deep.equal(['ada.codes', 'ada_notes']);
    });

    it('completes the full name', async () => {
      const created = await handle.provider.createUser({
        firstName: 'Ada',
        lastName: 'Lovelace',
        identifiers: [{ kind: 'email', value: 'ada@example.com' }],
      });

      expect(created.name).to.equal('Ada Lovelace');
    });

    it('completes first and last names', async () => {
      const created = await handle.provider.createUser(personInput('Grace Brewster Hopper', 1));

      expect(created.firstName).to.equal('Grace');
      expect(created.lastName).to.equal('Brewster Hopper');
    });

    it('rejects a missing name', async () => {
      const error = await expectDataError(
        handle.provider.createUser({ identifiers: [{ kind: 'email', value: 'ada@example.com' }] }),
        ValidationError,
      );

      expect(error.issues).to.deep.include({ field: 'name', code: 'name-required' });
    });

    it('rejects a user without identifiers', async () => {
      const error = await expectDataError(handle.provider.createUser({ name: 'Ada', identifiers: [] }), ValidationError);

      expect(error.issues).to.deep.include({ field: 'identifiers', code: 'identifier-required' });
    });

    it('rejects scientific notation', async () => {
      const error = await expectDataError(
        handle.provider.createUser({ name: 'Ada', identifiers: [{ kind: 'phone', value: '4,47701E+11' }] }),
        ValidationError,
      );

      expect(error.issues).to.deep.include({ field: 'identifiers.0', code: 'scientific-notation', value: '4,47701E+11' });
    });

    it('rejects an invalid e-mail address', async () => {
      const error = await expectDataError(
        handle.provider.createUser({
          name: 'Ada',
          identifiers: [
            { kind: 'phone', value: '+447700900123' },
            { kind: 'email', value: 'ada@example' },
          ],
        }),
        ValidationError,
      );

      expect(error.issues).to.deep.include({ field: 'identifiers.1', code: 'invalid-email', value: 'ada@example' });
    });

    it('rejects an invalid Instagram handle', async () => {
      const error = await expectDataError(
        handle.provider.createUser({ name: 'Ada', identifiers: [{ kind: 'instagram', value: 'ada lovelace!' }] }),
        ValidationError,
      );

      expect(issueCodes(error)).to.deep.equal(['invalid-instagram-handle']);
    });

    it('rejects an unknown primary channel', async () => {
      const error = await expectDataError(
        handle.provider.createUser(personInput('Ada', 1, { primaryChannel: 'email' })),
        ValidationError,
      );

      expect(error.issues).to.deep.include({ field: 'primaryChannel', code: 'primary-channel-unknown', value: 'email' });
    });

    it('stores nothing when invalid', async () => {
      await expectDataError(handle.provider.createUser({ name: '', identifiers: [] }), ValidationError);

      const page = await handle.provider.queryUsers({ offset: 0, limit: 10 });

      expect(page.total).to.equal(0);
      expect(page.items).to.deep.equal([]);
    });

    it('rejects a taken phone number', async () => {
      await handle.provider.createUser(personInput('Ada', 123));

      await expectDataError(handle.provider.createUser(personInput('Grace', 123)), ConflictError);

      expect((await handle.provider.queryUsers({ offset: 0, limit: 10 })).total).to.equal(1);
    });

    it('rejects a WhatsApp number taken as phone', async () => {
      await handle.provider.createUser(personInput('Ada', 123));

      await expectDataError(
        handle.provider.createUser({ name: 'Grace', identifiers: [{ kind: 'whatsapp', value: '+44 7700 900123' }] }),
        ConflictError,
      );
    });

    it('rejects a taken e-mail in other case', async () => {
      await handle.provider.createUser({ name: 'Ada', identifiers: [{ kind: 'email', value: 'ada@example.com' }] });

      await expectDataError(
        handle.provider.createUser({ name: 'Grace', identifiers: [{ kind: 'email', value: 'ADA@Example.com' }] }),
        ConflictError,
      );
    });

    it('rejects a taken id', async () => {
      await handle.provider.createUser(personInput('Ada', 1, { id: 'user-1' }));

      await expectDataError(handle.provider.createUser(personInput('Grace', 2, { id: 'user-1' })), ConflictError);

      expect((await handle.provider.getUser('user-1')).name).to.equal('Ada');
    });
  });
}

function describeGetAndUpdateUser(factory: ProviderFactory): void {
  describe('getUser', () => {
    const handle = useFreshProvider(factory);

    it('raises NotFoundError for a missing id', async () => {
      const error = await expectDataError(handle.provider.getUser('missing-user'), NotFoundError);

      expect(error.id).to.equal('missing-user');
    });
  });

  describe('updateUser', () => {
    const handle = useFreshProvider(factory);
    let ada: User;

    beforeEach(async () => {
      ada = await handle.provider.createUser(
        personInput('Ada Lovelace', 1, { attributes: { city: 'London' }, createdAt: Date.UTC(2020, 0, 1) }),
      );
    });

    it('applies a patch', async () => {
      const updated = await handle.provider.updateUser(ada.id, { attributes: { city: 'Leeds' } }, ada.version);

      expect(updated.attributes).to.deep.equal({ city: 'Leeds' });
      expect(updated.version).to.equal(ada.version + 1);
      expect(updated.updatedAt).to.be.at.least(ada.updatedAt);
      expect(updated.createdAt).to.equal(ada.createdAt);
      expect(updated.name).to.equal('Ada Lovelace');
      expect(updated.identifiers).to.deep.equal(ada.identifiers);
      expect(await handle.provider.getUser(ada.id)).to.deep.equal(updated);
    });

    it('rejects a stale version', async () => {
      const first = await handle.provider.updateUser(ada.id, { name: 'Ada King' }, ada.version);

      const error = await expectDataError(
        handle.provider.updateUser(ada.id, { name: 'Augusta Ada' }, ada.version),
        ConflictError,
      );

      const stored = await handle.provider.getUser(ada.id);
      expect(stored.name).to.equal('Ada King');
      expect(stored.version).to.equal(first.version);
      if (error.current !== undefined) expect((error.current as User).version).to.equal(first.version);
    });

    it('validates the patch', async () => {
      const error = await expectDataError(
        handle.provider.updateUser(ada.id, { identifiers: [{ kind: 'phone', value: '9.19876E+11' }] }, ada.version),
        ValidationError,
      );

      expect(issueCodes(error)).to.include('scientific-notation');
      expect(await handle.provider.getUser(ada.id)).to.deep.equal(ada);
    });

    it('normalizes patched identifiers', async () => {
      const updated = await handle.provider.updateUser(
        ada.id,
        { identifiers: [...ada.identifiers, { kind: 'email', value: 'Ada@Example.com' }] },
        ada.version,
      );

      expect(updated.identifiers.map((identifier) => identifier.value)).to.deep.equal(['+447700900001', 'ada@example.com']);
    });

    it('rejects identifiers of another user', async () => {
      await handle.provider.createUser(personInput('Grace Hopper', 2));

      await expectDataError(
        handle.provider.updateUser(
          ada.id,
          { identifiers: [{ kind: 'whatsapp', value: '+447700900002' }], primaryChannel: 'whatsapp' },
          ada.version,
        ),
        ConflictError,
      );

      expect(await handle.provider.getUser(ada.id)).to.deep.equal(ada);
    });

    it('completes the name from its parts', async () => {
      const updated = await handle.provider.updateUser(ada.id, { firstName: 'Augusta', lastName: 'King' }, ada.version);

      expect(updated.name).to.equal('Augusta King');
    });

    it('sets and clears last activity', async () => {
      const active = await handle.provider.updateUser(ada.id, { lastActivityAt: Date.UTC(2024, 1, 2) }, ada.version);
      const cleared = await handle.provider.updateUser(ada.id, { lastActivityAt: null }, active.version);

      expect(active.lastActivityAt).to.equal(Date.UTC(2024, 1, 2));
      expect(cleared.lastActivityAt).to.equal(null);
    });

    it('raises NotFoundError for a missing id', async () => {
      await expectDataError(handle.provider.updateUser('missing-user', { name: 'Nobody' }, 1), NotFoundError);
    });
  });
}

function describeDeleteUsers(factory: ProviderFactory): void {
  describe('deleteUser', () => {
    const handle = useFreshProvider(factory);

    it('deletes the user', async () => {
      const ada = await handle.provider.createUser(personInput('Ada Lovelace', 1));
      const grace = await handle.provider.createUser(personInput('Grace Hopper', 2));

      await handle.provider.deleteUser(ada.id);

      await expectDataError(handle.provider.getUser(ada.id), NotFoundError);
      const page = await handle.provider.queryUsers({ offset: 0, limit: 10 });
      expect(idsOf(page.items)).to.deep.equal([grace.id]);
      expect(page.total).to.equal(1);
    });

    it('frees the identifiers', async () => {
      const ada = await handle.provider.createUser(personInput('Ada Lovelace', 1));

      await handle.provider.deleteUser(ada.id);
      const grace = await handle.provider.createUser(personInput('Grace Hopper', 1));

      expect(grace.identifiers[0]?.value).to.equal('+447700900001');
      expect(await handle.provider.findByIdentifiers([{ kind: 'phone', value: '+447700900001' }])).to.have.length(1);
    });

    it('raises NotFoundError for a missing id', async () => {
      await expectDataError(handle.provider.deleteUser('missing-user'), NotFoundError);
    });
  });

  describe('deleteUsers', () => {
    const handle = useFreshProvider(factory);
    let users: User[];

    beforeEach(async () => {
      users = await createFiveUsers(handle.provider);
    });

    const remainingIds = async (): Promise<string[]> =>
      sortedIds((await handle.provider.queryUsers({ offset: 0, limit: 100 })).items);

    it('deletes by ids', async () => {
      const [ada, grace, ...rest] = users;

      const deleted = await handle.provider.deleteUsers({ ids: [ada!.id, grace!.id] });

      expect(deleted).to.equal(2);
      expect(await remainingIds()).to.deep.equal(sortedIds(rest));
    });

    it('skips missing ids', async () => {
      const deleted = await handle.provider.deleteUsers({ ids: [users[0]!.id, 'missing-user'] });

      expect(deleted).to.equal(1);
      expect(await remainingIds()).to.deep.equal(sortedIds(users.slice(1)));
    });

    it('deletes by filter', async () => {
      const selection = { filter: { channels: ['email'] } };
      const expected = referenceSelection(users, selection);

      const deleted = await handle.provider.deleteUsers(selection);

      expect(expected).to.have.length(2);
      expect(deleted).to.equal(expected.length);
      expect(await remainingIds()).to.deep.equal(sortedIds(users.filter((user) => !expected.includes(user))));
    });

    it('keeps excepted ids', async () => {
      const selection = { filter: { search: 'a' }, exceptIds: [users[0]!.id] };
      const expected = referenceSelection(users, selection);

      const deleted = await handle.provider.deleteUsers(selection);

      expect(expected).to.have.length(2);
      expect(deleted).to.equal(expected.length);
      expect(await remainingIds()).to.deep.equal(sortedIds(users.filter((user) => !expected.includes(user))));
    });

    it('deletes all but excepted with an empty filter', async () => {
      const deleted = await handle.provider.deleteUsers({ filter: {}, exceptIds: [users[4]!.id] });

      expect(deleted).to.equal(4);
      expect(await remainingIds()).to.deep.equal([users[4]!.id]);
    });
  });
}

function describeFindByIdentifiers(factory: ProviderFactory): void {
  describe('findByIdentifiers', () => {
    const handle = useFreshProvider(factory);
    let ada: User;
    let grace: User;

    beforeEach(async () => {
      ada = await handle.provider.createUser({
        name: 'Ada Lovelace',
        identifiers: [
          { kind: 'phone', value: '+447700900123' },
          { kind: 'email', value: 'ada@example.com' },
        ],
      });
      grace = await handle.provider.createUser({
        name: 'Grace Hopper',
        identifiers: [
          { kind: 'whatsapp', value: '+12125550123' },
          { kind: 'instagram', value: 'grace.codes' },
        ],
      });
    });

    it('matches an e-mail in other case', async () => {
      const identifier = { kind: 'email', value: 'ADA@Example.COM' };

      const matches = await handle.provider.findByIdentifiers([identifier]);

      expect(matches).to.have.length(1);
      expect(matches[0]?.identifier).to.deep.equal(identifier);
      expect(matches[0]?.user).to.deep.equal(ada);
    });

    it('matches a phone by WhatsApp number', async () => {
      const matches = await handle.provider.findByIdentifiers([{ kind: 'whatsapp', value: '+44 7700 900123' }]);

      expect(matches).to.have.length(1);
      expect(matches[0]?.user.id).to.equal(ada.id);
    });

    it('matches a WhatsApp number by phone', async () => {
      const matches = await handle.provider.findByIdentifiers([{ kind: 'phone', value: '+1 212-555-0123' }]);

      expect(matches).to.have.length(1);
      expect(matches[0]?.user.id).to.equal(grace.id);
    });

    it('matches a handle written with @', async () => {
      const matches = await handle.provider.findByIdentifiers([{ kind: 'instagram', value: '@Grace.Codes' }]);

      expect(matches).to.have.length(1);
      expect(matches[0]?.user.id).to.equal(grace.id);
    });

    it('returns each match with its identifier', async () => {
      const lookedUp = [
        { kind: 'instagram', value: 'grace.codes' },
        { kind: 'email', value: 'nobody@example.com' },
        { kind: 'email', value: 'ada@example.com' },
      ];

      const matches = await handle.provider.findByIdentifiers(lookedUp);

      const pairs = matches.map((match) => [match.identifier.value, match.user.id]).sort();
      expect(pairs).to.deep.equal([
        ['ada@example.com', ada.id],
        ['grace.codes', grace.id],
      ]);
    });

    it('returns nothing for unknown identifiers', async () => {
      const matches = await handle.provider.findByIdentifiers([
        { kind: 'phone', value: '+447700900999' },
        { kind: 'email', value: 'nobody@example.com' },
      ]);

      expect(matches).to.deep.equal([]);
    });
  });
}
