import type { AssistantMessage, ToolResultBlock, UserMessage } from '../models/messages';
import type { ModelError, ModelNotice, ModelRequest, ModelStopReason, Usage, WireEvent } from '../models/port';
import type { PermissionDescriptor, ToolCategory } from '../tools/port';
import type { RuleBehavior, RuleSource } from './permission-rule';
import type { SystemPart } from './system-prompt';
import type { HookRunRecord } from './hook-events';
import type { UserInputRequest, UserInputResponse } from '../tools/user-input';
import type { WorkspaceToolProblem, WorkspaceToolSummary } from '../tools/workspace-tools/catalogue';

/** The rule behind an automatic decision, as the chat and the inspector show it. */
export interface DecidingRule {
  rule: string;
  behavior: RuleBehavior;
  source: RuleSource;
  /** For a workspace rule, the settings file it came from. */
  file?: string;
}

/**
 * Why a run ended. Every run ends with exactly one of these.
 * - completed: the model answered without calling tools.
 * - interrupted: the user pressed Stop / Esc (the abort signal fired).
 * - max_turns: the model kept calling tools past the turn limit.
 * - model_error: the provider failed and retries (if any) were exhausted.
 * - max_tokens: the model hit its output limit and could not continue.
 * - refusal: the model declined to answer.
 * - budget_exceeded: the session's token budget ran out.
 * - permission_denied_stop: the user denied a permission and chose to stop the run.
 * - spend_cap: the session reached its spend cap (money, or tokens for an unpriced model).
 * - recording_exhausted: a replay needed another model answer and the recording had none left.
 * - hook_stopped: a hook stopped the run (`continue: false`) or blocked the prompt.
 * - branched: the user branched a what-if run off this step in step mode; the run waits at
 *   `branch` (./branch-point.ts) and Resume takes it on from exactly there.
 */
export type StopReason =
  | 'completed'
  | 'interrupted'
  | 'max_turns'
  | 'model_error'
  | 'max_tokens'
  | 'refusal'
  | 'budget_exceeded'
  | 'permission_denied_stop'
  | 'spend_cap'
  /** A replay asked for an answer its recording does not have (./replay/replay-client.ts). */
  | 'recording_exhausted'
  | 'hook_stopped'
  | 'branched';

/**
 * Where a run was left at a branch point: before the request of `turn`, before call `callId`
 * runs, or before its `result` goes back to the model (the result is kept here, not in the
 * transcript, so the resumed run can still change it).
 */
export type BranchPoint =
  | { step: 'request'; turn: number }
  | { step: 'tool'; turn: number; callId: string }
  | { step: 'result'; turn: number; callId: string; result: ToolResultBlock };

/**
 * - allow_session: also remember the call's rules for this session ("Allow for this session");
 * - allow_always: also write them to the user's settings in this browser ("Always allow").
 * Both list the rules remembered once the gate has added them (one per simple command of a shell line).
 */
export type PermissionDecision =
  | { kind: 'allow_once' }
  | { kind: 'allow_session'; rules?: string[] }
  | { kind: 'allow_always'; rules?: string[] }
  | { kind: 'deny'; reason?: string; stop?: boolean };

export interface ToolCallInfo {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** The tool's own one-line description of the call (`Tool.summarize`); absent for an unknown tool or an invalid input. */
  summary?: string;
  /** The tool's category; absent for an unknown tool. */
  category?: ToolCategory;
}

/** The provider's raw stream events of one response, bounded: the first ones and the last ones, with a count of those left out between. */
export interface WireTrace {
  events: WireEvent[];
  /** How many events were left out, after the first `omittedAfter` kept ones. */
  omitted: number;
  omittedAfter: number;
}

/**
 * What came back for one attempt at a model request, for the inspector: how it ended, the
 * message as received, usage, timing, and (real providers) the raw stream events.
 */
export interface ModelResponse {
  /** 1 for the first try, then one more for each retry of the same request. */
  attempt: number;
  outcome: 'message' | 'failed' | 'interrupted';
  /** The provider's stop reason (outcome `message`). */
  stopReason?: ModelStopReason;
  /** Why the attempt failed (outcome `failed`). */
  error?: ModelError;
  /** The assembled message as received (outcome `message`; what was kept, when interrupted). */
  message?: AssistantMessage;
  /** Each tool call's input exactly as streamed (JSON text), by tool_use id. */
  rawToolInput?: Record<string, string>;
  usage?: Usage;
  /** Milliseconds from sending the request to the first streamed content, when some came. */
  firstTokenMs?: number;
  /** Milliseconds from sending the request to the end of the response. */
  totalMs: number;
  wire?: WireTrace;
}

/**
 * Where a replay went differently from its recording (./replay/replay-client.ts): a tool returned
 * something else than it did (`tool_result`), or the model would have been asked something else
 * (`request`: the messages differ, e.g. a note the recording did not have).
 */
export interface ReplayDivergence {
  /** 1-based step (model answer) whose outcome differs: the answer whose tool calls returned something else. */
  step: number;
  /** How many steps the recording holds. */
  of: number;
  kind: 'tool_result' | 'request';
  tool?: string;
  callId?: string;
  /** What the recording holds, and what the replay got (text, shortened). */
  expected: string;
  actual: string;
}

