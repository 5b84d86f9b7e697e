/**
 * One lazily opened connection to the Glassbox database, shared by a store's reads and writes.
 * It reopens when the browser closed it underneath (another tab upgrading the schema, site data
 * being cleared), so a long-lived tab keeps saving.
 */
import type { GlassboxDb } from './db';

export class DbConnection {
  private db: Promise<GlassboxDb> | null = null;

  constructor(private readonly open: () => Promise<GlassboxDb>) {}

  private connect(): Promise<GlassboxDb> {
    if (!this.db) {
      const opening = this.open().then((db) => {
        db.addEventListener('close', () => {
          if (this.db === opening) this.db = null;
        });
        return db;
      });
      this.db = opening;
      opening.catch(() => {
        if (this.db === opening) this.db = null;
      });
    }
    return this.db;
  }

  /**
   * Run `op` on the database, reopening once if the connection was closed in between.
   * `onOpen` runs once the database is open, so callers can tell an open failure from a write failure.
   */
  async run<T>(op: (db: GlassboxDb) => Promise<T>, onOpen?: () => void): Promise<T> {
    const db = await this.connect();
    onOpen?.();
    try {
      return await op(db);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'InvalidStateError') throw error;
      this.db = null;
      return op(await this.connect());
    }
  }
}
