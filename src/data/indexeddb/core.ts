import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { CountryCode } from '../../model/identifiers.js';
import {
  AbortedError,
  ConflictError,
  DataError,
  QuotaExceededError,
  throwIfAborted,
  UnavailableError,
} from '../errors.js';
import type { User, UserInput } from '../../model/types.js';
import type { NameParts } from '../../model/user.js';
import type { DataChange } from '../provider.js';
import type { Connection } from './connection.js';
import { USER_ACTIVITY_STORES, type StoredGroup, type UsersDB } from './schema.js';
import { markUsersWritten } from './stored-pages.js';

export type StoreName = StoreNames<UsersDB>;
export type Transaction<S extends ArrayLike<StoreName>, M extends IDBTransactionMode> = IDBPTransaction<UsersDB, S, M>;
/** A transaction whose store list is only known at run time; any store can be named. */
export type WriteTransaction = Transaction<StoreName[], 'readwrite'>;

/** Services the parts of the provider share: transactions, ids, the clock and change notification. */
export interface ProviderCore {
  readonly defaultCountry: CountryCode | undefined;
  now(): number;
  newId(): string;
  /**
   * Runs `body` in one transaction and resolves once it has committed.
   * `body` must await nothing but requests of `tx`: any other await lets
   * the transaction commit early. When `body` throws, nothing it wrote is
   * kept. Aborting `signal` aborts the transaction. A `readwrite`
   * transaction on `users` also writes `meta`, to mark the stored pager
   * state out of date, so its `tx.store` is undefined and `body` must
   * name each store. `readStores` lists stores that `body` only reads,
   * such as `users` when adding a note checks that its user exists.
   */
  transact<const S extends ArrayLike<StoreName>, M extends IDBTransactionMode, T>(
    stores: S,
    mode: M,
    signal: AbortSignal | undefined,
    body: (tx: Transaction<S, M>) => Promise<T>,
    readStores?: readonly StoreName[],
  ): Promise<T>;
  /** Tells listeners here and in other tabs; call after the write committed. */
  changed(...changes: DataChange[]): void;
}

/** Implements {@link ProviderCore.transact} over a connection. */
export async function runTransaction<const S extends ArrayLike<StoreName>, M extends IDBTransactionMode, T>(
  connection: Connection,
  stores: S,
  mode: M,
  signal: AbortSignal | undefined,
  body: (tx: Transaction<S, M>) => Promise<T>,
  readStores: readonly StoreName[] = [],
): Promise<T> {
  throwIfAborted(signal);
  const db = await connection.get();
  throwIfAborted(signal);

  // A write to users replaces the stored pager state in the same
  // transaction, so no total or bookmark outlives the users it describes.
  const writesUsers = mode === 'readwrite' && Array.from(stores).includes('users') && !readStores.includes('users');
  const scope: StoreName[] = Array.from(stores);
  if (writesUsers && !scope.includes('meta')) scope.push('meta');

  let tx: Transaction<S, M>;
  try {
    tx = db.transaction(scope, mode) as unknown as Transaction<S, M>;
    if (writesUsers) markUsersWritten((tx as unknown as WriteTransaction).objectStore('meta'));
  } catch (error) {
    throw toDataError(error);
  }
  const abort = () => abortQuietly(tx);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const result = await body(tx);
    await tx.done;
    return result;
  } catch (error) {
    // A body that throws after some writes must not commit them.
    abortQuietly(tx);
    tx.done.catch(() => undefined);
    if (signal?.aborted) throw new AbortedError();
    throw toDataError(tx.error ?? error);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}

/**
 * Turns the DOMExceptions IndexedDB raises into the provider's typed
 * errors; other errors pass unchanged. `stored` is how many records were
 * saved before a quota failure.
 */
export function toDataError(error: unknown, stored = 0): unknown {
  if (error instanceof DataError) return error;
  if (!(error instanceof DOMException)) return error;
  switch (error.name) {
    case 'QuotaExceededError':
      return new QuotaExceededError(stored, { cause: error });
    case 'ConstraintError':
      return new ConflictError(`A value that must be unique is already in use: ${error.message}`);
    case 'InvalidStateError':
    case 'UnknownError':
      return new UnavailableError(
        `The database connection was lost (${error.message}). Reload the page to reconnect.`,
        { cause: error },
      );
    case 'AbortError':
      return new UnavailableError(`The write was interrupted and nothing was saved: ${error.message}`, {
        cause: error,
      });
    default:
      return error;
  }
}

type GroupsStore = IDBPObjectStore<UsersDB, ArrayLike<StoreName>, 'groups', 'readwrite'>;

