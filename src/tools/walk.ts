import type { SandboxFs } from '../sandbox/port';
import { throwIfAborted } from './abort';
import { isNotFound } from './fs-errors';

/** Directories that are huge and rarely what the agent is looking for. */
export const HEAVY_DIRECTORY_NAMES: readonly string[] = ['node_modules', '.git'];

export interface WalkOptions {
  /** Directory names not to descend into (below the start). */
  skipDirectoryNames: ReadonlySet<string>;
  signal: AbortSignal;
}

/**
 * Yields the absolute path of every regular file under `start` (or `start` itself when it is a
 * file), in a stable sorted order. Symlinks are not followed, like ripgrep: a link could lead
 * outside the workspace or into a cycle. A missing start yields nothing.
 */
export async function* walkFiles(fs: SandboxFs, start: string, options: WalkOptions): AsyncGenerator<string> {
  let startKind;
  try {
    startKind = (await fs.lstat(start)).kind;
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (startKind === 'file') {
    yield start;
    return;
  }
  if (startKind !== 'directory') return;

  const directories = [start];
  while (directories.length > 0) {
    throwIfAborted(options.signal);
    const directory = directories.pop() as string;
    let entries;
    try {
      entries = await fs.list(directory);
    } catch (error) {
      if (isNotFound(error)) continue; // deleted while we walked
      throw error;
    }
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirectories: string[] = [];
    for (const entry of sorted) {
      const path = directory === '/' ? `/${entry.name}` : `${directory}/${entry.name}`;
      if (entry.kind === 'file') yield path;
      else if (entry.kind === 'directory' && !options.skipDirectoryNames.has(entry.name)) subdirectories.push(path);
    }
    // Pushed in reverse so the depth-first walk visits them in sorted order.
    directories.push(...subdirectories.reverse());
  }
}

/** The heavy directories to skip, minus those a pattern explicitly names (e.g. `node_modules/**`). */
export function skippedDirectoriesFor(...patterns: Array<string | undefined>): Set<string> {
  return new Set(HEAVY_DIRECTORY_NAMES.filter((name) => !patterns.some((pattern) => pattern !== undefined && namesDirectory(pattern, name))));
}

/** True when `name` appears in the pattern as a whole name (`.git/**`, `{.git,src}`), not as part of one (`.gitignore`). */
function namesDirectory(pattern: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`).test(pattern);
}
