/**
 * Permission rules in Claude Code's `Tool(specifier)` form, and where each one comes from.
 * A rule is a string the user wrote (`Bash(npm run test:*)`, `Edit(docs/**)`, `WebFetch(domain:example.com)`,
 * `Read`); this module only splits it. What a specifier means is src/agent/rule-matching.ts.
 */

/** What a matching rule does: refuse the call, always prompt, or run it without asking. */
export type RuleBehavior = 'deny' | 'ask' | 'allow';

/** The lists in the order they are checked: the first list with a match decides. */
export const RULE_BEHAVIORS: readonly RuleBehavior[] = ['deny', 'ask', 'allow'];

/**
 * Where a rule was written:
 * - workspace: `.glassbox/settings.json` or `.claude/settings.json` in the workspace (a team's rules);
 * - user: the user's settings in this browser ("Always allow" writes here);
 * - session: this conversation only ("Allow for this session").
 * Lists merge across sources; the source never makes a rule stronger (deny from anywhere wins).
 */
export type RuleSource = 'workspace' | 'user' | 'session';

export const RULE_SOURCES: readonly RuleSource[] = ['workspace', 'user', 'session'];

/** The three lists of one source, as in Claude Code's `settings.json` `permissions` object. */
export interface RuleLists {
  allow: string[];
  ask: string[];
  deny: string[];
}

export function emptyRuleLists(): RuleLists {
  return { allow: [], ask: [], deny: [] };
}

/** One rule with its list and its source, as the decision and the Permissions view see it. */
export interface SourcedRule {
  rule: string;
  behavior: RuleBehavior;
  source: RuleSource;
  /** For workspace rules: the file it came from. */
  file?: string;
}

/** A rule split into its tool name and its specifier (absent for a bare tool name). */
export interface ParsedRule {
  tool: string;
  specifier?: string;
}

/**
 * Splits `Tool(specifier)` or `Tool`. The specifier is everything between the first `(` and the
 * final `)`, so it may itself hold parentheses (`Bash(echo (a))`). `Tool()` and `Tool(*)` mean the
 * bare tool, as in Claude Code. Returns undefined for text that is not a rule.
 */
export function parseRule(text: string): ParsedRule | undefined {
  const rule = text.trim();
  const open = rule.indexOf('(');
  if (open === -1) return /^[A-Za-z][\w-]*$/.test(rule) ? { tool: rule } : undefined;
  if (!rule.endsWith(')')) return undefined;
  const tool = rule.slice(0, open);
  if (!/^[A-Za-z][\w-]*$/.test(tool)) return undefined;
  const specifier = rule.slice(open + 1, -1).trim();
  return specifier === '' || specifier === '*' ? { tool } : { tool, specifier };
}

/** Why a typed rule cannot be used, in words; undefined when it is a rule. */
export function ruleProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Type a rule, e.g. Bash(npm test) or Edit(docs/**).';
  return parseRule(text) === undefined ? `"${text.trim()}" is not a rule: write Tool or Tool(specifier), e.g. Bash(npm run test:*).` : undefined;
}
