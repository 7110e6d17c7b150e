import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryParamError } from '../../src/data/http/query-params.js';
import type { ChangeEntity } from '../../src/data/provider.js';
import type { CountryCode } from '../../src/model/identifiers.js';
import { ChangeFeed } from './changes.js';
import { openDatabase, TABLES, type Db } from './db.js';
import { CorsPolicy, jsonResponse, problemResponse, readJson, sendJson, writeResponse, type Limits, type OutgoingResponse } from './http.js';
import { IdempotencyStore } from './idempotency.js';
import type { Logger } from './log.js';
import { HttpProblem } from './problems.js';
import { createRoutes, type RequestContext, type Route } from './routes.js';
import { Stores } from './stores.js';
import { TestHooks, type Fault } from './test-hooks.js';

export interface ApiServerOptions {
  /** SQLite database file, or `:memory:`. */
  db: string;
  defaultCountry?: CountryCode | undefined;
  /** Page origins allowed besides loopback ones; `*` allows any. */
  corsOrigins: string[];
  /** When set, every request must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Enables the `/__test/*` routes: reset and fault injection. */
  testHooks: boolean;
  limits: Limits;
  logger: Logger & { recent?: string[] };
}

/**
 * The reference server of the REST contract: `node:http`, SQLite through
 * better-sqlite3, the model's validation. It serves one database and one
 * change feed.
 */
