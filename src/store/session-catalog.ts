/**
 * Workspaces and their sessions in IndexedDB (v5): list, create, rename, delete with undo, and
 * which session was open last. A session's log is the conversation store's header under its id
 * plus its event chunks; its summary (title, model, tokens, cost) is folded from the log. No DOM.
 */
import { LogPacker } from './event-log-codec';
import { EVENT_LOG_FORMAT, type LoggedEvent } from '../agent/event-log';
import type { PermissionMode } from '../agent/session-contract';
import { headerLogId, logRange, newLogId, readConversation, type ConversationHeader } from './conversation-store';
import { dropCheckpoints } from './checkpoints';
import { CURRENT_KEY, OPEN_SESSION_KEY, type GlassboxDb, type OpenSessionPointer, type SessionRecord, type SessionSummary, type WorkspaceRecord } from './db';
import { summarizeLog } from './session-summary';

let idCounter = 0;
export function newId(prefix: string, now: number = Date.now()): string {
  idCounter += 1;
  return `${prefix}-${now.toString(36)}-${idCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A session as listed: its record with the summary folded. */
export interface SessionListing extends SessionRecord {
  summary: SessionSummary;
}

/** The name a session shows: the one the user gave, else its first prompt. */
export function sessionTitle(session: Pick<SessionRecord, 'name' | 'summary'>): string {
  return session.name ?? (session.summary?.title || 'New session');
}

const isPointer = (value: unknown): value is OpenSessionPointer =>
  typeof value === 'object' && value !== null && typeof (value as OpenSessionPointer).workspaceId === 'string' && typeof (value as OpenSessionPointer).sessionId === 'string';

/**
 * The workspace and session to open: the last one open, if it is still there; else the newest
 * session of that workspace; else a new session. A fresh database opens CURRENT_KEY for both.
 */
export async function resolveOpenSession(db: GlassboxDb): Promise<OpenSessionPointer> {
  const pointer = await db.get('settings', OPEN_SESSION_KEY);
  const workspaceId = isPointer(pointer) ? pointer.workspaceId : CURRENT_KEY;
  if (isPointer(pointer)) {
    const session = await db.get('sessions', pointer.sessionId);
    if (session && session.deletedAt === undefined && session.workspaceId === workspaceId) return pointer;
  }
  const sessions = (await db.getAll('sessions')).filter((session) => session.workspaceId === workspaceId && session.deletedAt === undefined);
  sessions.sort((a, b) => b.updatedAt - a.updatedAt);
  const newest = sessions[0];
  if (newest) return { workspaceId, sessionId: newest.id };
  return { workspaceId, sessionId: workspaceId === CURRENT_KEY && !(await db.get('sessions', CURRENT_KEY)) ? CURRENT_KEY : newId('session') };
}

export async function writePointer(db: GlassboxDb, pointer: OpenSessionPointer): Promise<void> {
  const tx = db.transaction(['settings', 'workspaces'], 'readwrite');
  const workspace = await tx.objectStore('workspaces').get(pointer.workspaceId);
  await Promise.all([
    tx.objectStore('settings').put(pointer, OPEN_SESSION_KEY),
    workspace ? tx.objectStore('workspaces').put({ ...workspace, lastSessionId: pointer.sessionId }) : undefined,
    tx.done,
  ]);
}

/** Every workspace, oldest first; the open one is created if it was never saved. */
export async function listWorkspaces(db: GlassboxDb, open?: string, now: number = Date.now()): Promise<WorkspaceRecord[]> {
  const all = await db.getAll('workspaces');
  if (open !== undefined && !all.some((workspace) => workspace.id === open)) {
    const created: WorkspaceRecord = { id: open, name: 'My workspace', createdAt: now };
    await db.put('workspaces', created);
    all.push(created);
  }
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function createWorkspace(db: GlassboxDb, name: string, now: number = Date.now()): Promise<WorkspaceRecord> {
  const workspace: WorkspaceRecord = { id: newId('workspace', now), name: name.trim() || 'Untitled workspace', createdAt: now };
  await db.put('workspaces', workspace);
  return workspace;
}

export async function renameWorkspace(db: GlassboxDb, id: string, name: string): Promise<void> {
  const tx = db.transaction('workspaces', 'readwrite');
  const workspace = await tx.store.get(id);
  if (!workspace) throw new Error('That workspace is no longer in browser storage.');
  await Promise.all([tx.store.put({ ...workspace, name: name.trim() || workspace.name }), tx.done]);
}

/** A workspace's sessions, newest first, deleted ones left out; a summary missing (migrated) is folded from the log now. */
export async function listSessions(db: GlassboxDb, workspaceId: string): Promise<SessionListing[]> {
  const records = (await db.getAll('sessions')).filter((session) => session.workspaceId === workspaceId && session.deletedAt === undefined);
  const listed: SessionListing[] = [];
  for (const record of records) {
    if (record.summary) {
      listed.push({ ...record, summary: record.summary });
      continue;
    }
    const loaded = await readConversation(db, record.id);
    const summary = summarizeLog(typeof loaded === 'object' ? loaded.log : []);
    const withSummary = { ...record, summary };
    await db.put('sessions', withSummary);
    listed.push(withSummary);
  }
  return listed.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Update a session's record after its log was saved (created when it is new), in the caller's transaction. */
export function sessionAfterSave(existing: SessionRecord | undefined, id: string, workspaceId: string, log: readonly LoggedEvent[], now: number): SessionRecord {
  const first = log[0]?.at;
  return {
    ...(existing ?? { id, workspaceId, createdAt: first ?? now }),
    updatedAt: log[log.length - 1]?.at ?? existing?.updatedAt ?? now,
    summary: summarizeLog(log),
  };
}

export async function renameSession(db: GlassboxDb, id: string, name: string): Promise<void> {
  const tx = db.transaction('sessions', 'readwrite');
  const session = await tx.store.get(id);
  if (!session) throw new Error('That session is no longer in browser storage.');
  const trimmed = name.trim();
  const { name: _old, ...rest } = session;
  await Promise.all([tx.store.put(trimmed === '' ? rest : { ...rest, name: trimmed }), tx.done]);
}

/** Delete a session so that Undo can bring it back: it is hidden now and purged at the next boot. */
export async function deleteSession(db: GlassboxDb, id: string, now: number = Date.now()): Promise<void> {
  const tx = db.transaction('sessions', 'readwrite');
  const session = await tx.store.get(id);
  if (session) await Promise.all([tx.store.put({ ...session, deletedAt: now }), tx.done]);
}

export async function undeleteSession(db: GlassboxDb, id: string): Promise<void> {
  const tx = db.transaction('sessions', 'readwrite');
  const session = await tx.store.get(id);
  if (!session) throw new Error('That session is no longer in browser storage.');
  const { deletedAt: _gone, ...rest } = session;
  await Promise.all([tx.store.put(rest), tx.done]);
}

/** Remove for good the sessions deleted before (their log and checkpoints), and blobs no checkpoint points to. */
export async function purgeDeleted(db: GlassboxDb): Promise<number> {
  const deleted = (await db.getAll('sessions')).filter((session) => session.deletedAt !== undefined);
  for (const session of deleted) {
    const tx = db.transaction(['sessions', 'conversation', 'eventChunks'], 'readwrite');
    const logId = headerLogId(await tx.objectStore('conversation').get(session.id));
    await Promise.all([
      tx.objectStore('sessions').delete(session.id),
      tx.objectStore('conversation').delete(session.id),
      logId === undefined ? undefined : tx.objectStore('eventChunks').delete(logRange(logId)),
      tx.done,
    ]);
    await dropCheckpoints(db, session.id);
  }
  if (deleted.length > 0) {
    const tx = db.transaction(['blobs', 'checkpoints'], 'readwrite');
    const used = new Set((await tx.objectStore('checkpoints').getAll()).flatMap((record) => record.changes.map((change) => change.hash)));
    const hashes = await tx.objectStore('blobs').getAllKeys();
    await Promise.all([...hashes.filter((hash) => !used.has(hash)).map((hash) => tx.objectStore('blobs').delete(hash)), tx.done]);
  }
  return deleted.length;
}

/** Write a whole new session (a fork) with `log`, in one transaction. */
export async function writeNewSession(db: GlassboxDb, workspaceId: string, log: readonly LoggedEvent[], permissionMode: PermissionMode, now: number = Date.now(), name?: string): Promise<string> {
  const id = newId('session', now);
  const logId = newLogId(now);
  const chunk = log.length > 0 ? new LogPacker().pack(log) : undefined;
  const header: ConversationHeader = { format: EVENT_LOG_FORMAT, logId, chunks: chunk ? 1 : 0, permissionMode, savedAt: now };
  const record: SessionRecord = { ...sessionAfterSave(undefined, id, workspaceId, log, now), createdAt: now, updatedAt: now, ...(name === undefined ? {} : { name }) };
  const tx = db.transaction(['sessions', 'conversation', 'eventChunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('sessions').put(record),
    tx.objectStore('conversation').put(header, id),
    chunk ? tx.objectStore('eventChunks').put(chunk, [logId, 0]) : undefined,
    tx.done,
  ]);
  return id;
}
