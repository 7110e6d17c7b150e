/**
 * Starts the reference server of the REST contract:
 *
 *   npm run demo:server -- --port 8787 --db demo/server/data/all-users.sqlite
 *
 * Options: --port (or PORT; 0 picks a free port), --host (127.0.0.1),
 * --db (a file, or :memory:), --default-country (ISO code for phone numbers
 * without a country code), --cors-origin (repeatable; loopback origins are
 * always allowed, * allows any), --test-hooks (reset and fault routes for
 * the tests; never in production). ALL_USERS_API_TOKEN, when set, is the
 * bearer token every request must send.
 */
import { parseArgs } from 'node:util';
import type { CountryCode } from '../../src/model/identifiers.js';
import { ApiServer } from './app.js';
import { DEFAULT_LIMITS } from './http.js';
import { LineLogger } from './log.js';

const DEFAULT_PORT = 8787;
const DEFAULT_DB = 'demo/server/data/all-users.sqlite';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: DEFAULT_DB },
    'default-country': { type: 'string' },
    'cors-origin': { type: 'string', multiple: true, default: [] },
    'test-hooks': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run demo:server -- [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--db ${DEFAULT_DB}]
  [--default-country GB] [--cors-origin https://app.example.com] [--test-hooks]
Set ALL_USERS_API_TOKEN to require "Authorization: Bearer <token>" on every request.`);
  process.exit(0);
}

const logger = new LineLogger({ keep: values['test-hooks'] ? 500 : 0 });
const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.error('invalid port', { port: values.port ?? process.env.PORT });
  process.exit(2);
}
const country = values['default-country']?.toUpperCase();
if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
  logger.error('invalid --default-country: use a two-letter ISO 3166 code such as GB', { value: values['default-country'] });
  process.exit(2);
}

let server: ApiServer;
try {
  server = new ApiServer({
    db: values.db,
    defaultCountry: country as CountryCode | undefined,
    corsOrigins: values['cors-origin'],
    token: process.env.ALL_USERS_API_TOKEN || undefined,
    testHooks: values['test-hooks'],
    limits: DEFAULT_LIMITS,
    logger,
  });
} catch (error) {
  logger.error('cannot open the database', { db: values.db, error });
  process.exit(1);
}

try {
  const url = await server.listen(port, values.host);
  logger.info(`listening on ${url.href}`, {
    db: values.db,
    auth: process.env.ALL_USERS_API_TOKEN ? 'bearer token' : 'none',
    testHooks: values['test-hooks'],
  });
} catch (error) {
  logger.error('cannot listen', { host: values.host, port, error });
  process.exit(1);
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  await server.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('uncaughtException', (error) => {
  logger.error('uncaught exception; stopping', { error });
  process.exit(1);
});
