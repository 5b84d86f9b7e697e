/**
 * Long-term memory: what the agent (or the user, in the Memory panel) chose to keep across
 * sessions and workspaces. Its own IndexedDB database (`glassbox-memory`, its own versioned
 * schema), so it outlives a workspace reset and stays apart from the workspace database's
 * migrations. One record per entry, keyed by id, with a unique index on the name.
 *
 * When IndexedDB cannot be used (private window, storage disabled, a database from a newer
 * version of the app), memory is kept in the tab only and `problem` says why; nothing is
 * written over a newer database. No DOM, no Svelte.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { OPEN_TIMEOUT_MS } from './db';

export const MEMORY_TYPES = ['user', 'feedback', 'project', 'reference'] as const;
/**
 * - user: who the user is and how they like to work;
 * - feedback: corrections and preferences about the agent's own behaviour;
 * - project: facts about the projects being worked on;
 * - reference: pointers to where things are (docs, URLs, commands).
 */
export type MemoryType = (typeof MEMORY_TYPES)[number];

export interface MemoryEntry {
  id: string;
  /** Short and unique, e.g. "preferred-test-runner". */
  name: string;
  /** One line: what the entry is about (the index shows it). */
  description: string;
  type: MemoryType;
  body: string;
  /** Wall-clock ms. */
  created: number;
  updated: number;
}

/** What a save gives: an entry by name (created, or updated when the name exists), or by id (renamed too). */
export interface MemoryDraft {
  /** Set to update that entry (the Memory panel, which can rename); else the name decides. */
  id?: string;
  /** Only create: refuse a name an entry already has (the panel's "Add memory"), never update it. */
  createOnly?: boolean;
  name: string;
  description: string;
  type: MemoryType;
  body: string;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 300;
/** A memory is a note, not a file store: a body this long is refused with a message. */
export const MAX_BODY_LENGTH = 20_000;

/** The rules an entry must keep; the first one broken, in words, or undefined. */
export function draftProblem(draft: MemoryDraft): string | undefined {
  const name = draft.name.trim();
  if (name === '') return 'A memory needs a name.';
  if (name.length > MAX_NAME_LENGTH) return `The name is ${name.length} characters long; at most ${MAX_NAME_LENGTH}.`;
  if (/[\r\n]/.test(name)) return 'The name must be one line.';
  if (draft.description.trim() === '') return 'A memory needs a one-line description.';
  if (draft.description.length > MAX_DESCRIPTION_LENGTH) return `The description is ${draft.description.length} characters long; at most ${MAX_DESCRIPTION_LENGTH}.`;
  if (!MEMORY_TYPES.includes(draft.type)) return `The type must be one of ${MEMORY_TYPES.join(', ')}.`;
  if (draft.body.trim() === '') return 'A memory needs a body (what to remember).';
  if (draft.body.length > MAX_BODY_LENGTH) return `The body is ${draft.body.length.toLocaleString('en-US')} characters long; at most ${MAX_BODY_LENGTH.toLocaleString('en-US')}.`;
  return undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How old a memory is, for the model: nothing within a day of `now`, else "saved 3 days ago"
 * (weeks, months and years for older ones). A memory is a snapshot: the age says how far to trust it.
 */
export function memoryAge(savedAt: number, now: number): string | undefined {
  const days = Math.floor((now - savedAt) / DAY_MS);
  if (days < 1) return undefined;
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  let span: string;
  if (days < 14) span = unit(days, 'day');
  else if (days < 60) span = unit(Math.floor(days / 7), 'week');
  else if (days < 730) span = unit(Math.floor(days / 30), 'month');
  else span = unit(Math.floor(days / 365), 'year');
  return `saved ${span} ago`;
}

/** A save or delete the rules refused; the message says why, for the model or the user. */
export class MemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}

/** The memory as the tool, the system prompt and the panel use it. */
export interface MemoryBook {
  /** Every entry, most recently updated first. */
  list(): Promise<MemoryEntry[]>;
  /** The entry with that name (exact, then ignoring case), if any. */
  find(name: string): Promise<MemoryEntry | undefined>;
  /** Create or update; throws MemoryError for a draft that breaks the rules or takes another entry's name. */
  save(draft: MemoryDraft): Promise<{ entry: MemoryEntry; created: boolean }>;
  /** Delete by id; the entry deleted, or undefined when there was none. */
  delete(id: string): Promise<MemoryEntry | undefined>;
  /** Called after every change (from the agent or the panel). */
  onChange(listener: () => void): () => void;
  /** Why memory is kept in this tab only, when it is. */
  readonly problem: string | undefined;
}

interface MemorySchema extends DBSchema {
  entries: { key: string; value: MemoryEntry; indexes: { name: string } };
}

export const MEMORY_DB_NAME = 'glassbox-memory';
/** Bump when a store or index is added, with a step in `upgrade`. */
export const MEMORY_DB_VERSION = 1;

type MemoryDb = IDBPDatabase<MemorySchema>;

/** Where entries live: the database, or a Map in this tab. */
interface EntryTable {
  all(): Promise<MemoryEntry[]>;
  put(entry: MemoryEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

function mapTable(): EntryTable {
  const entries = new Map<string, MemoryEntry>();
  return {
    all: () => Promise.resolve([...entries.values()]),
    put: (entry) => {
      entries.set(entry.id, entry);
      return Promise.resolve();
    },
    remove: (id) => {
      entries.delete(id);
      return Promise.resolve();
    },
  };
}

function dbTable(db: MemoryDb): EntryTable {
  return {
    all: () => db.getAll('entries'),
    put: async (entry) => {
      await db.put('entries', entry);
    },
    remove: (id) => db.delete('entries', id),
  };
}


function openMemoryDb(name: string): Promise<MemoryDb> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this browser'));
  const opening = openDB<MemorySchema>(name, MEMORY_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const entries = db.createObjectStore('entries', { keyPath: 'id' });
        entries.createIndex('name', 'name', { unique: true });
      }
    },
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), OPEN_TIMEOUT_MS);
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}

