import type { ImageBlock, TextBlock, ToolResultBlock, ToolUseBlock } from '../models/messages';
import type { Sandbox } from '../sandbox/port';
import { truncateMiddle } from '../tools/truncate';
import type { AnyTool, FileReadRecord, PermissionDescriptor, SubagentRequest, ToolContext, ToolResult } from '../tools/port';
import { ToolError } from '../tools/port';
import type { AgentEvent, PermissionDecision, ToolCallInfo } from './events';
import { errorMessage } from './error-message';
import { gatherCallFacts, type CallFacts } from './call-facts';
import { decidePermission, rulesToRemember } from './permissions';
import type { PermissionRuleBook } from './permission-rule-book';
import { toolCallInfo } from './tool-call-info';
import type { RunSettings } from './run-settings';
import type { PermissionMode } from './session-contract';
import { prepareToolCall, type PreparedCall } from './tool-input';
import { errorResult } from './transcript';
import type { HookBook } from './hooks';
import { postToolUse, preToolUse, withHookPermission } from './tool-hooks';
import type { UserInputRequest, UserInputResponse } from '../tools/user-input';
import type { StepGate } from './step-gate';

export const INTERRUPTED_RESULT = 'Interrupted by the user';

/** The permission gate: asks the user about one call. */
export type AskPermission = (
  call: ToolCallInfo,
  tool: AnyTool,
  descriptor: PermissionDescriptor,
) => Promise<PermissionDecision>;

export interface ToolRoundOptions {
  turn: number;
  toolUses: readonly ToolUseBlock[];
  toolsByName: ReadonlyMap<string, AnyTool>;
  /** The message was cut off by max_tokens: malformed JSON is explained as a cut-off. */
  cutOffByMaxTokens: boolean;
  sandbox: Sandbox;
  readLedger: Map<string, FileReadRecord>;
  /** Notes attached to file reads (see ToolContext.notesForRead). */
  notesForRead?: (path: string) => Promise<string | undefined>;
  signal: AbortSignal;
  permissionMode: () => PermissionMode;
  /** Every rule in force; "Allow for this session" and "Always allow" add to it. */
  permissionRules: PermissionRuleBook;
  askPermission: AskPermission;
  /** The run's settings; the round uses `truncateLimit` (characters kept of each result). */
  settings: Pick<RunSettings, 'truncateLimit'>;
  emit: (event: AgentEvent) => void;
  now: () => number;
  /** The hooks in force (PreToolUse, PostToolUse); none when absent. */
  hooks?: HookBook;
  /** Shows a tool's question to the user and waits (AskUserQuestion, ExitPlanMode); absent where nobody answers. */
  askUser?: (callId: string, request: UserInputRequest) => Promise<UserInputResponse>;
  /** Runs a sub-agent for an Agent call (handed to tools through their context). */
  runSubagent?: (callId: string, request: SubagentRequest) => Promise<ToolResult>;
  /** Step mode: holds each call before it runs, and its result before the model sees it (./step-gate.ts). */
  stepGate?: StepGate;
}

export interface ToolRoundOutcome {
  /** One result per tool_use, in the order the model asked. */
  results: ToolResultBlock[];
  /** Set when the round ended the run. */
  stop?: 'interrupted' | 'permission_denied_stop' | 'hook_stopped';
  /** Why a hook stopped the run (`continue: false`). */
  hookStop?: string;
}

/** Marker for "the abort signal won the race". */
const ABORTED = Symbol('aborted');

/** Resolve with the promise, or with ABORTED as soon as the signal fires (the promise may go on, ignored). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A tool that may run alongside its neighbours: it cannot change anything and says it is safe. */
function runsInParallel(prepared: PreparedCall | undefined): boolean {
  return prepared !== undefined && prepared.ok && prepared.tool.readOnly && prepared.tool.concurrencySafe;
}

type GateOutcome = { kind: 'run'; input: unknown; hookStop?: string } | { kind: 'refused'; message: string; stopRun: boolean; hookStop?: string } | { kind: 'interrupted' };

/**
 * Runs the tool calls of one assistant message: validate each, pass it through the
 * permission gate, execute it, and answer every call — also those never run — so the
 * transcript stays valid whatever happens. Consecutive read-only, concurrency-safe
 * calls run together; every other call runs alone, in order.
 */
