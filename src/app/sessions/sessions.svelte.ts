/**
 * The Sessions view and Rewind: which sessions the open workspace has, opening, renaming,
 * deleting (with Undo) and forking them, switching workspaces, and rewinding the open session to
 * before one of its prompts (files from checkpoints, the conversation cut there).
 *
 * Small at first paint: the store code it drives (../../store/session-catalog.ts,
 * ../../store/checkpoints.ts) loads when first used; storage is reached through the runtime's
 * persistence, so reads and writes share its connection.
 */
import type { LoggedEvent } from '../../agent/event-log';
import type { SessionListing } from '../../store/session-catalog';
import type { OpenSessionPointer, WorkspaceRecord } from '../../store/db';
import { app } from '../state/app-store.svelte';
import type { Runtime } from '../state/runtime-types';
import { workspace } from '../state/workspace.svelte';
import { followCheckpoints, followLayout, takeCheckpointBaseline, type LayoutFollower } from './session-follow.svelte';
import { rewindView } from './sessions-open.svelte';

const catalog = () => import('../../store/session-catalog');
const checkpoints = () => import('../../store/checkpoints');
const summaries = () => import('../../store/session-summary');

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short-lived line under the list, with Undo after a delete. */
export interface SessionsStatus {
  text: string;
  undo?: () => Promise<void>;
}

/** What a rewind (or a fork) to before one prompt changes. */
export interface RewindPlan {
  prompt: number;
  promptText: string;
  /** The files that change, and how. */
  files: Array<{ path: string; change: 'restored' | 'removed' | 'brought back' }>;
  /** The prompts (with everything after each) that leave the conversation. */
  removed: string[];
}

function requireRuntime(): Runtime {
  const runtime = app.runtime;
  if (!runtime) throw new Error('The agent is still starting; try again in a moment.');
  return runtime;
}

class SessionsModel {
  workspaces: readonly WorkspaceRecord[] = $state.raw([]);
  sessions: readonly SessionListing[] = $state.raw([]);
  current: OpenSessionPointer | null = $state.raw(null);
  status: SessionsStatus | null = $state.raw(null);
  error = $state<string | null>(null);
  busy = $state(false);

  /** Read the workspaces and the open workspace's sessions again. */
  async refresh(): Promise<void> {
    try {
      const runtime = requireRuntime();
      await runtime.persistence.flush();
      const { listWorkspaces, listSessions } = await catalog();
      const pointer = runtime.persistence.target;
      const [workspaces, sessions] = await runtime.persistence.withDb(async (db) => [await listWorkspaces(db, pointer.workspaceId), await listSessions(db, pointer.workspaceId)] as const);
      this.current = pointer;
      this.workspaces = workspaces;
      this.sessions = sessions;
    } catch (error) {
      this.error = `Could not read the saved sessions: ${messageOf(error)}`;
    }
  }

