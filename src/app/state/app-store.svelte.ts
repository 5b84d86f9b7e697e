/**
 * The app store: boots the runtime (sandbox + agent session, loaded lazily after
 * the first paint), forwards user commands to the Session, and folds the
 * Session's AgentEvents into the view (see ./fold.ts).
 *
 * Test hook: once booted, `window.__glassbox = { sandbox, session }` — the raw
 * Sandbox and SessionApi objects, for browser-test assertions only.
 */
import type { AgentEvent, PermissionDecision, StopReason } from '../../agent/events';
import type { LoggedEvent } from '../../agent/event-log';
import type { PermissionMode, SessionApi } from '../../agent/session-contract';
import type { Sandbox, Snapshot } from '../../sandbox/port';
import { askToPersist, readStorageUsage, type StorageUsage } from '../../store/storage-usage';
import type { TabRole } from '../../store/tab-ownership';
import { loadRuntime } from '../boot/start';
import { switchSandbox } from '../boot/switch-sandbox';
import { foldEvent, foldLog, initialView, runState, withNotice, type RunState, type ViewState } from './fold';
import { withHttpView } from './http-view';
import type { Runtime } from './runtime-types';
import { workspace } from './workspace.svelte';
import { permissions } from '../permissions/permissions.svelte';
import { rememberBeforeFirstRun } from '../replay/start-files';
import { hooksView } from '../hooks/hooks-view.svelte';
import type { UserInputResponse } from '../../tools/user-input';

const NEXT_MODE: Record<PermissionMode, PermissionMode> = { default: 'acceptEdits', acceptEdits: 'plan', plan: 'default', bypass: 'default' };

export type BootPhase = 'idle' | 'booting' | 'ready' | 'error';

/** Events that arrive many times a second while a model streams or a command prints. */
const STREAMING_EVENTS: ReadonlySet<AgentEvent['type']> = new Set(['text_delta', 'thinking_delta', 'tool_progress']);

export interface GlassboxTestHook {
  sandbox: Sandbox;
  session: SessionApi;
}

declare global {
  interface Window {
    /** Browser-test hook: the live sandbox and session. Not an API. */
    __glassbox?: GlassboxTestHook;
  }
}

class AppStore {
  phase = $state<BootPhase>('idle');
  bootError = $state<string | null>(null);
  sandbox: Sandbox | null = $state.raw(null);
  session: SessionApi | null = $state.raw(null);
  view: ViewState = $state.raw(initialView());
  permissionMode = $state<PermissionMode>('default');
  modelLabel = $state('Demo model (scripted)');
  /** Whether the scripted demo model drives the agent (false once a real provider is chosen). */
  modelIsDemo = $state(true);
  demoPrompt = $state<string | null>(null);
  /** Text to put in the chat input, waiting to be sent by the user (`?prompt=`, a shared task); the input takes it and clears this. */
  draftPrompt = $state<string | null>(null);
  /** A prompt sent before the runtime was ready; shown until its run starts. */
  queuedPrompt = $state<string | null>(null);
  /** Why the workspace and conversation are not being saved (kept in this tab only); null when they are. */
  storageProblem = $state<string | null>(null);
  /** How much browser storage the saved work takes, of what the site may use; null until known. */
  storageUsage: StorageUsage | null = $state.raw(null);
  /** A Files action (reset, download) that failed, in words. */
  filesError = $state<string | null>(null);
  /** Whether this tab saves the workspace, or another tab of the page does. */
  tabRole = $state<TabRole>('owner');
  /** "Use this tab instead" was pressed: waiting for the other tab to save and let go. */
  takingOver = $state(false);
  /** Why "Use this tab instead" failed, in words. */
  takeOverError = $state<string | null>(null);

  readonly runState: RunState = $derived(runState(this.view));
  readonly running: boolean = $derived(this.view.running || this.queuedPrompt !== null);
  readonly sandboxLabel: string = $derived(
    this.sandbox ? this.sandbox.describe().label : this.phase === 'error' ? 'Sandbox failed to start' : 'Starting sandbox…',
  );
  readonly tokensUsed: number = $derived(this.view.usage.inputTokens + this.view.usage.outputTokens);

