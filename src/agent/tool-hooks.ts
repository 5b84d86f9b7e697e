/**
 * Where hooks meet the tool round: PreToolUse before the permission gate decides (it can refuse
 * the call, replace its input, or ask for / grant permission), PostToolUse after the tool ran
 * (its feedback goes to the model with the result). A hook's decision combines with the
 * permission rules: a deny from either refuses; a hook's allow never overrides a deny or ask
 * rule (nor plan mode), it only spares the prompt the mode would show.
 */
import type { z } from 'zod';
import type { ToolResultBlock, ToolUseBlock } from '../models/messages';
import type { Sandbox } from '../sandbox/port';
import type { AnyTool } from '../tools/port';
import type { AgentEvent } from './events';
import type { HookBook, HookOutcome } from './hooks';
import type { PermissionOutcome } from './permissions';
import type { PermissionMode } from './session-contract';
import { systemReminder } from './context-notes';

export interface ToolHookContext {
  hooks?: HookBook;
  sandbox: Sandbox;
  signal: AbortSignal;
  permissionMode: () => PermissionMode;
  emit: (event: AgentEvent) => void;
}

export type PreToolVerdict =
  | { kind: 'go'; input: unknown; permission?: HookOutcome['permission']; stop?: string }
  | { kind: 'refused'; message: string; stop?: string };

/** Runs the PreToolUse hooks of a call. */
export async function preToolUse(context: ToolHookContext, block: ToolUseBlock, tool: AnyTool, input: unknown): Promise<PreToolVerdict> {
  const { hooks } = context;
  if (!hooks || hooks.matching('PreToolUse', { tool_name: tool.name }).length === 0) return { kind: 'go', input };
  const outcome = await hooks.run('PreToolUse', { tool_name: tool.name, tool_input: input, tool_use_id: block.id }, hookContext(context, block.id));
  const stop = outcome.stop === undefined ? {} : { stop: outcome.stop };
  if (outcome.block !== undefined) {
    return { kind: 'refused', message: `${tool.name} was not run: a PreToolUse hook blocked it:\n${outcome.block}`, ...stop };
  }
  let next = input;
  if (outcome.updatedInput !== undefined) {
    const merged = { ...(isRecord(input) ? input : {}), ...outcome.updatedInput };
    const parsed = (tool.inputSchema as z.ZodType).safeParse(merged);
    if (!parsed.success) {
      return { kind: 'refused', message: `${tool.name} was not run: a PreToolUse hook replaced its input with one that is not valid (${parsed.error.issues.map((issue) => issue.message).join('; ')}).`, ...stop };
    }
    next = parsed.data;
  }
  return { kind: 'go', input: next, ...(outcome.permission === undefined ? {} : { permission: outcome.permission }), ...stop };
}

/** The gate's outcome with a hook's permission decision folded in. */
export function withHookPermission(outcome: PermissionOutcome, permission: HookOutcome['permission']): PermissionOutcome {
  if (permission === undefined || outcome.behavior === 'deny') return outcome;
  if (permission.decision === 'deny') {
    return { behavior: 'deny', by: outcome.by, message: `A PreToolUse hook denied this call${permission.reason === undefined ? '.' : `: ${permission.reason}`}` };
  }
  if (permission.decision === 'ask') return { behavior: 'ask', by: outcome.by };
  // allow: spares the prompt the mode would show, but an ask rule still asks.
  if (outcome.behavior === 'ask' && outcome.by.kind === 'mode') return { behavior: 'allow', by: outcome.by };
  return outcome;
}

/** Runs the PostToolUse hooks of a call that ran; their feedback rides along with the result. */
export async function postToolUse(context: ToolHookContext, block: ToolUseBlock, tool: AnyTool, input: unknown, result: ToolResultBlock): Promise<{ result: ToolResultBlock; stop?: string }> {
  const { hooks } = context;
  if (!hooks || hooks.matching('PostToolUse', { tool_name: tool.name }).length === 0) return { result };
  const response = typeof result.content === 'string' ? result.content : result.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join('\n');
  const outcome = await hooks.run('PostToolUse', { tool_name: tool.name, tool_input: input, tool_use_id: block.id, tool_response: response }, hookContext(context, block.id));
  const notes = [
    ...(outcome.block === undefined ? [] : [`PostToolUse hook feedback (the tool already ran):\n${outcome.block}`]),
    ...outcome.context,
  ];
  const stop = outcome.stop === undefined ? {} : { stop: outcome.stop };
  if (notes.length === 0) return { result, ...stop };
  const extra = notes.map((note) => ({ type: 'text' as const, text: systemReminder(note) }));
  const content = typeof result.content === 'string' ? [{ type: 'text' as const, text: result.content }, ...extra] : [...result.content, ...extra];
  return { result: { ...result, content }, ...stop };
}

function hookContext(context: ToolHookContext, callId: string) {
  return { sandbox: context.sandbox, emit: context.emit, signal: context.signal, permissionMode: context.permissionMode(), callId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
