import picomatch from 'picomatch/posix';
import { z } from 'zod';
import type { Sandbox, SandboxFs } from '../sandbox/port';
import { throwIfAborted } from './abort';
import { isNotFound } from './fs-errors';
import { displayPath, isInside, normalizeAbsolute, relativeToRoot, resolveWorkspacePath, shownToolPath } from './paths';
import { ToolError, type Tool } from './port';
import { skippedDirectoriesFor, walkFiles } from './walk';

export const GLOB_RESULT_LIMIT = 100;

export const globInputSchema = z.object({
  pattern: z
    .string()
    .min(1)
    .describe('Glob pattern matched against paths relative to the search directory, e.g. "**/*.ts" or "src/**/*.{js,jsx}".'),
  path: z
    .string()
    .optional()
    .describe('Directory to search in (absolute, or relative to the workspace root). Defaults to the workspace root.'),
});

export type GlobInput = z.infer<typeof globInputSchema>;

export const globTool: Tool<typeof globInputSchema> = {
  name: 'Glob',
  description: `Finds files by name with a glob pattern, e.g. "**/*.ts", "src/**/*.test.{js,ts}", "*.json".
- Returns matching file paths relative to the workspace root, most recently modified first, at most ${GLOB_RESULT_LIMIT}.
- "*" does not cross directories: use "**/" to search at any depth ("*.ts" only matches files directly in the search directory).
- node_modules and .git are skipped unless the pattern names them. Symlinks are not followed.
- Use Grep to search file contents. Run several Globs in parallel when exploring.`,
  inputSchema: globInputSchema,
  readOnly: true,
  category: 'read-only',
  concurrencySafe: true,

  permission(input) {
    return { title: `Find files matching ${input.pattern}`, ruleKey: `Glob(${input.pattern})` };
  },

  summarize(input, { root }) {
    return input.path === undefined ? input.pattern : `${input.pattern} in ${shownToolPath(root, input.path)}`;
  },

  async run(input, context) {
    const { sandbox, signal } = context;
    const root = normalizeAbsolute(sandbox.root);
    const base = await resolveWorkspacePath(sandbox, input.path ?? root);
    await assertDirectory(sandbox.fs, base, displayPath(root, base));
    const pattern = patternRelativeTo(base, input.pattern);

    // Walk only below the pattern's literal prefix ("src" in "src/**/*.ts").
    const scan = picomatch.scan(pattern);
    const literalPrefix = scan.isGlob ? scan.base : parentOf(pattern);
    const prefixPath = literalPrefix === '' ? base : normalizeAbsolute(`${base}/${literalPrefix}`);
    if (!isInside(base, prefixPath)) throw new ToolError('The pattern may not leave the search directory with "..". Pass path instead.');
    const walkStart = await walkStartFor(sandbox, base, prefixPath);

    const matches = picomatch(pattern, { dot: true });
    const skipped = skippedDirectoriesFor(input.pattern, input.path);
    const found: Array<{ path: string; mtimeMs: number }> = [];
    for await (const file of walkFiles(sandbox.fs, walkStart, { skipDirectoryNames: skipped, signal })) {
      if (!matches(relativeTo(base, file))) continue;
      throwIfAborted(signal);
      found.push({ path: file, mtimeMs: await modifiedTime(sandbox.fs, file) });
    }

    if (found.length === 0) return { content: `No files found matching ${input.pattern} in ${displayPath(root, base)}.` };
    found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const listed = found.slice(0, GLOB_RESULT_LIMIT).map((file) => relativeToRoot(root, file.path));
    const note =
      found.length > GLOB_RESULT_LIMIT
        ? `\n(Showing the ${GLOB_RESULT_LIMIT} most recently modified of ${found.length} files. Use a narrower pattern or path to see others.)`
        : '';
    return { content: listed.join('\n') + note };
  },
};

/**
 * Where to start walking: the pattern's literal prefix, unless reaching it goes through a
 * symlink (which the walk does not follow, and which could lead outside) — then the base.
 */
async function walkStartFor(sandbox: Sandbox, base: string, prefixPath: string): Promise<string> {
  if (prefixPath === base) return base;
  try {
    return (await resolveWorkspacePath(sandbox, prefixPath)) === prefixPath ? prefixPath : base;
  } catch (error) {
    if (error instanceof ToolError) return base;
    throw error;
  }
}

async function assertDirectory(fs: SandboxFs, path: string, shown: string): Promise<void> {
  let kind;
  try {
    kind = (await fs.stat(path)).kind;
  } catch (error) {
    if (isNotFound(error)) throw new ToolError(`Directory does not exist: ${shown}.`);
    throw error;
  }
  if (kind !== 'directory') throw new ToolError(`${shown} is not a directory; pass a directory as path.`);
}

async function modifiedTime(fs: SandboxFs, path: string): Promise<number> {
  try {
    return (await fs.stat(path)).mtimeMs;
  } catch (error) {
    if (isNotFound(error)) return 0; // deleted since the walk saw it
    throw error;
  }
}

/** Accepts absolute patterns under the search directory by making them relative to it. */
function patternRelativeTo(base: string, pattern: string): string {
  if (!pattern.startsWith('/')) return pattern.replace(/^\.\//, '');
  if (pattern.startsWith(`${base}/`)) return pattern.slice(base.length + 1);
  throw new ToolError(`The pattern ${pattern} is not under the search directory ${base}. Use a relative pattern, or pass path.`);
}

function relativeTo(base: string, path: string): string {
  return base === '/' ? path.slice(1) : path.slice(base.length + 1);
}

function parentOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash === -1 ? '' : relativePath.slice(0, slash);
}