function openProblem(error: unknown): string {
  if (error instanceof Error && error.name === 'VersionError') {
    return 'The saved memory was written by a newer version of Glassbox; it was left untouched, and memory is kept in this tab only.';
  }
  const why = error instanceof Error ? error.message : String(error);
  return `Memory could not be stored in this browser (${why}); it is kept in this tab only and is lost on reload.`;
}

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function byRecent(a: MemoryEntry, b: MemoryEntry): number {
  return b.updated - a.updated || a.name.localeCompare(b.name);
}

export interface MemoryStoreOptions {
  /** Database name; tests use their own. Default `glassbox-memory`. */
  name?: string;
  /** Keep memory in this tab only (no IndexedDB). */
  inMemory?: boolean;
  /** Wall-clock ms; injectable for tests. */
  now?: () => number;
}

/** The memory, in its own database. Opens lazily; every call waits for the open. */
export class MemoryStore implements MemoryBook {
  private table: Promise<EntryTable> | null = null;
  private failure: string | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  /** Saves and deletes one at a time, so a name check and its write never interleave with another. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  get problem(): string | undefined {
    return this.failure;
  }

  private open(): Promise<EntryTable> {
    if (!this.table) {
      this.table = this.options.inMemory
        ? Promise.resolve(mapTable())
        : openMemoryDb(this.options.name ?? MEMORY_DB_NAME).then(dbTable, (error: unknown) => {
            this.failure = openProblem(error);
            return mapTable();
          });
    }
    return this.table;
  }

  async list(): Promise<MemoryEntry[]> {
    const entries = await (await this.open()).all();
    return entries.sort(byRecent);
  }

  async find(name: string): Promise<MemoryEntry | undefined> {
    const wanted = name.trim();
    const entries = await this.list();
    return entries.find((entry) => entry.name === wanted) ?? entries.find((entry) => entry.name.toLowerCase() === wanted.toLowerCase());
  }

  save(draft: MemoryDraft): Promise<{ entry: MemoryEntry; created: boolean }> {
    return this.serial(async () => {
      const problem = draftProblem(draft);
      if (problem) throw new MemoryError(problem);
      const table = await this.open();
      const entries = await table.all();
      const name = draft.name.trim();
      const existing = draft.id !== undefined ? entries.find((entry) => entry.id === draft.id) : entries.find((entry) => entry.name === name);
      if (draft.id !== undefined && existing === undefined) throw new MemoryError(`There is no memory with id ${draft.id} (it may have been deleted).`);
      if (draft.createOnly && existing !== undefined) throw new MemoryError(`Another memory is already named "${name}".`);
      const clash = entries.find((entry) => entry.name === name && entry.id !== existing?.id);
      if (clash) throw new MemoryError(`Another memory is already named "${name}".`);
      const at = this.now();
      const entry: MemoryEntry = {
        id: existing?.id ?? newId(),
        name,
        description: draft.description.trim(),
        type: draft.type,
        body: draft.body,
        created: existing?.created ?? at,
        updated: at,
      };
      await table.put(entry);
      this.changed();
      return { entry, created: existing === undefined };
    });
  }

  delete(id: string): Promise<MemoryEntry | undefined> {
    return this.serial(async () => {
      const table = await this.open();
      const entry = (await table.all()).find((item) => item.id === id);
      if (entry === undefined) return undefined;
      await table.remove(id);
      this.changed();
      return entry;
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        console.error(error);
      }
    }
  }
}