export async function runToolRound(options: ToolRoundOptions): Promise<ToolRoundOutcome> {
  const { toolUses, emit, signal } = options;
  const results: ToolResultBlock[] = new Array<ToolResultBlock>(toolUses.length);
  const calls: ToolCallInfo[] = [];
  const prepared = toolUses.map((block) => {
    const call = prepareToolCall(block, options.toolsByName, options.cutOffByMaxTokens);
    const info = toolCallInfo(block, options.toolsByName.get(block.name), call, options.sandbox.root);
    calls.push(info);
    emit({ type: 'tool_call', turn: options.turn, call: info });
    return call;
  });

  const settle = (index: number, result: ToolResultBlock, durationMs: number, editedInStep?: boolean): void => {
    results[index] = result;
    emit({ type: 'tool_result', callId: result.tool_use_id, result, durationMs, ...(editedInStep === true ? { editedInStep: true as const } : {}) });
  };
  const refuse = (index: number, message: string): void => {
    settle(index, errorResult(toolUses[index]!.id, truncateMiddle(message, options.settings.truncateLimit)), 0);
  };

  let stop: ToolRoundOutcome['stop'];
  let hookStop: string | undefined;
  let index = 0;
  while (index < toolUses.length) {
    const block = toolUses[index]!;
    const call = prepared[index]!;
    if (stop !== undefined || signal.aborted) {
      stop ??= 'interrupted';
      refuse(index, stop === 'interrupted' ? INTERRUPTED_RESULT : 'Not run: the user stopped the run.');
      index++;
      continue;
    }
    if (!call.ok) {
      refuse(index, call.message);
      index++;
      continue;
    }
    if (runsInParallel(call)) {
      let end = index + 1;
      while (end < toolUses.length && runsInParallel(prepared[end])) end++;
      // Each member passes the gate first, in order (a deny or ask rule may cover a read);
      // those let through then run together.
      const batch: Promise<void>[] = [];
      for (let member = index; member < end; member++) {
        const memberCall = prepared[member] as Extract<PreparedCall, { ok: true }>;
        const gate = stop === undefined && !signal.aborted ? await passGate(options, toolUses[member]!, calls[member]!, memberCall.tool, memberCall.input) : ({ kind: 'interrupted' } as const);
        if (gate.kind === 'interrupted') {
          stop ??= 'interrupted';
          refuse(member, stop === 'interrupted' ? INTERRUPTED_RESULT : 'Not run: the user stopped the run.');
          continue;
        }
        if (gate.hookStop !== undefined) hookStop ??= gate.hookStop;
        if (gate.kind === 'refused') {
          refuse(member, gate.message);
          if (gate.stopRun) stop = 'permission_denied_stop';
          continue;
        }
        batch.push(
          execute(options, toolUses[member]!, calls[member]!, memberCall.tool, gate.input).then((r) => {
            if (r.hookStop !== undefined) hookStop ??= r.hookStop;
            settle(member, r.result, r.durationMs, r.editedInStep);
          }),
        );
      }
      await Promise.all(batch);
      index = end;
      continue;
    }
    const gate = await passGate(options, block, calls[index]!, call.tool, call.input);
    if (gate.kind === 'interrupted') {
      stop = 'interrupted';
      continue; // answered as interrupted at the top of the loop
    }
    if (gate.hookStop !== undefined) hookStop ??= gate.hookStop;
    if (gate.kind === 'refused') {
      refuse(index, gate.message);
      if (gate.stopRun) stop = 'permission_denied_stop';
      index++;
      continue;
    }
    const { result, durationMs, hookStop: stopAfter, editedInStep } = await execute(options, block, calls[index]!, call.tool, gate.input);
    if (stopAfter !== undefined) hookStop ??= stopAfter;
    settle(index, result, durationMs, editedInStep);
    index++;
  }
  if (signal.aborted) stop ??= 'interrupted';
  // A hook's `continue: false` ends the run once this round is answered.
  if (stop === undefined && hookStop !== undefined) return { results, stop: 'hook_stopped', hookStop };
  return stop === undefined ? { results } : { results, stop };
}

