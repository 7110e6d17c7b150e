import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, HttpProblem, tooLarge } from './problems.js';

/** Sizes the server refuses to exceed; each refusal names its limit. */
export interface Limits {
  /** Largest `limit` of a page. */
  maxPageSize: number;
  /** Maximum records in one import batch. */
  maxBatchRecords: number;
  /** Largest JSON body, in bytes. */
  maxBodyBytes: number;
  /** Largest attachment content, in bytes. */
  maxContentBytes: number;
  /** Maximum ids in one selection or identifiers in one lookup. */
  maxListLength: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxPageSize: 500,
  maxBatchRecords: 5000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxContentBytes: 5 * 1024 * 1024,
  maxListLength: 100_000,
};

// A client that sends more than this after being refused is cut off rather
// than drained.
const DRAIN_FACTOR = 4;

/** Reads a request body up to `maxBytes`; a larger one is drained and refused with 413. */
export async function readBody(request: IncomingMessage, maxBytes: number, subject: string): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
    else if (size > maxBytes * DRAIN_FACTOR) {
      request.destroy();
      break;
    }
  }
  if (size > maxBytes || declared > maxBytes) {
    throw tooLarge(`The ${subject} has ${formatBytes(Math.max(size, declared || 0))}; the maximum is ${formatBytes(maxBytes)}. Send less data per request.`, maxBytes);
  }
  return Buffer.concat(chunks);
}

export async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `The body must be JSON with Content-Type application/json, not "${type || 'none'}".`);
  }
  const body = await readBody(request, maxBytes, 'request body');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}.`);
  }
}

/** A response ready to write. */
export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): OutgoingResponse {
  if (body === undefined) return { status, headers: { 'Cache-Control': 'no-store', ...headers }, body: '' };
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function problemResponse(problem: HttpProblem): OutgoingResponse {
  return {
    status: problem.status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(problem),
  };
}

export function writeResponse(response: ServerResponse, outgoing: OutgoingResponse): void {
  response.writeHead(outgoing.status, { ...outgoing.headers, 'Content-Length': Buffer.byteLength(outgoing.body) });
  response.end(outgoing.body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeResponse(response, jsonResponse(status, body, headers));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Origins of pages on this machine, such as the Vite demo on any port. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Decides which page origins may call the API from a browser. */
export class CorsPolicy {
  private readonly extra: Set<string>;
  private readonly any: boolean;

  constructor(origins: string[]) {
    this.any = origins.includes('*');
    this.extra = new Set(origins);
  }

  allows(origin: string): boolean {
    return this.any || LOOPBACK_ORIGIN.test(origin) || this.extra.has(origin);
  }

  /** Headers for a request from `origin`; empty when the origin is not allowed. */
  headers(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    if (!origin || !this.allows(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': 'ETag, Location, Retry-After, Idempotent-Replayed',
      Vary: 'Origin',
    };
  }

  preflightHeaders(request: IncomingMessage): Record<string, string> {
    const headers = this.headers(request);
    if (!headers['Access-Control-Allow-Origin']) return headers;
    return {
      ...headers,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
      // The provider's headers function may add any header a host needs.
      'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'Content-Type',
      'Access-Control-Max-Age': '600',
    };
  }
}