  #booting: Promise<Runtime> | null = null;
  #runtime: Runtime | null = null;
  /** After "New chat" during a run, the old run's remaining events are dropped. */
  #discardUntilRunStart = false;
  #currentRun: Promise<unknown> | null = null;
  #unsubscribe: (() => void) | null = null;
  /** Steps a new runtime goes through before it is adopted (e.g. switching to the saved model). */
  #runtimeSetups: Array<(runtime: Runtime) => Promise<void>> = [];
  /** The user picked a mode before the runtime was ready: it wins over the one restored. */
  #modeChosen = false;
  /** Steps before each prompt is sent (a checkpoint's "files before"); see beforeSend. */
  #beforeSend: Array<(session: SessionApi) => Promise<void>> = [];

  /** The booted runtime (the Sessions view and checkpoints reach storage through it); null before. */
  get runtime(): Runtime | null {
    return this.#runtime;
  }

  /** Run `step` before each prompt is sent, once the session is up; a failing step is skipped. */
  beforeSend(step: (session: SessionApi) => Promise<void>): void {
    this.#beforeSend.push(step);
  }

  /**
   * Show `log` as this conversation (another saved session, a rewind, a fork): a run in progress
   * stops first; the chat, inspector and totals are folded from it, and it is saved.
   */
  async replaceConversation(log: readonly LoggedEvent[], permissionMode?: PermissionMode): Promise<void> {
    await this.#forgetConversation();
    const session = this.session;
    if (!session) return;
    session.reset(log);
    this.view = foldLog(session.log);
    if (permissionMode !== undefined) {
      this.permissionMode = permissionMode;
      session.setPermissionMode(permissionMode);
    }
    this.#saveConversation();
  }

  /** Register a step for every runtime before the app uses it; a failing step is skipped. */
  onRuntime(setup: (runtime: Runtime) => Promise<void>): void {
    this.#runtimeSetups.push(setup);
  }

  /** Load and boot the runtime (idempotent). Resolves when the session is ready. */
  start(): Promise<Runtime> {
    if (this.#booting) return this.#booting;
    this.phase = 'booting';
    this.bootError = null;
    const booting = loadRuntime() // ../boot/start.ts: isolation, then the sandbox boot and the runtime chunk together
      .then(async (runtime) => {
        await Promise.all(this.#runtimeSetups.map((setup) => setup(runtime).catch(() => undefined)));
        this.#adopt(runtime);
        await workspace.attach(runtime.sandbox);
        this.#flushWhenHidden(runtime);
        this.phase = 'ready';
        if (typeof window !== 'undefined') window.__glassbox = { sandbox: runtime.sandbox, session: runtime.session };
        return runtime;
      })
      .catch((error: unknown) => {
        this.phase = 'error';
        this.bootError = error instanceof Error ? error.message : String(error);
        this.#booting = null;
        this.queuedPrompt = null;
        throw error;
      });
    this.#booting = booting;
    return booting;
  }

  #adopt(runtime: Runtime): void {
    const { sandbox, session } = runtime;
    this.#runtime = runtime;
    this.sandbox = sandbox;
    this.session = session;
    this.demoPrompt = runtime.demoPrompt;
    this.modelLabel = session.model.label;
    this.modelIsDemo = session.model.provider === 'scripted';
    const { restored, persistence } = runtime;
    if (restored.permissionMode !== undefined && !this.#modeChosen) this.permissionMode = restored.permissionMode;
    const view = foldLog(session.log);
    this.view = restored.notice === undefined ? view : withNotice(view, restored.notice);
    session.setPermissionMode(this.permissionMode);
    permissions.attach(session);
    hooksView.attach(session);
    persistence.onProblem((problem) => {
      this.storageProblem = problem ?? null;
    });
    // What the site stores changed (a clone, an edit, a run's files): the status bar's "Saved …" follows.
    persistence.onWorkspaceSaved(() => this.#refreshStorageUsage());
    runtime.ownership.onChange((role) => {
      this.tabRole = role;
    });
    this.#unsubscribe?.();
    let runModel = session.model;
    this.#unsubscribe = session.subscribe((event, at) => {
      if (event.type === 'run_start' || event.type === 'run_resumed') {
        this.queuedPrompt = null;
        this.#discardUntilRunStart = false;
        runModel = session.model;
      }
      if (this.#discardUntilRunStart) return;
      this.view = foldEvent(this.view, event, at);
      if (event.type === 'model_request') this.view = withHttpView(this.view, runModel, event.request);
      if (event.type === 'run_end' && !workspace.watching) void workspace.refresh();
      if (event.type === 'tool_result' && !workspace.watching) void workspace.refresh();
      // Streaming rides along with the next save: a save per token would only be rewritten.
      if (!STREAMING_EVENTS.has(event.type)) this.#saveConversation();
      if (event.type === 'run_end') {
        persistence.workspaceChanged();
        this.#refreshStorageUsage();
      }
    });
    // Converted from an older save, repaired, or closed after a reload mid-run: store it as it now is.
    if (restored.rewrite) this.#saveConversation();
    this.#keepStorage(runtime);
  }

  /** Ask the browser to keep the saved work (the tab that saves asks), then show what it takes. */
  #keepStorage(runtime: Runtime): void {
    const asking = runtime.ownership.role === 'owner' ? askToPersist() : Promise.resolve(null);
    void asking.then(() => this.#refreshStorageUsage());
  }

  #refreshStorageUsage(): void {
    void readStorageUsage().then((usage) => {
      this.storageUsage = usage ?? null;
    });
  }

  #saveConversation(): void {
    const runtime = this.#runtime;
    if (!runtime) return;
    runtime.persistence.conversationChanged({ log: runtime.session.log, permissionMode: this.permissionMode });
  }

