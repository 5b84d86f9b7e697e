import type { Message } from '../models/messages';
import type { ModelClient } from '../models/port';
import type { Sandbox } from '../sandbox/port';
import type { AnyTool, FileReadRecord, PermissionDescriptor } from '../tools/port';
import type { AgentEvent, PermissionDecision, StopReason, ToolCallInfo } from './events';
import { runAgentLoop } from './loop';
import type { RunSettingsInput } from './run-settings';
import type { CompactionEvent, EventListener, PermissionMode, RequestLimits, SessionApi, SessionLimits } from './session-contract';
import { ContextNotes, reminderBlocks } from './context-notes';
import { PreviewErrorLog } from './preview-errors';
import { buildSystemPrompt, joinSystemParts, type SystemPart, type SystemPromptContext } from './system-prompt';
import { NestedInstructions } from './project-instructions';
import { transcriptOf, type LoggedEvent } from './event-log';
import { appendUserMessage } from './transcript';
import { PermissionRuleBook } from './permission-rule-book';
import { loadWorkspaceRuleFiles } from './workspace-settings';
import { resolveRunSettings } from './run-settings';
import { compactConversation } from './compaction';
import { contextCalls } from './context-calls';
import { microCompact } from './micro-compaction';
import { toolDefinitions } from '../tools/registry';
import { estimateRequestTokens } from '../models/token-estimate';
import type { ModelRequest } from '../models/port';
import { HookBook, type HookInput, type HookOutcome } from './hooks';
import type { HookEventName } from './hook-config';
import { loadWorkspaceHookFiles } from './workspace-hooks';
import type { UserInputRequest, UserInputResponse } from '../tools/user-input';
import type { SubagentCatalogue } from './subagent-types';
import { liveStepGate, type StepGate } from './step-gate';
import type { WorkspaceToolCatalogue } from '../tools/workspace-tools/catalogue';
import { closingAnswer, resumePointOf, type ResumePoint } from './branch-point';
import type { AgentLoopConfig } from './loop';

/** Builds a run's system prompt: its text, or its named parts (see ./system-prompt.ts, ./context-prompt.ts). */
export type SystemPromptBuilder = (
  context: SystemPromptContext & { sandbox: Sandbox },
) => string | readonly SystemPart[] | Promise<string | readonly SystemPart[]>;

export interface SessionOptions {
  sandbox: Sandbox;
  model: ModelClient;
  /** Model id sent in requests; defaults to the client's provider id (fine for scripted/replay clients). */
  modelId?: string;
  tools: readonly AnyTool[];
  /** A fixed prompt, or a builder called at the start of every run. Default `buildSystemPrompt`. */
  systemPrompt?: string | SystemPromptBuilder;
  permissionMode?: PermissionMode;
  /**
   * How runs behave (./run-settings.ts). `tokenBudget` is the whole session's: a run that reaches
   * it ends with `budget_exceeded`. `maxTokens` and `thinkingBudget` are the first request limits
   * (see setRequestLimits).
   */
  settings?: RunSettingsInput;
  /** A session's log to continue (restored from the store or a share link); its transcript is what the model sees. */
  log?: readonly LoggedEvent[];
  /** Wall-clock ms stamped on each logged event; injectable for deterministic tests. Default Date.now. */
  clock?: () => number;
  /** Today, for the system prompt; injectable for deterministic tests. */
  today?: () => Date;
  /** Called when a subscriber throws; the run goes on regardless. Default: console.error. */
  onListenerError?: (error: unknown) => void;
  /** The agent types the Agent tool launches (reloaded from the workspace before each run); without it sub-agents cannot run. */
  subagents?: SubagentCatalogue;
  /**
   * The workspace's own tools (`.glassbox/tools/*.json`), reloaded before each run and offered
   * after `tools`; without it only `tools` are offered.
   */
  workspaceTools?: WorkspaceToolCatalogue;
}

const INTERRUPTED_DECISION: PermissionDecision = { kind: 'deny', reason: 'Interrupted by the user' };

/**
 * One conversation with the agent: the transcript, the files the agent has read, the
 * rules the user allowed for the session, and whoever listens. Runs one loop at a time.
 */
