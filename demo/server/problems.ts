import type { ContactIdentifier } from '../../src/model/types.js';
import type { FieldIssue } from '../../src/model/user.js';

/** Extension members of a problem, as the contract defines them. */
export interface ProblemExtras {
  issues?: FieldIssue[];
  /** For a conflict over an identifier: the identifier that another user owns. */
  identifier?: ContactIdentifier;
  entity?: string;
  id?: string;
  current?: unknown;
  stored?: number;
  limit?: number;
}

/**
 * An error that becomes an `application/problem+json` response. `code` is
 * the machine-readable kind; `detail` is an English sentence naming the
 * value and the fix.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly extras: ProblemExtras;

  constructor(status: number, code: string, title: string, detail: string, extras: ProblemExtras = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.title = title;
    this.extras = extras;
  }

  toJSON(): Record<string, unknown> {
    return {
      type: `urn:all-users:problem:${this.code}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...this.extras,
    };
  }
}

export function notFound(entity: string, id: string): HttpProblem {
  return new HttpProblem(404, 'not-found', 'Not found', `${entity} "${id}" was not found.`, { entity, id });
}

export function conflict(detail: string, current?: unknown, extras: ProblemExtras = {}): HttpProblem {
  return new HttpProblem(409, 'conflict', 'Conflict', detail, current === undefined ? extras : { ...extras, current });
}

export function invalid(detail: string, issues: FieldIssue[] = []): HttpProblem {
  return new HttpProblem(422, 'invalid', 'Invalid input', detail, { issues });
}

export function badRequest(detail: string): HttpProblem {
  return new HttpProblem(400, 'bad-request', 'Bad request', detail);
}

export function tooLarge(detail: string, limit: number): HttpProblem {
  return new HttpProblem(413, 'too-large', 'Request too large', detail, { limit });
}