/** Adds `delta` to each group's member count; unknown groups are ignored. */
export async function adjustMemberCounts(
  groups: GroupsStore,
  deltas: ReadonlyMap<string, number>,
  now: number,
): Promise<void> {
  const stored = await Promise.all(changedGroupIds(deltas).map((id) => groups.get(id)));
  await Promise.all(stored.map((group) => group && groups.put(withMemberDelta(group, deltas, now))));
}

/** Returns the ids of the groups whose member count `deltas` changes. */
export function changedGroupIds(deltas: ReadonlyMap<string, number>): string[] {
  return [...deltas].filter(([, delta]) => delta !== 0).map(([id]) => id);
}

/** Returns a group with its delta from `deltas` added to its member count, which stays at 0 or more. */
export function withMemberDelta(group: StoredGroup, deltas: ReadonlyMap<string, number>, now: number): StoredGroup {
  const memberCount = Math.max(0, group.memberCount + (deltas.get(group.id) ?? 0));
  return { ...group, memberCount, updatedAt: now };
}

/** Counts +1 for each group joined and -1 for each group left. */
export function membershipDeltas(before: readonly string[], after: readonly string[]): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const id of new Set(after)) if (!before.includes(id)) deltas.set(id, (deltas.get(id) ?? 0) + 1);
  for (const id of new Set(before)) if (!after.includes(id)) deltas.set(id, (deltas.get(id) ?? 0) - 1);
  return deltas;
}

/** Stores that deleting a user touches: the user, its groups and its activity. */
export const USER_WRITE_STORES: StoreName[] = ['users', 'groups', 'messages', ...USER_ACTIVITY_STORES];

/** Deletes a user with its activity and leaves its groups; returns false when it did not exist. */
export async function deleteUserInTransaction(tx: WriteTransaction, id: string, now: number): Promise<boolean> {
  const users = tx.objectStore('users');
  const user = await users.get(id);
  if (!user) return false;

  await users.delete(id);
  await adjustMemberCounts(tx.objectStore('groups'), membershipDeltas(user.groupIds, []), now);

  const userRange = IDBKeyRange.bound([id], [id, []]);
  const deletions: Promise<void>[] = [];
  for (const store of USER_ACTIVITY_STORES) {
    const keys = await tx.objectStore(store).index('user').getAllKeys(userRange);
    for (const key of keys) deletions.push(tx.objectStore(store).delete(key));
  }
  const messageKeys = await tx.objectStore('messages').index('user').getAllKeys(id);
  for (const key of messageKeys) deletions.push(tx.objectStore('messages').delete(key));
  await Promise.all(deletions);
  return true;
}

/** Builds a new user record from validated input. */
export function newUser(valid: UserInput & NameParts, id: string, now: number): User {
  const user: User = {
    id,
    name: valid.name,
    identifiers: valid.identifiers,
    preferences: { ...valid.preferences },
    source: valid.source ?? { type: 'internal' },
    groupIds: [...new Set(valid.groupIds ?? [])],
    attributes: { ...valid.attributes },
    createdAt: valid.createdAt ?? now,
    updatedAt: now,
    lastActivityAt: valid.lastActivityAt ?? null,
    version: 1,
  };
  if (valid.firstName) user.firstName = valid.firstName;
  if (valid.lastName) user.lastName = valid.lastName;
  if (valid.primaryChannel) user.primaryChannel = valid.primaryChannel;
  return user;
}

/** The part of an index that {@link findKeyOwners} needs, whichever transaction it belongs to. */
interface KeyIndex {
  openKeyCursor(range: IDBKeyRange): Promise<{ readonly key: IDBValidKey } | null>;
  getKey(key: string): Promise<IDBValidKey | undefined>;
}

/**
 * Returns the primary key stored under each of `keys` in a unique string
 * index. One cursor first checks whether the index holds anything between
 * the smallest and the largest key, so a first import into an empty
 * database costs one request; otherwise every key is looked up, all
 * requests issued together (a cursor walking from key to key would wait
 * for each answer in turn).
 */
export async function findKeyOwners(index: KeyIndex, keys: Iterable<string>): Promise<Map<string, string>> {
  // IndexedDB orders strings by UTF-16 code units, as the default sort does.
  const wanted = [...new Set(keys)].sort();
  const owners = new Map<string, string>();
  if (wanted.length === 0) return owners;
  if (!(await index.openKeyCursor(IDBKeyRange.bound(wanted[0], wanted[wanted.length - 1])))) return owners;

  const found = await Promise.all(wanted.map((key) => index.getKey(key)));
  wanted.forEach((key, position) => {
    const owner = found[position];
    if (owner !== undefined) owners.set(key, owner as string);
  });
  return owners;
}
