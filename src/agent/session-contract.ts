import type { Message } from '../models/messages';
import type { ModelClient } from '../models/port';
import type { Sandbox } from '../sandbox/port';
import type { LoggedEvent } from './event-log';
import type { AgentEvent, PermissionDecision, StopReason } from './events';
import type { RunSettingsInput } from './run-settings';
import type { PermissionRuleBook } from './permission-rule-book';
import type { ContextSettings } from './context-budget';

/** A `compaction` event (what `compact` resolves with). */
export type CompactionEvent = Extract<AgentEvent, { type: 'compaction' }>;

/**
 * Limits of the next runs, set from Model settings: turns per run, the session's spend cap
 * (USD for a priced model, tokens for an unpriced one) and the context settings.
 */
export interface SessionLimits {
  maxTurns?: number;
  spendCapUsd?: number;
  spendCapTokens?: number;
  context?: Partial<ContextSettings>;
}
import type { HookBook, HookInput, HookOutcome } from './hooks';
import type { HookEventName } from './hook-config';
import type { UserInputResponse } from '../tools/user-input';
import type { StepGate } from './step-gate';
import type { AnyTool } from '../tools/port';
import type { ResumePoint } from './branch-point';

/** Hears each event as it is logged, with the time it was stamped in the log. */
export type EventListener = (event: AgentEvent, at: number) => void;

/** The per-request part of the run settings, changed from the UI between runs. */
export type RequestLimits = Pick<RunSettingsInput, 'maxTokens' | 'thinkingBudget'>;

/**
 * - default: read-only tools run; everything else asks.
 * - acceptEdits: file edits run without asking; shell commands still ask.
 * - plan: read-only tools only; others are refused with an explanation to the model.
 * - bypass: nothing asks.
 */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypass';

/** What the UI drives. Implemented by `Session` in ./session.ts. */
export interface SessionApi {
  /** The transcript the model sees next: a fold of `log`. */
  readonly messages: readonly Message[];
  /** The session itself: every event so far, in order, with its time. */
  readonly log: readonly LoggedEvent[];
  readonly running: boolean;
  readonly permissionMode: PermissionMode;
  /** The permission rules in force, by source; the Permissions view reads and edits them. */
  readonly permissionRules: PermissionRuleBook;
  readonly model: ModelClient;
  /** The tools the model is offered (a lesson check asks the permission gate about a call to one). */
  readonly tools: readonly AnyTool[];
  /** The model id sent in requests (the catalogue's id for a listed model). */
  readonly modelId: string;
  /** Listen to every event of every run; returns an unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Run the agent on a user prompt until it stops; resolves with the reason. Rejects if a run is already going. */
  send(prompt: string): Promise<StopReason>;
  /** Where the last run waits, when it was left at a branch point in step mode ("Branch here"). */
  readonly resumePoint: ResumePoint | undefined;
  /** Take the run left at a branch point on from that step; rejects when none waits or a run is going. */
  resume(): Promise<StopReason>;
  /** Stop the current run (Esc / Stop button). The transcript stays valid. */
  interrupt(): void;
  /** The workspace's hooks and their last runs; the Hooks view reads them. */
  readonly hooks: HookBook;
  /** Run an event's hooks now (PreCompact, SubagentStop…); each run is logged. */
  runHooks(event: HookEventName, input: HookInput, signal?: AbortSignal): Promise<HookOutcome>;
  /** Answer a pending `user_input_request` (a plan, questions). */
  answerUserInput(callId: string, response: UserInputResponse): void;
  /** Answer a pending `permission_request`. */
  decidePermission(callId: string, decision: PermissionDecision): void;
  setPermissionMode(mode: PermissionMode): void;
  /** Step mode: a gate that holds each request and tool call of the runs (see ./step-gate.ts); undefined for none. */
  setStepGate(gate: StepGate | undefined): void;
  /** Read the workspace's settings files again (every run does this first). */
  reloadWorkspaceRules(): Promise<void>;
  /** Switch model client and the model id sent in requests (default: the client's provider id); from the next run. */
  setModel(model: ModelClient, modelId?: string): void;
  /** Output-token limit and thinking budget of later requests; an absent field means the default (thinking: off). */
  setRequestLimits(limits: RequestLimits): void;
  /** Run on another sandbox from the next run on (not during a run); the model is told. */
  setSandbox(sandbox: Sandbox): void;
  /** Log an event from beside the loop (a replay's divergence notice), in order with the run's events. */
  record(event: AgentEvent): void;
  /** Forget the transcript (new conversation), or continue `log` instead (another saved session, a rewind). */
  reset(log?: readonly LoggedEvent[]): void;
  /** Turn limit, spend cap and context settings of the next runs. */
  setLimits(limits: SessionLimits): void;
  /** Summarize the conversation now (`/compact [focus]`); the model sees the summary from then on. */
  compact(focus?: string): Promise<CompactionEvent | undefined>;
  /** Continue another conversation's log instead (a shared link, an imported session): the current one is forgotten. */
  load(log: readonly LoggedEvent[]): void;
}
