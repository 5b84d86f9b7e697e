/**
 * The workspace files and the conversation in IndexedDB, so a reload loses neither.
 *
 * - WorkspaceStore: one record each (see ./db.ts v2), read back field by field. Keys are never
 *   written here: a conversation record is the transcript, the permission mode and the inspector's
 *   request log (./request-log.ts), nothing else.
 * - WorkspacePersistence: follows a sandbox and a session, saving in the background (debounced,
 *   one save at a time, the latest state wins). When storage is full, too small for the
 *   workspace or missing, work goes on in memory (the sandbox and the session are the live
 *   copies) and a message says what a reload would lose. Nothing here throws into the UI.
 *
 * No DOM and no Svelte: runs under vitest with fake-indexeddb.
 */
import type { Sandbox, Snapshot } from '../sandbox/port';
import { DbConnection } from './connection';
import type { IDBPTransaction } from 'idb';
import { ConversationWriter, headerLogId, logRange, readConversation, type ConversationState, type LoadedConversation } from './conversation-store';
import { CURRENT_KEY, OPEN_SESSION_KEY, openGlassboxDb, type GlassboxDb, type GlassboxSchema, type OpenSessionPointer, type SessionLayout } from './db';
import { changedPaths, recordCheckpoint } from './checkpoints';
import { newId, resolveOpenSession, sessionAfterSave, writePointer } from './session-catalog';
import { SaveQueue } from './save-queue';
import { fileTooBigProblem, workspaceOpenProblem, workspaceRestoreProblem, workspaceWriteProblem } from './storage-problem';
import { MAX_FILE_BYTES, WorkspaceFiles } from './workspace-files';
import { forgetStash, stashConversation, withStashedTail, type StashStorage } from './unsaved-conversation';

export const SAVE_DELAY_MS = 500;

type SavedStore = 'files' | 'conversation' | 'eventChunks' | 'sessions' | 'workspaces' | 'settings';

export type SaveResult = { persisted: true } | { persisted: false; problem: string };

/** A read: `value` when something usable was saved; `problem` when storage could not be read. */
export interface LoadResult<T> {
  value?: T;
  problem?: string;
  /** Something was saved but is not usable (malformed); it was ignored. */
  discarded?: boolean;
}

export interface WorkspaceStoreOptions {
  /** Opens the database; injectable for tests. */
  open?: () => Promise<GlassboxDb>;
  /** A file larger than this is not kept (default MAX_FILE_BYTES); the others still are. */
  maxFileBytes?: number;
  now?: () => number;
  /** Where a conversation's unsaved tail waits out a reload (./unsaved-conversation.ts); localStorage by default. */
  stash?: StashStorage;
}

