/**
 * Lesson progress in IndexedDB (the `lessonProgress` store, v6): for each lesson, when it was
 * first opened, its run first watched to the end, its exercise first passed. When storage cannot
 * be used, progress is kept in the tab and `problem` says why. No DOM, no Svelte.
 */
import { DbConnection } from './connection';
import { openGlassboxDb, type GlassboxDb, type LessonProgressRecord } from './db';

export type LessonStep = keyof LessonProgressRecord;
export type { LessonProgressRecord };

export interface LessonProgressOptions {
  open?: () => Promise<GlassboxDb>;
  now?: () => number;
}

export class LessonProgressStore {
  private readonly connection: DbConnection;
  private readonly now: () => number;
  /** What this tab knows, storage or not (the fallback when storage fails). */
  private readonly known = new Map<string, LessonProgressRecord>();
  /** Why progress is not being saved, in words; undefined while it is. */
  problem: string | undefined;

  constructor(options: LessonProgressOptions = {}) {
    this.connection = new DbConnection(options.open ?? (() => openGlassboxDb()));
    this.now = options.now ?? Date.now;
  }

  /** Every lesson's progress, by lesson id. */
  async loadAll(): Promise<Map<string, LessonProgressRecord>> {
    try {
      const found = await this.connection.run(async (db) => {
        const transaction = db.transaction('lessonProgress');
        const [keys, values] = await Promise.all([transaction.store.getAllKeys(), transaction.store.getAll()]);
        return keys.map((key, at) => [key, values[at] ?? {}] as const);
      });
      for (const [id, record] of found) this.known.set(id, { ...record, ...this.known.get(id) });
    } catch (error) {
      this.problem = storageProblem(error);
    }
    return new Map(this.known);
  }

  /**
   * Record that a step happened (the first time counts; later ones change nothing). Resolves with
   * the lesson's progress as it now is.
   */
  async mark(id: string, step: LessonStep): Promise<LessonProgressRecord> {
    const known = this.known.get(id) ?? {};
    if (known[step] !== undefined) return known;
    const at = this.now();
    const next = { ...known, [step]: at };
    this.known.set(id, next);
    try {
      return await this.connection.run(async (db) => {
        const transaction = db.transaction('lessonProgress', 'readwrite');
        const stored = (await transaction.store.get(id)) ?? {};
        const merged: LessonProgressRecord = { ...stored, [step]: stored[step] ?? at };
        await transaction.store.put(merged, id);
        await transaction.done;
        this.known.set(id, merged);
        return merged;
      });
    } catch (error) {
      this.problem = storageProblem(error);
      return next;
    }
  }
}

function storageProblem(error: unknown): string {
  return `Lesson progress is kept in this tab only: browser storage could not be used (${error instanceof Error ? error.message : String(error)}).`;
}
