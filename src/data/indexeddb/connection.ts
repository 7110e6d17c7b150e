import { openDB } from 'idb';
import { BlockedError, UnavailableError } from '../errors.js';
import { DB_VERSION, migrate, type Database, type UsersDB } from './schema.js';

export type ConnectionCloseReason = 'closed' | 'version-change' | 'terminated';

/**
 * Opens the database lazily and keeps one connection. It closes the
 * connection when another tab needs a newer schema (or deletes the
 * database), because a connection left open blocks that tab forever; later
 * calls then raise {@link UnavailableError}.
 */
export class Connection {
  private opening: Promise<Database> | undefined;
  private database: Database | undefined;
  private blocked = false;
  private readonly blockedWaiters = new Set<(error: BlockedError) => void>();
  private closedError: UnavailableError | undefined;

  constructor(
    readonly name: string,
    private readonly version: number,
    private readonly onClose: (reason: ConnectionCloseReason, error: UnavailableError) => void,
  ) {}

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  /**
   * Returns the open database. Raises {@link BlockedError} at once when the
   * schema upgrade waits for another tab; the upgrade goes on waiting, and
   * a later call succeeds once the other tab has closed.
   */
  get(): Promise<Database> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.database) return Promise.resolve(this.database);

    this.opening ??= this.open();
    if (!this.blocked) {
      return new Promise<Database>((resolve, reject) => {
        const onBlocked = (error: BlockedError) => reject(error);
        this.blockedWaiters.add(onBlocked);
        this.opening?.then(resolve, reject).finally(() => this.blockedWaiters.delete(onBlocked));
      });
    }
    return Promise.reject(blockedError());
  }

  close(): void {
    this.shutDown('closed', new UnavailableError('The data provider was closed. Reload the page to reconnect.'));
  }

  private open(): Promise<Database> {
    const opening = openDB<UsersDB>(this.name, this.version, {
      upgrade: (db, oldVersion, newVersion, tx) => {
        // The upgrade callback cannot be async: a failed step aborts the
        // upgrade transaction, which rejects the open request.
        migrate(db, tx, oldVersion, newVersion ?? DB_VERSION).catch((error: unknown) => {
          console.error(`Upgrading the database "${this.name}" failed:`, error);
          tx.abort();
        });
      },
      blocked: () => {
        this.blocked = true;
        const error = blockedError();
        for (const waiter of this.blockedWaiters) waiter(error);
        this.blockedWaiters.clear();
      },
      blocking: () => {
        this.shutDown(
          'version-change',
          new UnavailableError(
            'The database was upgraded or deleted by another tab. Reload this page to continue.',
          ),
        );
      },
      terminated: () => {
        this.shutDown(
          'terminated',
          new UnavailableError('The browser closed the database connection. Reload this page to reconnect.'),
        );
      },
    });

    const connected = opening.then(
      (db) => {
        this.blocked = false;
        // The provider may have been closed while the upgrade waited.
        if (this.closedError) {
          db.close();
          throw this.closedError;
        }
        this.database = db;
        return db;
      },
      (error: unknown) => {
        this.opening = undefined;
        this.blocked = false;
        throw new UnavailableError(`The database "${this.name}" could not be opened: ${String(error)}`, {
          cause: error,
        });
      },
    );
    // Callers that arrived while the upgrade was blocked were answered
    // already, so a later failure may have no one left to handle it.
    connected.catch(() => undefined);
    return connected;
  }

  private shutDown(reason: ConnectionCloseReason, error: UnavailableError): void {
    if (this.closedError) return;
    this.closedError = error;
    this.database?.close();
    this.database = undefined;
    this.onClose(reason, error);
  }
}

function blockedError(): BlockedError {
  return new BlockedError(
    'Another tab still uses an older version of this database. Close or reload the other tabs to continue.',
  );
}
