/**
 * The Glassbox IndexedDB database: one versioned schema for everything the page keeps
 * (settings and keys since v1; the workspace and the conversation since v2).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Message } from '../models/messages';
import type { PackedRequestLog } from './request-log';
import type { PermissionMode } from '../agent/session-contract';

export const DB_NAME = 'glassbox';
/** Bump when a store or index is added, and add a step to `upgrade` below. */
export const DB_VERSION = 2;

export interface GlassboxSchema extends DBSchema {
  /** Small documents keyed by name, e.g. "model" → the model settings (never a key). */
  settings: { key: string; value: unknown };
  /**
   * API keys by provider id. A store of their own, so nothing that exports or shares
   * `settings` (or any other store) can pick a key up by accident.
   */
  secrets: { key: string; value: string };
  /** The workspace files, one record under CURRENT_KEY (v2). Never holds a key. */
  workspace: { key: string; value: SavedWorkspace };
  /** The conversation in progress, one record under CURRENT_KEY (v2). Never holds a key. */
  conversation: { key: string; value: SavedConversation };
}

/** The key of the single workspace and conversation records (room for named sessions later). */
export const CURRENT_KEY = 'current';

export interface SavedWorkspace {
  /** Path relative to the workspace root → contents, as Sandbox.snapshot() returns them. */
  files: Record<string, string | Uint8Array>;
  savedAt: number;
}

export interface SavedConversation {
  /** The transcript, in the canonical (Anthropic content-block) format. */
  messages: Message[];
  permissionMode: PermissionMode;
  savedAt: number;
  /** The inspector's model requests (./request-log.ts); absent in records saved before it existed. */
  requests?: PackedRequestLog;
  /** Tokens and estimated cost of the whole conversation, as the status bar showed them. */
  usage?: ConversationUsage;
}

export interface ConversationUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export type GlassboxDb = IDBPDatabase<GlassboxSchema>;

/** Opening must not hang the app: some browsers never answer in locked-down modes. */
const OPEN_TIMEOUT_MS = 5000;

export interface OpenOptions {
  name?: string;
  timeoutMs?: number;
}

/** Open (creating or upgrading) the database. Rejects when IndexedDB is missing, refused or stuck. */
export function openGlassboxDb(options: OpenOptions = {}): Promise<GlassboxDb> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this browser'));
  const opening = openDB<GlassboxSchema>(options.name ?? DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // One step per version, so a database at any older version catches up in order.
      if (oldVersion < 1) {
        db.createObjectStore('settings');
        db.createObjectStore('secrets');
      }
      if (oldVersion < 2) {
        db.createObjectStore('workspace');
        db.createObjectStore('conversation');
      }
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