export class ApiServer {
  readonly server: Server;
  private readonly options: ApiServerOptions;
  private readonly db: Db;
  private readonly stores: Stores;
  private readonly feed = new ChangeFeed();
  private readonly cors: CorsPolicy;
  private readonly hooks: TestHooks | undefined;
  private readonly routes: Route[];
  private readonly idempotency: IdempotencyStore;
  private readonly purgeTimer: NodeJS.Timeout;

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.db = openDatabase(options.db);
    this.stores = new Stores(this.db, { defaultCountry: options.defaultCountry });
    this.cors = new CorsPolicy(options.corsOrigins);
    this.hooks = options.testHooks ? new TestHooks() : undefined;
    this.routes = createRoutes(this.stores, options.limits);
    this.idempotency = new IdempotencyStore(this.db);
    this.idempotency.purge();
    this.purgeTimer = setInterval(() => this.idempotency.purge(), 60 * 60 * 1000);
    this.purgeTimer.unref();
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // A client that goes away mid-request is normal (a closed tab, an abort); anything else is a broken request.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') options.logger.warn('malformed request', { error: error.message });
      socket.destroy();
    });
  }

  async listen(port: number, host: string): Promise<URL> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new URL(`http://${hostname}:${address.port}/`);
  }

  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
    this.feed.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.db.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const cors = this.cors.headers(request);
    let key: string | undefined;

    response.on('close', () => {
      if (response.writableFinished || path === '/changes') return;
      this.options.logger.info('client closed the connection before the response was sent', { method, path });
      this.hooks?.record({ kind: 'closed', method, path });
    });

    try {
      if (method === 'OPTIONS') {
        response.writeHead(204, this.cors.preflightHeaders(request));
        response.end();
        return;
      }
      if (this.hooks && path.startsWith('/__test/')) {
        await this.handleTestHook(method, path, request, response, cors);
        return;
      }
      this.authorize(request);
      if (method === 'GET' && path === '/changes') {
        this.openFeed(request, response, cors);
        return;
      }

      key = IdempotencyStore.keyOf(method, request.headers['idempotency-key']);
      const replay = key === undefined ? undefined : this.idempotency.find(key, method, path);
      if (replay) {
        this.options.logger.info('repeated request: returned the response of its first run', { method, path });
        writeResponse(response, { ...replay, headers: { ...replay.headers, ...cors, 'Idempotent-Replayed': 'true' } });
        return;
      }

      const fault = this.hooks?.take(method, path);
      if (fault?.action === 'delay' && !(await waitUnlessClosed(fault.delayMs, response))) return;
      const outgoing = await this.run(request, response, method, url);
      if (key !== undefined) this.idempotency.remember(key, method, path, outgoing);

      if (fault?.action === 'drop-after-commit') {
        this.options.logger.info('test fault: dropping the connection after the write was committed', { method, path });
        request.socket.destroy();
        return;
      }
      writeResponse(response, { ...outgoing, headers: { ...outgoing.headers, ...cors } });
    } catch (error) {
      const problem = this.toProblem(error, method, path);
      const outgoing = problemResponse(problem);
      // A rejected request sent again gets the same rejection.
      if (key !== undefined && problem.status < 500) this.idempotency.remember(key, method, path, outgoing);
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      const extra: Record<string, string> = problem.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      writeResponse(response, { ...outgoing, headers: { ...outgoing.headers, ...cors, ...extra } });
    }
  }

  /** Runs the route's handler and publishes the changes it made once it has committed them. */
  private async run(request: IncomingMessage, response: ServerResponse, method: string, url: URL): Promise<OutgoingResponse> {
    const { route, params } = this.match(method, url.pathname);
    const changes: { entity: ChangeEntity; ids?: string[] }[] = [];
    const context: RequestContext = {
      request,
      response,
      url,
      params,
      changed: (entity, ids) => changes.push(ids ? { entity, ids } : { entity }),
      transaction: (work) => this.db.transaction(work)(),
    };
    const reply = await route.handler(context);

    const origin = clientId(request);
    for (const change of changes) this.feed.publish(change.entity, change.ids, origin);

    if (!reply) return { status: 204, headers: { 'Cache-Control': 'no-store' }, body: '' };
    if (reply.raw) return { status: reply.status ?? 200, headers: reply.headers ?? {}, body: reply.raw };
    return jsonResponse(reply.status ?? 200, reply.body, reply.headers);
  }

  private openFeed(request: IncomingMessage, response: ServerResponse, cors: Record<string, string>): void {
    for (const [name, value] of Object.entries(cors)) response.setHeader(name, value);
    const lastEventId = request.headers['last-event-id'];
    this.feed.open(response, typeof lastEventId === 'string' ? lastEventId : undefined);
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { route, params };
    }
    if (pathMatched) {
      const allowed = this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
      throw new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed on ${path}. Use ${allowed.join(' or ')}.`);
    }
    throw new HttpProblem(404, 'not-found', 'Not found', `There is no API path ${path}. Check the base URL and the contract (openapi.yaml).`);
  }

  private authorize(request: IncomingMessage): void {
    const token = this.options.token;
    if (!token) return;
    const header = request.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${token}`);
    const sent = Buffer.from(header);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new HttpProblem(401, 'unauthorized', 'Unauthorized',
        header ? 'The bearer token is not valid. Send the token the server was started with.' : 'The request has no Authorization header. Send Authorization: Bearer <token>.');
    }
  }

  private toProblem(error: unknown, method: string, path: string): HttpProblem {
    const logger = this.options.logger;
    if (error instanceof HttpProblem) {
      // The detail may quote personal data (an e-mail, a phone number), so only the kind is logged.
      logger.info('request rejected', { method, path, status: error.status, code: error.code });
      return error;
    }
    if (error instanceof QueryParamError) {
      logger.info('request rejected', { method, path, status: 400, parameter: error.parameter, detail: error.message });
      return new HttpProblem(400, 'bad-request', 'Bad request', error.message);
    }
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_FULL') {
      logger.error('database is full', { method, path, error });
      return new HttpProblem(507, 'quota-exceeded', 'Insufficient storage', 'The server database is full. Free disk space on the server, then resume.', { stored: 0 });
    }
    logger.error('request failed', { method, path, error });
    return new HttpProblem(500, 'internal', 'Internal server error', `The server failed to handle ${method} ${path}. Its log has the details.`);
  }

  private async handleTestHook(method: string, path: string, request: IncomingMessage, response: ServerResponse, cors: Record<string, string>): Promise<void> {
    const hooks = this.hooks as TestHooks;
    if (method === 'POST' && path === '/__test/reset') {
      this.db.transaction(() => {
        for (const table of TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
      })();
      this.stores.users.queries.invalidate();
      hooks.reset();
      this.feed.publish('all', undefined, undefined);
      sendJson(response, 200, { reset: true }, cors);
      return;
    }
    if (method === 'POST' && path === '/__test/faults') {
      hooks.arm((await readJson(request, 64 * 1024)) as Fault);
      sendJson(response, 200, { armed: true }, cors);
      return;
    }
    if (method === 'GET' && path === '/__test/events') {
      sendJson(response, 200, { events: hooks.events, log: this.options.logger.recent ?? [], changeClients: this.feed.clientCount }, cors);
      return;
    }
    throw new HttpProblem(404, 'not-found', 'Not found', `There is no test hook ${method} ${path}.`);
  }

}

function clientId(request: IncomingMessage): string | undefined {
  const value = request.headers['x-client-id'];
  return typeof value === 'string' && value.length <= 100 ? value : undefined;
}

/** Waits `ms`; returns false when the client closed the connection first. */
function waitUnlessClosed(ms: number, response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    response.once('close', onClose);
  });
}