  /** Run a change, then list again; a failure is said in the view and changes nothing shown. */
  async #act(what: string, op: (runtime: Runtime) => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      await op(requireRuntime());
      return true;
    } catch (error) {
      this.error = `Could not ${what}: ${messageOf(error)}`;
      return false;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  /** Open a saved session of this workspace (or of another, switching the files). */
  openSession(pointer: OpenSessionPointer): Promise<boolean> {
    return this.#act('open that session', async (runtime) => {
      if (app.running) app.interrupt();
      const loaded = await runtime.persistence.switchTo(runtime.sandbox, pointer);
      await app.replaceConversation(loaded?.log ?? [], loaded?.permissionMode);
      await afterSwitch(runtime);
    });
  }

  /** Start a new session in the open workspace (New chat). */
  newSession(): Promise<boolean> {
    return this.#act('start a new session', async () => {
      await app.newChat();
    });
  }

  rename(id: string, name: string): Promise<boolean> {
    return this.#act('rename the session', async (runtime) => {
      const { renameSession } = await catalog();
      await runtime.persistence.withDb((db) => renameSession(db, id, name));
    });
  }

  /** Delete a session; Undo brings it back until the next reload. Deleting the open one opens the next. */
  remove(session: SessionListing, title: string): Promise<boolean> {
    return this.#act('delete the session', async (runtime) => {
      const { deleteSession, undeleteSession } = await catalog();
      await runtime.persistence.flush();
      await runtime.persistence.withDb((db) => deleteSession(db, session.id));
      if (runtime.persistence.target.sessionId === session.id) {
        const next = this.sessions.find((other) => other.id !== session.id);
        if (next) {
          const loaded = await runtime.persistence.switchTo(runtime.sandbox, { workspaceId: session.workspaceId, sessionId: next.id });
          await app.replaceConversation(loaded?.log ?? [], loaded?.permissionMode);
        } else {
          await runtime.persistence.newSession();
          await app.replaceConversation([]);
        }
      }
      this.status = {
        text: `Deleted “${title}”.`,
        undo: async () => {
          await this.#act('bring the session back', (again) => again.persistence.withDb((db) => undeleteSession(db, session.id)));
          this.status = { text: `Brought back “${title}”.` };
        },
      };
    });
  }

  createWorkspace(name: string): Promise<boolean> {
    return this.#act('create the workspace', async (runtime) => {
      const { createWorkspace, newId } = await catalog();
      const created = await runtime.persistence.withDb((db) => createWorkspace(db, name));
      await switchWorkspaceTo(runtime, { workspaceId: created.id, sessionId: newId('session') });
      this.status = { text: `Created workspace “${created.name}”.` };
    });
  }

  renameWorkspace(id: string, name: string): Promise<boolean> {
    return this.#act('rename the workspace', async (runtime) => {
      const { renameWorkspace } = await catalog();
      await runtime.persistence.withDb((db) => renameWorkspace(db, id, name));
    });
  }

  /** Switch to another workspace: its files, and the session last open there. */
  switchWorkspace(id: string): Promise<boolean> {
    return this.#act('switch workspace', async (runtime) => {
      if (id === runtime.persistence.target.workspaceId) return;
      const { listSessions, newId } = await catalog();
      const [record, sessions] = await runtime.persistence.withDb(async (db) => [await db.get('workspaces', id), await listSessions(db, id)] as const);
      if (!record) throw new Error('That workspace is no longer in browser storage.');
      const last = sessions.find((session) => session.id === record.lastSessionId) ?? sessions[0];
      await switchWorkspaceTo(runtime, { workspaceId: id, sessionId: last?.id ?? newId('session') });
    });
  }

  /** The prompts of a saved session (what Fork offers). */
  async promptsOf(sessionId: string): Promise<string[]> {
    const { promptsOf } = await summaries();
    return promptsOf(await logOf(requireRuntime(), sessionId));
  }

  /**
   * Fork a session before its prompt `prompt`: a new session with the conversation up to there
   * and the workspace's files as they were then (from the checkpoints); it becomes the open one.
   */
  fork(sessionId: string, prompt: number): Promise<boolean> {
    return this.#act('fork the session', async (runtime) => {
      const [{ writeNewSession, sessionTitle, deleteSession }, { copyCheckpoints, changesBackTo, applyChanges }, { promptStart }] = await Promise.all([catalog(), checkpoints(), summaries()]);
      await runtime.persistence.flush();
      const log = await logOf(runtime, sessionId);
      const start = promptStart(log, prompt);
      if (start < 0) throw new Error('that prompt is not in the session.');
      const { workspaceId } = runtime.persistence.target;
      const source = this.sessions.find((session) => session.id === sessionId);
      const name = source ? `${sessionTitle(source)} (fork)` : undefined;
      const changes = await runtime.persistence.withDb((db) => changesBackTo(db, sessionId, prompt));
      const forkId = await runtime.persistence.withDb((db) => writeNewSession(db, workspaceId, log.slice(0, start), app.permissionMode, Date.now(), name));
      let loaded: Awaited<ReturnType<typeof runtime.persistence.switchTo>>;
      try {
        await runtime.persistence.withDb((db) => copyCheckpoints(db, sessionId, forkId, prompt));
        loaded = await runtime.persistence.switchTo(runtime.sandbox, { workspaceId, sessionId: forkId });
      } catch (error) {
        // A fork that did not open is not left behind in the list (it is purged at the next boot).
        await runtime.persistence.withDb((db) => deleteSession(db, forkId)).catch(() => undefined);
        throw error;
      }
      await runtime.persistence.replaceFiles(runtime.sandbox, applyChanges(await runtime.sandbox.snapshot(), changes));
      await app.replaceConversation(loaded?.log ?? [], loaded?.permissionMode);
      await afterSwitch(runtime);
      this.status = { text: `Forked into a new session${name ? ` “${name}”` : ''}.` };
    });
  }
}

/** The open session's log is the live one; another's is read from storage. */
async function logOf(runtime: Runtime, sessionId: string): Promise<readonly LoggedEvent[]> {
  if (sessionId === runtime.persistence.target.sessionId) return runtime.session.log;
  const { readConversation } = await import('../../store/conversation-store');
  const loaded = await runtime.persistence.withDb((db) => readConversation(db, sessionId));
  if (loaded === 'unreadable') throw new Error('that session could not be read from browser storage.');
  return loaded?.log ?? [];
}

async function switchWorkspaceTo(runtime: Runtime, pointer: OpenSessionPointer): Promise<void> {
  if (app.running) app.interrupt();
  const loaded = await runtime.persistence.switchTo(runtime.sandbox, pointer);
  workspace.closeAll();
  await app.replaceConversation(loaded?.log ?? [], loaded?.permissionMode);
  await afterSwitch(runtime);
}

