/**
 * The Glassbox IndexedDB database: one versioned schema for everything the page keeps
 * (settings and keys since v1; the workspace and the conversation since v2; the conversation as
 * an event log in chunks since v3; the workspace one record per file since v4; several named
 * workspaces with sessions, and checkpoints over content-addressed blobs since v5; lesson progress
 * since v6).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { contentHash } from '../sandbox/content-hash';
import type { PackedChunk } from './event-log-codec';

export const DB_NAME = 'glassbox';
/** Bump when a store or index is added, and add a step to `upgrade` below. */
export const DB_VERSION = 6;

export interface GlassboxSchema extends DBSchema {
  /** Small documents keyed by name, e.g. "model" → the model settings (never a key). */
  settings: { key: string; value: unknown };
  /**
   * API keys by provider id. A store of their own, so nothing that exports or shares
   * `settings` (or any other store) can pick a key up by accident.
   */
  secrets: { key: string; value: string };
  /** v2–v3 only: the whole workspace as one record under CURRENT_KEY. Moved into `files` by the v4 upgrade. */
  workspace: { key: string; value: SavedWorkspace };
  /** The workspace files, one record each: [workspace id, path relative to its root] → file (v4). Never holds a key. */
  files: { key: [string, string]; value: SavedFile };
  /**
   * The conversation in progress, one record under CURRENT_KEY: since v3 the header of its event
   * log (a v2 record, a transcript, is converted when first read). Never holds a key.
   */
  conversation: { key: string; value: unknown };
  /** The conversation's event log, one record per save: [log id, chunk number] → chunk (v3). */
  eventChunks: { key: [string, number]; value: PackedChunk };
  /** Named workspaces by id (v5). The v4 workspace became the one with id CURRENT_KEY. */
  workspaces: { key: string; value: WorkspaceRecord };
  /** Sessions by id (v5); each belongs to a workspace; its log's header is `conversation[id]`. */
  sessions: { key: string; value: SessionRecord };
  /** File contents by content hash (v5): what checkpoints point to, stored once however often referenced. */
  blobs: { key: string; value: string | Uint8Array };
  /** Checkpoints (v5): [session id, user message index] → the previous contents of the paths that run changed. */
  checkpoints: { key: [string, number]; value: CheckpointRecord };
  /** Lesson progress (v6): lesson id (a built-in slug, or the URL it was opened from) → what the learner did. */
  lessonProgress: { key: string; value: LessonProgressRecord };
}

/** How far a learner got in one lesson: when each step first happened (wall-clock ms). */
export interface LessonProgressRecord {
  opened?: number;
  /** The lesson's run was played to its end. */
  runWatched?: number;
  /** The exercise's check passed. */
  passed?: number;
}

/** A named workspace: its files are the `files` records under its id. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  createdAt: number;
  /** The session open when the user last worked here (a switch back opens it). */
  lastSessionId?: string;
}

/** What the Sessions view lists of a session, folded from its log at each save. */
export interface SessionSummary {
  title: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** User prompts (runs) in the session. */
  prompts: number;
}

/** The panels as the user left them in a session, so a reload shows them again. */
export interface SessionLayout {
  sideTab?: string;
  /** Splitter sizes by splitter name (fractions or pixels, as the splitter keeps them). */
  sizes?: Record<string, number>;
  openFiles?: string[];
  activeFile?: string | null;
}

export interface SessionRecord {
  id: string;
  workspaceId: string;
  createdAt: number;
  updatedAt: number;
  /** A name the user gave; the summary's title otherwise. */
  name?: string;
  /** Absent until the log is folded (a session migrated from v4 is folded on first listing). */
  summary?: SessionSummary;
  layout?: SessionLayout;
  /** Deleted, and may still be brought back (Undo); purged at the next boot. */
  deletedAt?: number;
}

/** One path's contents before a run changed it: a blob hash, or null when the path did not exist. */
export interface CheckpointChange {
  path: string;
  hash: string | null;
}

export interface CheckpointRecord {
  at: number;
  changes: CheckpointChange[];
}

/** The settings record that says which workspace and session were open last. */
export const OPEN_SESSION_KEY = 'open-session';
export interface OpenSessionPointer {
  workspaceId: string;
  sessionId: string;
}

/** The key of the single workspace and conversation records (room for named sessions later). */
export const CURRENT_KEY = 'current';

/** One workspace file as stored: its contents (text or bytes, as Sandbox.snapshot() gives them) and their fingerprint. */
export interface SavedFile {
  contents: string | Uint8Array;
  /** contentHash(contents): a save compares it to write only the files that changed. */
  hash: string;
}

/** The v2–v3 workspace record (read only by the v4 upgrade). */
export interface SavedWorkspace {
  /** Path relative to the workspace root → contents, as Sandbox.snapshot() returns them. */
  files: Record<string, string | Uint8Array>;
  savedAt: number;
}