async function passGate(options: ToolRoundOptions, block: ToolUseBlock, call: ToolCallInfo, tool: AnyTool, proposed: unknown): Promise<GateOutcome> {
  const { emit, signal } = options;
  const verdict = await preToolUse(options, block, tool, proposed);
  if (signal.aborted) return { kind: 'interrupted' };
  const hookStop = verdict.stop === undefined ? {} : { hookStop: verdict.stop };
  if (verdict.kind === 'refused') {
    emit({ type: 'permission_decision', callId: block.id, decision: { kind: 'deny', reason: verdict.message }, automatic: true });
    return { kind: 'refused', message: verdict.message, stopRun: false, ...hookStop };
  }
  const input = verdict.input;
  const gate = await passPermission(options, block, call, tool, input, verdict.permission);
  return gate.kind === 'interrupted' ? gate : { ...gate, ...hookStop };
}

async function passPermission(options: ToolRoundOptions, block: ToolUseBlock, call: ToolCallInfo, tool: AnyTool, input: unknown, hookPermission?: Parameters<typeof withHookPermission>[1]): Promise<GateOutcome> {
  const { emit, signal } = options;
  let descriptor: PermissionDescriptor;
  try {
    descriptor = tool.permission(input, { root: options.sandbox.root });
  } catch (error) {
    return { kind: 'refused', message: `${tool.name} could not describe this call: ${errorMessage(error)}`, stopRun: false };
  }
  // Parsing the command or resolving the path may load the parser or read the filesystem.
  let facts: CallFacts;
  try {
    const gathered = await raceAbort(gatherCallFacts(tool, descriptor, options.sandbox), signal);
    if (gathered === ABORTED) return { kind: 'interrupted' };
    facts = gathered;
  } catch (error) {
    return { kind: 'refused', message: `${tool.name} could not be checked against the permission rules: ${errorMessage(error)}`, stopRun: false };
  }
  const outcome = withHookPermission(decidePermission(options.permissionRules.all(), options.permissionMode(), facts), hookPermission);
  const rule = outcome.by.kind === 'rule' ? outcome.by.rule : undefined;
  const decidingRule = rule === undefined ? {} : { rule: { rule: rule.rule, behavior: rule.behavior, source: rule.source, ...(rule.file === undefined ? {} : { file: rule.file }) } };
  if (outcome.behavior === 'allow') {
    // A read-only call the mode lets through was never in question: nothing to show.
    if (!tool.readOnly || rule !== undefined) emit({ type: 'permission_decision', callId: block.id, decision: { kind: 'allow_once' }, automatic: true, ...decidingRule });
    return { kind: 'run', input };
  }
  if (outcome.behavior === 'deny') {
    emit({ type: 'permission_decision', callId: block.id, decision: { kind: 'deny', reason: outcome.message }, automatic: true, ...decidingRule });
    return { kind: 'refused', message: outcome.message, stopRun: false };
  }
  if (tool.describePermission) {
    // A richer prompt (e.g. a diff against the file on disk); the rule key stays the sync one's.
    try {
      const rich = await raceAbort(tool.describePermission(input, toolContext(options, block.id)), signal);
      if (rich === ABORTED) return { kind: 'interrupted' };
      descriptor = { ...rich, ruleKey: descriptor.ruleKey, ...(descriptor.subject === undefined ? {} : { subject: descriptor.subject }) };
    } catch {
      // keep the plain descriptor
    }
  }
  // Ask first, then announce: a listener may answer synchronously from inside the event.
  const pending = options.askPermission(call, tool, descriptor);
  emit({ type: 'permission_request', callId: block.id, descriptor });
  let answer: PermissionDecision | typeof ABORTED;
  try {
    answer = await raceAbort(pending, signal);
  } catch (error) {
    answer = { kind: 'deny', reason: `the permission prompt failed (${errorMessage(error)})` };
  }
  if (answer === ABORTED || signal.aborted) return { kind: 'interrupted' };
  let decision: PermissionDecision = answer;
  if (decision.kind === 'allow_session' || decision.kind === 'allow_always') {
    // Remembered before the event, so the log says exactly which rules were added.
    const rules = rulesToRemember(facts);
    options.permissionRules.add(decision.kind === 'allow_session' ? 'session' : 'user', 'allow', rules);
    decision = { kind: decision.kind, rules };
  }
  emit({ type: 'permission_decision', callId: block.id, decision, automatic: false });
  switch (decision.kind) {
    case 'allow_session':
    case 'allow_always':
      return { kind: 'run', input };
    case 'allow_once':
      return { kind: 'run', input };
    case 'deny': {
      const reason = decision.reason?.trim();
      const message = reason ? `The user denied this: ${reason}` : 'The user denied this.';
      return { kind: 'refused', message, stopRun: decision.stop === true };
    }
  }
}

