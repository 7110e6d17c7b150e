import { FetchProvider, type FetchProviderOptions } from '../../src/data/http/fetch-provider.js';

/** The reference server the test runner started (see api-server-plugin.mjs). */
export interface ApiServer {
  url: string;
  /** A loopback URL where nothing listens. */
  refusedUrl: string;
  /** The bearer token the server requires. */
  token: string;
}

let server: Promise<ApiServer> | undefined;

export function apiServer(): Promise<ApiServer> {
  server ??= fetch('/__api-server.json').then((response) => response.json() as Promise<ApiServer>);
  return server;
}

/** Calls a test hook of the server; they need no token. */
async function hook(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const { url } = await apiServer();
  const response = await fetch(new URL(path, url), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} failed with ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Empties the server's database. */
export async function resetServer(): Promise<void> {
  await hook('POST', '/__test/reset');
}

export interface Fault {
  method: string;
  path: string;
  action: 'delay' | 'drop-after-commit';
  delayMs?: number;
  times?: number;
}

/** Makes the server misbehave on the next matching requests. */
export async function armFault(fault: Fault): Promise<void> {
  await hook('POST', '/__test/faults', fault);
}

export interface ServerEvent {
  kind: 'fault' | 'closed';
  method: string;
  path: string;
  action?: string;
}

/** Returns what the server saw (faults applied, requests closed early) and its recent log lines. */
export async function serverEvents(): Promise<{ events: ServerEvent[]; log: string[] }> {
  return (await hook('GET', '/__test/events')) as { events: ServerEvent[]; log: string[] };
}

/** Creates a provider for the test server that sends its token. */
export async function createTestProvider(options: Partial<FetchProviderOptions> = {}): Promise<FetchProvider> {
  const { url, token } = await apiServer();
  return new FetchProvider({ baseUrl: url, headers: () => ({ Authorization: `Bearer ${token}` }), ...options });
}
