/**
 * A shell command line taken apart into the simple commands it would run, with just-bash's own
 * parser (loaded on first use: it is heavy and the first paint does not need it). Permission
 * rules match each simple command on its own, so `npm test && rm -rf /` is two commands, and
 * `echo $(rm -rf /)` is `echo …` plus `rm -rf /`. What no `Bash(…)` specifier can vouch for — a
 * redirection to a file, a function definition — is listed as opaque, so that only a rule for
 * the whole tool allows it.
 */
import type { ScriptNode, WordNode } from 'just-bash';

/** One simple command: its words as the shell reads them, before anything expands. */
export interface SimpleShellCommand {
  /**
   * Each word in one canonical spelling: fixed text without its quotes (quoted again only when
   * it needs to be), expansions as written (`$X`, `$(…)`, `*.ts`). Two commands are the same when
   * their words are. Leading `NAME=value` assignments are words too, so `PATH=x npm test` is not
   * `npm test`.
   */
  words: string[];
  /** The words joined by one space: what wildcard rules match and what the user is shown. */
  text: string;
}

export type ShellAnalysis =
  | {
      ok: true;
      commands: SimpleShellCommand[];
      /** Parts no command rule can allow, in words (e.g. "redirects output to out.txt"). */
      opaque: string[];
    }
  | { ok: false; problem: string };

interface Parser {
  transform(commandLine: string): { ast: ScriptNode };
}

let parserLoading: Promise<Parser> | undefined;

/** A loaded parser: after loading, analysis is synchronous. */
export interface ShellParser {
  analyze(commandLine: string): ShellAnalysis;
}

/** just-bash's parser, loaded once (its `Bash` class exposes it as `transform`, in the browser build too). */
function loadParser(): Promise<Parser> {
  parserLoading ??= import('just-bash').then(({ Bash }) => new Bash());
  return parserLoading;
}

/** Nesting deeper than this is refused rather than walked (no real command needs it). */
const MAX_DEPTH = 200;

/** Loads the parser (once); rejects when it cannot load. */
export async function loadShellParser(): Promise<ShellParser> {
  try {
    const parser = await loadParser();
    return { analyze: (commandLine) => analyzeWith(parser, commandLine, 0) };
  } catch (error) {
    parserLoading = undefined; // a later call may try again
    throw error;
  }
}

/** Parses a command line into its simple commands; a line that does not parse says why. */
export async function analyzeShellCommand(commandLine: string): Promise<ShellAnalysis> {
  return (await loadShellParser()).analyze(commandLine);
}

function analyzeWith(parser: Parser, commandLine: string, depth: number): ShellAnalysis {
  let ast: ScriptNode;
  try {
    ast = parser.transform(commandLine).ast;
  } catch (error) {
    return { ok: false, problem: `it does not parse as a shell command (${error instanceof Error ? error.message : String(error)})` };
  }
  const found: { commands: SimpleShellCommand[]; opaque: string[] } = { commands: [], opaque: [] };
  const problem = walk(parser, ast, found, depth);
  return problem === undefined ? { ok: true, ...found } : { ok: false, problem };
}

