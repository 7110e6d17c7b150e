import type { ContactIdentifier } from '../model/types.js';
import type { FieldIssue } from '../model/user.js';

/** Machine-readable kind of a data failure; elements pick their message by it. */
export type DataErrorCode =
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'quota-exceeded'
  | 'unavailable'
  | 'aborted'
  | 'blocked';

/**
 * Base class of every error a provider throws. `message` is English for logs
 * and developers; elements show a translated text chosen by `code`.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
  }
}

/** The requested record does not exist (or no longer exists). */
export class NotFoundError extends DataError {
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super('not-found', `${entity} "${id}" was not found. It may have been deleted; reload the list.`);
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

/**
 * A write lost a race: the record changed since it was read, or a unique
 * value (an identifier, a group name) already belongs to another record.
 */
export class ConflictError extends DataError {
  /** The record as it is now stored, when the provider can tell. */
  readonly current?: unknown;
  /** The identifier that already belongs to another user (then `current`), for a form to mark its field. */
  readonly identifier?: ContactIdentifier;

  constructor(message: string, current?: unknown, details: { identifier?: ContactIdentifier } = {}) {
    super('conflict', message);
    this.name = 'ConflictError';
    this.current = current;
    if (details.identifier) this.identifier = details.identifier;
  }
}

/** The input broke a validation rule; `issues` names each field and rule. */
export class ValidationError extends DataError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = []) {
    super('invalid', message);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Storage is full. `stored` counts the records written before the failure. */
export class QuotaExceededError extends DataError {
  readonly stored: number;

  constructor(stored: number, options?: { cause?: unknown }) {
    super(
      'quota-exceeded',
      `Storage is full after ${stored} records were saved. Free disk space or delete data, then resume.`,
      options,
    );
    this.name = 'QuotaExceededError';
    this.stored = stored;
  }
}

/** The data source cannot be reached or closed its connection. */
export class UnavailableError extends DataError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
    this.name = 'UnavailableError';
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class AbortedError extends DataError {
  constructor() {
    super('aborted', 'The request was aborted.');
    this.name = 'AbortError';
  }
}

/** A database upgrade waits for another tab to close its connection. */
export class BlockedError extends DataError {
  constructor(message: string) {
    super('blocked', message);
    this.name = 'BlockedError';
  }
}

/** Throws {@link AbortedError} when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

export function isDataError(error: unknown): error is DataError {
  return error instanceof DataError;
}