  /** Save what is pending when the tab is hidden or closed: a reload right after a change keeps it. */
  #flushWhenHidden(runtime: Runtime): void {
    if (typeof document === 'undefined') return;
    const flush = (): void => {
      // Synchronously first: an unload aborts the IndexedDB writes the flush starts.
      runtime.persistence.stashUnsaved();
      void runtime.persistence.flush();
    };
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
    window.addEventListener('pagehide', flush);
  }

  /**
   * "Use this tab instead": the other tab saves what is pending and stops saving, then this tab
   * reloads, so it boots from the latest save through the same restore as any reload, and saves.
   */
  async useThisTab(): Promise<void> {
    const runtime = this.#runtime;
    if (!runtime || this.takingOver) return;
    this.takingOver = true;
    this.takeOverError = null;
    try {
      await runtime.ownership.takeOver();
      // The reload lets the lock go for a moment; no tab takes it unasked, so the new page claims it.
      window.location.reload();
    } catch (error) {
      this.takingOver = false;
      this.takeOverError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Send a prompt; boots first if needed. Resolves with the stop reason, or null if it could not start. */
  async send(prompt: string): Promise<StopReason | null> {
    const text = prompt.trim();
    if (text === '' || this.running) return null;
    let session = this.session;
    if (!session) {
      this.queuedPrompt = text;
      try {
        session = (await this.start()).session;
      } catch {
        return null;
      }
    }
    for (const step of this.#beforeSend) await step(session).catch(() => undefined);
    try {
      // The files the conversation starts from, for "Replay this run" (../replay/start-files.ts).
      await rememberBeforeFirstRun(session.log, this.sandbox);
      const run = session.send(text);
      this.#currentRun = run.catch(() => null);
      return await run;
    } catch (error) {
      this.queuedPrompt = null;
      this.view = foldEvent(this.view, {
        type: 'error',
        error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
      });
      return null;
    }
  }

  /** Take the run left at a branch point on from its step (step mode pauses there again when on). */
  async resume(): Promise<StopReason | null> {
    const session = this.session;
    if (!session || this.running || session.resumePoint === undefined) return null;
    try {
      const run = session.resume();
      this.#currentRun = run.catch(() => null);
      return await run;
    } catch (error) {
      this.view = foldEvent(this.view, { type: 'error', error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } });
      return null;
    }
  }

  /** Start the scripted demo from its first step, in a fresh conversation. */
  async runDemo(): Promise<StopReason | null> {
    if (this.running) return null;
    let runtime = this.#runtime;
    if (!runtime) {
      this.queuedPrompt = 'Run the demo task';
      runtime = await this.start().catch(() => null);
      this.queuedPrompt = null;
      if (!runtime) return null;
    }
    if (this.view.runs > 0 || runtime.session.messages.length > 0) await this.newChat();
    return this.send(runtime.demoPrompt);
  }

  interrupt(): void {
    this.session?.interrupt();
  }

  decide(callId: string, decision: PermissionDecision): void {
    this.session?.decidePermission(callId, decision);
  }

  /** Answer what a tool asked (a plan, questions); approving a plan switches to the chosen mode. */
  answer(callId: string, response: UserInputResponse): void {
    if (response.kind === 'plan_approved') this.setPermissionMode(response.mode);
    this.session?.answerUserInput(callId, response);
  }

  setPermissionMode(mode: PermissionMode): void {
    this.permissionMode = mode;
    this.#modeChosen = true;
    this.session?.setPermissionMode(mode);
    this.#saveConversation();
  }

  /** Shift+Tab in the chat input, as in Claude Code: default → acceptEdits → plan → default (bypass is only chosen in the select). */
  cyclePermissionMode(): PermissionMode {
    const next = NEXT_MODE[this.permissionMode];
    this.setPermissionMode(next);
    return next;
  }

  /** Forget the conversation (transcript, inspector, token count); the saved one is replaced. The workspace stays. */
  async newChat(): Promise<void> {
    const hadLog = (this.session?.log.length ?? 0) > 0;
    await this.#forgetConversation();
    // The old conversation stays a session of its own (the Sessions view lists it).
    if (hadLog) await this.#runtime?.persistence.newSession();
    this.#saveConversation();
  }

  async #forgetConversation(): Promise<void> {
    this.view = initialView();
    const session = this.session;
    if (!session) return;
    if (session.running) {
      this.#discardUntilRunStart = true;
      session.interrupt();
      await this.#currentRun;
    }
    session.reset();
    this.#runtime?.resetModel();
    this.view = initialView();
  }

  /** Delete every file and the conversation, here and in browser storage. The caller has confirmed. */
  async resetWorkspace(): Promise<void> {
    const runtime = this.#runtime;
    if (!runtime) return;
    this.filesError = null;
    await this.#forgetConversation();
    workspace.closeAll();
    const failed = await runtime.persistence.reset(runtime.sandbox);
    if (failed !== undefined) this.filesError = failed;
    this.#saveConversation(); // Keeps the permission mode; the transcript is empty.
    await workspace.refresh();
  }

  /** Download every workspace file as a plain zip (see ../../share/glassbox-file.ts). */
  async downloadWorkspace(): Promise<void> {
    const sandbox = this.sandbox;
    if (!sandbox) return;
    this.filesError = null;
    try {
      const [{ workspaceZip }, { downloadBytes }] = await Promise.all([import('../../share/glassbox-file'), import('../files/download')]);
      downloadBytes('glassbox-workspace.zip', workspaceZip(await sandbox.snapshot()), 'application/zip');
    } catch (error) {
      this.filesError = `Could not download the workspace: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /**
   * Replace the workspace and the conversation with a shared or imported one (the caller asked
   * first): the old files and log are forgotten here and in storage, the new ones restored and
   * saved, and the permission mode goes back to default whatever came before. Resolves with an
   * error message when the workspace could not be replaced.
   */
  async replaceWith(snapshot: Snapshot, log: readonly LoggedEvent[]): Promise<string | undefined> {
    const runtime = this.#runtime;
    if (!runtime) return 'The sandbox is not running yet.';
    this.filesError = null;
    await this.#forgetConversation();
    workspace.closeAll();
    const failed = await runtime.persistence.reset(runtime.sandbox);
    if (failed !== undefined) return failed;
    try {
      await runtime.sandbox.restore(snapshot);
    } catch (error) {
      return `Could not write the files into the workspace: ${error instanceof Error ? error.message : String(error)}`;
    }
    runtime.session.load(log);
    this.view = foldLog(runtime.session.log);
    this.setPermissionMode('default'); // also saves the new conversation
    runtime.persistence.workspaceChanged();
    await workspace.refresh();
    return undefined;
  }

  /**
   * Move everything onto another sandbox (WebContainer after a Retry): the workspace is copied
   * over (after any run in progress), then the session, terminal, file tree and editor follow,
   * and the old sandbox is disposed last. The conversation stays.
   */
  async replaceSandbox(next: Sandbox): Promise<void> {
    const runtime = this.#runtime;
    if (!runtime) throw new Error('The sandbox is not running yet.');
    const previous = runtime.sandbox;
    if (next === previous) return;
    await switchSandbox({ from: previous, to: next, session: runtime.session, untilIdle: () => this.#currentRun ?? Promise.resolve() });
    runtime.sandbox = next;
    runtime.persistence.follow(next);
    this.sandbox = next; // The terminal panel opens a shell on the new sandbox when this changes.
    if (typeof window !== 'undefined') window.__glassbox = { sandbox: next, session: runtime.session };
    await workspace.attach(next);
    // The open tabs follow their files to the new root, unsaved text kept.
    await workspace.rebaseTabs(previous.root, next.root);
    await previous.dispose();
  }
}

export const app = new AppStore();
