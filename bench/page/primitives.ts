/**
 * Per-entry cost of IndexedDB's read requests over a seeded users store,
 * run by bench/primitives.ts to choose how the pager reads: one bulk
 * request per range against cursor steps, counts against key reads, and
 * index entries against object-store keys.
 */

/** One request kind over one key range, with its fastest run. */
export interface PrimitiveCost {
  name: string;
  entries: number;
  ms: number;
  microsecondsPerEntry: number;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Steps a key cursor through its whole range, one `continue()` per entry
 * or a single `advance()` past every entry after the first, and returns
 * the entries it passed.
 */
function stepCursor(request: IDBRequest<IDBCursor | null>, step: 'continue' | 'advance', entries: number): Promise<number> {
  let passed = 0;
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || (step === 'advance' && passed > 0)) {
        resolve(step === 'advance' && cursor ? entries : passed);
        return;
      }
      passed++;
      if (step === 'advance') cursor.advance(Math.max(1, entries - 1));
      else cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

/**
 * Times each read request kind `repeats` times, taking turns so that load
 * from other processes spreads over all of them, and keeps each kind's
 * fastest run. The search-index range contains the name tokens that start
 * with `prefix`, and the name-index range every folded name that starts
 * with its first letter. The object-store range is 5,000 ids from the
 * middle of the store.
 */
export async function indexPrimitives(args: { databaseName: string; prefix: string; repeats: number }): Promise<PrimitiveCost[]> {
  const database = await requestResult(indexedDB.open(args.databaseName));
  try {
    const users = (): IDBObjectStore => database.transaction('users', 'readonly').objectStore('users');
    const tokens = IDBKeyRange.bound(`n${args.prefix}`, `n${args.prefix}\uffff`);
    const letter = args.prefix.slice(0, 1);
    const names = IDBKeyRange.bound([letter], [`${letter}\uffff`]);
    const count = await requestResult(users().count());
    const ids = await middleKeys(users(), count, 5000);

    const tokenEntries = await requestResult(users().index('search').count(tokens));
    const nameEntries = await requestResult(users().index('name').count(names));
    const idEntries = await requestResult(users().count(ids));
    const kinds: [string, number, () => Promise<unknown>][] = [
      ['search index getAllKeys', tokenEntries, () => requestResult(users().index('search').getAllKeys(tokens))],
      ['search index count', tokenEntries, () => requestResult(users().index('search').count(tokens))],
      ['search index key cursor continue()', tokenEntries, () => stepCursor(users().index('search').openKeyCursor(tokens), 'continue', tokenEntries)],
      ['search index key cursor advance()', tokenEntries, () => stepCursor(users().index('search').openKeyCursor(tokens), 'advance', tokenEntries)],
      ['name index getAllKeys', nameEntries, () => requestResult(users().index('name').getAllKeys(names))],
      ['name index count', nameEntries, () => requestResult(users().index('name').count(names))],
      ['name index key cursor advance()', nameEntries, () => stepCursor(users().index('name').openKeyCursor(names), 'advance', nameEntries)],
      ['object store getAllKeys', idEntries, () => requestResult(users().getAllKeys(ids))],
      ['object store count', idEntries, () => requestResult(users().count(ids))],
      ['object store getAll', idEntries, () => requestResult(users().getAll(ids))],
    ];

    const fastest = new Map<string, number>();
    for (let run = 0; run < args.repeats; run++) {
      for (const [name, , read] of kinds) {
        const start = performance.now();
        await read();
        const ms = performance.now() - start;
        fastest.set(name, Math.min(fastest.get(name) ?? Number.POSITIVE_INFINITY, ms));
      }
    }
    return kinds.map(([name, entries]) => {
      const ms = fastest.get(name) ?? Number.NaN;
      return { name, entries, ms, microsecondsPerEntry: entries > 0 ? (ms * 1000) / entries : Number.NaN };
    });
  } finally {
    database.close();
  }
}

/** Returns the range of `size` object-store keys that starts halfway through the store's `count` keys. */
async function middleKeys(store: IDBObjectStore, count: number, size: number): Promise<IDBKeyRange> {
  const first = Math.floor(Math.max(0, count - size) / 2);
  const keys: IDBValidKey[] = [];
  const request = store.openKeyCursor();
  await new Promise<void>((resolve, reject) => {
    let skipped = first === 0;
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) {
        resolve();
        return;
      }
      if (!skipped) {
        skipped = true;
        cursor.advance(first);
        return;
      }
      keys.push(cursor.key);
      if (keys.length === 1 && size > 1) {
        cursor.advance(size - 1);
        return;
      }
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
  const [low, high = low] = keys;
  if (low === undefined) throw new Error(`the users store has ${count} users, too few to time object-store reads`);
  return IDBKeyRange.bound(low, high);
}
