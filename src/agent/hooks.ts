/**
 * Running hooks: each configured command whose matcher fits runs in the sandbox with the event
 * as JSON on its stdin and a timeout, as in Claude Code. Exit code 2 blocks (stderr is the
 * reason); another non-zero code is reported and does not block; JSON on stdout can decide
 * (`decision`, `continue`, `hookSpecificOutput.permissionDecision`, `updatedInput`,
 * `additionalContext`). Every run is an AgentEvent (`hook_run`). A hook that hangs or crashes is
 * reported and never holds the run up past its timeout.
 */
import type { Sandbox } from '../sandbox/port';
import { withStdin } from '../sandbox/piped-stdin';
import { errorMessage } from './error-message';
import type { AgentEvent } from './events';
import { hookMatches, type ConfiguredHook, type HookEventName, type HookFile } from './hook-config';
import type { HookRunRecord } from './hook-events';
import type { PermissionMode } from './session-contract';

/** The event's own fields (tool_name, tool_input, prompt, source…); the common ones are added. */
export type HookInput = Record<string, unknown>;

export interface HookRunContext {
  sandbox: Sandbox;
  emit: (event: AgentEvent) => void;
  signal?: AbortSignal;
  permissionMode?: PermissionMode;
  /** The tool call the hooks run for (PreToolUse, PostToolUse). */
  callId?: string;
}

/** What the hooks of one event decided together. */
export interface HookOutcome {
  /** Exit 2 or `decision: "block"` / a deny: the reason (stderr or the hook's words). */
  block?: string;
  /** PreToolUse: the strongest permission decision (deny > ask > allow) and its reason. */
  permission?: { decision: 'allow' | 'deny' | 'ask'; reason?: string };
  /** PreToolUse: the tool input a hook replaced. */
  updatedInput?: Record<string, unknown>;
  /** Text for the model (additionalContext; UserPromptSubmit and SessionStart: plain stdout too). */
  context: string[];
  /** `continue: false`: the run should stop, with this reason. */
  stop?: string;
  /** How many hooks ran. */
  ran: number;
}

/** Stdout kept of a hook, and what the model gets of its words at most. */
const OUTPUT_LIMIT = 10_000;
/** Events whose plain stdout on exit 0 becomes context for the model (as in Claude Code). */
const STDOUT_IS_CONTEXT: ReadonlySet<HookEventName> = new Set(['UserPromptSubmit', 'SessionStart']);

