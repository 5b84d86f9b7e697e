import type { CallFacts } from './call-facts';
import type { ParsedRule, RuleBehavior, SourcedRule } from './permission-rule';
import { parseRule } from './permission-rule';
import { ruleMatchesItem, ruleNamesTool, type MatchContext } from './rule-matching';
import type { PermissionMode } from './session-contract';
import { WORKSPACE_SETTINGS_FILES } from './workspace-settings';

/** What decided: a rule (with its list and source), or the mode. */
export type DecidedBy = { kind: 'rule'; rule: SourcedRule } | { kind: 'mode'; mode: PermissionMode };

/** What the gate does with a call without the user: run it, ask the user, or refuse it (with words for the model). */
export type PermissionOutcome =
  | { behavior: 'allow'; by: DecidedBy }
  | { behavior: 'ask'; by: DecidedBy }
  | { behavior: 'deny'; by: DecidedBy; message: string };

/**
 * The permission decision, a function of (rules, mode, call). In order, the first that applies wins:
 * 1. a deny rule that matches any part of the call refuses it (deny always wins, from any source);
 * 2. plan mode refuses anything that is not read-only (plan is read-only, whatever the allow rules say);
 * 3. an ask rule that matches any part asks, even when an allow rule also matches;
 *    Then an edit of a settings file that holds rules (`.glassbox/settings.json`…) asks, unless in bypass;
 * 4. allow rules that together cover every part run it (each simple command of a shell line
 *    needs its own allow rule; a redirection to a file or an unparsable line needs a bare `Bash`);
 * 5. otherwise the mode: read-only tools run, bypass runs everything, acceptEdits runs file edits,
 *    anything else asks.
 * Rules that do not parse are ignored here (the Permissions view shows them as invalid).
 */
export function decidePermission(rules: readonly SourcedRule[], mode: PermissionMode, call: CallFacts): PermissionOutcome {
  const context: MatchContext = { toolName: call.toolName, root: call.root, ...(call.parser ? { parser: call.parser } : {}) };
  const candidates = (behavior: RuleBehavior): Array<{ sourced: SourcedRule; parsed: ParsedRule }> =>
    rules.flatMap((sourced) => {
      if (sourced.behavior !== behavior) return [];
      const parsed = parseRule(sourced.rule);
      return parsed !== undefined && ruleNamesTool(parsed, call.toolName, call.items) ? [{ sourced, parsed }] : [];
    });
  const matchingAnyItem = (behavior: RuleBehavior): SourcedRule | undefined =>
    candidates(behavior).find(({ parsed }) => call.items.some((item) => ruleMatchesItem(parsed, item, context, behavior)))?.sourced;

  const deny = matchingAnyItem('deny');
  if (deny) return { behavior: 'deny', by: { kind: 'rule', rule: deny }, message: deniedByRule(call, deny) };

  if (mode === 'plan' && !call.readOnly) {
    return { behavior: 'deny', by: { kind: 'mode', mode }, message: PLAN_MODE_REFUSAL(call.toolName, call.title) };
  }

  const ask = matchingAnyItem('ask');
  if (ask) return { behavior: 'ask', by: { kind: 'rule', rule: ask } };

  // The files that hold the rules: an edit there could grant the agent anything, so the user decides.
  if (mode !== 'bypass' && editsRuleFile(call)) return { behavior: 'ask', by: { kind: 'mode', mode } };

  const allows = candidates('allow');
  const coveringEach = call.items.map((item) => allows.find(({ parsed }) => ruleMatchesItem(parsed, item, context, 'allow'))?.sourced);
  const first = coveringEach[0];
  if (first !== undefined && coveringEach.every((rule) => rule !== undefined)) return { behavior: 'allow', by: { kind: 'rule', rule: first } };

  return { behavior: byMode(mode, call), by: { kind: 'mode', mode } };
}

function editsRuleFile(call: CallFacts): boolean {
  const files = new Set(WORKSPACE_SETTINGS_FILES.map((file) => `${call.root === '/' ? '' : call.root}/${file}`));
  return call.items.some((item) => item.kind === 'path' && item.access === 'edit' && files.has(item.path));
}

/** Step 5: what the mode alone says. */
function byMode(mode: PermissionMode, call: CallFacts): 'allow' | 'ask' {
  if (call.readOnly) return 'allow';
  if (mode === 'bypass') return 'allow';
  if (mode === 'acceptEdits' && call.category === 'edits-files') return 'allow';
  return 'ask';
}

function deniedByRule(call: CallFacts, rule: SourcedRule): string {
  return `${call.toolName} was not run: the permission rule ${rule.rule} (deny, from ${SOURCE_WORDS[rule.source]}) forbids it. Do not try to get around the rule; choose another approach or ask the user.`;
}

const SOURCE_WORDS: Record<SourcedRule['source'], string> = {
  workspace: "the workspace's settings",
  user: "the user's settings",
  session: 'this session',
};

function PLAN_MODE_REFUSAL(toolName: string, title: string): string {
  return (
    `Plan mode is read-only, so ${toolName} was not run (${title}). ` +
    'Only read-only tools can run now. Investigate with them and present your plan; ' +
    'the user will switch out of plan mode when they want the changes made.'
  );
}

/**
 * The rules "Allow for this session" and "Always allow" remember for a call: one exact rule per
 * simple command of a shell line (as Claude Code saves them), so the same commands run again
 * without asking however they are chained; otherwise the call's own rule key.
 */
export function rulesToRemember(call: CallFacts): string[] {
  const commands = call.items.flatMap((item) => (item.kind === 'command' ? [item.command.text] : []));
  const uncoverable = call.items.some((item) => item.kind === 'opaque' || item.kind === 'unparsed');
  if (commands.length > 0 && !uncoverable) return [...new Set(commands)].map((command) => `${call.toolName}(${command})`);
  return [call.ruleKey];
}
