// A @web/test-runner plugin that runs the reference REST server for the
// fetch provider's tests. The server starts on the first request for
// /__api-server.json (so runs without HTTP tests never start it), on a free
// port, with a temporary database, a random bearer token and its test hooks;
// it stops with the test runner.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Returns a loopback port that nothing listens on, for "server is down" tests. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer() {
  const directory = await mkdtemp(join(tmpdir(), 'all-users-api-'));
  const token = randomUUID();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--db', join(directory, 'test.sqlite'), '--test-hooks'],
    { env: { ...process.env, ALL_USERS_API_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );

  // The server logs one line per event; its errors go to the runner's
  // stderr so a failing test shows why the server refused.
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The API server did not start within ${STARTUP_TIMEOUT_MS / 1000} s.`)), STARTUP_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`The API server exited with code ${code} before it listened.`)));
    lines.on('line', (line) => {
      const listening = /listening on (\S+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
      if (/ (ERROR|WARN) /.test(line)) process.stderr.write(`[api-server] ${line}\n`);
    });
  });
  child.stderr.on('data', (chunk) => process.stderr.write(`[api-server] ${chunk}`));

  return { child, directory, token, url, refusedUrl: `http://127.0.0.1:${await closedPort()}/` };
}

async function stopServer({ child, directory }) {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  await rm(directory, { recursive: true, force: true });
}

export function apiServerPlugin() {
  let starting;

  return {
    name: 'api-server',

    async serve(context) {
      if (context.path !== '/__api-server.json') return undefined;
      starting ??= startServer();
      const { url, refusedUrl, token } = await starting;
      return { body: JSON.stringify({ url, refusedUrl, token }), type: 'json' };
    },

    async serverStop() {
      if (starting) await stopServer(await starting);
    },
  };
}