/** What a hook matches on for each event: the tool, the session start's source, the compaction's trigger. */
function matchTarget(event: HookEventName, input: HookInput): string | undefined {
  const key = event === 'PreToolUse' || event === 'PostToolUse' ? 'tool_name' : event === 'SessionStart' ? 'source' : event === 'PreCompact' ? 'trigger' : undefined;
  const value = key === undefined ? undefined : input[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The hooks a session knows (from the workspace settings files), their last runs, and the
 * function that runs them. The Hooks view reads `files` and `lastRun`; listeners hear changes.
 */
export class HookBook {
  private loaded: HookFile[] = [];
  private readonly last = new Map<string, HookRunRecord>();
  private readonly listeners = new Set<() => void>();
  readonly sessionId: string;

  constructor(sessionId = `glassbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`) {
    this.sessionId = sessionId;
  }

  get files(): readonly HookFile[] {
    return this.loaded;
  }

  setFiles(files: readonly HookFile[]): void {
    this.loaded = files.map((file) => ({ ...file, hooks: [...file.hooks], problems: [...file.problems] }));
    this.changed();
  }

  /** Every hook in force, in file order. */
  all(): ConfiguredHook[] {
    return this.loaded.flatMap((file) => file.hooks);
  }

  /** The hooks that would run for this event and input. */
  matching(event: HookEventName, input: HookInput = {}): ConfiguredHook[] {
    const target = matchTarget(event, input);
    return this.all().filter((hook) => hook.event === event && hookMatches(hook.matcher, target));
  }

  lastRun(hook: ConfiguredHook): HookRunRecord | undefined {
    return this.last.get(hook.id);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Runs the event's matching hooks one after another and combines what they decided. */
  async run(event: HookEventName, input: HookInput, context: HookRunContext): Promise<HookOutcome> {
    const hooks = this.matching(event, input);
    const outcome: HookOutcome = { context: [], ran: 0 };
    if (hooks.length === 0) return outcome;
    const payload = {
      session_id: this.sessionId,
      transcript_path: '',
      cwd: context.sandbox.root,
      permission_mode: context.permissionMode ?? 'default',
      hook_event_name: event,
      ...input,
    };
    const json = JSON.stringify(payload);
    for (const hook of hooks) {
      if (context.signal?.aborted) break;
      const record = await runHookCommand(hook, json, context, event, input);
      outcome.ran += 1;
      this.last.set(hook.id, record.record);
      context.emit({ type: 'hook_run', run: record.record });
      combine(outcome, record, event);
    }
    this.changed();
    return outcome;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What one hook said, parsed. */
interface HookResult {
  record: HookRunRecord;
  block?: string;
  permission?: { decision: 'allow' | 'deny' | 'ask'; reason?: string };
  updatedInput?: Record<string, unknown>;
  context?: string;
  stop?: string;
}

const PERMISSION_RANK = { allow: 1, ask: 2, deny: 3 } as const;

function combine(outcome: HookOutcome, result: HookResult, event: HookEventName): void {
  if (result.block !== undefined) outcome.block = outcome.block === undefined ? result.block : `${outcome.block}\n${result.block}`;
  if (result.permission && (!outcome.permission || PERMISSION_RANK[result.permission.decision] > PERMISSION_RANK[outcome.permission.decision])) {
    outcome.permission = result.permission;
  }
  if (result.updatedInput !== undefined && event === 'PreToolUse') outcome.updatedInput = result.updatedInput;
  if (result.context !== undefined && result.context.trim() !== '') outcome.context.push(result.context.trim());
  if (result.stop !== undefined) outcome.stop ??= result.stop;
}

/** `'…'` for the shell; it lives with the stdin piping it serves. */
export { shellQuote } from '../sandbox/piped-stdin';

/** The script that feeds the event to the command's stdin (see ../sandbox/piped-stdin.ts). */
export function hookScript(command: string, json: string): string {
  return withStdin(command, json);
}

async function runHookCommand(hook: ConfiguredHook, json: string, context: HookRunContext, event: HookEventName, input: HookInput): Promise<HookResult> {
  const started = Date.now();
  const toolName = typeof input.tool_name === 'string' ? input.tool_name : undefined;
  const base = {
    event,
    command: hook.command,
    file: hook.file,
    matcher: hook.matcher,
    ...(context.callId === undefined ? {} : { callId: context.callId }),
    ...(toolName === undefined ? {} : { toolName }),
    input: json,
  };
  const timeoutMs = hook.timeoutSeconds * 1000;
  let exec;
  try {
    exec = await withDeadline(
      context.sandbox.exec(hookScript(hook.command, json), {
        cwd: context.sandbox.root,
        env: { CLAUDE_PROJECT_DIR: context.sandbox.root, GLASSBOX_PROJECT_DIR: context.sandbox.root },
        timeoutMs,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      }),
      // A sandbox that ignores its own timeout must not hold the run: a little grace, then give up.
      timeoutMs + 2000,
    );
  } catch (error) {
    const reason = `The hook could not run: ${errorMessage(error)}`;
    return { record: { ...base, stdout: '', stderr: '', exitCode: null, durationMs: Date.now() - started, outcome: 'error', reason } };
  }
  const durationMs = Date.now() - started;
  if (exec === 'deadline' || exec.timedOut) {
    const partial = exec === 'deadline' ? { stdout: '', stderr: '' } : { stdout: clip(exec.stdout), stderr: clip(exec.stderr) };
    return { record: { ...base, ...partial, exitCode: null, durationMs, outcome: 'timeout', reason: `Timed out after ${hook.timeoutSeconds} s and was stopped; the run went on without it.` } };
  }
  const stdout = clip(exec.stdout);
  const stderr = clip(exec.stderr);
  const record: HookRunRecord = { ...base, stdout, stderr, exitCode: exec.exitCode, durationMs, outcome: 'success' };
  if (exec.aborted) return { record: { ...record, exitCode: null, outcome: 'error', reason: 'Interrupted with the run.' } };
  if (exec.exitCode === 2) {
    const reason = stderr.trim() !== '' ? stderr.trim() : `The ${event} hook blocked this (exit code 2) without saying why.`;
    return { record: { ...record, outcome: 'blocked', decision: event === 'PreToolUse' ? 'deny' : 'block', reason }, block: reason };
  }
  if (exec.exitCode !== 0) {
    const reason = `Exited with code ${exec.exitCode}${stderr.trim() === '' ? '' : `: ${firstLine(stderr)}`} (not blocking).`;
    return { record: { ...record, outcome: 'error', reason } };
  }
  return parseJsonOutput(record, stdout, event);
}

/** Exit 0: JSON on stdout decides; plain stdout is context for the events that take it. */
function parseJsonOutput(record: HookRunRecord, stdout: string, event: HookEventName): HookResult {
  const trimmed = stdout.trim();
  let json: unknown;
  if (trimmed.startsWith('{')) {
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return STDOUT_IS_CONTEXT.has(event) && trimmed !== '' ? { record, context: trimmed } : { record };
  }
  const output = json as Record<string, unknown>;
  const specific = typeof output.hookSpecificOutput === 'object' && output.hookSpecificOutput !== null ? (output.hookSpecificOutput as Record<string, unknown>) : {};
  const result: HookResult = { record };
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

  if (typeof specific.additionalContext === 'string') result.context = specific.additionalContext;
  const decision = specific.permissionDecision ?? (output.decision === 'approve' ? 'allow' : undefined);
  if (event === 'PreToolUse' && (decision === 'allow' || decision === 'deny' || decision === 'ask')) {
    const reason = text(specific.permissionDecisionReason) ?? text(output.reason);
    result.permission = { decision, ...(reason === undefined ? {} : { reason }) };
    record.decision = decision;
    if (reason !== undefined) record.reason = reason;
    if (decision === 'deny') {
      record.outcome = 'blocked';
      result.block = reason ?? 'A PreToolUse hook denied this call.';
    }
  }
  if (event === 'PreToolUse' && typeof specific.updatedInput === 'object' && specific.updatedInput !== null && !Array.isArray(specific.updatedInput)) {
    result.updatedInput = specific.updatedInput as Record<string, unknown>;
    record.updatedInput = true;
  }
  if (output.decision === 'block') {
    const reason = text(output.reason) ?? `A ${event} hook blocked this.`;
    result.block = reason;
    record.outcome = 'blocked';
    record.decision = 'block';
    record.reason = reason;
  }
  if (output.continue === false) {
    const reason = text(output.stopReason) ?? `A ${event} hook stopped the run.`;
    result.stop = reason;
    record.decision = 'stop';
    record.reason = reason;
  }
  return result;
}

function clip(text: string): string {
  return text.length <= OUTPUT_LIMIT ? text : `${text.slice(0, OUTPUT_LIMIT)}\n… (${text.length - OUTPUT_LIMIT} more characters)`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'deadline'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('deadline'), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
