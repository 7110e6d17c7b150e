// Shared set-up of the end-to-end tests: build a page with Vite, serve the
// build on 127.0.0.1 with chosen response headers, serve the demo with
// Vite's dev server, run the reference REST server, and drive Debian's
// Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { build, createServer as createViteServer } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API_START_TIMEOUT_MS = 60_000;
const API_STOP_TIMEOUT_MS = 10_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Builds a page with the Vite config at `configFile` and returns the output folder. */
export async function buildPage(configFile: string, outDir: string): Promise<string> {
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 on a free port, adding `headers` to every response. */
export async function serveFolder(root: string, headers: Record<string, string> = {}): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      await stat(file);
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(portToUse(), '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A strict Content-Security-Policy: no inline script or style, no eval, and Trusted Types for every script sink. */
export const STRICT_POLICY = ["script-src 'self'", "style-src 'self'", "require-trusted-types-for 'script'"].join('; ');

/** Adds every Content-Security-Policy violation the page reports to `violations`; call before `goto`. */
export async function recordViolations(page: Page, violations: string[]): Promise<void> {
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  // Init scripts run before the page's own and are exempt from its policy.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
}

/** Pastes CSV text into an import wizard and goes on to its Define data step once the worker has read it. */
export async function pasteIntoWizard(wizard: Locator, csv: string): Promise<void> {
  await wizard.getByLabel('Or paste rows, the header row first').fill(csv);
  await wizard.getByRole('button', { name: 'Use pasted text' }).click();
  // Next before the worker has read the text only shows a message to wait.
  await wizard.getByText('Choose Next to map its columns.').waitFor();
  await wizard.getByRole('button', { name: 'Next' }).click();
}

/** Launches headless Chromium with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * Serves the demo page as `npm run demo` does, with Vite's dev server, on
 * 127.0.0.1. Vite's dependency cache goes under test/.tmp so that a run
 * leaves node_modules alone.
 */
export async function serveDemo(): Promise<StaticServer> {
  const server = await createViteServer({
    configFile: join(ROOT, 'vite.config.ts'),
    cacheDir: join(ROOT, 'test/.tmp/vite-demo'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: portToUse(), strictPort: false, hmr: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The demo dev server did not report its URL.');
  return { url, close: () => server.close() };
}

export interface ApiServerProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the reference REST server (`demo/server/main.ts`) in a child
 * process on 127.0.0.1, with an in-memory database and no token because the
 * demo page sends none. The server's warnings and errors go to stderr.
 */
export async function startApiServer(): Promise<ApiServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/server/main.ts', '--port', String(portToUse()), '--db', ':memory:'],
    { cwd: ROOT, env: { ...process.env, ALL_USERS_API_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[api-server] ${chunk.toString()}`));
  // A test process that crashes skips its after() hooks, and the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  const lines = createInterface({ input: child.stdout! });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The API server did not start within ${API_START_TIMEOUT_MS / 1000} s.`)),
        API_START_TIMEOUT_MS,
      );
      child.once('exit', (code) => reject(new Error(`The API server exited with code ${code} before it listened.`)));
      lines.on('line', (line) => {
        const listening = /listening on (\S+)/.exec(line);
        if (listening?.[1]) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
        if (/ (ERROR|WARN) /.test(line)) process.stderr.write(`[api-server] ${line}\n`);
      });
    });
    return { url, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), API_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

// Servers listen on a free port chosen by the system, or on the next port
// of E2E_PORTS ("8700-8749") on a machine where each user has a range.
let nextPort: number | undefined;
function portToUse(): number {
  const range = /^(\d+)-(\d+)$/.exec(process.env.E2E_PORTS ?? '');
  if (!range) return 0;
  const [first, last] = [Number(range[1]), Number(range[2])];
  nextPort = nextPort === undefined || nextPort >= last ? first : nextPort + 1;
  return nextPort;
}
