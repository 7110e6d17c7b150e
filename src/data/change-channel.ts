import type { ChangeListener, DataChange } from './provider.js';

/**
 * Delivers {@link DataChange}s to the listeners of this page and, through a
 * `BroadcastChannel`, to the same channel in other tabs and workers of the
 * origin, where they arrive with `remote: true`.
 */
export class ChangeChannel {
  private readonly listeners = new Set<ChangeListener>();
  private broadcast: BroadcastChannel | undefined;

  /** `name` is the BroadcastChannel's name; without one, changes stay on this page. */
  constructor(name?: string) {
    if (name && typeof BroadcastChannel !== 'undefined') {
      this.broadcast = new BroadcastChannel(name);
      this.broadcast.onmessage = (event: MessageEvent<unknown>) => {
        if (isDataChange(event.data)) this.deliver({ ...event.data, remote: true });
      };
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells this page's listeners, then the other tabs. */
  emit(change: DataChange): void {
    this.deliver(change);
    this.broadcast?.postMessage({ ...change, remote: undefined });
  }

  /** Tells this page's listeners only. */
  emitLocal(change: DataChange): void {
    this.deliver(change);
  }

  close(): void {
    this.broadcast?.close();
    this.broadcast = undefined;
    this.listeners.clear();
  }

  private deliver(change: DataChange): void {
    for (const listener of [...this.listeners]) {
      // One failing listener must not keep the others from refreshing.
      try {
        listener(change);
      } catch (error) {
        console.error('A data change listener failed:', error);
      }
    }
  }
}

/** Most ids a change lists; larger writes send no ids and listeners reload everything. */
export const MAX_CHANGE_IDS = 100;

/** Builds a change, listing the ids only when there are few. */
export function changeOf(entity: DataChange['entity'], ids?: readonly string[]): DataChange {
  const change: DataChange = { entity };
  if (ids && ids.length <= MAX_CHANGE_IDS) change.ids = [...ids];
  return change;
}

function isDataChange(value: unknown): value is DataChange {
  return typeof value === 'object' && value !== null && typeof (value as DataChange).entity === 'string';
}
