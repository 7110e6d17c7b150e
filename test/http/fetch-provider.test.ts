import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { AbortedError, ConflictError, UnavailableError, ValidationError } from '../../src/data/errors.js';
import { FetchProvider } from '../../src/data/http/fetch-provider.js';
import type { DataChange, ImportRecord } from '../../src/data/provider.js';
import type { User } from '../../src/model/types.js';
import { expectDataError, personInput } from '../conformance/helpers.js';
import { apiServer, armFault, createTestProvider, resetServer, serverEvents, type ServerEvent } from './server.js';

// Waits that pass in milliseconds on an idle machine, with room for a loaded CI machine.
const SLOW_MACHINE = { timeout: 30_000, interval: 50 };

function records(count: number, firstPhone = 0): ImportRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    line: index + 2,
    user: personInput(`Person ${index}`, 0, { identifiers: [{ kind: 'phone', value: `+4477009${String(firstPhone + index).padStart(5, '0')}` }] }),
  }));
}

async function totalUsers(provider: FetchProvider): Promise<number> {
  return (await provider.queryUsers({ offset: 0, limit: 1 })).total;
}

async function waitForEvent(match: (event: ServerEvent) => boolean, message: string): Promise<void> {
  await waitUntil(async () => (await serverEvents()).events.some(match), message, SLOW_MACHINE);
}