export class Session implements SessionApi {
  /** Absolute path → what the agent read; Edit and Write check it. */
  readonly readLedger = new Map<string, FileReadRecord>();
  /** The permission rules in force: the workspace's, the user's (set by the app) and this session's. */
  readonly permissionRules = new PermissionRuleBook();
  /** The workspace's hooks (read with the rules before each run) and their last runs. */
  readonly hooks = new HookBook();
  /** The transcript the loop appends to during a run; always equal to `transcriptOf(this.entries)`. */
  private transcript: Message[];
  /** The session itself: every event, in order (see ./event-log.ts). */
  private entries: LoggedEvent[];
  private currentModel: ModelClient;
  private currentModelId: string;
  private mode: PermissionMode;
  private limits: RequestLimits;
  private readonly options: SessionOptions;
  private readonly listeners = new Set<EventListener>();
  private readonly pendingPermissions = new Map<string, (decision: PermissionDecision) => void>();
  private readonly pendingInputs = new Map<string, (response: UserInputResponse) => void>();
  /** SessionStart has run for this conversation ('clear' after a reset). */
  private sessionStartSource: 'startup' | 'resume' | 'clear' | undefined;
  private controller: AbortController | null = null;
  private spentTokens = 0;
  private spentUsd = 0;
  private sessionLimits: SessionLimits = {};
  private lastSystemPrompt = '';
  /** Subfolder instruction files already shown to the model in this conversation. */
  private readonly nestedInstructions = new NestedInstructions();
  private currentSandbox: Sandbox;
  /** Notes for the model that ride along with the next user content (see ./context-notes.ts). */
  private readonly notes = new ContextNotes();
  private readonly previewErrors = new PreviewErrorLog();
  private unwatchPreviewErrors: (() => void) | undefined;
  /** Step mode's gate, if the app plugged one in; read at each step, so it may come during a run. */
  private stepGate: StepGate | undefined;
  private readonly liveStepGate = liveStepGate(() => this.stepGate);
  /** `tools`, kept while the workspace's tools are the same list. */
  private offeredTools: readonly AnyTool[];
  private workspaceToolsShown: readonly AnyTool[] = [];

  constructor(options: SessionOptions) {
    this.options = options;
    this.currentSandbox = options.sandbox;
    this.watchPreviewErrors(options.sandbox);
    this.offeredTools = options.tools;
    this.currentModel = options.model;
    this.currentModelId = options.modelId ?? options.model.provider;
    this.mode = options.permissionMode ?? 'default';
    const { maxTokens, thinkingBudget } = options.settings ?? {};
    this.limits = { ...(maxTokens === undefined ? {} : { maxTokens }), ...(thinkingBudget === undefined ? {} : { thinkingBudget }) };
    this.entries = options.log ? [...options.log] : [];
    this.sessionStartSource = this.entries.length > 0 ? 'resume' : 'startup';
    this.transcript = transcriptOf(this.entries);
    // A restored session keeps counting against its spend cap.
    for (const { event } of this.entries) if (event.type === 'usage') this.count(event);
  }

  /** Every event of this conversation so far, each with the time it arrived. */
  get log(): readonly LoggedEvent[] {
    return this.entries;
  }

  get sandbox(): Sandbox {
    return this.currentSandbox;
  }

  /** The tools offered: the built-in ones, then the workspace's as last read (the same array while they stay the same). */
  get tools(): readonly AnyTool[] {
    const own = this.options.workspaceTools?.tools ?? [];
    if (own !== this.workspaceToolsShown) {
      this.workspaceToolsShown = own;
      this.offeredTools = own.length === 0 ? this.options.tools : [...this.options.tools, ...own];
    }
    return this.offeredTools;
  }

  get messages(): readonly Message[] {
    return this.transcript;
  }

  get running(): boolean {
    return this.controller !== null;
  }

  get permissionMode(): PermissionMode {
    return this.mode;
  }

  get model(): ModelClient {
    return this.currentModel;
  }

  get modelId(): string {
    return this.currentModelId;
  }

  /** Input + output tokens spent by every run of this session. */
  get tokensUsed(): number {
    return this.spentTokens;
  }

