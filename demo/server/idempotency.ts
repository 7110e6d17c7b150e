import type { Db } from './db.js';
import type { OutgoingResponse } from './http.js';
import { HttpProblem } from './problems.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 200;

/**
 * Returns the response of a write's first run when the write is repeated. Browsers
 * resend a request on their own when a reused connection drops before the
 * response (Chromium does for POST too), and the provider retries PUT and
 * DELETE; without this a create that committed would then fail with a
 * conflict, or a delete with 404. Keys are kept for a day.
 */
export class IdempotencyStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Reads the key of a write request; returns undefined for reads and requests without one. */
  static keyOf(method: string, header: string | string[] | undefined): string | undefined {
    if (method === 'GET' || typeof header !== 'string' || header === '') return undefined;
    if (header.length > MAX_KEY_LENGTH) {
      throw new HttpProblem(400, 'bad-request', 'Bad request', `Idempotency-Key has ${header.length} characters; the maximum is ${MAX_KEY_LENGTH}. Send a UUID.`);
    }
    return header;
  }

  /** Returns the recorded response of an earlier request with this key, if any. */
  find(key: string, method: string, path: string): OutgoingResponse | undefined {
    const row = this.db.prepare('SELECT method, path, status, headers, body FROM idempotency_keys WHERE key = ?').get(key) as
      { method: string; path: string; status: number; headers: string; body: string } | undefined;
    if (!row) return undefined;
    if (row.method !== method || row.path !== path) {
      throw new HttpProblem(422, 'invalid', 'Idempotency-Key reused',
        `Idempotency-Key "${key}" was used for ${row.method} ${row.path}; send a new key for each request.`);
    }
    return { status: row.status, headers: JSON.parse(row.headers) as Record<string, string>, body: row.body };
  }

  /** Keeps the response of a write. Writes respond with JSON text, never binary content. */
  remember(key: string, method: string, path: string, response: OutgoingResponse): void {
    this.db
      .prepare('INSERT OR REPLACE INTO idempotency_keys (key, method, path, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key, method, path, response.status, JSON.stringify(response.headers), response.body.toString(), Date.now());
  }

  /** Forgets keys older than a day. */
  purge(): void {
    this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(Date.now() - KEEP_MS);
  }
}
