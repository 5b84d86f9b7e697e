import { z } from 'zod';
import { runAgentLoop, type AgentLoopConfig, type AgentLoopResult } from '../../../src/agent/loop';
import type { AgentEvent, PermissionDecision } from '../../../src/agent/events';
import type { Message } from '../../../src/models/messages';
import type { ModelClient, ModelEvent, ModelRequest } from '../../../src/models/port';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import type { Sandbox } from '../../../src/sandbox/port';
import type { AnyTool, ToolCategory, ToolContext, ToolResult } from '../../../src/tools/port';

/** A sandbox stand-in for loop tests: fake tools never touch it, the gate only reads `root`. */
export function stubSandbox(): Sandbox {
  const unused = (): never => {
    throw new Error('the stub sandbox has no filesystem');
  };
  return {
    kind: 'offline',
    root: '/workspace',
    capabilities: { node: false, npm: false, preview: false, watch: false },
    describe: () => ({
      label: 'Stub sandbox',
      name: 'the stub sandbox',
      summary: 'Nothing runs; tests only.',
      environment: ['- Sandbox: a stub for tests, with no files and no commands.'],
      capabilities: { node: false, npm: false, preview: false, watch: false },
    }),
    fs: {
      readText: unused,
      readBytes: unused,
      write: unused,
      list: unused,
      stat: unused,
      lstat: unused,
      readlink: unused,
      exists: unused,
      mkdir: unused,
      rm: unused,
      rename: unused,
    },
    exec: unused,
    openShell: unused,
    snapshot: unused,
    restore: unused,
    dispose: async () => undefined,
  };
}

export interface FakeToolOptions {
  name: string;
  readOnly?: boolean;
  /** Defaults to `read-only` for a read-only tool, else `other`. */
  category?: ToolCategory;
  concurrencySafe?: boolean;
  schema?: z.ZodType;
  run?: (input: Record<string, unknown>, context: ToolContext) => Promise<ToolResult> | ToolResult;
}

/** A tool with a `{ value: string }` input (by default) that echoes its input. */
export function fakeTool(options: FakeToolOptions): AnyTool {
  const run = options.run ?? ((input) => ({ content: `${options.name}: ${JSON.stringify(input)}` }));
  return {
    name: options.name,
    description: `The ${options.name} test tool.`,
    inputSchema: options.schema ?? z.object({ value: z.string() }),
    readOnly: options.readOnly ?? false,
    category: options.category ?? (options.readOnly === true ? 'read-only' : 'other'),
    concurrencySafe: options.concurrencySafe ?? false,
    permission: (input: Record<string, unknown>) => ({
      title: `${options.name} ${JSON.stringify(input)}`,
      ruleKey: `${options.name}(${String(input.value ?? '')})`,
    }),
    summarize: (input: Record<string, unknown>) => `${options.name} of ${String(input.value ?? '')}`,
    run: async (input: Record<string, unknown>, context: ToolContext) => run(input, context),
  };
}

/** A model client that plays fixed event lists, one per call, recording each request. */
export class EventListClient implements ModelClient {
  readonly provider = 'fake';
  readonly label = 'Fake events';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly calls: Array<ModelEvent[] | ((signal: AbortSignal) => AsyncIterable<ModelEvent>)>) {}

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    this.requests.push(request);
    const call = this.calls[this.requests.length - 1];
    if (call === undefined) throw new Error(`no scripted call #${this.requests.length}`);
    if (typeof call === 'function') {
      yield* call(signal);
      return;
    }
    for (const event of call) yield event;
  }
}

/** The events of a short text answer. */
export function textAnswer(text: string, reason: 'end_turn' | 'max_tokens' | 'refusal' = 'end_turn'): ModelEvent[] {
  return [
    { type: 'message_start' },
    { type: 'text_start', index: 0 },
    { type: 'text_delta', index: 0, text },
    { type: 'block_end', index: 0 },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } },
    { type: 'stop', reason },
  ];
}

export function userPrompt(text: string): Message[] {
  return [{ role: 'user', content: text }];
}

export interface LoopRun extends AgentLoopResult {
  events: AgentEvent[];
}

/** Run the loop with sensible test defaults; collects every event. */
export async function runLoop(
  overrides: Partial<AgentLoopConfig> & { script?: ScriptStep[] },
): Promise<LoopRun> {
  const events: AgentEvent[] = [];
  const { script, ...rest } = overrides;
  const config: AgentLoopConfig = {
    model: new ScriptedModelClient({ script: script ?? [] }),
    modelId: 'test-model',
    systemPrompt: 'You are a test.',
    messages: userPrompt('Go'),
    tools: [],
    sandbox: stubSandbox(),
    readLedger: new Map(),
    signal: new AbortController().signal,
    askPermission: async (): Promise<PermissionDecision> => ({ kind: 'allow_once' }),
    permissionMode: 'bypass',
    ...rest,
    // No real waits between retries; a test's own retry policy replaces this one.
    settings: { retry: { sleep: async () => undefined, random: () => 0.5 }, ...rest.settings },
  };
  const result = await runAgentLoop(config, (event) => events.push(event));
  return { ...result, events };
}

export function eventsOf<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

/** The text of a tool result's content. */
export function resultTextOf(content: string | Array<{ type: string; text?: string }>): string {
  return typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');
}

/** Resolves when `predicate` first holds for an emitted event; pair with a listener that calls `check`. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