  /** US dollars spent by this session, where the price was known. */
  get usdSpent(): number {
    return this.spentUsd;
  }

  /** Turn limit, spend cap and context settings of the next runs (Model settings). */
  setLimits(limits: SessionLimits): void {
    this.sessionLimits = { ...limits, ...(limits.context ? { context: { ...limits.context } } : {}) };
  }

  /**
   * Compact the conversation now (`/compact [focus]`): the model summarizes it, focused on `focus`
   * when given, and the transcript sent from then on is that summary. Resolves with the compaction
   * event, or undefined when there was nothing to compact or it was interrupted. Not during a run.
   */
  async compact(focus?: string): Promise<CompactionEvent | undefined> {
    if (this.controller !== null) throw new Error('The conversation cannot be compacted while a run is in progress; wait for it or stop it.');
    if (this.transcript.length === 0) return undefined;
    const controller = new AbortController();
    this.controller = controller;
    const log = this.entries;
    try {
      this.closeBranchPoint(log);
      const { systemPrompt } = await this.buildSystemPrompt();
      this.lastSystemPrompt = systemPrompt;
      const settings = resolveRunSettings(this.runSettings());
      const calls = contextCalls(this.tools, this.currentSandbox.root);
      const context = settings.context;
      const request: ModelRequest = {
        model: this.currentModelId,
        system: systemPrompt,
        messages: context.microCompact ? microCompact(this.transcript, { keep: context.keepToolResults, describe: calls.describe }).slice() : this.transcript.slice(),
        tools: toolDefinitions(this.tools),
        maxTokens: settings.maxTokens,
      };
      const trimmedFocus = focus?.trim();
      const outcome = await compactConversation({
        model: this.currentModel,
        request,
        transcript: this.transcript,
        sandbox: this.currentSandbox,
        settings,
        signal: controller.signal,
        turn: 0,
        trigger: 'manual',
        ...(trimmedFocus ? { focus: trimmedFocus } : {}),
        tokensBefore: estimateRequestTokens(request),
        continuing: false,
        describe: calls.describe,
        isRead: calls.isRead,
        emit: (event) => this.dispatch(event, log),
      });
      return outcome.kind === 'compacted' ? outcome.event : undefined;
    } finally {
      this.controller = null;
    }
  }

  /** The system prompt of the latest run (for the inspector). */
  get systemPrompt(): string {
    return this.lastSystemPrompt;
  }