/**
 * Which parts of a model request the user changed in step mode before it was sent
 * (./step-gate.ts). An edit of the messages replaces the transcript from then on.
 */
export interface RequestEdit {
  system: boolean;
  messages: boolean;
}

/** Everything the UI and the inspector show comes from these events. */
export type AgentEvent =
  | { type: 'run_start'; runId: string; prompt: string; at: number }
  | { type: 'turn_start'; turn: number }
  /** A word about the model before it answers, e.g. that the demo model plays its script whatever was typed. */
  | { type: 'model_notice'; notice: ModelNotice }
  /**
   * `systemParts`: the system prompt as named parts (built-in, project instructions, memory), joined exactly `request.system`.
   * `stepEdit`: the user edited this request in step mode; `request` is what was sent.
   */
  | { type: 'model_request'; turn: number; request: ModelRequest; systemParts?: SystemPart[]; stepEdit?: RequestEdit }
  /** The end of one attempt at the turn's request (each retry gets its own). */
  | { type: 'model_response'; turn: number; response: ModelResponse }
  | { type: 'text_delta'; turn: number; index: number; text: string }
  | { type: 'thinking_delta'; turn: number; index: number; thinking: string }
  /** The model's answer, as appended to the transcript. */
  | { type: 'assistant_message'; turn: number; message: AssistantMessage }
  /**
   * User content appended to the transcript: the prompt (with any harness notes), a round of
   * tool results, a continuation note. Appended as `appendUserContent` does (merged into the last
   * message when that is a user message), so folding these and `assistant_message` rebuilds the
   * transcript exactly (see ./event-log.ts).
   */
  | { type: 'user_message'; message: UserMessage }
  | { type: 'tool_call'; turn: number; call: ToolCallInfo }
  | { type: 'permission_request'; callId: string; descriptor: PermissionDescriptor }
  /** `rule`: the permission rule that decided an automatic decision (absent when the mode decided). */
  | { type: 'permission_decision'; callId: string; decision: PermissionDecision; automatic: boolean; rule?: DecidingRule }
  /**
   * The call passed validation and the permission gate and its tool starts executing now.
   * `at` is wall-clock ms (Date.now), like run_start, so a UI can show a live timer.
   */
  | { type: 'tool_start'; callId: string; at: number }
  | { type: 'tool_progress'; callId: string; text: string }
  /** `editedInStep`: the user edited the result in step mode before the model saw it; `result` is what it saw. */
  | { type: 'tool_result'; callId: string; result: ToolResultBlock; durationMs: number; editedInStep?: true }
  /** `savedUsd`: what prompt caching saved on this call (cached tokens priced as fresh input), when the price is known. */
  | { type: 'usage'; turn: number; usage: Usage; costUsd?: number; savedUsd?: number }
  /** Attempt `attempt` failed; the next starts after `delayMs`. `maxAttempts`: how many tries this request gets in all. */
  | { type: 'retry'; attempt: number; maxAttempts?: number; delayMs: number; error: ModelError }
  | { type: 'error'; error: ModelError | { kind: 'internal'; message: string } }
  /** `branch`: where a run that ended `branched` waits to be resumed. */
  | { type: 'run_end'; reason: StopReason; detail?: string; at: number; branch?: BranchPoint }
  /** A run left at a branch point goes on (Session.resume); it belongs to the same prompt as before. */
  | { type: 'run_resumed'; runId: string; at: number }
  /**
   * The conversation was compacted: from here on the model sees `message` (the summary, with recently
   * read files re-attached) instead of everything before it. The log keeps the full history for the user.
   */
  | { type: 'compaction'; trigger: CompactionTrigger; tokensBefore: number; tokensAfter: number; summary: string; message: UserMessage; focus?: string; at: number }
  /** A replay's run went differently from its recording; the replay holds until the user chooses. */
  | { type: 'replay_divergence'; divergence: ReplayDivergence }
  /** One hook command ran (./hooks.ts): what it got, what it said, how it ended. */
  | { type: 'hook_run'; run: HookRunRecord }
  /** A tool stopped to ask the user (a plan to approve, questions to answer). */
  | { type: 'user_input_request'; callId: string; request: UserInputRequest }
  | { type: 'user_input_response'; callId: string; response: UserInputResponse }
  /**
   * The workspace's own tools (`.glassbox/tools/*.json`) as this run offers them, and the files
   * that could not be used. Logged at a run's start when they differ from what the conversation
   * last heard (so the chat says when a tool appears, goes or breaks).
   */
  | { type: 'workspace_tools'; tools: WorkspaceToolSummary[]; problems: WorkspaceToolProblem[] }
  /**
   * An event of a sub-agent the Agent call `callId` launched, as it happened (its own run_start …
   * run_end, requests, tool calls). Never part of the parent's transcript.
   */
  | { type: 'subagent_event'; agentId: string; callId: string; event: AgentEvent };

/** What started a compaction: the threshold, the user (`/compact`), or a provider refusing a request as too long. */
export type CompactionTrigger = 'auto' | 'manual' | 'overflow';