function toolContext(options: ToolRoundOptions, callId: string): ToolContext {
  const { runSubagent } = options;
  return {
    sandbox: options.sandbox,
    signal: options.signal,
    readLedger: options.readLedger,
    onProgress: (text) => options.emit({ type: 'tool_progress', callId, text }),
    ...(options.notesForRead ? { notesForRead: options.notesForRead } : {}),
    ...(options.askUser === undefined ? {} : { askUser: (request: UserInputRequest) => askUserFor(options, callId, request) }),
    ...(runSubagent === undefined ? {} : { runSubagent: (request: SubagentRequest) => runSubagent(callId, request) }),
  };
}

/** Announces the question, waits for the answer (or the interruption), and logs the answer. */
async function askUserFor(options: ToolRoundOptions, callId: string, request: UserInputRequest): Promise<UserInputResponse> {
  const ask = options.askUser;
  if (ask === undefined) return { kind: 'cancelled' };
  // Ask first, then announce: a listener may answer synchronously from inside the event.
  const pending = ask(callId, request);
  options.emit({ type: 'user_input_request', callId, request });
  const answer = await raceAbort(pending, options.signal);
  const response: UserInputResponse = answer === ABORTED ? { kind: 'cancelled' } : answer;
  options.emit({ type: 'user_input_response', callId, response });
  return response;
}

async function execute(
  options: ToolRoundOptions,
  block: ToolUseBlock,
  call: ToolCallInfo,
  tool: AnyTool,
  input: unknown,
): Promise<{ result: ToolResultBlock; durationMs: number; hookStop?: string; editedInStep?: boolean }> {
  const step = options.stepGate;
  if (step && !(await step.beforeTool(call, options.signal))) return { result: errorResult(block.id, INTERRUPTED_RESULT), durationMs: 0 };
  // Announced here, after validation and the gate, so a UI marks exactly the calls that run.
  options.emit({ type: 'tool_start', callId: block.id, at: Date.now() });
  const started = options.now();
  let result: ToolResultBlock;
  try {
    const outcome = await raceAbort(tool.run(input, toolContext(options, block.id)), options.signal);
    result =
      outcome === ABORTED
        ? errorResult(block.id, INTERRUPTED_RESULT)
        : toResultBlock(block.id, outcome, options.settings.truncateLimit);
  } catch (error) {
    const message = error instanceof ToolError ? error.message : `${tool.name} failed: ${errorMessage(error)}`;
    result = errorResult(block.id, truncateMiddle(message, options.settings.truncateLimit));
  }
  const durationMs = options.now() - started;
  if (options.signal.aborted) return { result, durationMs };
  const after = await postToolUse(options, block, tool, input, result);
  const hookStop = after.stop === undefined ? {} : { hookStop: after.stop };
  if (!step || options.signal.aborted) return { result: after.result, durationMs, ...hookStop };
  // Step mode: the result as the model would get it, editable before it does.
  const stepped = await step.afterTool(call, after.result, options.signal);
  if (stepped === undefined) return { result: after.result, durationMs, ...hookStop };
  return { result: stepped.value, durationMs, ...hookStop, ...(stepped.edited ? { editedInStep: true } : {}) };
}

function toResultBlock(toolUseId: string, result: ToolResult, limit: number): ToolResultBlock {
  const content = truncateContent(result.content, limit);
  const block: ToolResultBlock = { type: 'tool_result', tool_use_id: toolUseId, content };
  if (result.isError) block.is_error = true;
  return block;
}

/** Truncate every text part; an empty result says so (providers reject empty text blocks). */
function truncateContent(content: ToolResult['content'], limit: number): ToolResultBlock['content'] {
  if (typeof content === 'string') return content === '' ? '(no output)' : truncateMiddle(content, limit);
  const parts: Array<TextBlock | ImageBlock> = [];
  for (const part of content) {
    if (part.type === 'image') parts.push(part);
    else if (part.text !== '') parts.push({ type: 'text', text: truncateMiddle(part.text, limit) });
  }
  return parts.length > 0 ? parts : '(no output)';
}
