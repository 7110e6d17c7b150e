import type { ServerResponse } from 'node:http';
import type { ChangeEntity } from '../../src/data/provider.js';

interface StoredChange {
  id: number;
  data: string;
}

// Event ids are `<run>.<n>`: a client that saw events of an earlier run of
// the server cannot be replayed and gets `all` instead.
const RUN = Date.now().toString(36);

const KEPT_CHANGES = 1000;
const HEARTBEAT_MS = 25_000;
const MAX_IDS = 100;

/**
 * The change feed behind `GET /changes`: Server-Sent Events, one `change`
 * event per write. The last changes are kept so a client that reconnects
 * with `Last-Event-ID` gets what it missed; a client that missed more gets
 * one `{"entity":"all"}` event telling it to reload everything.
 */
export class ChangeFeed {
  private readonly clients = new Set<ServerResponse>();
  private readonly recent: StoredChange[] = [];
  private nextId = 1;
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // A comment line now and then keeps proxies from closing idle streams.
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  publish(entity: ChangeEntity, ids: string[] | undefined, origin: string | undefined): void {
    const change: { entity: ChangeEntity; ids?: string[]; origin?: string } = { entity };
    if (ids && ids.length > 0 && ids.length <= MAX_IDS) change.ids = ids;
    if (origin) change.origin = origin;
    const stored = { id: this.nextId++, data: JSON.stringify(change) };
    this.recent.push(stored);
    if (this.recent.length > KEPT_CHANGES) this.recent.shift();
    for (const client of this.clients) write(client, stored);
  }

  /** Opens a stream on `response`, replaying what came after `lastEventId`. */
  open(response: ServerResponse, lastEventId: string | undefined): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 2000\n\n');

    if (lastEventId !== undefined) this.replay(response, lastEventId);

    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  private replay(response: ServerResponse, lastEventId: string): void {
    const [run, number] = lastEventId.split('.');
    const last = Number(number);
    const latest = this.nextId - 1;
    if (run === RUN && Number.isInteger(last) && last >= latest) return;

    const first = this.recent[0];
    if (run === RUN && Number.isInteger(last) && first && first.id <= last + 1) {
      for (const change of this.recent) if (change.id > last) write(response, change);
    } else {
      write(response, { id: latest, data: JSON.stringify({ entity: 'all' }) });
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

function write(response: ServerResponse, change: StoredChange): void {
  response.write(`id: ${RUN}.${change.id}\nevent: change\ndata: ${change.data}\n\n`);
}
