/**
 * Test-only behaviour, enabled by `--test-hooks` and never otherwise:
 * resetting the database, and faults that make the server slow or cut the
 * connection after a write has been committed, so the tests can prove how
 * the fetch provider copes with real network failures.
 */
export type FaultAction = 'delay' | 'drop-after-commit';

export interface Fault {
  method: string;
  path: string;
  action: FaultAction;
  /** For `delay`: how long to wait before handling the request, in ms. */
  delayMs?: number;
  /** How many matching requests the fault applies to; defaults to 1. */
  times?: number;
}

/** Something the tests want to know the server saw. */
export interface TestEvent {
  kind: 'fault' | 'closed';
  method: string;
  path: string;
  action?: FaultAction;
}

const MAX_EVENTS = 500;

export class TestHooks {
  private faults: Required<Fault>[] = [];
  readonly events: TestEvent[] = [];

  arm(fault: Fault): void {
    if (fault.action !== 'delay' && fault.action !== 'drop-after-commit') {
      throw new Error(`Unknown fault action "${String(fault.action)}". Use delay or drop-after-commit.`);
    }
    this.faults.push({ delayMs: 0, times: 1, ...fault });
  }

  /** Returns and uses up the fault for a request, if one is armed. */
  take(method: string, path: string): Required<Fault> | undefined {
    const fault = this.faults.find((candidate) => candidate.method === method && candidate.path === path);
    if (!fault) return undefined;
    fault.times--;
    if (fault.times <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    this.record({ kind: 'fault', method, path, action: fault.action });
    return fault;
  }

  record(event: TestEvent): void {
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.shift();
  }

  reset(): void {
    this.faults = [];
    this.events.length = 0;
  }
}
