/**
 * Step mode's port: the loop awaits `beforeRequest` just before each model request is sent, and the
 * tool round awaits `beforeTool` before a call runs and `afterTool` before its result goes back to
 * the model. Whoever implements it (./step-controller.ts for the app) may hold the run there and
 * hand back an edited request or result. Every wait ends when the run's signal fires (Stop works
 * while paused): the gate then resolves with undefined / false.
 */
import type { ToolResultBlock } from '../models/messages';
import type { ModelRequest } from '../models/port';
import type { RequestEdit, ToolCallInfo } from './events';

/** What goes on after a pause: the value (maybe edited) and whether the user changed it. */
export interface Stepped<T> {
  value: T;
  edited: boolean;
}

export interface StepGate {
  /** The request to send instead (or the same one); undefined when the run was stopped while paused. */
  beforeRequest(turn: number, request: ModelRequest, signal: AbortSignal): Promise<Stepped<ModelRequest> | undefined>;
  /** Whether the call may run now; false when the run was stopped while paused. */
  beforeTool(call: ToolCallInfo, signal: AbortSignal): Promise<boolean>;
  /** The result the model gets (or the same one); undefined when the run was stopped while paused. */
  afterTool(call: ToolCallInfo, result: ToolResultBlock, signal: AbortSignal): Promise<Stepped<ToolResultBlock> | undefined>;
  /** The gate a sub-agent's loop passes, its pauses marked as that agent's; absent, sub-agents run through. */
  forAgent?(agent: string): StepGate;
}

/** Compare the request as built with the one sent: what did the user change? */
export function requestEdit(original: ModelRequest, sent: ModelRequest): RequestEdit {
  return {
    system: original.system !== sent.system,
    messages: JSON.stringify(original.messages) !== JSON.stringify(sent.messages),
  };
}

/** A gate that reads its implementation at each call, so step mode can be turned on during a run. */
export function liveStepGate(current: () => StepGate | undefined): StepGate {
  return {
    beforeRequest: (turn, request, signal) => current()?.beforeRequest(turn, request, signal) ?? Promise.resolve({ value: request, edited: false }),
    beforeTool: (call, signal) => current()?.beforeTool(call, signal) ?? Promise.resolve(!signal.aborted),
    afterTool: (call, result, signal) => current()?.afterTool(call, result, signal) ?? Promise.resolve({ value: result, edited: false }),
    forAgent: (agent) => liveStepGate(() => current()?.forAgent?.(agent)),
  };
}
