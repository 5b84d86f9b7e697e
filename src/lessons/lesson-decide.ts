/**
 * The permission gate's answer for a call a lesson check names, as a run would get it in the
 * default mode: the tool's input checked against its schema (a call that does not fit is refused,
 * "deny"), its facts gathered (the shell line parsed, the path resolved), then decidePermission
 * with the rules in force. No DOM.
 */
import { gatherCallFacts } from '../agent/call-facts';
import type { SourcedRule } from '../agent/permission-rule';
import { decidePermission } from '../agent/permissions';
import type { PermissionMode } from '../agent/session-contract';
import type { Sandbox } from '../sandbox/port';
import type { AnyTool } from '../tools/port';

export interface GateContext {
  tools: readonly AnyTool[];
  rules: readonly SourcedRule[];
  sandbox: Sandbox;
  mode?: PermissionMode;
}

export async function decideCall(context: GateContext, toolName: string, input: Record<string, unknown>): Promise<'allow' | 'ask' | 'deny'> {
  const tool = context.tools.find((candidate) => candidate.name === toolName);
  if (!tool) return 'deny';
  const parsed = tool.inputSchema.safeParse(input);
  if (!parsed.success) return 'deny';
  const descriptor = tool.permission(parsed.data, { root: context.sandbox.root });
  const facts = await gatherCallFacts(tool, descriptor, context.sandbox);
  return decidePermission(context.rules, context.mode ?? 'default', facts).behavior;
}