function pageStorage(): StashStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export class WorkspaceStore {
  private readonly connection: DbConnection;
  private files: WorkspaceFiles;
  /** The workspace and session this store reads and writes (CURRENT_KEY for both until resolved). */
  private pointer: OpenSessionPointer = { workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY };
  private readonly maxFileBytes: number;
  private readonly now: () => number;
  private readonly writer: ConversationWriter;
  private readonly stash: StashStorage | undefined;

  constructor(options: WorkspaceStoreOptions = {}) {
    this.stash = 'stash' in options ? options.stash : pageStorage();
    this.connection = new DbConnection(options.open ?? (() => openGlassboxDb()));
    this.maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
    this.files = new WorkspaceFiles(CURRENT_KEY, this.maxFileBytes);
    this.now = options.now ?? Date.now;
    this.writer = new ConversationWriter(this.now);
  }

  get target(): OpenSessionPointer {
    return this.pointer;
  }

  /** Read and write another workspace's files and session from now on (nothing is known stored of them yet). */
  retarget(pointer: OpenSessionPointer): void {
    if (pointer.workspaceId !== this.pointer.workspaceId) this.files = new WorkspaceFiles(pointer.workspaceId, this.maxFileBytes);
    if (pointer.sessionId !== this.pointer.sessionId) this.writer.reset();
    this.pointer = { ...pointer };
  }

  /** Find the session that was open last and target it. A store that cannot be read keeps its target. */
  async resolve(): Promise<OpenSessionPointer> {
    try {
      this.retarget(await this.connection.run(resolveOpenSession));
    } catch {
      // Reading fails the same way in the loads that follow, and they say so.
    }
    return this.pointer;
  }

  /** Run `op` on the database (the Sessions view's reads and edits); rejects when storage fails. */
  withDb<T>(op: (db: GlassboxDb) => Promise<T>): Promise<T> {
    return this.connection.run(op);
  }

  loadWorkspace(): Promise<LoadResult<Snapshot>> {
    return this.load((db) => this.files.load(db), (snapshot) => snapshot);
  }

  /** The saved conversation; later saves by this store append to it. */
  async loadConversation(): Promise<LoadResult<LoadedConversation>> {
    const sessionId = this.pointer.sessionId;
    const result = await this.load((db) => readConversation(db, sessionId), (value) => (value === 'unreadable' ? undefined : value));
    if (result.problem === undefined && !result.discarded) {
      // A reload right after a change: the tail the page stashed on its way out goes on from what was saved.
      const value = withStashedTail(this.stash, sessionId, result.value);
      if (value !== result.value) return { value };
    }
    if (result.value?.stored) this.writer.resume(result.value.log, result.value.stored);
    return result;
  }

  /** Keep the conversation in the page's synchronous storage until the next boot (the page is going away with a save pending). */
  stashConversation(conversation: ConversationState): boolean {
    return stashConversation(this.stash, this.pointer.sessionId, conversation.log, conversation.permissionMode, this.now());
  }

  /** The conversation is saved: a stash of it is no longer needed. */
  forgetStashedConversation(): void {
    forgetStash(this.stash);
  }

  /** Write the files that changed since the last save (all of them the first time). */
  async saveWorkspace(snapshot: Snapshot): Promise<SaveResult> {
    let tooBig: string[] = [];
    const result = await this.write(async (db) => {
      tooBig = (await this.files.save(db, snapshot)).tooBig;
    });
    if (result.persisted && tooBig.length > 0) return { persisted: false, problem: fileTooBigProblem(tooBig, this.maxFileBytes) };
    return result;
  }

  /** Append what the conversation gained since the last save (the whole log when it is a new one). */
  async saveConversation(conversation: ConversationState): Promise<SaveResult> {
    const write = this.writer.next(conversation);
    const { workspaceId, sessionId } = this.pointer;
    const now = this.now();
    const result = await this.writeStores(['conversation', 'eventChunks', 'sessions', 'workspaces', 'settings'], async (tx) => {
      const chunks = tx.objectStore('eventChunks');
      const [previous, session, workspace] = await Promise.all([
        write.replace ? tx.objectStore('conversation').get(sessionId) : undefined,
        tx.objectStore('sessions').get(sessionId),
        tx.objectStore('workspaces').get(workspaceId),
      ]);
      const previousLog = headerLogId(previous);
      // A new log replaces this session's old one whole; other sessions' logs stay.
      if (write.replace && previousLog !== undefined) await chunks.delete(logRange(previousLog));
      // The header is written only with its chunk: a reader never sees a header ahead of its log.
      await Promise.all([
        write.chunk ? chunks.put(write.chunk.value, write.chunk.key) : undefined,
        tx.objectStore('conversation').put(write.header, sessionId),
        tx.objectStore('sessions').put(sessionAfterSave(session, sessionId, workspaceId, conversation.log, now)),
        workspace ? undefined : tx.objectStore('workspaces').put({ id: workspaceId, name: 'My workspace', createdAt: now, lastSessionId: sessionId }),
        workspace && workspace.lastSessionId !== sessionId ? tx.objectStore('workspaces').put({ ...workspace, lastSessionId: sessionId }) : undefined,
        tx.objectStore('settings').put(this.pointer, OPEN_SESSION_KEY),
      ]);
    });
    if (result.persisted) write.commit();
    return result;
  }

  /** The panels as the user left them in this session (kept with its record, read back at boot). */
  async saveLayout(layout: SessionLayout): Promise<SaveResult> {
    const { sessionId } = this.pointer;
    return this.writeStores(['sessions'], async (tx) => {
      const session = await tx.objectStore('sessions').get(sessionId);
      // A session never saved has no record yet: its first conversation save creates it.
      if (session) await tx.objectStore('sessions').put({ ...session, layout });
    });
  }

  async loadLayout(): Promise<SessionLayout | undefined> {
    const { sessionId } = this.pointer;
    try {
      return (await this.connection.run((db) => db.get('sessions', sessionId)))?.layout;
    } catch {
      return undefined;
    }
  }

  /** Record a checkpoint of this session (see ./checkpoints.ts). */
  async saveCheckpoint(prompt: number, before: Snapshot, after: Snapshot): Promise<SaveResult> {
    const changes = changedPaths(before, after);
    if (changes.length === 0) return { persisted: true };
    const { sessionId } = this.pointer;
    return this.write(async (db) => {
      await recordCheckpoint(db, sessionId, prompt, changes, this.now());
    });
  }

  /** Forget the saved workspace and conversation (Reset workspace), in one transaction. */
  async clear(): Promise<SaveResult> {
    this.writer.reset();
    const { sessionId } = this.pointer;
    const result = await this.writeStores(['files', 'conversation', 'eventChunks'], async (tx) => {
      const logId = headerLogId(await tx.objectStore('conversation').get(sessionId));
      await Promise.all([
        tx.objectStore('files').delete(this.files.range),
        tx.objectStore('conversation').delete(sessionId),
        logId === undefined ? undefined : tx.objectStore('eventChunks').delete(logRange(logId)),
      ]);
    });
    if (result.persisted) this.files.cleared();
    return result;
  }

  private async load<Raw, T>(get: (db: GlassboxDb) => Promise<Raw>, sanitize: (value: Raw) => T | undefined): Promise<LoadResult<T>> {
    let opened = false;
    let raw: Raw;
    try {
      raw = await this.connection.run(get, () => {
        opened = true;
      });
    } catch (error) {
      return { problem: opened ? workspaceRestoreProblem(error) : workspaceOpenProblem(error) };
    }
    if (raw === undefined) return {};
    const value = sanitize(raw);
    return value === undefined ? { discarded: true } : { value };
  }

  /** One transaction over `names`; quota errors can surface on a request or only when it commits. */
  private writeStores(names: SavedStore[], op: (tx: IDBPTransaction<GlassboxSchema, SavedStore[], 'readwrite'>) => Promise<unknown>): Promise<SaveResult> {
    return this.write(async (db) => {
      const tx = db.transaction(names, 'readwrite');
      await Promise.all([op(tx), tx.done]);
    });
  }

  private async write(op: (db: GlassboxDb) => Promise<void>): Promise<SaveResult> {
    let opened = false;
    try {
      await this.connection.run(
        op,
        () => {
          opened = true;
        },
      );
      return { persisted: true };
    } catch (error) {
      return { persisted: false, problem: opened ? workspaceWriteProblem(error) : workspaceOpenProblem(error) };
    }
  }
}

