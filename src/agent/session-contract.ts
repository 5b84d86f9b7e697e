import type { Message } from '../models/messages';
import type { ModelClient } from '../models/port';
import type { AgentEvent, PermissionDecision, StopReason } from './events';

/**
 * - default: read-only tools run; everything else asks.
 * - acceptEdits: file edits run without asking; shell commands still ask.
 * - plan: read-only tools only; others are refused with an explanation to the model.
 * - bypass: nothing asks.
 */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypass';

/** What the UI drives. Implemented by `Session` in ./session.ts. */
export interface SessionApi {
  readonly messages: readonly Message[];
  readonly running: boolean;
  readonly permissionMode: PermissionMode;
  readonly model: ModelClient;
  /** Listen to every event of every run; returns an unsubscribe function. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Run the agent on a user prompt until it stops; resolves with the reason. Rejects if a run is already going. */
  send(prompt: string): Promise<StopReason>;
  /** Stop the current run (Esc / Stop button). The transcript stays valid. */
  interrupt(): void;
  /** Answer a pending `permission_request`. */
  decidePermission(callId: string, decision: PermissionDecision): void;
  setPermissionMode(mode: PermissionMode): void;
  setModel(model: ModelClient): void;
  /** Forget the transcript (new conversation). */
  reset(): void;
}