describe('FetchProvider', () => {
  let provider: FetchProvider;

  beforeEach(async () => {
    await resetServer();
    provider = await createTestProvider({ retryDelay: 10 });
  });

  afterEach(() => {
    provider.close();
  });

  describe('dropped connection', () => {
    it('retries a batch without duplicates', async () => {
      const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
      const path = `/imports/${job.id}/batches/0`;
      await armFault({ method: 'PUT', path, action: 'drop-after-commit' });

      const result = await provider.writeImportBatch(job.id, 0, records(50));

      expect((await serverEvents()).events).to.deep.include({ kind: 'fault', method: 'PUT', path, action: 'drop-after-commit' });
      expect(result.counts.created).to.equal(50);
      expect(await totalUsers(provider)).to.equal(50);
      expect((await provider.getImport(job.id)).counts.created).to.equal(50);
      expect((await provider.getGroup(job.groupId)).memberCount).to.equal(50);
    });

    it('retries a lookup, which only reads', async () => {
      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      await armFault({ method: 'POST', path: '/users/lookup', action: 'drop-after-commit' });

      const matches = await provider.findByIdentifiers(ada.identifiers);

      expect(matches.map((match) => match.user.id)).to.deep.equal([ada.id]);
    });

    it('stores a dropped create once', async () => {
      await armFault({ method: 'POST', path: '/users', action: 'drop-after-commit' });

      // The provider does not repeat a POST, but Chromium resends one on its
      // own when a reused connection drops. The Idempotency-Key makes the
      // server return the first response to it instead of a conflict.
      const outcome = await provider.createUser(personInput('Ada Lovelace', 1)).catch((error: unknown) => error);

      expect(outcome).to.not.be.instanceOf(ConflictError);
      expect(await totalUsers(provider)).to.equal(1);
    });

    it('counts a retried delete as done', async () => {
      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      await armFault({ method: 'DELETE', path: `/users/${ada.id}`, action: 'drop-after-commit' });

      await provider.deleteUser(ada.id);

      expect(await totalUsers(provider)).to.equal(0);
    });
  });

  describe('idempotency keys', () => {
    const post = async (path: string, key: string, body: unknown): Promise<Response> => {
      const { url, token } = await apiServer();
      return fetch(new URL(path, url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      });
    };

    it('replays a repeated write', async () => {
      const input = personInput('Ada Lovelace', 1);

      const first = await post('users', 'key-1', input);
      const second = await post('users', 'key-1', input);

      expect(second.status).to.equal(201);
      expect(second.headers.get('Idempotent-Replayed')).to.equal('true');
      expect(await second.json()).to.deep.equal(await first.json());
      expect(await totalUsers(provider)).to.equal(1);
    });

    it('rejects a key reused elsewhere', async () => {
      await post('groups', 'key-2', { name: 'VIP' });

      const reused = await post('forms', 'key-2', { name: 'Profile', fields: [] });

      expect(reused.status).to.equal(422);
      expect((await reused.json()).detail).to.contain('Idempotency-Key "key-2" was used for POST /groups');
    });
  });

  describe('unreachable server', () => {
    it('raises UnavailableError when nothing listens', async () => {
      const { refusedUrl } = await apiServer();
      const down = new FetchProvider({ baseUrl: refusedUrl, retries: 1, retryDelay: 10 });

      const error = await expectDataError(down.getUser('user-1'), UnavailableError);

      expect(error.message).to.contain('GET /users/user-1');
      expect(error.message).to.contain('cannot be reached');
      down.close();
    });

    it('times out a slow response', async () => {
      const slow = await createTestProvider({ timeout: 200, retries: 0 });
      await armFault({ method: 'GET', path: '/groups', action: 'delay', delayMs: 5000 });

      const error = await expectDataError(slow.listGroups(), UnavailableError);

      expect(error.message).to.contain('GET /groups timed out after 0.2 s');
      slow.close();
    });

    it('retries a read that timed out', async () => {
      const group = await provider.createGroup({ name: 'VIP' });
      let attempts = 0;
      const counting: typeof fetch = (input, init) => {
        attempts++;
        return fetch(input, init);
      };
      // The timeout leaves a loaded test machine seconds for the second
      // attempt; the first waits on the server far longer than that.
      const patient = await createTestProvider({ timeout: 3000, retries: 1, retryDelay: 10, fetch: counting });
      await armFault({ method: 'GET', path: `/groups/${group.id}`, action: 'delay', delayMs: 60_000 });

      const read = await patient.getGroup(group.id);

      expect(read).to.deep.equal(group);
      expect(attempts).to.equal(2);
      patient.close();
    });

    it('raises UnavailableError after close', async () => {
      provider.close();

      const error = await expectDataError(provider.listGroups(), UnavailableError);

      expect(error.message).to.contain('closed');
    });
  });

  describe('versions', () => {
    it('turns a stale If-Match into ConflictError', async () => {
      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      const renamed = await provider.updateUser(ada.id, { name: 'Ada King' }, ada.version);

      const error = await expectDataError(provider.updateUser(ada.id, { name: 'Augusta Ada' }, ada.version), ConflictError);

      expect(error.message).to.contain('status 412');
      expect((error.current as User).version).to.equal(renamed.version);
      expect((await provider.getUser(ada.id)).name).to.equal('Ada King');
    });

    it('names the identifier another user owns', async () => {
      await provider.createUser(personInput('Ada Lovelace', 1));

      const error = await expectDataError(provider.createUser(personInput('Grace Hopper', 1)), ConflictError);

      expect(error.identifier).to.deep.equal({ kind: 'phone', value: '+447700900001' });
      expect((error.current as User).name).to.equal('Ada Lovelace');
    });
  });

  describe('abort', () => {
    it('closes the request on the server', async () => {
      await armFault({ method: 'GET', path: '/users', action: 'delay', delayMs: 30_000 });
      const controller = new AbortController();

      const query = provider.queryUsers({ offset: 0, limit: 10, signal: controller.signal });
      await waitForEvent((event) => event.kind === 'fault' && event.path === '/users', 'the request did not reach the server');
      controller.abort();

      await expectDataError(query, AbortedError);
      await waitForEvent((event) => event.kind === 'closed' && event.path === '/users', 'the server did not see the request closed');
    });

    it('stops the retries of a call', async () => {
      const { refusedUrl } = await apiServer();
      const down = new FetchProvider({ baseUrl: refusedUrl, retries: 5, retryDelay: 60_000 });
      const controller = new AbortController();

      const read = down.listGroups({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);

      await expectDataError(read, AbortedError);
      down.close();
    });
  });

  describe('limits', () => {
    it('rejects an oversized page', async () => {
      const greedy = await createTestProvider({ maxPageSize: 1000 });

      const error = await expectDataError(greedy.queryUsers({ offset: 0, limit: 501 }), ValidationError);

      expect(error.message).to.contain('GET /users failed with status 400');
      expect(error.message).to.contain('limit 501 is above the maximum page size of 500');
      greedy.close();
    });

    it('reads a large page in parts', async () => {
      const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });
      await provider.writeImportBatch(job.id, 0, records(1200));

      const page = await provider.queryUsers({ offset: 100, limit: 1050, sort: { field: 'phone', direction: 'asc' } });

      expect(page.total).to.equal(1200);
      expect(page.items).to.have.length(1050);
      expect(page.items[0]?.identifiers[0]?.value).to.equal('+447700900100');
      expect(page.items[1049]?.identifiers[0]?.value).to.equal('+447700901149');
    });

    it('rejects an oversized batch', async () => {
      const job = await provider.startImport({ group: { name: 'Fair' }, onExisting: 'skip' });

      const error = await expectDataError(provider.writeImportBatch(job.id, 0, records(5001)), ValidationError);

      expect(error.message).to.contain('status 413');
      expect(error.message).to.contain('Import batch 0 has 5001 records; the maximum is 5000');
      expect((await provider.getImport(job.id)).lastBatch).to.equal(-1);
    });

    it('rejects an oversized body', async () => {
      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      const text = 'x'.repeat(17 * 1024 * 1024);

      const error = await expectDataError(
        provider.putActivity({ notes: [{ id: 'n-1', userId: ada.id, text, author: 'Support', createdAt: 1 }] }),
        ValidationError,
      );

      expect(error.message).to.contain('PUT /activity failed with status 413');
      expect(error.message).to.contain('the maximum is 16.0 MiB');
    });
  });

  describe('headers', () => {
    it('sends the token the function returns', async () => {
      const { url, token } = await apiServer();
      let calls = 0;
      const withToken = new FetchProvider({
        baseUrl: url,
        headers: async () => {
          calls++;
          return { Authorization: `Bearer ${token}` };
        },
      });

      await withToken.listGroups();
      await withToken.createGroup({ name: 'VIP' });

      expect(calls).to.equal(2);
      withToken.close();
    });

    it('keeps the token out of errors and logs', async () => {
      const { url, token } = await apiServer();
      const wrongToken = `${token}-wrong`;
      const refused = new FetchProvider({ baseUrl: url, headers: () => ({ Authorization: `Bearer ${wrongToken}` }) });

      const refusal = await expectDataError(refused.listGroups(), UnavailableError);
      const missing = await rejectionMessage(provider.getUser('missing-user'));

      expect(refusal.message).to.contain('status 401');
      for (const message of [refusal.message, String(refusal.stack), missing]) {
        expect(message).to.not.contain(token);
      }
      const { log } = await serverEvents();
      expect(log.join('\n')).to.contain('"status":401');
      expect(log.join('\n')).to.not.contain(token);
      refused.close();
    });
  });

  describe('changes', () => {
    it('announces writes of other clients as remote', async () => {
      const other = await createTestProvider();
      const changes: DataChange[] = [];
      provider.subscribe((change) => changes.push(change));
      await waitUntil(async () => (await serverEventsClientCount()) > 0, 'the change feed did not connect', SLOW_MACHINE);

      const grace = await other.createUser(personInput('Grace Hopper', 2));
      await waitUntil(() => changes.some((change) => change.remote), 'no remote change arrived', SLOW_MACHINE);

      expect(changes).to.deep.include({ entity: 'users', ids: [grace.id], remote: true });
      other.close();
    });

    it('skips the echo of its own writes', async () => {
      const changes: DataChange[] = [];
      provider.subscribe((change) => changes.push(change));
      await waitUntil(async () => (await serverEventsClientCount()) > 0, 'the change feed did not connect', SLOW_MACHINE);

      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      const other = await createTestProvider();
      await other.createGroup({ name: 'Marker' });
      await waitUntil(() => changes.some((change) => change.remote), 'no remote change arrived', SLOW_MACHINE);

      expect(changes.filter((change) => change.entity === 'users')).to.deep.equal([{ entity: 'users', ids: [ada.id] }]);
      other.close();
    });
  });

  describe('attachments', () => {
    it('uploads content and returns its URL', async () => {
      const ada = await provider.createUser(personInput('Ada Lovelace', 1));
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
      const blob = new Blob([bytes], { type: 'image/png' });

      await provider.putActivity({
        attachments: [{ id: 'a-1', userId: ada.id, name: 'receipt.png', mediaType: 'image/png', size: bytes.length, blob, createdAt: 1 }],
      });
      const [stored] = (await provider.listAttachments(ada.id, { offset: 0, limit: 5 })).items;
      const { token } = await apiServer();
      const response = await fetch(stored?.url ?? '', { headers: { Authorization: `Bearer ${token}` } });

      expect(response.headers.get('Content-Type')).to.equal('image/png');
      expect(new Uint8Array(await response.arrayBuffer())).to.deep.equal(bytes);
    });
  });
});

async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${String(error)} ${(error as Error).stack ?? ''}`;
  }
  expect.fail('Expected the call to reject.');
}

async function serverEventsClientCount(): Promise<number> {
  const { url } = await apiServer();
  const response = await fetch(new URL('/__test/events', url));
  return ((await response.json()) as { changeClients: number }).changeClients;
}
