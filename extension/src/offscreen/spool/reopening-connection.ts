/**
 * An IndexedDB connection that comes back after the browser closes it.
 *
 * Why: when a write fails on a full disk, Chromium may force-close the connection (idb's
 * `terminated`). Every later `transaction()` on that handle throws InvalidStateError "The database
 * connection is closing", so a recording that should stop cleanly and upload what it has would fail
 * at finalize instead. The data is still on disk; a new connection reads and writes it.
 *
 * A failed transaction is rolled back by IndexedDB, so running the same body once more on a fresh
 * connection cannot apply a change twice.
 */
export interface Closable {
  close(): void;
}

/** Opens a connection; calls `onTerminated` if the browser later closes it abnormally. */
export type OpenConnection<Db extends Closable> = (onTerminated: () => void) => Promise<Db>;

/** The error `IDBDatabase.transaction()` throws once the connection is closed or closing. */
export function isConnectionClosing(error: unknown): boolean {
  return typeof DOMException !== 'undefined' && error instanceof DOMException && error.name === 'InvalidStateError';
}

interface Opened<Db> {
  opening: Promise<Db>;
  db?: Db;
}

export class ReopeningConnection<Db extends Closable> {
  private current: Opened<Db> | undefined;
  private readonly terminated = new WeakSet<Db>();
  private closed = false;

  constructor(private readonly open: OpenConnection<Db>) {}

  /** Opens the first connection now, so that opening errors surface where the spool is created. */
  async ready(): Promise<void> {
    await this.connection();
  }

  /**
   * Runs `body` on the connection. If it fails because the connection was closed under it, the
   * body runs once more on a new connection; any other failure is the body's own and is thrown.
   */
  async use<T>(body: (db: Db) => Promise<T>): Promise<T> {
    const db = await this.connection();
    try {
      return await body(db);
    } catch (error) {
      if (this.closed || !(this.terminated.has(db) || isConnectionClosing(error))) throw error;
      this.drop(db);
      return body(await this.connection());
    }
  }

  close(): void {
    this.closed = true;
    // A connection still opening is closed as soon as it is open.
    void this.current?.opening.then((db) => db.close(), () => undefined);
    this.current = undefined;
  }

  private connection(): Promise<Db> {
    if (this.closed) return Promise.reject(new DOMException('the spool is closed', 'InvalidStateError'));
    if (!this.current) {
      const entry: Opened<Db> = {
        opening: this.open(() => {
          if (entry.db) this.terminated.add(entry.db);
          if (this.current === entry) this.current = undefined;
        }),
      };
      entry.opening.then(
        (db) => {
          entry.db = db;
        },
        () => {
          if (this.current === entry) this.current = undefined; // the next use tries again
        },
      );
      this.current = entry;
    }
    return this.current.opening;
  }

  /** Forgets a dead handle; callers that failed on the same handle share one new connection. */
  private drop(db: Db): void {
    this.terminated.add(db);
    if (this.current?.db === db) this.current = undefined;
    try {
      db.close();
    } catch {
      // already closed
    }
  }
}