export type GlassboxDb = IDBPDatabase<GlassboxSchema>;

/** v4: the single workspace record becomes one `files` record per path; the old record goes. */
async function moveWorkspaceRecordToFiles(transaction: IDBPTransaction<GlassboxSchema, StoreNames<GlassboxSchema>[], 'versionchange'>): Promise<void> {
  const record = (await transaction.objectStore('workspace').get(CURRENT_KEY)) as { files?: unknown } | undefined;
  const files = typeof record?.files === 'object' && record.files !== null ? Object.entries(record.files) : [];
  const store = transaction.objectStore('files');
  for (const [path, contents] of files) {
    if (typeof contents === 'string' || contents instanceof Uint8Array) void store.put({ contents, hash: contentHash(contents) }, [CURRENT_KEY, path]);
  }
  await transaction.objectStore('workspace').delete(CURRENT_KEY);
}

/**
 * v5: the v4 workspace becomes a named workspace (id CURRENT_KEY) and its conversation (header
 * under CURRENT_KEY) its one session, opened at the next boot. The session's summary is folded
 * from its log when first listed.
 */
async function nameTheCurrentWorkspace(transaction: IDBPTransaction<GlassboxSchema, StoreNames<GlassboxSchema>[], 'versionchange'>): Promise<void> {
  const header = (await transaction.objectStore('conversation').get(CURRENT_KEY)) as { savedAt?: unknown } | undefined;
  const [fileCount] = await Promise.all([transaction.objectStore('files').count(IDBKeyRange.bound([CURRENT_KEY, ''], [CURRENT_KEY, '\uffff']))]);
  if (header === undefined && fileCount === 0) return;
  const savedAt = typeof header?.savedAt === 'number' ? header.savedAt : Date.now();
  const workspace: WorkspaceRecord = { id: CURRENT_KEY, name: 'My workspace', createdAt: savedAt, lastSessionId: CURRENT_KEY };
  const session: SessionRecord = { id: CURRENT_KEY, workspaceId: CURRENT_KEY, createdAt: savedAt, updatedAt: savedAt };
  const pointer: OpenSessionPointer = { workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY };
  await Promise.all([
    transaction.objectStore('workspaces').put(workspace),
    transaction.objectStore('sessions').put(session),
    transaction.objectStore('settings').put(pointer, OPEN_SESSION_KEY),
  ]);
}

/**
 * Opening must not hang the app: some browsers never answer in locked-down modes. Generous, because
 * a busy machine (a slow laptop, a CI box) can take seconds to open a healthy database, and giving up
 * costs the tab its storage.
 */
export const OPEN_TIMEOUT_MS = 15_000;

export interface OpenOptions {
  name?: string;
  timeoutMs?: number;
}

/** Open (creating or upgrading) the database. Rejects when IndexedDB is missing, refused or stuck. */
export function openGlassboxDb(options: OpenOptions = {}): Promise<GlassboxDb> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this browser'));
  const opening = openDB<GlassboxSchema>(options.name ?? DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      // One step per version, so a database at any older version catches up in order.
      if (oldVersion < 1) {
        db.createObjectStore('settings');
        db.createObjectStore('secrets');
      }
      if (oldVersion < 2) {
        db.createObjectStore('workspace');
        db.createObjectStore('conversation');
      }
      // The v2 conversation record stays as it is: the store converts it when it first reads it.
      if (oldVersion < 3) db.createObjectStore('eventChunks');
      let moved: Promise<void> = Promise.resolve();
      if (oldVersion < 4) {
        db.createObjectStore('files');
        // Within the upgrade's own transaction: the old record is moved, or the upgrade fails whole.
        // A request that fails aborts the upgrade's transaction by itself: opening then fails and says
        // so, and the v3 record stays as it was. Nothing more to do with the rejection here.
        if (oldVersion >= 2) moved = moveWorkspaceRecordToFiles(transaction);
      }
      if (oldVersion < 5) {
        db.createObjectStore('workspaces', { keyPath: 'id' });
        db.createObjectStore('sessions', { keyPath: 'id' });
        db.createObjectStore('blobs');
        db.createObjectStore('checkpoints');
        // After the v4 step's requests (same transaction, requests run in order).
        if (oldVersion >= 2) moved = moved.then(() => nameTheCurrentWorkspace(transaction));
      }
      // v6 only adds a store: every older store and record stays as it is.
      if (oldVersion < 6) db.createObjectStore('lessonProgress');
      moved.catch(() => undefined);
    },
    blocking(_current, _blocked, event) {
      // Another tab needs a newer schema: let it upgrade; this tab reopens on its next call.
      (event.target as IDBDatabase | null)?.close();
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), options.timeoutMs ?? OPEN_TIMEOUT_MS);
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}
