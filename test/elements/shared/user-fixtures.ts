import { IndexedDBProvider } from '../../../src/data/indexeddb/indexeddb-provider.js';
import type { UserDataProvider } from '../../../src/data/provider.js';
import type { Conversation, Message, User, UserInput } from '../../../src/model/types.js';

const opened: { provider: IndexedDBProvider; name: string }[] = [];

/** Opens a real IndexedDB provider on a database no other test uses. */
export function freshProvider(): IndexedDBProvider {
  const name = `test-${crypto.randomUUID()}`;
  const provider = new IndexedDBProvider({ databaseName: name, crossTab: false });
  opened.push({ provider, name });
  return provider;
}

/** Closes and deletes every database {@link freshProvider} opened; call in `afterEach`. */
export async function deleteProviders(): Promise<void> {
  const all = opened.splice(0);
  await Promise.all(
    all.map(({ provider, name }) => {
      provider.close();
      return new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    }),
  );
}

/** Stores a user with sensible defaults for the fields a test does not care about. */
export function createUser(provider: UserDataProvider, input: Partial<UserInput> = {}): Promise<User> {
  return provider.createUser({
    name: 'Ada Lovelace',
    identifiers: [{ kind: 'email', value: `ada-${crypto.randomUUID().slice(0, 8)}@example.com` }],
    ...input,
  });
}

/** Builds a conversation of `count` messages, one minute apart, alternating direction. */
export function conversationOf(
  user: Pick<User, 'id'>,
  count: number,
  options: { id?: string; channel?: string; start?: number } = {},
): { conversation: Conversation; messages: Message[] } {
  const id = options.id ?? `conversation-${crypto.randomUUID()}`;
  const channel = options.channel ?? 'whatsapp';
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const messages: Message[] = Array.from({ length: count }, (_, index) => ({
    id: `${id}-m${String(index).padStart(5, '0')}`,
    conversationId: id,
    userId: user.id,
    channel,
    direction: index % 2 === 0 ? 'inbound' : 'outbound',
    text: `Message ${index + 1}`,
    sentAt: start + index * 60_000,
  }));
  const conversation: Conversation = {
    id,
    userId: user.id,
    channel,
    startedAt: start,
    lastMessageAt: start + (count - 1) * 60_000,
    messageCount: count,
  };
  return { conversation, messages };
}

/**
 * Wraps a provider so that a test can count the calls of each method while
 * the real provider still does the work.
 */
export function countCalls<P extends UserDataProvider>(provider: P): { provider: P; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrapped = new Proxy(provider, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (...params: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { provider: wrapped, calls };
}