type Node = Record<string, unknown> & { type?: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

/**
 * Visits every node of the tree, whatever its kind: a new construct in the parser is walked
 * through (and its commands found) rather than silently skipped. Returns a problem, if any.
 */
function walk(parser: Parser, node: unknown, found: { commands: SimpleShellCommand[]; opaque: string[] }, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return 'it nests too deeply to check';
  if (Array.isArray(node)) {
    for (const item of node) {
      const problem = walk(parser, item, found, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (!isNode(node)) return undefined;
  switch (node.type) {
    case 'Statement':
      if (isNode(node.deferredError)) return `it has a syntax error (${String(node.deferredError.message)})`;
      break;
    case 'SimpleCommand':
      found.commands.push(simpleCommand(node));
      break;
    case 'FunctionDef':
      // A function can take the name of an allowed command and make it mean anything.
      found.opaque.push(`defines a function ${String(node.name)}`);
      break;
    case 'Redirection': {
      const note = redirectionNote(node);
      if (note !== undefined) found.opaque.push(note);
      break;
    }
    case 'ArithCommandSubst': {
      // Inside $(( )) the parser keeps a command substitution as text: parse it too.
      const inner = analyzeWith(parser, String(node.command), depth + 1);
      if (!inner.ok) return inner.problem;
      found.commands.push(...inner.commands);
      found.opaque.push(...inner.opaque);
      return undefined;
    }
  }
  for (const value of Object.values(node)) {
    if (typeof value !== 'object' || value === null) continue;
    const problem = walk(parser, value, found, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function simpleCommand(node: Node): SimpleShellCommand {
  const words: string[] = [];
  const assignments = Array.isArray(node.assignments) ? (node.assignments as Node[]) : [];
  for (const assignment of assignments) {
    const operator = assignment.append === true ? '+=' : '=';
    const value = Array.isArray(assignment.array) ? '(…)' : isNode(assignment.value) ? renderWord(assignment.value as unknown as WordNode) : '';
    words.push(`${String(assignment.name)}${operator}${value}`);
  }
  const rest = [node.name, ...(Array.isArray(node.args) ? node.args : [])].filter(isNode) as unknown as WordNode[];
  for (const word of rest) words.push(renderWord(word));
  return { words, text: words.join(' ') };
}

/** The word's value when it is fixed text (however it is quoted); null when it expands. */
function literalValue(word: WordNode): string | null {
  let value = '';
  for (const part of word.parts) {
    switch (part.type) {
      case 'Literal':
      case 'SingleQuoted':
      case 'Escaped':
        value += part.value;
        break;
      case 'DoubleQuoted': {
        const inner = literalValue({ type: 'Word', parts: part.parts });
        if (inner === null) return null;
        value += inner;
        break;
      }
      default:
        return null;
    }
  }
  return value;
}

/** A readable form of a word: fixed text quoted when it needs to be, expansions shown as written. */
function renderWord(word: WordNode): string {
  const literal = literalValue(word);
  if (literal !== null) return /^[\w@%+=:,./-]+$/.test(literal) ? literal : `'${literal.replace(/'/g, `'\\''`)}'`;
  return word.parts.map(renderPart).join('');
}

function renderPart(part: WordNode['parts'][number]): string {
  switch (part.type) {
    case 'Literal':
      return part.value;
    case 'SingleQuoted':
      return `'${part.value}'`;
    case 'Escaped':
      return `\\${part.value}`;
    case 'DoubleQuoted':
      return `"${part.parts.map(renderPart).join('')}"`;
    case 'ParameterExpansion':
      return part.operation === null ? `$${part.parameter}` : `\${${part.parameter}…}`;
    case 'CommandSubstitution':
      return '$(…)';
    case 'ArithmeticExpansion':
      return '$((…))';
    case 'ProcessSubstitution':
      return part.direction === 'input' ? '<(…)' : '>(…)';
    case 'BraceExpansion':
      return '{…}';
    case 'TildeExpansion':
      return `~${part.user ?? ''}`;
    case 'Glob':
      return part.pattern;
  }
}

/** Why a redirection needs a whole-tool rule, or undefined when it touches no file. */
function redirectionNote(node: Node): string | undefined {
  const operator = String(node.operator);
  // Here-documents and here-strings feed text in; their expansions are walked like any word.
  if (operator === '<<' || operator === '<<-' || operator === '<<<') return undefined;
  const target = isNode(node.target) && node.target.type === 'Word' ? literalValue(node.target as unknown as WordNode) : null;
  // Duplicating or closing a descriptor (2>&1, >&-) touches no file.
  if ((operator === '>&' || operator === '<&') && target !== null && /^(\d+|-)$/.test(target)) return undefined;
  if (target === '/dev/null') return undefined;
  const shown = target ?? (isNode(node.target) && node.target.type === 'Word' ? renderWord(node.target as unknown as WordNode) : '…');
  return operator.startsWith('<') && operator !== '<>' ? `reads ${shown} through a redirection` : `redirects output to ${shown}`;
}
