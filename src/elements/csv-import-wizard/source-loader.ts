import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SourceError } from '../../import/errors.js';
import { ImportSession } from '../../import/session.js';
import type { OpenProgress, ParsePreview, ParseSettings } from '../../import/types.js';
import { t } from './messages.js';
import type { NamedInput } from './sources.js';

export type LoadStatus = 'idle' | 'loading' | 'reparsing' | 'ready';

/**
 * Opens the chosen source in an import session and reads it again when the
 * user changes a parse setting. Each load aborts the previous one, so a late
 * result never replaces a newer choice. A failed load keeps the source that
 * was loaded before, so choosing a wrong file loses nothing.
 */
export class SourceLoader implements ReactiveController {
  status: LoadStatus = 'idle';
  /** Name of the source being read or last read. */
  name = '';
  /** Name of the source the current session read. */
  loadedName = '';
  progress?: OpenProgress;
  /** Readable message of the last failure, cleared by the next load. */
  error = '';
  session?: ImportSession;

  private controller?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onFailure: (error: unknown) => void,
  ) {
    host.addController(this);
  }

  // A load goes on when the wizard is moved in the DOM; a new load or reset() stops it.
  hostDisconnected(): void {}

  get preview(): ParsePreview | undefined {
    return this.session?.preview;
  }

  /**
   * Reads a new source. Resolves with the new session, or undefined when the
   * load failed or a newer one replaced it.
   */
  async open(source: NamedInput): Promise<ImportSession | undefined> {
    const signal = this.restart();
    const previousStatus = this.session ? 'ready' : 'idle';
    this.status = 'loading';
    this.name = source.name;
    this.progress = undefined;
    this.error = '';
    this.host.requestUpdate();

    try {
      const session = await ImportSession.open(source.input, {}, {
        signal,
        onProgress: (progress) => {
          if (signal.aborted) return;
          this.progress = progress;
          this.host.requestUpdate();
        },
      });
      if (signal.aborted) {
        session.close();
        return undefined;
      }
      this.session?.close();
      this.session = session;
      this.loadedName = source.name;
      this.status = 'ready';
      return session;
    } catch (error) {
      if (signal.aborted) return undefined;
      this.status = previousStatus;
      this.error = describeSourceError(error, source.name);
      this.onFailure(error);
      return undefined;
    } finally {
      if (!signal.aborted) this.host.requestUpdate();
    }
  }

  /** Shows a failure that happened before the session could start, such as a source that failed to load. */
  fail(message: string, error: unknown): void {
    this.restart();
    this.status = this.session ? 'ready' : 'idle';
    this.error = message;
    this.onFailure(error);
    this.host.requestUpdate();
  }

  /** Marks the start of a load that happens outside the session, such as a third-party source. */
  begin(name: string): AbortSignal {
    const signal = this.restart();
    this.status = 'loading';
    this.name = name;
    this.progress = undefined;
    this.error = '';
    this.host.requestUpdate();
    return signal;
  }

  /** Reads the current source again with changed settings. Resolves with the new preview, or undefined on failure. */
  async reparse(settings: Partial<ParseSettings>): Promise<ParsePreview | undefined> {
    const session = this.session;
    if (!session) return undefined;
    const signal = this.restart();
    this.status = 'reparsing';
    this.error = '';
    this.host.requestUpdate();

    try {
      const preview = await session.reparse(settings);
      if (signal.aborted) return undefined;
      this.status = 'ready';
      return preview;
    } catch (error) {
      if (signal.aborted) return undefined;
      this.status = 'ready';
      this.error = describeSourceError(error, this.loadedName);
      this.onFailure(error);
      return undefined;
    } finally {
      if (!signal.aborted) this.host.requestUpdate();
    }
  }

  /** Stops any load and clears the source. */
  reset(): void {
    this.restart();
    this.session?.close();
    this.session = undefined;
    this.status = 'idle';
    this.name = '';
    this.loadedName = '';
    this.progress = undefined;
    this.error = '';
    this.host.requestUpdate();
  }

  private restart(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }
}

/** Returns the readable message for a source that cannot be read. */
export function describeSourceError(error: unknown, name: string): string {
  if (error instanceof SourceError) return t(`error.${error.code}`, { name });
  const reason = error instanceof Error ? error.message : String(error);
  return t('error.read-failed', { name, reason });
}
