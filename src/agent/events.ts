import type { AssistantMessage, ToolResultBlock, UserMessage } from '../models/messages';
import type { ModelError, ModelRequest, Usage } from '../models/port';
import type { PermissionDescriptor, ToolCategory } from '../tools/port';

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
 */
export type StopReason =
  | 'completed'
  | 'interrupted'
  | 'max_turns'
  | 'model_error'
  | 'max_tokens'
  | 'refusal'
  | 'budget_exceeded'
  | 'permission_denied_stop';

export type PermissionDecision =
  | { kind: 'allow_once' }
  | { kind: 'allow_session' }
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

/** Everything the UI and the inspector show comes from these events. */
export type AgentEvent =
  | { type: 'run_start'; runId: string; prompt: string; at: number }
  | { type: 'turn_start'; turn: number }
  | { type: 'model_request'; turn: number; request: ModelRequest }
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
  | { type: 'permission_decision'; callId: string; decision: PermissionDecision; automatic: boolean }
  /**
   * The call passed validation and the permission gate and its tool starts executing now.
   * `at` is wall-clock ms (Date.now), like run_start, so a UI can show a live timer.
   */
  | { type: 'tool_start'; callId: string; at: number }
  | { type: 'tool_progress'; callId: string; text: string }
  | { type: 'tool_result'; callId: string; result: ToolResultBlock; durationMs: number }
  | { type: 'usage'; turn: number; usage: Usage; costUsd?: number }
  | { type: 'retry'; attempt: number; delayMs: number; error: ModelError }
  | { type: 'error'; error: ModelError | { kind: 'internal'; message: string } }
  | { type: 'run_end'; reason: StopReason; detail?: string; at: number };
