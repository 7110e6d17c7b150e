import { expect } from '@open-wc/testing';
import { generateActivity, generateSampleUsers, seedSampleData, type SeedProgress } from '../../demo/sample-data.js';
import { validateUserInput } from '../../src/model/user.js';
import { cleanUpProviders, openProvider } from '../indexeddb/helpers.js';

const FICTION_PHONE = /^\+(?:447700900\d{3}|1\d{3}55501\d{2})$/;

describe('sample data', () => {
  afterEach(cleanUpProviders);

  it('repeats for a seed', () => {
    const first = generateSampleUsers(50, { seed: 42, now: 1e12 });
    const again = generateSampleUsers(50, { seed: 42, now: 1e12 });
    const other = generateSampleUsers(50, { seed: 43, now: 1e12 });

    expect(again).to.deep.equal(first);
    expect(other.map((user) => user.input.name)).not.to.deep.equal(first.map((user) => user.input.name));
  });

  it('uses only fictional identifiers', () => {
    const users = generateSampleUsers(3000, { seed: 7 });

    for (const user of users) {
      const { user: valid, issues } = validateUserInput(user.input);
      expect(issues, user.input.name).to.deep.equal([]);
      for (const identifier of valid.identifiers) {
        if (identifier.kind === 'email') expect(identifier.value).to.match(/@example\.(com|net|org)$/);
        else if (identifier.kind === 'instagram') expect(identifier.value).to.match(/^[a-z0-9_]{1,30}$/);
        else expect(identifier.value).to.match(FICTION_PHONE);
      }
    }
  });

  it('draws decodable images', async () => {
    const user = generateSampleUsers(400, { seed: 3 }).find((candidate) => candidate.activity);
    const attachments = generateSampleUsers(400, { seed: 3 })
      .flatMap((candidate) => (candidate.activity ? generateActivity(candidate.input.id, candidate.activity).attachments : []))
      .filter((attachment) => attachment.mediaType === 'image/png');

    expect(user).not.to.equal(undefined);
    expect(attachments.length).to.be.greaterThan(0);
    const bitmap = await createImageBitmap(attachments[0]!.blob!);
    expect([bitmap.width, bitmap.height]).to.deep.equal([48, 48]);
  });

  it('seeds users, an import and activity', async () => {
    const provider = openProvider();
    const progress: SeedProgress[] = [];

    const result = await seedSampleData(provider, { users: 120, seed: 11, onProgress: (step) => progress.push(step) });
    const page = await provider.queryUsers({ offset: 0, limit: 200 });
    const imports = await provider.listImports();
    const withActivity = page.items.find((user) => user.lastActivityAt !== null && user.source.type !== 'import');
    const conversations = await provider.listConversations(withActivity!.id, { offset: 0, limit: 10 });

    expect(result).to.deep.equal({ created: 120, skipped: 0, seed: 11 });
    expect(page.total).to.equal(120);
    expect(imports).to.have.length(1);
    expect(imports[0]?.counts.created).to.equal(12);
    expect(conversations.total).to.be.greaterThan(0);
    expect(conversations.items[0]?.lastMessageAt).to.equal(withActivity!.lastActivityAt);
    expect(progress.at(-1)?.phase).to.equal('activity');
    expect(new Set(page.items.map((user) => user.source.type))).to.have.keys(['internal', 'integration', 'import']);
  });

  it('skips people already stored', async () => {
    const provider = openProvider();
    await seedSampleData(provider, { users: 30, seed: 5, importShare: 0 });

    const again = await seedSampleData(provider, { users: 30, seed: 5, importShare: 0 });

    expect(again.created).to.equal(0);
    expect(again.skipped).to.equal(30);
    expect((await provider.queryUsers({ offset: 0, limit: 0 })).total).to.equal(30);
  });

  it('keeps people whose phone is taken', async () => {
    const provider = openProvider();
    const [first] = generateSampleUsers(1, { seed: 9 });
    const phone = first!.input.identifiers.find((identifier) => identifier.kind !== 'email' && identifier.kind !== 'instagram');
    await provider.createUser({ name: 'Earlier Owner', identifiers: [phone!] });

    const result = await seedSampleData(provider, { users: 10, seed: 9, importShare: 0 });
    const stored = await provider.getUser(first!.input.id);

    expect(result.created).to.equal(10);
    expect(stored.identifiers.map((identifier) => identifier.kind)).not.to.include(phone!.kind);
    expect(stored.identifiers.length).to.be.greaterThan(0);
    expect(stored.identifiers.map((identifier) => identifier.kind)).to.include(stored.primaryChannel);
  });
});