/** What a sandbox must offer to be saved and restored. */
export type PersistedSandbox = Pick<Sandbox, 'snapshot' | 'restore' | 'fs'>;

export interface Restored {
  /** The saved conversation (its messages may be empty after "New chat": the mode still counts). */
  conversation?: LoadedConversation;
  /** Something the user should hear about the restore (e.g. a saved conversation that was unreadable). */
  notice?: string;
}

export interface WorkspacePersistenceOptions {
  store?: WorkspaceStore;
  delayMs?: number;
}

type ProblemSource = 'tab' | 'restore' | 'workspace' | 'conversation';

/**
 * Saves a sandbox's files and a session's conversation as they change, and puts them back at
 * boot. One per page. Call `load()` early (it overlaps the sandbox boot), `restore()` once the
 * sandbox is up, then `follow()` it.
 */
export class WorkspacePersistence {
  private readonly store: WorkspaceStore;
  private readonly workspaceQueue: SaveQueue;
  private readonly conversationQueue: SaveQueue;
  private readonly problems = new Map<ProblemSource, string>();
  private readonly listeners = new Set<(problem: string | undefined) => void>();
  private readonly savedListeners = new Set<() => void>();
  private shown: string | undefined;
  private sandbox: PersistedSandbox | null = null;
  private unwatch: (() => void) | null = null;
  private latestConversation: ConversationState | null = null;
  /** How many events the stash in the page's storage holds, while there is one (see stashUnsaved). */
  private stashedEvents: number | null = null;
  private loading: Promise<[LoadResult<Snapshot>, LoadResult<LoadedConversation>]> | null = null;
  /** Set when what was saved could not be read or restored: this tab must not save over it. */
  private locked = false;
  /** Set when another tab saves the workspace (see ./tab-ownership.ts): this one never writes again. */
  private stopped = false;
  /** Nonzero while the workspace is being replaced on purpose (restore, reset): its changes are not news. */
  private quiet = 0;

