import { expect } from '@open-wc/testing';
import {
  AbortedError,
  ConflictError,
  DataError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type DataErrorCode,
} from '../../src/data/errors.js';
import type { UserDataProvider, UserQuery } from '../../src/data/provider.js';
import type { User, UserInput } from '../../src/model/types.js';

/** A provider over a fresh, empty store, and the function that disposes of both. */
export interface ProviderFixture {
  provider: UserDataProvider;
  /** Closes the provider and deletes its store; called even after a test closed the provider. */
  cleanup(): Promise<void>;
}

export type ProviderFactory = () => Promise<ProviderFixture>;

/** The parts of the suite, to run some of them only. */
export type ConformanceSection = 'users' | 'queries' | 'groups' | 'activity' | 'imports' | 'lifecycle';

export interface ConformanceOptions {
  /** Number of generated users the query tests compare against the reference; 3000 by default. */
  userCount?: number;
  /** Seed of the generated data; change it to try another data set. */
  seed?: number;
  /** Parts of the suite to declare; all of them by default. */
  sections?: ConformanceSection[];
}

/** The current provider of a test; read `provider` inside hooks and tests only. */
export interface ProviderHandle {
  readonly provider: UserDataProvider;
}

/**
 * Registers hooks that give every test of the enclosing `describe` its own
 * provider over an empty store, and dispose of it afterwards.
 */
export function useFreshProvider(factory: ProviderFactory): ProviderHandle {
  let fixture: ProviderFixture | undefined;

  beforeEach(async () => {
    fixture = await factory();
  });

  afterEach(async () => {
    await fixture?.cleanup();
    fixture = undefined;
  });

  return {
    get provider(): UserDataProvider {
      if (!fixture) throw new Error('The provider exists only inside tests and their hooks.');
      return fixture.provider;
    },
  };
}

type ErrorClass<T extends DataError> = abstract new (...args: never[]) => T;

const CODES = new Map<ErrorClass<DataError>, DataErrorCode>([
  [NotFoundError, 'not-found'],
  [ConflictError, 'conflict'],
  [ValidationError, 'invalid'],
  [UnavailableError, 'unavailable'],
  [AbortedError, 'aborted'],
]);

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail('Expected the call to reject, but it resolved.');
}

/** Asserts that a call rejects with a data error of the given class and its code. */
export async function expectDataError<T extends DataError>(promise: Promise<unknown>, type: ErrorClass<T>): Promise<T> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).to.be.instanceOf(type);
  expect((error as DataError).code).to.equal(CODES.get(type));
  return error as T;
}

/** Returns the issue codes of a validation error, in order. */
export function issueCodes(error: ValidationError): string[] {
  return error.issues.map((issue) => issue.code);
}

/**
 * Creates users a few at a time and returns them in input order. Several
 * calls stay in flight so that seeding over HTTP does not wait on each
 * round trip in turn.
 */
export async function seedUsers(provider: UserDataProvider, inputs: readonly UserInput[], parallel = 8): Promise<User[]> {
  const users: User[] = new Array<User>(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      users[index] = await provider.createUser(inputs[index] as UserInput);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return users;
}

export interface WalkResult {
  ids: string[];
  /** `total` of every page, in order. */
  totals: number[];
}

/** Reads every page of a query, `limit` rows at a time, until a page comes back short. */
export async function walkPages(
  provider: UserDataProvider,
  query: Omit<UserQuery, 'offset' | 'limit'>,
  limit: number,
): Promise<WalkResult> {
  const result: WalkResult = { ids: [], totals: [] };
  for (let offset = 0; ; offset += limit) {
    const page = await provider.queryUsers({ ...query, offset, limit });
    result.ids.push(...page.items.map((user) => user.id));
    result.totals.push(page.total);
    expect(page.items.length, `page at offset ${offset} is longer than its limit`).to.be.at.most(limit);
    if (page.items.length < limit) return result;
    if (offset >= page.total) expect.fail(`The page at offset ${offset} is full though total is ${page.total}.`);
  }
}

/** Returns the ids of users, for order-sensitive comparisons. */
export function idsOf(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}

/** Returns sorted ids, for comparisons where order does not matter. */
export function sortedIds(items: readonly { id: string }[]): string[] {
  return idsOf(items).sort();
}

/** Returns an aborted signal. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/**
 * Creates five users for bulk actions: Ada and Grace reached by phone, Alan
 * and Annie by e-mail, Edsger on Instagram. Ada, Alan and Annie have a name
 * word starting with `a`.
 */
export async function createFiveUsers(provider: UserDataProvider): Promise<User[]> {
  return [
    await provider.createUser(personInput('Ada Lovelace', 1)),
    await provider.createUser(personInput('Grace Hopper', 2)),
    await provider.createUser({ name: 'Alan Turing', identifiers: [{ kind: 'email', value: 'alan@example.com' }] }),
    await provider.createUser({ name: 'Annie Easley', identifiers: [{ kind: 'email', value: 'annie@example.com' }] }),
    await provider.createUser({ name: 'Edsger Dijkstra', identifiers: [{ kind: 'instagram', value: 'edsger' }] }),
  ];
}

/** Returns a minimal valid user input with a phone number from the fictional UK range. */
export function personInput(name: string, suffix: number, extra: Partial<UserInput> = {}): UserInput {
  return {
    name,
    identifiers: [{ kind: 'phone', value: `+44 7700 900${String(suffix).padStart(3, '0')}` }],
    ...extra,
  };
}
