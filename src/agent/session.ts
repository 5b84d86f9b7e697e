import type { Message } from '../models/messages';
import type { ModelClient, Usage } from '../models/port';
import type { Sandbox } from '../sandbox/port';
import type { AnyTool, FileReadRecord, PermissionDescriptor } from '../tools/port';
import type { AgentEvent, PermissionDecision, StopReason, ToolCallInfo } from './events';
import { runAgentLoop } from './loop';
import type { RetryPolicy } from './retry';
import type { PermissionMode, SessionApi } from './session-contract';
import { buildSystemPrompt, type SystemPromptContext } from './system-prompt';
import { appendUserContent } from './transcript';

export type SystemPromptBuilder = (context: SystemPromptContext) => string | Promise<string>;

export interface SessionOptions {
  sandbox: Sandbox;
  model: ModelClient;
  /** Model id sent in requests; defaults to the client's provider id (fine for scripted/replay clients). */
  modelId?: string;
  tools: readonly AnyTool[];
  /** A fixed prompt, or a builder called at the start of every run. Default `buildSystemPrompt`. */
  systemPrompt?: string | SystemPromptBuilder;
  permissionMode?: PermissionMode;
  maxTurns?: number;
  maxTokens?: number;
  thinkingBudget?: number;
  /** Input + output tokens the whole session may spend; a run that reaches it ends with `budget_exceeded`. */
  tokenBudget?: number;
  retry?: Partial<RetryPolicy>;
  /** Characters kept of each tool result. Default 30,000. */
  truncateLimit?: number;
  /** A transcript to continue (restored from the store or a share link). */
  messages?: readonly Message[];
  costOf?: (usage: Usage, modelId: string) => number | undefined;
  /** Today, for the system prompt; injectable for deterministic tests. */
  today?: () => Date;
  /** Called when a subscriber throws; the run goes on regardless. Default: console.error. */
  onListenerError?: (error: unknown) => void;
}

const INTERRUPTED_DECISION: PermissionDecision = { kind: 'deny', reason: 'Interrupted by the user' };

/**
 * One conversation with the agent: the transcript, the files the agent has read, the
 * rules the user allowed for the session, and whoever listens. Runs one loop at a time.
 */
export class Session implements SessionApi {
  readonly sandbox: Sandbox;
  readonly tools: readonly AnyTool[];
  /** Absolute path → what the agent read; Edit and Write check it. */
  readonly readLedger = new Map<string, FileReadRecord>();
  /** Rule keys allowed with "Allow for this session". */
  readonly sessionAllowedRules = new Set<string>();
  private transcript: Message[];
  private currentModel: ModelClient;
  private currentModelId: string;
  private mode: PermissionMode;
  private readonly options: SessionOptions;
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly pendingPermissions = new Map<string, (decision: PermissionDecision) => void>();
  private controller: AbortController | null = null;
  private spentTokens = 0;
  private lastSystemPrompt = '';

  constructor(options: SessionOptions) {
    this.options = options;
    this.sandbox = options.sandbox;
    this.tools = options.tools;
    this.currentModel = options.model;
    this.currentModelId = options.modelId ?? options.model.provider;
    this.mode = options.permissionMode ?? 'default';
    this.transcript = options.messages ? [...options.messages] : [];
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

  /** The system prompt of the latest run (for the inspector). */
  get systemPrompt(): string {
    return this.lastSystemPrompt;
  }

  /** Call ids waiting for a permission decision. */
  get pendingPermissionIds(): string[] {
    return [...this.pendingPermissions.keys()];
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async send(prompt: string): Promise<StopReason> {
    if (this.controller !== null) throw new Error('A run is already in progress; interrupt it or wait for it to finish.');
    const controller = new AbortController();
    this.controller = controller;
    try {
      const systemPrompt = await this.buildSystemPrompt();
      this.lastSystemPrompt = systemPrompt;
      appendUserContent(this.transcript, prompt);
      const budget = this.options.tokenBudget;
      const result = await runAgentLoop(
        {
          model: this.currentModel,
          modelId: this.currentModelId,
          systemPrompt,
          messages: this.transcript,
          tools: this.tools,
          sandbox: this.sandbox,
          readLedger: this.readLedger,
          signal: controller.signal,
          askPermission: (call, tool, descriptor) => this.askPermission(call, tool, descriptor),
          permissionMode: () => this.mode,
          sessionAllowedRules: this.sessionAllowedRules,
          prompt,
          ...(this.options.maxTurns === undefined ? {} : { maxTurns: this.options.maxTurns }),
          ...(this.options.maxTokens === undefined ? {} : { maxTokens: this.options.maxTokens }),
          ...(this.options.thinkingBudget === undefined ? {} : { thinkingBudget: this.options.thinkingBudget }),
          ...(budget === undefined ? {} : { tokenBudget: Math.max(0, budget - this.spentTokens) }),
          ...(this.options.retry === undefined ? {} : { retry: this.options.retry }),
          ...(this.options.truncateLimit === undefined ? {} : { truncateLimit: this.options.truncateLimit }),
          ...(this.options.costOf === undefined ? {} : { costOf: this.options.costOf }),
        },
        (event) => this.dispatch(event),
      );
      return result.reason;
    } finally {
      this.controller = null;
      this.resolvePending(INTERRUPTED_DECISION);
    }
  }

  interrupt(): void {
    // Abort first: the loop then reads a pending prompt's "deny" as an interruption.
    this.controller?.abort();
    this.resolvePending(INTERRUPTED_DECISION);
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

  /** Switch model client (takes effect from the next model call of the next run). */
  setModel(model: ModelClient, modelId?: string): void {
    this.currentModel = model;
    this.currentModelId = modelId ?? model.provider;
  }

  /** Forget the transcript and the read ledger; rules allowed for the session stay. Stops a running run. */
  reset(): void {
    this.interrupt();
    // A new array: a run still unwinding keeps appending to the old one, not to the new conversation.
    this.transcript = [];
    this.readLedger.clear();
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

  private async buildSystemPrompt(): Promise<string> {
    const source = this.options.systemPrompt ?? buildSystemPrompt;
    if (typeof source === 'string') return source;
    return source({
      sandbox: this.sandbox,
      toolNames: this.tools.map((tool) => tool.name),
      date: this.options.today?.() ?? new Date(),
    });
  }

  private dispatch(event: AgentEvent): void {
    if (event.type === 'usage') this.spentTokens += event.usage.inputTokens + event.usage.outputTokens;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        (this.options.onListenerError ?? console.error)(error);
      }
    }
  }
}
