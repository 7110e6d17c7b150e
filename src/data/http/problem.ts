import type { ContactIdentifier } from '../../model/types.js';
import type { FieldIssue } from '../../model/user.js';
import {
  ConflictError,
  DataError,
  NotFoundError,
  QuotaExceededError,
  UnavailableError,
  ValidationError,
} from '../errors.js';

/**
 * An RFC 9457 problem details document with the extension members the
 * contract defines. Every member is optional because a proxy in front of
 * the API may answer with plain text or HTML.
 */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Machine-readable kind, such as `not-found`, `conflict`, `invalid` or `too-large`. */
  code?: string;
  /** Field issues of a validation failure. */
  issues?: FieldIssue[];
  /** Kind and id of the record that was not found. */
  entity?: string;
  id?: string;
  /** The record as it is now stored, for a conflict. */
  current?: unknown;
  /** The identifier another user owns, for a conflict over one. */
  identifier?: ContactIdentifier;
  /** Records stored before storage ran out, for 507. */
  stored?: number;
}

const MAX_TEXT = 300;

/** Reads an error response body as a problem, whatever its media type. */
export async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  const type = response.headers.get('Content-Type') ?? '';
  if (/json/i.test(type)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Problem;
    } catch {
      // A broken JSON body still has a status; fall through to the text.
    }
  }
  const snippet = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
  return snippet ? { detail: snippet } : {};
}

/**
 * Maps an error status and its problem to the typed error elements show:
 * 404 not found, 409 and 412 conflict, 400, 413, 415 and 422 invalid, 507
 * quota, everything else unavailable.
 */
export function problemToError(label: string, status: number, problem: Problem): DataError {
  const detail = problem.detail ?? problem.title ?? '';
  const message = `${label} failed with status ${status}${detail ? `: ${detail}` : '.'}`;

  switch (status) {
    case 404:
      return new NotFoundError(problem.entity ?? 'Record', problem.id ?? label);
    case 409:
    case 412:
      return new ConflictError(message, problem.current, problem.identifier ? { identifier: problem.identifier } : {});
    case 400:
    case 413:
    case 415:
    case 422:
      return new ValidationError(message, Array.isArray(problem.issues) ? problem.issues : []);
    case 507:
      return new QuotaExceededError(typeof problem.stored === 'number' ? problem.stored : 0);
    case 401:
    case 403:
      return new UnavailableError(`${message} Check the credentials that the provider's headers function returns.`);
    default:
      return new UnavailableError(message);
  }
}
