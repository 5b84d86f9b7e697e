import type { Sandbox } from '../sandbox/port';
import { isWithin, normalizeAbsolute } from '../sandbox/workspace-path';
import { isNotFound } from './fs-errors';
import { ToolError } from './port';

export { normalizeAbsolute };

/** More symlink hops than this means a loop (Linux uses 40 as well). */
const MAX_SYMLINK_HOPS = 40;

/** Joins a tool path onto the root (unless already absolute) and normalizes it; no fs access. */
export function toAbsolute(root: string, path: string): string {
  return normalizeAbsolute(path.startsWith('/') ? path : `${root}/${path}`);
}

export function isInside(root: string, absolute: string): boolean {
  return isWithin(normalizeAbsolute(root), absolute);
}

/** Path relative to root (`.` for the root itself); meant for paths already known to be inside. */
export function relativeToRoot(root: string, absolute: string): string {
  const base = normalizeAbsolute(root);
  if (absolute === base) return '.';
  return base === '/' ? absolute.slice(1) : absolute.slice(base.length + 1);
}

/** How tool output names a path: relative when inside the workspace, absolute otherwise. */
export function displayPath(root: string, absolute: string): string {
  return isInside(root, absolute) ? relativeToRoot(root, absolute) : absolute;
}

function outsideError(input: string, absolute: string, root: string): ToolError {
  const shown = input === absolute ? absolute : `${input} (${absolute})`;
  return new ToolError(`Path ${shown} is outside the workspace ${root}. Only files under ${root} can be used.`);
}

/**
 * Resolves a tool's path argument (absolute, or relative to the workspace root) to an absolute,
 * normalized path inside the workspace, following symlinks step by step so that no link can lead
 * outside. Parts that do not exist yet are kept as they are (Write may create them).
 * Throws a ToolError for anything outside the root.
 */
export async function resolveWorkspacePath(sandbox: Sandbox, input: string): Promise<string> {
  const root = normalizeAbsolute(sandbox.root);
  if (input.trim() === '') throw new ToolError('The path is empty; give a file path inside the workspace.');
  const lexical = toAbsolute(root, input);
  if (!isInside(root, lexical)) throw outsideError(input, lexical, root);

  let resolved = root;
  let pending = splitRelative(root, lexical);
  let hops = 0;
  while (pending.length > 0) {
    const [segment, ...rest] = pending;
    pending = rest;
    const candidate = resolved === '/' ? `/${segment}` : `${resolved}/${segment}`;
    let kind;
    try {
      kind = (await sandbox.fs.lstat(candidate)).kind;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Nothing exists from here on, so no symlink can redirect the rest.
      return normalizeAbsolute([candidate, ...pending].join('/'));
    }
    if (kind !== 'symlink') {
      resolved = candidate;
      continue;
    }
    hops += 1;
    if (hops > MAX_SYMLINK_HOPS) throw new ToolError(`Path ${input} has too many levels of symbolic links.`);
    const target = await sandbox.fs.readlink(candidate);
    const targetAbsolute = target.startsWith('/') ? normalizeAbsolute(target) : normalizeAbsolute(`${resolved}/${target}`);
    if (!isInside(root, targetAbsolute)) {
      throw new ToolError(
        `Path ${input} goes through the symlink ${displayPath(root, candidate)} → ${targetAbsolute}, ` +
          `which is outside the workspace ${root}.`,
      );
    }
    // Re-walk the target from the root: it may itself pass through other links.
    pending = [...splitRelative(root, targetAbsolute), ...pending];
    resolved = root;
  }
  return resolved;
}

function splitRelative(root: string, absolute: string): string[] {
  const relative = relativeToRoot(root, absolute);
  return relative === '.' ? [] : relative.split('/');
}

/** How a permission prompt names a tool's path argument (pure path math: prompts are synchronous). */
export function shownToolPath(root: string, input: string): string {
  return displayPath(root, toAbsolute(root, input));
}
