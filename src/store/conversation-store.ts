/**
 * The conversation in IndexedDB: its event log, appended one chunk per save, and a small header
 * (which log, how many chunks, the permission mode). No DOM and no Svelte.
 *
 * A save writes only the events since the previous one. A new conversation (New chat, a restore
 * that was repaired or converted, a save that failed) is written whole under a new log id, and
 * the old chunks go in the same transaction, so what is stored is always one whole log.
 */
import { z } from 'zod';
import { EVENT_LOG_FORMAT, type LoggedEvent } from '../agent/event-log';
import type { PermissionMode } from '../agent/session-contract';
import { CURRENT_KEY, type GlassboxDb } from './db';
import { droppedNotice, LogPacker, LogReader, type StoredPools } from './event-log-codec';
import { isLegacyConversation, legacyConversationLog } from './legacy-conversation';

const MODES = ['default', 'acceptEdits', 'plan', 'bypass'] as const satisfies readonly PermissionMode[];

const headerSchema = z.object({
  format: z.literal(EVENT_LOG_FORMAT),
  logId: z.string(),
  chunks: z.number().int().nonnegative(),
  permissionMode: z.string(),
  savedAt: z.number(),
});

/** The header record under a session's id in the conversation store (CURRENT_KEY for the first one). */
export type ConversationHeader = z.infer<typeof headerSchema>;

/** A saved conversation as read back. */
export interface LoadedConversation {
  log: LoggedEvent[];
  permissionMode: PermissionMode;
  savedAt: number;
  /** What reading had to leave out, in words; absent when everything was read. */
  notice?: string;
  /** Read from the pre-event-log format (or repaired): save it whole in the current one. */
  rewrite: boolean;
  /** Where the stored log stands, so the next save appends to it (absent when it must be rewritten). */
  stored?: StoredLog;
}

/** A stored log as read back: its id, how many chunks it has, and its pools. */
export interface StoredLog {
  logId: string;
  chunks: number;
  pools: StoredPools;
}

/** "Never ask" must be chosen anew each time the page opens: a reload never brings it back silently. */
export function restoredMode(saved: unknown): PermissionMode {
  const mode = MODES.find((known) => known === saved) ?? 'default';
  return mode === 'bypass' ? 'default' : mode;
}

/** Read the saved conversation; undefined when none was saved; 'unreadable' when what was saved is not one. */
export async function readConversation(db: GlassboxDb, sessionId: string = CURRENT_KEY): Promise<LoadedConversation | 'unreadable' | undefined> {
  const tx = db.transaction(['conversation', 'eventChunks'], 'readonly');
  const raw = await tx.objectStore('conversation').get(sessionId);
  if (raw === undefined) return undefined;
  if (isLegacyConversation(raw)) {
    const legacy = legacyConversationLog(raw);
    return legacy === undefined ? 'unreadable' : { log: legacy.log, permissionMode: restoredMode(legacy.permissionMode), savedAt: legacy.savedAt, rewrite: true };
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) return 'unreadable';
  const { logId, chunks } = header.data;
  const stored = await tx.objectStore('eventChunks').getAll(logRange(logId));
  const reader = new LogReader();
  // A chunk that is missing counts as unreadable: the header says how many were written.
  for (let i = stored.length; i < chunks; i++) reader.read(undefined);
  for (const chunk of stored) reader.read(chunk);
  const { log, dropped, pools } = reader.finish();
  const notice = droppedNotice(dropped);
  return {
    log,
    permissionMode: restoredMode(header.data.permissionMode),
    savedAt: header.data.savedAt,
    ...(notice === undefined ? { stored: { logId, chunks, pools } } : { notice }),
    rewrite: notice !== undefined,
  };
}

/** All the chunk keys of one log. */
export function logRange(logId: string): IDBKeyRange {
  return IDBKeyRange.bound([logId, 0], [logId, Number.MAX_SAFE_INTEGER]);
}

/** The log id a stored header points to, if it is a header. */
export function headerLogId(raw: unknown): string | undefined {
  const header = headerSchema.safeParse(raw);
  return header.success ? header.data.logId : undefined;
}

let logCounter = 0;
export function newLogId(now: number): string {
  logCounter += 1;
  return `log-${now.toString(36)}-${logCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What the store has written of the log being saved. */
interface Written {
  logId: string;
  packer: LogPacker;
  chunks: number;
  /** How many events of the log are stored, and the last of them (to tell the same log from a new one). */
  events: number;
  last: LoggedEvent | undefined;
}

export interface ConversationState {
  /** The session's log, as it grows (the same array from save to save). */
  log: readonly LoggedEvent[];
  permissionMode: PermissionMode;
}

/** One save's writes, made by the caller in its own transaction. */
export interface ConversationWrite {
  header: ConversationHeader;
  chunk?: { key: [string, number]; value: ReturnType<LogPacker['pack']> };
  /** Drop every stored chunk first: the log is written whole under a new id. */
  replace: boolean;
  /** Applied once the transaction has committed. */
  commit(): void;
}

/** Turns successive states of a conversation into append-only writes. */
export class ConversationWriter {
  private written: Written | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** The writes that bring storage up to `state`. */
  next(state: ConversationState): ConversationWrite {
    const { log } = state;
    const previous = this.written;
    const continues = previous !== null && log.length >= previous.events && (previous.events === 0 || log[previous.events - 1] === previous.last);
    const base: Written = continues ? previous : { logId: newLogId(this.now()), packer: new LogPacker(), chunks: 0, events: 0, last: undefined };
    const entries = log.slice(base.events);
    const chunkNumber = base.chunks;
    const chunk = entries.length > 0 ? { key: [base.logId, chunkNumber] as [string, number], value: base.packer.pack(entries) } : undefined;
    const chunks = chunkNumber + (chunk ? 1 : 0);
    const header: ConversationHeader = { format: EVENT_LOG_FORMAT, logId: base.logId, chunks, permissionMode: state.permissionMode, savedAt: this.now() };
    // Until it commits, this log is not known to be stored: a failed write starts over whole.
    this.written = null;
    const events = log.length;
    const last = log[log.length - 1];
    return {
      header,
      ...(chunk ? { chunk } : {}),
      replace: !continues,
      commit: () => {
        this.written = { ...base, chunks, events, last };
      },
    };
  }

  /** Go on from a log read back from storage: the next save appends to it rather than rewriting it. */
  resume(log: readonly LoggedEvent[], stored: StoredLog): void {
    this.written = { logId: stored.logId, packer: new LogPacker(stored.pools), chunks: stored.chunks, events: log.length, last: log[log.length - 1] };
  }

  /** Forget what was written: the next save writes the whole log anew. */
  reset(): void {
    this.written = null;
  }
}
