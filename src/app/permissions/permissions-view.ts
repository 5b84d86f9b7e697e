/**
 * What the Permissions view shows: every rule in force with its list and source, in the order the
 * decision reads them, and the workspace settings files with their problems. A plain snapshot of the
 * session's rule book (src/agent/permission-rule-book.ts), taken again whenever a rule changes.
 */
import type { RuleFile } from '../../agent/permission-rule-book';
import { parseRule, RULE_BEHAVIORS, type RuleBehavior, type RuleLists, type RuleSource } from '../../agent/permission-rule';
import type { PermissionMode } from '../../agent/session-contract';

export interface RuleRow {
  rule: string;
  behavior: RuleBehavior;
  source: RuleSource;
  /** For workspace rules, the file; they are edited there, not here. */
  file?: string;
  /** The rule is not `Tool` or `Tool(specifier)`, so it never matches. */
  invalid: boolean;
}

export interface PermissionRulesView {
  files: readonly RuleFile[];
  user: RuleLists;
  session: RuleLists;
}

export const EMPTY_RULES_VIEW: PermissionRulesView = { files: [], user: { allow: [], ask: [], deny: [] }, session: { allow: [], ask: [], deny: [] } };

/** The rows of one list (deny, ask or allow), sources in their order: workspace, this browser, this session. */
export function rowsOf(view: PermissionRulesView, behavior: RuleBehavior): RuleRow[] {
  const row = (rule: string, source: RuleSource, file?: string): RuleRow => ({ rule, behavior, source, ...(file === undefined ? {} : { file }), invalid: parseRule(rule) === undefined });
  return [
    ...view.files.filter((file) => file.problem === undefined).flatMap((file) => file.lists[behavior].map((rule) => row(rule, 'workspace', file.path))),
    ...view.user[behavior].map((rule) => row(rule, 'user')),
    ...view.session[behavior].map((rule) => row(rule, 'session')),
  ];
}

export const BEHAVIOR_HEADINGS: Record<RuleBehavior, { title: string; help: string }> = {
  deny: { title: 'Deny', help: 'Checked first: a matching call is refused, whatever else says.' },
  ask: { title: 'Ask', help: 'Checked next: a matching call always asks you, even if an allow rule matches.' },
  allow: { title: 'Allow', help: 'Then: a call runs without asking when allow rules cover all of it (each command of a shell line).' },
};

export const SOURCE_LABELS: Record<RuleSource, string> = { workspace: 'Workspace', user: 'This browser', session: 'This session' };

export const MODE_STEP: Record<PermissionMode, string> = {
  default: 'Default: reads run, anything else asks.',
  acceptEdits: 'Accept edits: file edits run, anything else asks.',
  plan: 'Plan: only read-only tools run.',
  bypass: 'Bypass: everything runs.',
};

export { RULE_BEHAVIORS };
