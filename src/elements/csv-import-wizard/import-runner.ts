import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isDataError } from '../../data/errors.js';
import type { ImportOptions, UserDataProvider } from '../../data/provider.js';
import { ImportRunError } from '../../import/errors.js';
import type { ImportSession } from '../../import/session.js';
import type { ColumnMapping, ImportReport, MappingOptions } from '../../import/types.js';

export type RunStatus =
  | 'idle'
  | 'running'
  | 'cancelling'
  | 'complete'
  | 'cancelled'
  | 'failed'
  | 'undoing'
  | 'undone';

export interface RunCallbacks {
  onComplete(report: ImportReport): void;
  onCancel(importId: string): void;
  onError(error: unknown): void;
}

/** Everything one import needs, gathered by the wizard from its steps. */
export interface RunRequest {
  session: ImportSession;
  mapping: ColumnMapping[];
  options: MappingOptions;
  provider: UserDataProvider;
  importOptions: ImportOptions;
  batchSize?: number;
}

/**
 * Runs an import through the session and the provider, and the actions
 * that follow it: cancel while it runs, resume after it stopped part-way,
 * and undo. The import id is chosen here so that the events can name the
 * import even when it was cancelled before the provider created it.
 */
export class ImportRunner implements ReactiveController {
  status: RunStatus = 'idle';
  importId = '';
  /** Records sent so far and in all, for the progress bar. */
  done = 0;
  total = 0;
  report?: ImportReport;
  /** The failure that stopped the import part-way, with what was stored before it. */
  failure?: ImportRunError;
  /** The last error, for the readable message. */
  error?: unknown;

  private controller?: AbortController;
  private lastRequest?: RunRequest;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: RunCallbacks,
  ) {
    host.addController(this);
  }

  // An import goes on when the wizard leaves the page (a dialog closing, a
  // move in the DOM), so that it finishes and its result is still reported.
  hostDisconnected(): void {}

  get busy(): boolean {
    return this.status === 'running' || this.status === 'cancelling' || this.status === 'undoing';
  }

  async run(request: RunRequest): Promise<void> {
    this.importId = request.importOptions.importId ?? crypto.randomUUID();
    this.lastRequest = request;
    this.report = undefined;
    this.failure = undefined;
    this.error = undefined;
    this.done = 0;
    this.total = request.importOptions.expectedRecords ?? 0;
    const importOptions = { ...request.importOptions, importId: this.importId };

    await this.track(() =>
      request.session.run(request.mapping, request.options, request.provider, importOptions, {
        ...this.call(),
        batchSize: request.batchSize,
      }),
    );
  }

  /** Continues the import that stopped part-way, after its last stored batch. */
  async resume(): Promise<void> {
    const request = this.lastRequest;
    if (!request || this.status !== 'failed') return;
    this.failure = undefined;
    this.error = undefined;

    await this.track(() => request.session.resume(this.importId, request.provider, this.call()));
  }

  /** Stops the running import; the provider removes what it stored. */
  cancel(): void {
    if (this.status !== 'running') return;
    this.status = 'cancelling';
    this.controller?.abort();
    this.host.requestUpdate();
  }

  /** Removes the users the import created and its groups, and restores fields it overwrote. */
  async undo(): Promise<void> {
    const provider = this.lastRequest?.provider;
    if (!provider || !this.importId) return;
    const previous = this.status;
    this.status = 'undoing';
    this.error = undefined;
    this.host.requestUpdate();

    try {
      await provider.undoImport(this.importId);
      this.status = 'undone';
    } catch (error) {
      this.status = previous;
      this.error = error;
      this.callbacks.onError(error);
    }
    this.host.requestUpdate();
  }

  /** Clears the last import, ready for a new one. */
  reset(): void {
    this.controller?.abort();
    this.status = 'idle';
    this.importId = '';
    this.done = 0;
    this.total = 0;
    this.report = undefined;
    this.failure = undefined;
    this.error = undefined;
    this.lastRequest = undefined;
    this.host.requestUpdate();
  }

  private call() {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    return {
      signal,
      onProgress: (done: number, total: number) => {
        if (signal.aborted) return;
        this.done = done;
        this.total = total;
        this.host.requestUpdate();
      },
    };
  }

  private async track(work: () => Promise<ImportReport>): Promise<void> {
    this.status = 'running';
    this.host.requestUpdate();

    try {
      const report = await work();
      this.report = report;
      this.importId = report.importId;
      this.status = 'complete';
      this.callbacks.onComplete(report);
    } catch (error) {
      // The session cancels the import in the provider before it rejects with AbortedError.
      if (this.controller?.signal.aborted && isDataError(error) && error.code === 'aborted') {
        this.status = 'cancelled';
        this.callbacks.onCancel(this.importId);
      } else {
        this.error = error;
        this.failure = error instanceof ImportRunError ? error : undefined;
        if (this.failure) this.importId = this.failure.importId;
        this.status = 'failed';
        this.callbacks.onError(error);
      }
    }
    this.host.requestUpdate();
  }
}
