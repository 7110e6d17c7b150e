import type { ChangeEntity } from '../provider.js';
import type { HttpClient } from './http-client.js';

/** One event of `GET /changes`. */
export interface ChangeEvent {
  entity: ChangeEntity;
  ids?: string[];
  /** `X-Client-Id` of the request that made the change, when it sent one. */
  origin?: string;
}

const FIRST_RECONNECT_MS = 1000;
const MAX_RECONNECT_MS = 30_000;

/**
 * Reads the server's change feed, a `text/event-stream`, over `fetch`
 * rather than `EventSource`, because `EventSource` cannot send the headers
 * (tokens) that the provider's headers function returns. Reconnects with
 * backoff and sends `Last-Event-ID`, so the server can replay what the
 * client missed.
 */
export class ChangeStream {
  private readonly client: HttpClient;
  private readonly fetch: typeof fetch;
  private readonly onChange: (event: ChangeEvent) => void;
  private controller: AbortController | undefined;
  private lastEventId: string | undefined;
  private running = false;
  private warned = false;

  constructor(client: HttpClient, fetchFunction: typeof fetch, onChange: (event: ChangeEvent) => void) {
    this.client = client;
    this.fetch = fetchFunction;
    this.onChange = onChange;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
    this.controller?.abort();
    this.controller = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const controller = new AbortController();
      this.controller = controller;
      const url = this.client.resolve('changes');

      try {
        const extra: Record<string, string> = { Accept: 'text/event-stream' };
        if (this.lastEventId !== undefined) extra['Last-Event-ID'] = this.lastEventId;
        const response = await this.fetch(url, { headers: await this.client.headers(extra), signal: controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          throw new Error(`status ${response.status}`);
        }
        failures = 0;
        this.warned = false;
        await this.read(response.body, controller.signal);
      } catch (error) {
        if (!this.running || controller.signal.aborted) return;
        this.warnOnce(this.client.describe('GET', url), error);
      }

      if (!this.running) return;
      failures++;
      await delay(Math.min(MAX_RECONNECT_MS, FIRST_RECONNECT_MS * 2 ** (failures - 1)) * (0.5 + Math.random() / 2), controller.signal);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventStreamParser((event) => this.dispatch(event));
    signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.push(decoder.decode(value, { stream: true }));
    }
  }

  private dispatch(event: ParsedEvent): void {
    if (event.id !== undefined) this.lastEventId = event.id;
    if (event.type !== 'change' && event.type !== 'message') return;
    try {
      const change = JSON.parse(event.data) as ChangeEvent;
      if (typeof change.entity === 'string') this.onChange(change);
    } catch {
      // A malformed event is skipped; the next one still arrives.
    }
  }

  private warnOnce(label: string, error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`${label} (change feed) failed: ${reason}. Changes made elsewhere appear after a reload until it reconnects; retrying.`);
  }
}

interface ParsedEvent {
  type: string;
  data: string;
  id?: string;
}

/** Parses `text/event-stream` chunks into events, as the HTML standard defines the format. */
export class EventStreamParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private id: string | undefined;
  private readonly emit: (event: ParsedEvent) => void;

  constructor(emit: (event: ParsedEvent) => void) {
    this.emit = emit;
  }

  push(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // The last piece has no line ending yet, unless the chunk ended with one.
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') {
      this.flush();
      return;
    }
    if (line.startsWith(':')) return;

    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);

    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }

  private flush(): void {
    if (this.data.length > 0) {
      const event: ParsedEvent = { type: this.type || 'message', data: this.data.join('\n') };
      if (this.id !== undefined) event.id = this.id;
      this.emit(event);
    }
    this.data = [];
    this.type = '';
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