  constructor(options: WorkspacePersistenceOptions = {}) {
    this.store = options.store ?? new WorkspaceStore();
    const delayMs = options.delayMs ?? SAVE_DELAY_MS;
    const onError = (source: ProblemSource) => (error: unknown) => this.setProblem(source, workspaceWriteProblem(error));
    this.workspaceQueue = new SaveQueue({ delayMs, run: () => this.saveWorkspaceNow(), onError: onError('workspace') });
    this.conversationQueue = new SaveQueue({ delayMs, run: () => this.saveConversationNow(), onError: onError('conversation') });
  }

  /** The message to show while saving does not work (the in-memory fallback is active). */
  get problem(): string | undefined {
    return this.problems.get('tab') ?? this.problems.get('restore') ?? this.problems.get('workspace') ?? this.problems.get('conversation');
  }

  /** Listen to the problem changing (called at once with the current one); returns an unsubscribe function. */
  onProblem(listener: (problem: string | undefined) => void): () => void {
    this.listeners.add(listener);
    listener(this.problem);
    return () => this.listeners.delete(listener);
  }

  /**
   * Listen to each save of the workspace's files that reached storage (what the site stores has
   * changed: a clone, a run, an edit); returns an unsubscribe function.
   */
  onWorkspaceSaved(listener: () => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  /** Start reading what was saved. Idempotent; `restore` awaits it. */
  load(): Promise<[LoadResult<Snapshot>, LoadResult<LoadedConversation>]> {
    this.loading ??= this.store.resolve().then(() => Promise.all([this.store.loadWorkspace(), this.store.loadConversation()]));
    return this.loading;
  }

  /** The workspace and session being saved. */
  get target(): OpenSessionPointer {
    return this.store.target;
  }

  /** The Sessions view's reads and edits go through the same connection. */
  withDb<T>(op: (db: GlassboxDb) => Promise<T>): Promise<T> {
    return this.store.withDb(op);
  }

  /**
   * Open another session (of this workspace or another): what is pending is saved first; when the
   * workspace changes, its files replace the sandbox's. Resolves with the session's saved log
   * (undefined for a new session); rejects, changing nothing, when storage cannot be read.
   */
  async switchTo(sandbox: PersistedSandbox, pointer: OpenSessionPointer): Promise<LoadedConversation | undefined> {
    if (this.locked || this.stopped) throw new Error(this.problem ?? 'Browser storage is not in use in this tab.');
    await this.flush();
    await Promise.all([this.workspaceQueue.cancel(), this.conversationQueue.cancel()]);
    this.latestConversation = null;
    const before = this.store.target;
    const sameWorkspace = pointer.workspaceId === before.workspaceId;
    this.store.retarget(pointer);
    try {
      const files = sameWorkspace ? undefined : await this.store.loadWorkspace();
      const conversation = await this.store.loadConversation();
      const problem = files?.problem ?? conversation.problem;
      if (problem !== undefined) throw new Error(problem);
      if (files) {
        this.quiet += 1;
        try {
          await sandbox.restore(files.value ?? { files: {} });
        } finally {
          this.quiet -= 1;
        }
      }
      await this.store.withDb((db) => writePointer(db, pointer));
      return conversation.value;
    } catch (error) {
      this.store.retarget(before);
      throw error;
    }
  }

  /** Save from now on into a new session of the same workspace (New chat); what is pending is saved first. */
  async newSession(): Promise<string> {
    if (!this.locked && !this.stopped) await this.flush();
    await this.conversationQueue.cancel();
    this.latestConversation = null;
    const sessionId = newId('session', Date.now());
    this.store.retarget({ workspaceId: this.store.target.workspaceId, sessionId });
    return sessionId;
  }

  /** Put `snapshot` into the sandbox (a rewind) and save it as the workspace's files. */
  async replaceFiles(sandbox: PersistedSandbox, snapshot: Snapshot): Promise<void> {
    this.quiet += 1;
    try {
      await sandbox.restore(snapshot);
    } finally {
      this.quiet -= 1;
    }
    this.workspaceChanged();
  }

  /** Record what the run of prompt `prompt` changed, from the files before it and after it. */
  async checkpoint(prompt: number, before: Snapshot, after: Snapshot): Promise<void> {
    if (this.locked || this.stopped) return;
    const result = await this.store.saveCheckpoint(prompt, before, after);
    if (!result.persisted) this.setProblem('workspace', result.problem);
  }

  /** Keep the panels' layout with the open session. */
  async saveLayout(layout: SessionLayout): Promise<void> {
    if (this.locked || this.stopped) return;
    await this.store.saveLayout(layout);
  }

  loadLayout(): Promise<SessionLayout | undefined> {
    return this.store.loadLayout();
  }

  /**
   * Put the saved files into `sandbox` and hand back the saved conversation. Never throws:
   * when something saved cannot be read or restored, it is left in storage untouched, this
   * tab stops saving over it, and the problem says so.
   */
  async restore(sandbox: PersistedSandbox): Promise<Restored> {
    const [workspace, conversation] = await this.load();
    const readProblem = workspace.problem ?? conversation.problem;
    if (readProblem !== undefined) {
      this.locked = true;
      this.setProblem('restore', readProblem);
      return {};
    }
    if (workspace.value && Object.keys(workspace.value.files).length > 0) {
      // Quiet: the restore's own fs events would only save back what was just read.
      this.quiet += 1;
      try {
        await sandbox.restore(workspace.value);
      } catch (error) {
        this.locked = true;
        this.setProblem('restore', workspaceRestoreProblem(error));
        return {};
      } finally {
        this.quiet -= 1;
      }
    }
    const restored: Restored = {};
    if (conversation.value) restored.conversation = conversation.value;
    if (conversation.value?.notice !== undefined) restored.notice = conversation.value.notice;
    if (conversation.discarded) restored.notice = 'The saved conversation could not be read, so a new one starts here. Your files are kept.';
    return restored;
  }

  /** Save this sandbox's files from now on (on fs changes, and whenever `workspaceChanged` is called). */
  follow(sandbox: PersistedSandbox): void {
    this.unwatch?.();
    this.sandbox = sandbox;
    this.unwatch = sandbox.fs.watch?.(() => this.workspaceChanged()) ?? null;
  }

  /** The files may have changed (a run ended, a save in the editor…): save them after the quiet time. */
  workspaceChanged(): void {
    if (this.quiet > 0 || this.locked || this.stopped || !this.sandbox) return;
    this.workspaceQueue.schedule();
  }

  /** The conversation changed: save this state of it after the quiet time. Pass a transcript that is valid as it is. */
  conversationChanged(conversation: ConversationState): void {
    if (this.locked || this.stopped) return;
    // The log itself, not a copy: it only grows, and the save writes what it gained.
    this.latestConversation = { log: conversation.log, permissionMode: conversation.permissionMode };
    this.conversationQueue.schedule();
  }

  /**
   * The page is being hidden or unloaded: when the conversation has a save pending (or in flight,
   * which the unload would abort), keep it synchronously so the next boot has it all. Call before `flush()`.
   */
  stashUnsaved(): void {
    const conversation = this.latestConversation;
    if (!conversation || this.locked || this.stopped || !this.conversationQueue.busy) return;
    if (this.store.stashConversation(conversation)) this.stashedEvents = conversation.log.length;
  }

  /** Save what is pending now (page hidden, before a reload); resolves when both saves are done. */
  async flush(): Promise<void> {
    await Promise.all([this.workspaceQueue.flush(), this.conversationQueue.flush()]);
  }

  /**
   * Another tab saves the workspace from now on: save what is pending (when this tab was the
   * one saving), then write nothing more, not even on Reset workspace. Work goes on in memory,
   * and `problem` says why nothing is saved. Resolves once no save is in flight.
   */
  async stopSaving(problem: string): Promise<void> {
    if (!this.stopped) await this.flush();
    this.stopped = true;
    this.latestConversation = null;
    // What changed during the flush is dropped: the other tab continues from what was saved.
    await Promise.all([this.workspaceQueue.cancel(), this.conversationQueue.cancel()]);
    this.setProblem('tab', problem);
  }

  /**
   * Reset workspace: empty the sandbox and forget what was saved (files and conversation).
   * Also lifts a lock left by an unreadable save: the user chose to start over. Resolves with
   * an error message when the sandbox could not be emptied (then nothing saved is forgotten).
   */
  async reset(sandbox: PersistedSandbox): Promise<string | undefined> {
    this.quiet += 1;
    try {
      // A save in flight ends first, so it cannot write the old files back after the clear.
      await Promise.all([this.workspaceQueue.cancel(), this.conversationQueue.cancel()]);
      this.latestConversation = null;
      try {
        await sandbox.restore({ files: {} });
      } catch (error) {
        return `Could not empty the workspace: ${error instanceof Error ? error.message : String(error)}`;
      }
      // Another tab owns what is saved: only this tab's copy is emptied.
      if (this.stopped) return undefined;
      const cleared = await this.store.clear();
      this.locked = false;
      this.problems.delete('restore');
      this.record('workspace', cleared);
      this.problems.delete('conversation');
      this.emit();
      return undefined;
    } finally {
      this.quiet -= 1;
    }
  }

  /** Stop following the sandbox (tests, teardown). Pending saves are dropped. */
  async dispose(): Promise<void> {
    this.unwatch?.();
    this.unwatch = null;
    this.sandbox = null;
    await Promise.all([this.workspaceQueue.cancel(), this.conversationQueue.cancel()]);
  }

  private async saveWorkspaceNow(): Promise<void> {
    const sandbox = this.sandbox;
    if (!sandbox || this.locked || this.stopped) return;
    const result = await this.store.saveWorkspace(await sandbox.snapshot());
    this.record('workspace', result);
    if (result.persisted) for (const listener of this.savedListeners) listener();
  }

  private async saveConversationNow(): Promise<void> {
    const conversation = this.latestConversation;
    if (!conversation || this.locked || this.stopped) return;
    const events = conversation.log.length;
    const result = await this.store.saveConversation(conversation);
    this.record('conversation', result);
    // Hidden and shown again (not unloaded): once all it held is saved, the stash is stale.
    if (result.persisted && this.stashedEvents !== null && events >= this.stashedEvents) {
      this.stashedEvents = null;
      this.store.forgetStashedConversation();
    }
  }

  private record(source: ProblemSource, result: SaveResult): void {
    if (result.persisted) this.clearProblem(source);
    else this.setProblem(source, result.problem);
  }

  private setProblem(source: ProblemSource, problem: string): void {
    if (this.problems.get(source) === problem) return;
    this.problems.set(source, problem);
    this.emit();
  }

  private clearProblem(source: ProblemSource): void {
    if (this.problems.delete(source)) this.emit();
  }

  /** Tell listeners when the message shown changes (two failing saves with the same message are one). */
  private emit(): void {
    const problem = this.problem;
    if (problem === this.shown) return;
    this.shown = problem;
    for (const listener of this.listeners) listener(problem);
  }
}
