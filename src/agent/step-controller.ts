/**
 * Step mode itself (the StepGate of ./step-gate.ts the app plugs into the session): when on, each
 * model request and each tool call waits here until the user presses Next (with or without an
 * edit) or Continue (step mode off: this and every later step goes on at once). Steps that arrive
 * together (read-only calls run in parallel) wait in a queue and are shown one at a time.
 */
import type { ToolResultBlock } from '../models/messages';
import type { ModelRequest } from '../models/port';
import type { ToolCallInfo } from './events';
import type { StepGate, Stepped } from './step-gate';

/** What the run is paused before; `agent` names the sub-agent whose step it is (absent: the main run's). */
export type StepPause = (
  | { kind: 'request'; turn: number; request: ModelRequest }
  | { kind: 'tool'; call: ToolCallInfo }
  | { kind: 'result'; call: ToolCallInfo; result: ToolResultBlock }
) & { agent?: string };

export interface StepState {
  enabled: boolean;
  /** The step shown now (the first waiting), or null when nothing waits. */
  pause: StepPause | null;
}

interface Waiting {
  pause: StepPause;
  /** Go on: with the edited request / result, or as it was. */
  release: (edit: ModelRequest | ToolResultBlock | undefined) => void;
}

export class StepController implements StepGate {
  private enabled: boolean;
  private queue: Waiting[] = [];
  private readonly listeners = new Set<(state: StepState) => void>();

  constructor(options: { enabled?: boolean } = {}) {
    this.enabled = options.enabled ?? false;
  }

  get state(): StepState {
    return { enabled: this.enabled, pause: this.queue[0]?.pause ?? null };
  }

  onChange(listener: (state: StepState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Turn step mode on or off; off lets every waiting step go on unchanged. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.releaseAll();
    this.changed();
  }

  /** Send / run the step shown now; `edit` replaces its request or result (a request pause takes a request, a result pause a result). */
  next(edit?: ModelRequest | ToolResultBlock): void {
    const head = this.queue.shift();
    if (!head) return;
    head.release(edit);
    this.changed();
  }

  /** Leave step mode: the step shown goes on (with `edit`, if given), and so does the rest of the run. */
  continue(edit?: ModelRequest | ToolResultBlock): void {
    this.enabled = false;
    this.next(edit);
    this.releaseAll();
    this.changed();
  }

  beforeRequest(turn: number, request: ModelRequest, signal: AbortSignal): Promise<Stepped<ModelRequest> | undefined> {
    return this.holdRequest(turn, request, signal, {});
  }

  beforeTool(call: ToolCallInfo, signal: AbortSignal): Promise<boolean> {
    return this.holdTool(call, signal, {});
  }

  afterTool(call: ToolCallInfo, result: ToolResultBlock, signal: AbortSignal): Promise<Stepped<ToolResultBlock> | undefined> {
    return this.holdResult(call, result, signal, {});
  }

  /** A sub-agent's steps pause here too, each marked as that agent's. */
  forAgent(agent: string): StepGate {
    const whose = { agent };
    return {
      beforeRequest: (turn, request, signal) => this.holdRequest(turn, request, signal, whose),
      beforeTool: (call, signal) => this.holdTool(call, signal, whose),
      afterTool: (call, result, signal) => this.holdResult(call, result, signal, whose),
      forAgent: (nested) => this.forAgent(nested),
    };
  }

  private async holdRequest(turn: number, request: ModelRequest, signal: AbortSignal, whose: { agent?: string }): Promise<Stepped<ModelRequest> | undefined> {
    if (!this.enabled) return { value: request, edited: false };
    const edit = await this.wait({ kind: 'request', turn, request, ...whose }, signal);
    if (edit === ABORTED) return undefined;
    return edit === undefined || !isRequest(edit) || sameJson(edit, request) ? { value: request, edited: false } : { value: edit, edited: true };
  }

  private async holdTool(call: ToolCallInfo, signal: AbortSignal, whose: { agent?: string }): Promise<boolean> {
    if (!this.enabled) return !signal.aborted;
    return (await this.wait({ kind: 'tool', call, ...whose }, signal)) !== ABORTED;
  }

  private async holdResult(call: ToolCallInfo, result: ToolResultBlock, signal: AbortSignal, whose: { agent?: string }): Promise<Stepped<ToolResultBlock> | undefined> {
    if (!this.enabled) return { value: result, edited: false };
    const edit = await this.wait({ kind: 'result', call, result, ...whose }, signal);
    if (edit === ABORTED) return undefined;
    return edit === undefined || isRequest(edit) || sameJson(edit, result) ? { value: result, edited: false } : { value: { ...edit, tool_use_id: result.tool_use_id }, edited: true };
  }

  private wait(pause: StepPause, signal: AbortSignal): Promise<ModelRequest | ToolResultBlock | undefined | typeof ABORTED> {
    if (signal.aborted) return Promise.resolve(ABORTED);
    return new Promise((resolve) => {
      const waiting: Waiting = {
        pause,
        release: (edit) => {
          signal.removeEventListener('abort', onAbort);
          resolve(edit);
        },
      };
      const onAbort = (): void => {
        this.queue = this.queue.filter((other) => other !== waiting);
        this.changed();
        resolve(ABORTED);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiting);
      this.changed();
    });
  }

  private releaseAll(): void {
    const waiting = this.queue;
    this.queue = [];
    for (const step of waiting) step.release(undefined);
  }

  private changed(): void {
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}

const ABORTED = Symbol('aborted');

function isRequest(value: ModelRequest | ToolResultBlock): value is ModelRequest {
  return 'messages' in value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
