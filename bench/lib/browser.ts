/**
 * Debian's Chromium driven by playwright-core, a fresh browser context per
 * write run (so a fresh IndexedDB), and a JS heap sampler that covers the
 * page and every worker it starts.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const ARGS = [
  ...CHROMIUM_ARGS,
  '--enable-precise-memory-info',
  // Headless tabs count as hidden; without these, timers and rendering of
  // the page under test would be throttled like a background tab's.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (error) {
    return `unknown (${CHROMIUM_PATH} --version failed: ${(error as Error).message})`;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

const VIEWPORT = { width: 1280, height: 900 };

export interface BenchPage {
  /** The browser that runs `context`: the shared one, or the one started for a disk profile. */
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
  /**
   * Closes a disk profile's browser and copies the profile folder to
   * `folder` before removing it, so a later run can start from a copy.
   * Absent for in-memory contexts.
   */
  closeAndSave?(folder: string): Promise<void>;
}

/**
 * Storage of a bench page's IndexedDB. `memory` is a context of the shared
 * browser: off the record, so IndexedDB is kept in memory with a quota of
 * about 10 GiB, which a million users with their search-token index entries
 * outgrow. `disk` starts a browser of its own on a new profile folder under
 * `tmpDir` and removes the folder when the page closes; with `copyOf`, the
 * new profile starts as a copy of that saved profile folder.
 */
export type BenchStorage = { kind: 'memory' } | { kind: 'disk'; tmpDir: string; copyOf?: string };

/**
 * Opens the bench page in a new context and waits until its API is ready.
 * Console errors and uncaught exceptions of the page are printed, because a
 * failing page otherwise shows up only as a missing figure.
 */
export async function openBenchPage(browser: Browser, origin: string, storage: BenchStorage = { kind: 'memory' }): Promise<BenchPage> {
  const opened = storage.kind === 'disk' ? await openDiskContext(storage.tmpDir, storage.copyOf) : await openMemoryContext(browser);
  const { page } = opened;

  // IndexedDB keeps data per origin, port included: a copied profile is
  // read from the origin that wrote it, with its requests served by this
  // run's server.
  const dataOrigin = storage.kind === 'disk' && storage.copyOf ? await indexedDBOrigin(storage.copyOf) : undefined;
  const pageOrigin = dataOrigin ?? origin;
  if (pageOrigin !== origin) {
    await opened.context.route(`${pageOrigin}/**`, async (route) => {
      const response = await route.fetch({ url: origin + route.request().url().slice(pageOrigin.length) });
      await route.fulfill({ response });
    });
  }

  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`  [page console] ${message.text()}`);
    else if (message.text().startsWith('[bench]')) console.error(`  ${message.text()}`);
  });
  try {
    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(() => (window as unknown as { bench?: unknown }).bench !== undefined);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

async function openMemoryContext(browser: Browser): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  return { browser, context, page, close: () => context.close() };
}

/**
 * Starts Chromium on a new profile folder, so that IndexedDB is stored on
 * disk. playwright-core 1.65 gives a persistent context its browser, which
 * the heap sampler needs for its browser-level DevTools session.
 */
async function openDiskContext(tmpDir: string, copyOf?: string): Promise<BenchPage> {
  const profile = await mkdtemp(join(tmpDir, 'profile-'));
  const removeProfile = (): Promise<void> => rm(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    if (copyOf) await cp(copyOf, profile, { recursive: true });
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: ARGS, viewport: VIEWPORT });
  } catch (error) {
    await removeProfile();
    throw error;
  }

  const close = async (): Promise<void> => {
    try {
      await context.close();
    } finally {
      await removeProfile();
    }
  };
  const closeAndSave = async (folder: string): Promise<void> => {
    try {
      await context.close();
      await rm(folder, { recursive: true, force: true });
      await cp(profile, folder, { recursive: true });
    } finally {
      await removeProfile();
    }
  };
  const browser = context.browser();
  if (!browser) {
    await close();
    throw new Error('playwright-core returned a persistent context without its browser, so the heap sampler cannot reach the workers; use a playwright-core version whose BrowserContext.browser() returns it');
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return { browser, context, page, close, closeAndSave };
}

/**
 * Returns the origin whose IndexedDB data a profile folder contains, read
 * from the name of its data folder (such as `http_127.0.0.1_5290.indexeddb.leveldb`),
 * or undefined when it contains none.
 */
async function indexedDBOrigin(profile: string): Promise<string | undefined> {
  const entries = await readdir(join(profile, 'Default', 'IndexedDB')).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^(https?)_(.+)_(\d+)\.indexeddb\.leveldb$/.exec(entry);
    if (match) return `${match[1]}://${match[2]}:${match[3]}`;
  }
  return undefined;
}

export interface HeapPeaks {
  /** Highest sampled used JS heap of the page plus all its workers, in bytes. */
  total: number;
  page: number;
  workers: number;
  samples: number;
}

interface TargetMessage {
  id?: number;
  result?: { usedSize?: number };
  error?: { message: string };
}

