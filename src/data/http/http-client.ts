import { AbortedError, UnavailableError } from '../errors.js';
import { problemToError, readProblem } from './problem.js';

/** Headers sent with every request: a record, a `Headers` object or a list of pairs. */
export type HeadersSource = () => HeadersInit | Promise<HeadersInit>;

export interface HttpClientOptions {
  baseUrl: string | URL;
  headers?: HeadersSource;
  /** Time allowed for one attempt, response body included, in ms; 0 waits forever. */
  timeout: number;
  /** Extra attempts for requests marked safe to repeat. */
  retries: number;
  /** First backoff delay in ms; each retry doubles it, with jitter. */
  retryDelay: number;
  fetch: typeof fetch;
  /** Sent as `X-Client-Id` so the change feed can tell this client its own writes. */
  clientId: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, segments already encoded, without a leading slash. */
  path: string;
  query?: URLSearchParams;
  /** Sent as JSON, unless it is a `Blob`, which is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** True when repeating the request cannot change the outcome (GET, PUT of a batch, …). */
  idempotent?: boolean;
  /** True for a POST that only reads, which needs no `Idempotency-Key`. */
  readOnly?: boolean;
  /** True for a DELETE whose retry may find the record already gone, which then counts as done. */
  notFoundMeansDone?: boolean;
  /** How to read the response body: `blob` keeps it as it is (file content); the default, `json`, parses it. */
  responseType?: 'json' | 'blob';
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

// Statuses that mean "try again later" rather than "this request is wrong".
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
const MAX_BACKOFF_MS = 10_000;

/**
 * Sends JSON requests with a timeout per attempt, retries with exponential
 * backoff for idempotent requests, and turns every failure into a typed
 * {@link DataError}. Messages name the method, the URL path and the status,
 * never a header value, a query string or a request body.
 */
export class HttpClient {
  private readonly base: URL;
  private readonly options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.base = resolveBase(options.baseUrl);
  }

  /** Resolves a path or a relative URL the server returned against the base URL. */
  resolve(path: string): URL {
    return new URL(path, this.base);
  }

  /** Returns a URL's path under the base URL, or undefined when it points elsewhere. */
  pathUnderBase(url: string): string | undefined {
    const resolved = this.resolve(url);
    if (resolved.origin !== this.base.origin || !resolved.pathname.startsWith(this.base.pathname)) return undefined;
    return resolved.href.slice(this.base.href.length);
  }

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = this.resolve(request.path);
    if (request.query) url.search = request.query.toString();
    const attempts = request.idempotent ? this.options.retries + 1 : 1;

    // One key for every attempt of a write, also those a browser resends on
    // its own after a dropped connection, so the server runs it once.
    if (request.method !== 'GET' && !request.readOnly) {
      request = { ...request, headers: { ...request.headers, 'Idempotency-Key': crypto.randomUUID() } };
    }

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(request, url, attempt);
      if (outcome.kind === 'done') return outcome.response;
      if (!outcome.retryable || attempt >= attempts) throw outcome.error;
      await this.backoff(attempt, outcome.retryAfter, request.signal);
    }
  }

  /** Builds the request headers; exposed so the change feed sends the same ones. */
  async headers(extra: Record<string, string> = {}): Promise<Headers> {
    const headers = new Headers(this.options.headers ? await this.options.headers() : undefined);
    headers.set('X-Client-Id', this.options.clientId);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  }

  /** Describes a URL for messages: its path only, because a query may carry personal data. */
  describe(method: string, url: URL): string {
    return `${method} ${url.pathname}`;
  }

  private async attempt<T>(request: HttpRequest, url: URL, attempt: number): Promise<AttemptOutcome<T>> {
    const label = this.describe(request.method, url);
    throwIfCallerAborted(request.signal);

    const controller = new AbortController();
    const onCallerAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    const timer = this.options.timeout > 0
      ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.options.timeout)
      : undefined;

    try {
      const init = await this.buildInit(request, controller.signal);
      const response = await this.options.fetch(url, init);

      if (response.ok || response.status === 304) {
        return { kind: 'done', response: { status: response.status, headers: response.headers, body: request.responseType === 'blob' ? (await response.blob()) as T : await readBody<T>(response, label) } };
      }
      if (response.status === 404 && request.notFoundMeansDone && attempt > 1) {
        await response.body?.cancel();
        return { kind: 'done', response: { status: 204, headers: response.headers, body: undefined as T } };
      }

      const retryable = RETRYABLE_STATUSES.has(response.status);
      const error = problemToError(label, response.status, await readProblem(response));
      return { kind: 'failed', error, retryable, retryAfter: retryable ? retryAfterMs(response) : undefined };
    } catch (error) {
      if (request.signal?.aborted) throw new AbortedError();
      if (timedOut) {
        return { kind: 'failed', error: new UnavailableError(`${label} timed out after ${this.options.timeout / 1000} s. The server is slow or unreachable; try again.`, { cause: error }), retryable: true };
      }
      if (error instanceof UnavailableError) return { kind: 'failed', error, retryable: true };
      if (isNetworkError(error)) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          kind: 'failed',
          error: new UnavailableError(`${label} failed: the server at ${url.origin} cannot be reached (${reason}). Check that it is running and try again.`, { cause: error }),
          retryable: true,
        };
      }
      throw error;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async buildInit(request: HttpRequest, signal: AbortSignal): Promise<RequestInit> {
    const accept = request.responseType === 'blob' ? '*/*' : 'application/json, application/problem+json';
    const extra: Record<string, string> = { Accept: accept, ...request.headers };
    let body: BodyInit | undefined;
    if (request.body instanceof Blob) {
      body = request.body;
      extra['Content-Type'] = request.body.type || 'application/octet-stream';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      extra['Content-Type'] = 'application/json';
    }
    return { method: request.method, headers: await this.headers(extra), body, signal, cache: 'no-store' };
  }

  private async backoff(attempt: number, retryAfter: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    // "Equal jitter": half the exponential delay is fixed, half random, so
    // clients that failed together do not retry together.
    const exponential = Math.min(MAX_BACKOFF_MS, this.options.retryDelay * 2 ** (attempt - 1));
    const delay = retryAfter ?? exponential / 2 + Math.random() * (exponential / 2);
    await sleep(Math.min(delay, MAX_BACKOFF_MS), signal);
  }
}

/** Resolves the base URL against the page, so `/api` works in a browser, and ends it with `/`. */
function resolveBase(baseUrl: string | URL): URL {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  let base: URL;
  try {
    base = new URL(baseUrl, page);
  } catch (error) {
    throw new TypeError(`The base URL "${String(baseUrl)}" is not valid${page ? '' : ': outside a page it must be absolute, such as http://127.0.0.1:8787/'}.`, { cause: error });
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

type AttemptOutcome<T> =
  | { kind: 'done'; response: HttpResponse<T> }
  | { kind: 'failed'; error: Error; retryable: boolean; retryAfter?: number | undefined };

function throwIfCallerAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

async function readBody<T>(response: Response, label: string): Promise<T> {
  if (response.status === 204 || response.status === 304) return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UnavailableError(`${label} returned a body that is not valid JSON (status ${response.status}). Check that the base URL points at the API.`, { cause: error });
  }
}

// `fetch` rejects with a TypeError for refused connections, resets and CORS
// failures; Node adds the socket error as `cause`.
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
