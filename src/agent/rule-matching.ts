/**
 * What a rule's specifier means, with Claude Code's semantics:
 * - `Bash(npm test)`: exactly that simple command (quoting aside: `"a b"` and `'a b'` are the same word);
 * - `Bash(npm run test:*)`: a prefix of whole words, so `npm run test -- --watch` but not `npm run testx`;
 * - `Bash(git * main)`: `*` matches any text within one simple command; a trailing ` *` also matches
 *   nothing, with a word boundary (`ls *` matches `ls` and `ls -la`, never `lsof`);
 * - `Read(src/**)`, `Edit(docs/**)`: gitignore-style path globs (picomatch). `//abs` is an absolute
 *   path, `/p` and `p` are relative to the workspace root, a pattern without a slash (`.env`,
 *   `*.key`) matches that name at any depth, and a pattern that names a directory covers what is
 *   inside it. `Read` rules match every read of a file, `Edit` rules every edit (Write included);
 * - `WebFetch(domain:example.com)`: the host of the URL (`*.example.com` for its subdomains);
 * - a bare tool name: every call of that tool.
 * A call is taken apart into items first (src/agent/call-facts.ts): each simple command of a shell
 * line, each spelling of a path (as written and with symlinks resolved). Deny and ask rules need to
 * match one item; allow rules must cover every item.
 */
import picomatch from 'picomatch';
import type { ParsedRule, RuleBehavior } from './permission-rule';
import type { ShellParser, SimpleShellCommand } from './shell-commands';

/** One thing a rule may have to vouch for. */
export type CallItem =
  /** A simple command of a shell line. */
  | { kind: 'command'; command: SimpleShellCommand }
  /** Part of a shell line that only a rule for the whole tool covers (a redirection, a function). */
  | { kind: 'opaque'; text: string }
  /** A shell line that did not parse: deny and ask rules still match its text; only a whole-tool rule allows it. */
  | { kind: 'unparsed'; text: string }
  /** An absolute, normalized path the call reads or edits. */
  | { kind: 'path'; access: 'read' | 'edit'; path: string }
  /** The host of a URL (null when the URL does not parse). */
  | { kind: 'host'; host: string | null }
  /** A call with nothing to match but its rule key. */
  | { kind: 'key'; ruleKey: string };

export interface MatchContext {
  toolName: string;
  /** The workspace root, which relative path rules start from. */
  root: string;
  /** The loaded shell parser, for `Bash(…)` specifiers; absent when no command is being matched. */
  parser?: ShellParser;
}

/** Whether a rule speaks about this tool: by its name, or `Read`/`Edit` for every read or edit of a file. */
export function ruleNamesTool(rule: ParsedRule, toolName: string, items: readonly CallItem[]): boolean {
  if (rule.tool === toolName) return true;
  const access = items.find((item) => item.kind === 'path')?.access;
  return (rule.tool === 'Read' && access === 'read') || (rule.tool === 'Edit' && access === 'edit');
}

/**
 * Whether the rule covers this item of a call (the rule is already known to name the tool).
 * `behavior` matters for a line that did not parse: deny and ask rules match its text, allow rules never do.
 */
export function ruleMatchesItem(rule: ParsedRule, item: CallItem, context: MatchContext, behavior: RuleBehavior): boolean {
  const { specifier } = rule;
  if (specifier === undefined) return true;
  switch (item.kind) {
    case 'command':
      return context.parser !== undefined && commandMatches(specifier, item.command, context.parser);
    case 'unparsed':
      return behavior !== 'allow' && textMatchesCommandSpecifier(specifier, item.text);
    case 'opaque':
      return false;
    case 'path':
      return pathMatches(specifier, item.path, context.root);
    case 'host':
      return item.host !== null && hostMatches(specifier, item.host);
    case 'key':
      return `${context.toolName}(${specifier})` === item.ruleKey;
  }
}

/** A legacy prefix rule ends in `:*`; any other `*` makes a wildcard rule; else the rule is exact. */
function commandMatches(specifier: string, command: SimpleShellCommand, parser: ShellParser): boolean {
  if (specifier.endsWith(':*')) {
    const prefix = singleCommand(parser, specifier.slice(0, -2));
    return prefix !== undefined && prefix.words.length <= command.words.length && prefix.words.every((word, i) => command.words[i] === word);
  }
  if (specifier.includes('*')) return wildcardRegExp(specifier).test(command.text);
  const exact = singleCommand(parser, specifier);
  return exact !== undefined && exact.text === command.text;
}

/** A rule's command text in the same canonical words as a call's; undefined unless it is one plain simple command. */
function singleCommand(parser: ShellParser, text: string): SimpleShellCommand | undefined {
  const analysis = parser.analyze(text);
  if (!analysis.ok || analysis.commands.length !== 1 || analysis.opaque.length > 0) return undefined;
  return analysis.commands[0];
}

/** For a line that did not parse: deny and ask rules are matched against its plain text (never used to allow). */
function textMatchesCommandSpecifier(specifier: string, text: string): boolean {
  const line = text.trim();
  if (specifier.endsWith(':*')) {
    const prefix = specifier.slice(0, -2).trim();
    return line === prefix || line.startsWith(`${prefix} `);
  }
  if (specifier.includes('*')) return wildcardRegExp(specifier).test(line);
  return line === specifier.trim();
}

function wildcardRegExp(specifier: string): RegExp {
  const parts = specifier.trim().split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let source = parts.join('.*');
  // `ls *`: the space and what follows are optional, and the space keeps the word boundary.
  if (specifier.trim().endsWith(' *') && parts.length === 2) source = `${parts[0]!.slice(0, -1)}(?: .*)?`;
  return new RegExp(`^${source}$`, 's');
}

/** The absolute glob a path specifier stands for, or undefined when it names no workspace path (`~/…`). */
function absolutePattern(specifier: string, root: string): { pattern: string; anywhere: boolean } | undefined {
  let spec = specifier.trim();
  if (spec.startsWith('~')) return undefined; // the sandbox has no home directory that tools can reach
  const base = root.replace(/\/+$/, '');
  if (spec.startsWith('//')) return { pattern: spec.slice(1).replace(/\/+$/, ''), anywhere: false };
  if (spec.startsWith('./')) spec = spec.slice(2);
  // gitignore: a pattern with no slash but at its end matches that name in any directory.
  const anywhere = !spec.replace(/\/+$/, '').includes('/');
  spec = spec.replace(/^\/+/, '').replace(/\/+$/, '');
  if (spec === '' || spec === '.') return { pattern: base === '' ? '/' : base, anywhere: false };
  return { pattern: `${base}/${anywhere ? '**/' : ''}${spec}`, anywhere };
}

/** The path itself or any directory above it matches (a rule for a directory covers what is inside). */
function pathMatches(specifier: string, path: string, root: string): boolean {
  const resolved = absolutePattern(specifier, root);
  if (resolved === undefined) return false;
  const isMatch = picomatch(resolved.pattern, { dot: true });
  for (let candidate = path; candidate !== ''; candidate = candidate.slice(0, Math.max(0, candidate.lastIndexOf('/')))) {
    if (isMatch(candidate)) return true;
    if (candidate === '/') break;
  }
  return false;
}

function hostMatches(specifier: string, host: string): boolean {
  if (!specifier.startsWith('domain:')) return false;
  const domain = specifier.slice('domain:'.length).trim().toLowerCase();
  const name = host.toLowerCase();
  if (domain.startsWith('*.')) return name.endsWith(domain.slice(1));
  return name === domain;
}