/**
 * Samples `Runtime.getHeapUsage` of the page and of each worker of the
 * page's browser context every `intervalMs`. Workers are reached through a
 * browser-level CDP session because playwright offers CDP sessions for
 * pages only.
 */
export class HeapSampler {
  private pageSession?: CDPSession;
  private browserSession?: CDPSession;
  private readonly workerSessions = new Map<string, string>();
  private readonly pending = new Map<number, (message: TargetMessage) => void>();
  private nextId = 0;
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  private peaks: HeapPeaks = { total: 0, page: 0, workers: 0, samples: 0 };

  constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly intervalMs = 100,
  ) {}

  /** Runs a full garbage collection in the page and its workers, so the sampling starts clean. */
  async collectGarbage(): Promise<void> {
    await this.connect();
    await this.pageSession!.send('HeapProfiler.collectGarbage');
    await this.refreshWorkers();
    await Promise.all([...this.workerSessions.values()].map((session) => this.callWorker(session, 'HeapProfiler.collectGarbage')));
  }

  async start(): Promise<void> {
    await this.connect();
    this.peaks = { total: 0, page: 0, workers: 0, samples: 0 };
    const tick = (): void => {
      // A sample fails when the page or browser closes under it; the
      // measurement that closed it reports the failure.
      this.sampling = this.sample()
        .catch(() => undefined)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<HeapPeaks> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.sample();
    return this.peaks;
  }

  async dispose(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pageSession?.detach().catch(() => undefined);
    await this.browserSession?.detach().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.pageSession) return;
    this.pageSession = await this.context.newCDPSession(this.page);
    this.browserSession = await this.browser.newBrowserCDPSession();
    this.browserSession.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as TargetMessage;
      if (message.id !== undefined) this.pending.get(message.id)?.(message);
    });
  }

  private async sample(): Promise<void> {
    const pageUsage = await this.pageSession!.send('Runtime.getHeapUsage').catch(() => undefined);
    await this.refreshWorkers();
    const workerSizes = await Promise.all(
      [...this.workerSessions.values()].map(async (session) => (await this.callWorker(session, 'Runtime.getHeapUsage'))?.usedSize ?? 0),
    );
    const page = pageUsage?.usedSize ?? 0;
    const workers = workerSizes.reduce((sum, size) => sum + size, 0);
    this.peaks.page = Math.max(this.peaks.page, page);
    this.peaks.workers = Math.max(this.peaks.workers, workers);
    this.peaks.total = Math.max(this.peaks.total, page + workers);
    this.peaks.samples++;
  }

  /** Attaches to workers that appeared since the last call and forgets those that ended. */
  private async refreshWorkers(): Promise<void> {
    const { targetInfos } = await this.browserSession!.send('Target.getTargets');
    const pageTarget = targetInfos.find((info) => info.type === 'page' && info.url === this.page.url());
    const contextId = pageTarget?.browserContextId;
    const live = new Set<string>();
    for (const info of targetInfos) {
      if (info.type !== 'worker' || info.browserContextId !== contextId) continue;
      live.add(info.targetId);
      if (this.workerSessions.has(info.targetId)) continue;
      try {
        const { sessionId } = await this.browserSession!.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
        this.workerSessions.set(info.targetId, sessionId);
      } catch {
        // The worker ended between listing and attaching.
      }
    }
    for (const targetId of this.workerSessions.keys()) {
      if (!live.has(targetId)) this.workerSessions.delete(targetId);
    }
  }

  private callWorker(sessionId: string, method: string): Promise<TargetMessage['result'] | undefined> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, 2000);
      this.pending.set(id, (message) => {
        clearTimeout(timeout);
        this.pending.delete(id);
        resolve(message.error ? undefined : message.result);
      });
      this.browserSession!
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => {
          clearTimeout(timeout);
          this.pending.delete(id);
          resolve(undefined);
        });
    });
  }
}

export interface QuietWait {
  ms: number;
  /** False when the browser was still busy at the time limit. */
  settled: boolean;
}

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

/**
 * Waits until the processes of the page's browser together use less than
 * `maxCpuShare` of one core over `windowMs`, or `timeoutMs` has passed.
 * After a bulk write IndexedDB's LevelDB keeps merging its files in the
 * background, and reads made meanwhile measure that work instead of the
 * kit.
 */
export async function waitForQuietBrowser(bench: BenchPage, options: { windowMs?: number; maxCpuShare?: number; timeoutMs?: number } = {}): Promise<QuietWait> {
  const { windowMs = 5000, maxCpuShare = 0.05, timeoutMs = 10 * 60_000 } = options;
  const session = await bench.browser.newBrowserCDPSession();
  const cpuSeconds = async (): Promise<number> => {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
    return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
  };

  const start = performance.now();
  try {
    let before = await cpuSeconds();
    while (performance.now() - start < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const after = await cpuSeconds();
      if ((after - before) * 1000 < windowMs * maxCpuShare) return { ms: performance.now() - start, settled: true };
      before = after;
    }
    return { ms: performance.now() - start, settled: false };
  } finally {
    await session.detach().catch(() => undefined);
  }
}
