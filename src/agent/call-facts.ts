/**
 * What the permission decision needs to know about one call, found out before deciding (it may
 * read the sandbox's filesystem or load the shell parser; the decision itself is synchronous):
 * the shell line taken apart into simple commands, or the path as written and with `..` and
 * symlinks resolved, or the URL's host.
 */
import type { Sandbox } from '../sandbox/port';
import { isNotFound } from '../tools/fs-errors';
import { normalizeAbsolute, toAbsolute } from '../tools/paths';
import type { AnyTool, PermissionDescriptor } from '../tools/port';
import type { CallItem } from './rule-matching';
import { loadShellParser, type ShellParser } from './shell-commands';

export interface CallFacts {
  toolName: string;
  readOnly: boolean;
  category: AnyTool['category'];
  ruleKey: string;
  /** The prompt's one line for the call (the plan-mode refusal quotes it). */
  title: string;
  /** The workspace root: relative path rules start here. */
  root: string;
  /** What rules must cover; never empty. */
  items: CallItem[];
  /** Present when the call is a shell line (and its rules are shell commands). */
  parser?: ShellParser;
  /** Why a shell line cannot be allowed by a command rule, for the prompt (does not parse, writes a file…). */
  notes: string[];
}

/** More symlink hops than this means a loop. */
const MAX_SYMLINK_HOPS = 40;

export async function gatherCallFacts(tool: AnyTool, descriptor: PermissionDescriptor, sandbox: Sandbox): Promise<CallFacts> {
  const base = { toolName: tool.name, readOnly: tool.readOnly, category: tool.category, ruleKey: descriptor.ruleKey, title: descriptor.title, root: normalizeAbsolute(sandbox.root) };
  const subject = descriptor.subject;
  if (subject === undefined) return { ...base, items: [{ kind: 'key', ruleKey: descriptor.ruleKey }], notes: [] };
  switch (subject.kind) {
    case 'command': {
      let parser: ShellParser;
      try {
        parser = await loadShellParser();
      } catch (error) {
        const why = `the shell parser could not load (${error instanceof Error ? error.message : String(error)})`;
        return { ...base, items: [{ kind: 'unparsed', text: subject.command }], notes: [why] };
      }
      const analysis = parser.analyze(subject.command);
      if (!analysis.ok) return { ...base, parser, items: [{ kind: 'unparsed', text: subject.command }], notes: [`The command is asked about because ${analysis.problem}.`] };
      const items: CallItem[] = [
        ...analysis.commands.map((command) => ({ kind: 'command' as const, command })),
        ...analysis.opaque.map((text) => ({ kind: 'opaque' as const, text })),
      ];
      if (items.length === 0) items.push({ kind: 'unparsed', text: subject.command });
      const notes = analysis.opaque.map((text) => `The command ${text}, which only a rule for all of Bash allows.`);
      return { ...base, parser, items, notes };
    }
    case 'path': {
      const written = toAbsolute(base.root, subject.path);
      const real = await realPath(sandbox, written);
      const paths = real === undefined || real === written ? [written] : [written, real];
      const notes = real === undefined ? ['The path could not be resolved (a symlink loop?), so no rule allows it.'] : [];
      const items: CallItem[] = paths.map((path) => ({ kind: 'path' as const, access: subject.access, path }));
      // An unresolvable path is never allowed by a path rule: an opaque item only a whole-tool rule covers.
      if (real === undefined) items.push({ kind: 'opaque', text: subject.path });
      return { ...base, items, notes };
    }
    case 'url':
      return { ...base, items: [{ kind: 'host', host: hostOf(subject.url) }], notes: [] };
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/**
 * The path with every symlink on the way followed, through the sandbox's filesystem (it may end
 * outside the workspace: that is for the rules to judge). Parts that do not exist are kept as
 * written. Undefined for a symlink loop or a filesystem that fails.
 */
export async function realPath(sandbox: Sandbox, absolute: string): Promise<string | undefined> {
  let resolved = '/';
  let pending = absolute.split('/').filter((part) => part !== '');
  let hops = 0;
  while (pending.length > 0) {
    const [segment, ...rest] = pending;
    pending = rest;
    const candidate = resolved === '/' ? `/${segment}` : `${resolved}/${segment}`;
    let kind: string;
    try {
      kind = (await sandbox.fs.lstat(candidate)).kind;
    } catch (error) {
      if (!isNotFound(error)) return undefined;
      return normalizeAbsolute([candidate, ...pending].join('/'));
    }
    if (kind !== 'symlink') {
      resolved = candidate;
      continue;
    }
    hops += 1;
    if (hops > MAX_SYMLINK_HOPS) return undefined;
    let target: string;
    try {
      target = await sandbox.fs.readlink(candidate);
    } catch {
      return undefined;
    }
    const targetAbsolute = target.startsWith('/') ? normalizeAbsolute(target) : normalizeAbsolute(`${resolved}/${target}`);
    pending = [...targetAbsolute.split('/').filter((part) => part !== ''), ...pending];
    resolved = '/';
  }
  return resolved;
}
