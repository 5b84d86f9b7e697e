import type { AnyTool, PermissionDescriptor } from '../tools/port';
import type { PermissionMode } from './session-contract';

/** What the policy decides without the user: run it, ask the user, or refuse with a reason for the model. */
export type AutomaticDecision = 'allow' | 'ask' | { deny: string };

/**
 * The permission policy, one rule per mode:
 * - every mode: read-only tools run (they cannot change anything);
 * - bypass: everything runs;
 * - plan: anything that is not read-only is refused, and the model is told why;
 * - acceptEdits: tools whose category is `edits-files` run; anything else behaves as in default;
 * - default: runs when the user allowed this rule for the session, otherwise asks.
 *
 * A session rule matches the descriptor's exact rule key (`Bash(npm test)`), or the bare
 * tool name (`Bash`) to allow every call of that tool.
 */
export function decideAutomatically(
  mode: PermissionMode,
  tool: AnyTool,
  descriptor: PermissionDescriptor,
  sessionAllowedRules: ReadonlySet<string>,
): AutomaticDecision {
  if (tool.readOnly) return 'allow';
  switch (mode) {
    case 'bypass':
      return 'allow';
    case 'plan':
      return {
        deny:
          `Plan mode is read-only, so ${tool.name} was not run (${descriptor.title}). ` +
          'Only read-only tools can run now. Investigate with them and present your plan; ' +
          'the user will switch out of plan mode when they want the changes made.',
      };
    case 'acceptEdits':
      if (tool.category === 'edits-files') return 'allow';
      return sessionRuleAllows(descriptor, tool, sessionAllowedRules) ? 'allow' : 'ask';
    case 'default':
      return sessionRuleAllows(descriptor, tool, sessionAllowedRules) ? 'allow' : 'ask';
  }
}

function sessionRuleAllows(descriptor: PermissionDescriptor, tool: AnyTool, rules: ReadonlySet<string>): boolean {
  return rules.has(descriptor.ruleKey) || rules.has(tool.name);
}