/** The tree and editor catch up with the files; the session's layout comes back. */
async function afterSwitch(runtime: Runtime): Promise<void> {
  await workspace.refresh();
  await layoutFollower?.restore(runtime);
}

class RewindModel {
  /** What rewinding to before the requested prompt changes; null shows the list of prompts. */
  plan: RewindPlan | null = $state.raw(null);
  prompts: readonly string[] = $state.raw([]);
  error = $state<string | null>(null);
  busy = $state(false);

  /** Read what the view needs: the plan for the requested prompt, or the prompts to choose from. */
  async load(request: number | null): Promise<void> {
    this.error = null;
    this.plan = null;
    try {
      if (request === null) {
        const { promptsOf } = await summaries();
        this.prompts = promptsOf(app.session?.log ?? []);
      } else this.plan = await rewindPlan(requireRuntime(), request);
    } catch (error) {
      this.error = `Could not rewind: ${messageOf(error)}`;
    }
  }

  /** Fork the open session before prompt `prompt` (this one stays as it is). */
  async forkAt(prompt: number): Promise<boolean> {
    const sessionId = app.runtime?.persistence.target.sessionId;
    if (sessionId === undefined) return false;
    const forked = await sessionsModel.fork(sessionId, prompt);
    if (!forked) this.error = sessionsModel.error;
    else rewindView.done = sessionsModel.status?.text ?? null;
    return forked;
  }

  /** Rewind the open session to before its prompt `prompt`: files from the checkpoints, the conversation cut there. */
  async rewindTo(prompt: number): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      const runtime = requireRuntime();
      if (app.running) app.interrupt();
      const [{ changesBackTo, applyChanges, dropCheckpoints }, { promptStart }] = await Promise.all([checkpoints(), summaries()]);
      const log = runtime.session.log;
      const start = promptStart(log, prompt);
      if (start < 0) throw new Error('that prompt is not in this session.');
      const { sessionId } = runtime.persistence.target;
      const changes = await runtime.persistence.withDb((db) => changesBackTo(db, sessionId, prompt));
      await runtime.persistence.replaceFiles(runtime.sandbox, applyChanges(await runtime.sandbox.snapshot(), changes));
      await runtime.persistence.withDb((db) => dropCheckpoints(db, sessionId, prompt));
      await app.replaceConversation(log.slice(0, start));
      // Saved before it says so: a reload right after a rewind keeps it.
      await runtime.persistence.flush();
      await workspace.refresh();
      rewindView.done = `Rewound to before prompt ${prompt + 1}: ${changes.size} file${changes.size === 1 ? '' : 's'} restored.`;
      rewindView.hide();
      return true;
    } catch (error) {
      this.error = `Could not rewind: ${messageOf(error)}`;
      return false;
    } finally {
      this.busy = false;
    }
  }
}

async function rewindPlan(runtime: Runtime, prompt: number): Promise<RewindPlan> {
  const [{ changesBackTo }, { promptsOf }] = await Promise.all([checkpoints(), summaries()]);
  const prompts = promptsOf(runtime.session.log);
  const promptText = prompts[prompt];
  if (promptText === undefined) throw new Error('that prompt is not in this session.');
  const { sessionId } = runtime.persistence.target;
  const [changes, current] = await Promise.all([runtime.persistence.withDb((db) => changesBackTo(db, sessionId, prompt)), runtime.sandbox.snapshot()]);
  const files: RewindPlan['files'] = [...changes].map(([path, contents]) => ({
    path,
    change: contents === null ? 'removed' : path in current.files ? 'restored' : 'brought back',
  }));
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { prompt, promptText, files, removed: prompts.slice(prompt) };
}

export const sessionsModel = new SessionsModel();
export const rewindModel = new RewindModel();

let layoutFollower: LayoutFollower | null = null;

// Every runtime: checkpoints around each prompt's run, and the layout kept with the open session.
function followRuntime(runtime: Runtime): void {
  followCheckpoints(runtime);
  layoutFollower ??= followLayout();
  // Sessions deleted before the last reload (Undo is gone with it) are removed for good.
  if (runtime.ownership.role === 'owner') void catalog().then(({ purgeDeleted }) => runtime.persistence.withDb(purgeDeleted)).catch(() => undefined);
}
app.onRuntime(async (runtime) => followRuntime(runtime));
// This module may load after the runtime was adopted: follow it now.
if (app.runtime) followRuntime(app.runtime);
app.beforeSend(async () => {
  const runtime = app.runtime;
  if (runtime) await takeCheckpointBaseline(runtime);
});