  /** Call ids waiting for a permission decision. */
  get pendingPermissionIds(): string[] {
    return [...this.pendingPermissions.keys()];
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async send(prompt: string): Promise<StopReason> {
    if (this.controller !== null) throw new Error('A run is already in progress; interrupt it or wait for it to finish.');
    const controller = new AbortController();
    this.controller = controller;
    // This run's events go to this conversation's log, even if "New chat" replaces it meanwhile.
    const log = this.entries;
    try {
      // A team's rules may have changed (or been checked out) since the last run.
      await this.reloadWorkspaceRules();
      // SessionStart and UserPromptSubmit run before the prompt is in the transcript; their runs
      // are logged just after run_start so the chat shows them under the prompt.
      const early: AgentEvent[] = [];
      // A tool file written since the last run (by the user or the agent) is offered from this run on.
      const toolsChanged = await this.reloadWorkspaceTools(log);
      if (toolsChanged !== undefined) early.push(toolsChanged);
      const hookContext = { sandbox: this.currentSandbox, emit: (event: AgentEvent) => early.push(event), signal: controller.signal, permissionMode: this.mode };
      const startContext: string[] = [];
      if (this.sessionStartSource !== undefined) {
        const source = this.sessionStartSource;
        this.sessionStartSource = undefined;
        startContext.push(...(await this.hooks.run('SessionStart', { source }, hookContext)).context);
      }
      const promptHooks = await this.hooks.run('UserPromptSubmit', { prompt }, hookContext);
      const flushEarly = (event: AgentEvent): void => {
        this.dispatch(event, log);
        if (event.type === 'run_start') for (const held of early.splice(0)) this.dispatch(held, log);
      };
      if (promptHooks.block !== undefined || promptHooks.stop !== undefined) {
        // Blocked: the prompt never reaches the model (nor the transcript); the chat says why.
        const reason = promptHooks.block ?? promptHooks.stop ?? '';
        flushEarly({ type: 'run_start', runId: `run-${Date.now().toString(36)}-blocked`, prompt, at: Date.now() });
        this.dispatch({ type: 'run_end', reason: 'hook_stopped', detail: `A UserPromptSubmit hook blocked this prompt: ${reason}`, at: Date.now() }, log);
        return 'hook_stopped';
      }
      for (const note of [...startContext, ...promptHooks.context]) this.notes.add(note);
      const { systemPrompt, systemParts } = await this.prepareRun();
      // A run left at a branch point is not resumed: its open calls are answered before the new prompt.
      this.closeBranchPoint(log);
      const notes = this.drainNotes();
      // Notes go before the prompt: the user's words stay the last thing the model reads.
      const content = notes.length > 0 ? [...reminderBlocks(notes), { type: 'text' as const, text: prompt }] : prompt;
      appendUserMessage(this.transcript, { role: 'user', content }, (event) => this.dispatch(event, log));
      const result = await runAgentLoop({ ...this.loopConfig(controller, log, systemPrompt, systemParts), prompt }, flushEarly);
      return result.reason;
    } finally {
      this.endRun();
    }
  }

  /** Where the conversation waits, when its last run was left at a branch point ("Branch here" in step mode). */
  get resumePoint(): ResumePoint | undefined {
    return resumePointOf(this.entries);
  }

  /**
   * Take the run left at a branch point on from exactly that step, as the same prompt's work: the
   * request it was about to send is built again, or the round it was in is finished (the result
   * it was paused at goes through step mode again). No UserPromptSubmit: nobody typed anything.
   */
  async resume(): Promise<StopReason> {
    if (this.controller !== null) throw new Error('A run is already in progress; interrupt it or wait for it to finish.');
    const point = this.resumePoint;
    if (point === undefined) throw new Error('This conversation has no run waiting at a branch point.');
    const controller = new AbortController();
    this.controller = controller;
    const log = this.entries;
    try {
      await this.reloadWorkspaceRules();
      const toolsChanged = await this.reloadWorkspaceTools(log);
      const { systemPrompt, systemParts } = await this.prepareRun();
      this.currentModel.resumeOn?.(this.transcript);
      const emit = (event: AgentEvent): void => {
        this.dispatch(event, log);
        if (event.type === 'run_resumed' && toolsChanged !== undefined) this.dispatch(toolsChanged, log);
      };
      const result = await runAgentLoop({ ...this.loopConfig(controller, log, systemPrompt, systemParts), resume: point }, emit);
      return result.reason;
    } finally {
      this.endRun();
    }
  }

  /** Before the loop: the workspace's agent types (an unreadable folder leaves the built-in ones), and the system prompt. */
  private async prepareRun(): Promise<{ systemPrompt: string; systemParts?: readonly SystemPart[] }> {
    await this.options.subagents?.reload(this.currentSandbox).catch(() => undefined);
    const built = await this.buildSystemPrompt();
    this.lastSystemPrompt = built.systemPrompt;
    return built;
  }

  /** What every run of this session hands the loop (its events go to `log`). */
  private loopConfig(controller: AbortController, log: LoggedEvent[], systemPrompt: string, systemParts: readonly SystemPart[] | undefined): AgentLoopConfig {
    return {
      model: this.currentModel,
      modelId: this.currentModelId,
      systemPrompt,
      ...(systemParts ? { systemParts } : {}),
      notesForRead: (path) => this.nestedInstructions.forFile(this.currentSandbox, path),
      messages: this.transcript,
      tools: this.tools,
      ...(this.options.workspaceTools === undefined ? {} : { refreshTools: () => this.refreshTools(log) }),
      sandbox: this.currentSandbox,
      pendingNotes: () => this.drainNotes(),
      readLedger: this.readLedger,
      signal: controller.signal,
      askPermission: (call, tool, descriptor) => this.askPermission(call, tool, descriptor),
      permissionMode: () => this.mode,
      permissionRules: this.permissionRules,
      settings: this.runSettings(),
      hooks: this.hooks,
      askUser: (callId, request) => this.askUser(callId, request),
      ...(this.options.subagents === undefined ? {} : { subagents: this.options.subagents }),
      stepGate: this.liveStepGate,
    };
  }

  private endRun(): void {
    this.controller = null;
    this.resolvePending(INTERRUPTED_DECISION);
    this.cancelInputs();
  }

  /** A run left at a branch point gets its open calls answered (what ran keeps its result), so the transcript is whole again. */
  private closeBranchPoint(log: LoggedEvent[]): void {
    const answer = closingAnswer(log);
    if (answer === undefined) return;
    const logged = new Set(log.filter(({ event }) => event.type === 'tool_result').map(({ event }) => (event.type === 'tool_result' ? event.callId : '')));
    for (const block of answer.content) {
      if (typeof block !== 'string' && block.type === 'tool_result' && !logged.has(block.tool_use_id)) {
        this.dispatch({ type: 'tool_result', callId: block.tool_use_id, result: block, durationMs: 0 }, log);
      }
    }
    appendUserMessage(this.transcript, answer, (event) => this.dispatch(event, log));
  }

  /**
   * Log an event that comes from beside the loop during a run (a replay's divergence), in order
   * with the run's own events. Between runs it goes to the conversation's log all the same.
   */
  record(event: AgentEvent): void {
    this.dispatch(event, this.entries);
  }

  /**
   * Runs the hooks of an event now (PreCompact before a compaction, SubagentStop…), logging each
   * run in this conversation; the outcome says what they decided. Never throws for a hook.
   */
  async runHooks(event: HookEventName, input: HookInput, signal?: AbortSignal): Promise<HookOutcome> {
    const log = this.entries;
    return this.hooks.run(event, input, {
      sandbox: this.currentSandbox,
      emit: (hookEvent) => this.dispatch(hookEvent, log),
      permissionMode: this.mode,
      ...hookSignal(signal ?? this.controller?.signal),
    });
  }

  /** Call ids of tools waiting for the user's answer (a plan, questions). */
  get pendingInputIds(): string[] {
    return [...this.pendingInputs.keys()];
  }

  /**
   * Answer a tool that asked the user. Approving a plan switches the mode first, so the calls
   * that follow in the same run already see it.
   */
  answerUserInput(callId: string, response: UserInputResponse): void {
    const resolve = this.pendingInputs.get(callId);
    if (!resolve) return;
    this.pendingInputs.delete(callId);
    if (response.kind === 'plan_approved') this.setPermissionMode(response.mode);
    resolve(response);
  }

  interrupt(): void {
    // Abort first: the loop then reads a pending prompt's "deny" as an interruption.
    this.controller?.abort();
    this.resolvePending(INTERRUPTED_DECISION);
    this.cancelInputs();
  }

  decidePermission(callId: string, decision: PermissionDecision): void {
    const resolve = this.pendingPermissions.get(callId);
    if (!resolve) return; // already answered, or the run ended: nothing waits for it
    this.pendingPermissions.delete(callId);
    resolve(decision);
  }

  setPermissionMode(mode: PermissionMode): void {
    this.mode = mode;
  }

  /** Step mode (./step-gate.ts): the gate each request and tool call of every run passes; undefined for none. */
  setStepGate(gate: StepGate | undefined): void {
    this.stepGate = gate;
  }

  /**
   * Reads the workspace's tool files again. Returns the event that tells the conversation what
   * changed since it last heard (tools offered, files that cannot be used), when anything did; the
   * model also gets a note for each newly broken file, so it can fix a tool it wrote.
   */
  private async reloadWorkspaceTools(log: readonly LoggedEvent[]): Promise<Extract<AgentEvent, { type: 'workspace_tools' }> | undefined> {
    const catalogue = this.options.workspaceTools;
    if (catalogue === undefined) return undefined;
    await catalogue.reload(this.currentSandbox, new Set(this.options.tools.map((tool) => tool.name)));
    const event = { type: 'workspace_tools' as const, tools: catalogue.summaries, problems: [...catalogue.problems] };
    const heard = lastWorkspaceTools(log);
    if (JSON.stringify({ tools: heard.tools, problems: heard.problems }) === JSON.stringify({ tools: event.tools, problems: event.problems })) return undefined;
    for (const { file, problem } of event.problems) {
      if (heard.problems.some((old) => old.file === file && old.problem === problem)) continue;
      this.notes.add(`The workspace tool file ${file} ${problem}, so its tool is not offered. Fix the file to offer it from the next message on.`, `workspace-tool:${file}`);
    }
    return event;
  }

  /** Before each model request of a run after the first: a tool file the agent just wrote is offered from the next request on. */
  private async refreshTools(log: LoggedEvent[]): Promise<readonly AnyTool[]> {
    try {
      const changed = await this.reloadWorkspaceTools(log);
      if (changed !== undefined) this.dispatch(changed, log);
    } catch {
      // An unreadable folder keeps the tools the run had: it never stops the run.
    }
    return this.tools;
  }

  async reloadWorkspaceRules(): Promise<void> {
    this.permissionRules.setWorkspaceFiles(await loadWorkspaceRuleFiles(this.currentSandbox));
    this.hooks.setFiles(await loadWorkspaceHookFiles(this.currentSandbox));
  }

  /** Switch model client (takes effect from the next model call of the next run). */
  setModel(model: ModelClient, modelId?: string): void {
    this.currentModel = model;
    this.currentModelId = modelId ?? model.provider;
  }

  /**
   * Run the agent on another sandbox from the next run on (e.g. WebContainer booted after a
   * Retry, with the workspace copied over). The read ledger is cleared (its paths and hashes
   * belong to the old filesystem), preview errors from the old sandbox are dropped, and the model
   * is told at its next turn, since earlier messages describe the old environment.
   */
  setSandbox(sandbox: Sandbox): void {
    if (this.controller !== null) throw new Error('The sandbox cannot change while a run is in progress.');
    if (sandbox === this.currentSandbox) return;
    const previous = this.currentSandbox;
    this.currentSandbox = sandbox;
    this.readLedger.clear();
    this.nestedInstructions.clear();
    this.previewErrors.clear();
    this.watchPreviewErrors(sandbox);
    if (this.transcript.length === 0) return; // Nothing said yet describes the old sandbox.
    const moved = previous.root === sandbox.root ? '' : ` The workspace files were copied from ${previous.root} to ${sandbox.root}; use the new paths.`;
    this.notes.add(
      `The sandbox changed: you now run in ${sandboxName(sandbox)} (earlier messages describe ${sandboxName(previous)}); the system prompt describes what works there.${moved} Read files again before editing them.`,
      'sandbox-changed',
    );
  }

  /** Notes waiting for the next model call (inspector, tests). Does not drain them. */
  get pendingNoteCount(): number {
    return this.notes.size + (this.previewErrors.size > 0 ? 1 : 0);
  }

  /** Output limit and thinking budget for the next runs (settings changed in the UI). */
  setRequestLimits(limits: RequestLimits): void {
    this.limits = { ...limits };
  }

  /** Forget the transcript and the read ledger; rules allowed for the session stay. Stops a running run. */
  reset(log: readonly LoggedEvent[] = []): void {
    this.interrupt();
    // New arrays: a run still unwinding keeps appending to the old ones, not to the new conversation.
    this.entries = [...log];
    this.transcript = transcriptOf(this.entries);
    this.spentTokens = 0;
    this.spentUsd = 0;
    this.readLedger.clear();
    this.nestedInstructions.clear();
    this.notes.clear();
    this.previewErrors.clear();
    this.sessionStartSource = 'clear';
  }

  private askUser(callId: string, _request: UserInputRequest): Promise<UserInputResponse> {
    return new Promise((resolve) => {
      this.pendingInputs.set(callId, resolve);
    });
  }

  private cancelInputs(): void {
    const pending = [...this.pendingInputs.values()];
    this.pendingInputs.clear();
    for (const resolve of pending) resolve({ kind: 'cancelled' });
  }

  /** Continue another conversation's log instead (a shared link, an imported session): like reset, then the log. */
  load(log: readonly LoggedEvent[]): void {
    this.reset();
    this.entries = [...log];
    this.transcript = transcriptOf(this.entries);
  }

  private askPermission(call: ToolCallInfo, _tool: AnyTool, _descriptor: PermissionDescriptor): Promise<PermissionDecision> {
    return new Promise((resolve) => {
      this.pendingPermissions.set(call.id, resolve);
    });
  }

  private resolvePending(decision: PermissionDecision): void {
    const pending = [...this.pendingPermissions.values()];
    this.pendingPermissions.clear();
    for (const resolve of pending) resolve(decision);
  }

  private watchPreviewErrors(sandbox: Sandbox): void {
    this.unwatchPreviewErrors?.();
    this.unwatchPreviewErrors = sandbox.onPreviewError?.((error) => this.previewErrors.add(error));
  }

  /** Everything the model should hear about before its next call, as note texts. */
  private drainNotes(): string[] {
    const notes = this.notes.drain();
    const previewNote = this.previewErrors.drainNote();
    if (previewNote !== undefined) notes.push(previewNote);
    return notes;
  }

  /** The next run's settings: the session's, with the current request limits and what is left of the session's token budget. */
  private runSettings(): RunSettingsInput {
    const budget = this.options.settings?.tokenBudget;
    const { maxTurns, spendCapUsd, spendCapTokens, context } = this.sessionLimits;
    const spendCap =
      spendCapUsd === undefined && spendCapTokens === undefined
        ? this.options.settings?.spendCap
        : {
            ...(spendCapUsd === undefined ? {} : { usd: spendCapUsd }),
            ...(spendCapTokens === undefined ? {} : { tokens: spendCapTokens }),
            spentUsd: this.spentUsd,
            spentTokens: this.spentTokens,
          };
    return {
      ...this.options.settings,
      ...(maxTurns === undefined ? {} : { maxTurns }),
      ...(spendCap === undefined ? {} : { spendCap }),
      context: { ...this.options.settings?.context, ...context },
      // Replaced as a whole by setRequestLimits: an absent limit means its default (thinking: off).
      maxTokens: this.limits.maxTokens,
      thinkingBudget: this.limits.thinkingBudget,
      tokenBudget: budget === undefined ? undefined : Math.max(0, budget - this.spentTokens),
    };
  }

  private async buildSystemPrompt(): Promise<{ systemPrompt: string; systemParts?: readonly SystemPart[] }> {
    const source = this.options.systemPrompt ?? buildSystemPrompt;
    if (typeof source === 'string') return { systemPrompt: source };
    const built = await source({
      sandbox: this.currentSandbox,
      toolNames: this.tools.map((tool) => tool.name),
      permissionMode: this.mode,
      date: this.options.today?.() ?? new Date(),
    });
    if (typeof built === 'string') return { systemPrompt: built };
    return { systemPrompt: joinSystemParts(built), systemParts: built };
  }

  private count(event: Extract<AgentEvent, { type: 'usage' }>): void {
    this.spentTokens += event.usage.inputTokens + event.usage.outputTokens;
    this.spentUsd += event.costUsd ?? 0;
  }

  private dispatch(event: AgentEvent, log: LoggedEvent[]): void {
    // A sub-agent's tokens (and money) are the session's too.
    const counted = event.type === 'subagent_event' ? event.event : event;
    if (counted.type === 'usage') this.count(counted);
    const at = (this.options.clock ?? Date.now)();
    log.push({ at, event });
    for (const listener of this.listeners) {
      try {
        listener(event, at);
      } catch (error) {
        (this.options.onListenerError ?? console.error)(error);
      }
    }
  }
}

/** What the conversation last heard of the workspace's tools (nothing, before the first word about them). */
function lastWorkspaceTools(log: readonly LoggedEvent[]): Pick<Extract<AgentEvent, { type: 'workspace_tools' }>, 'tools' | 'problems'> {
  for (let i = log.length - 1; i >= 0; i--) {
    const event = log[i]?.event;
    if (event?.type === 'workspace_tools') return event;
  }
  return { tools: [], problems: [] };
}

function hookSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

function sandboxName(sandbox: Sandbox): string {
  return `${sandbox.describe().name} (workspace ${sandbox.root})`;
}
