import picomatch from 'picomatch/posix';
import { z } from 'zod';
import type { SandboxFs } from '../sandbox/port';
import { throwIfAborted } from './abort';
import { errorMessage, isNotFound } from './fs-errors';
import { shortenLine, splitLines } from './line-numbers';
import { displayPath, normalizeAbsolute, relativeToRoot, resolveWorkspacePath, shownToolPath } from './paths';
import { ToolError, type Tool } from './port';
import { decodeTextFile } from './text-file';
import { skippedDirectoriesFor, walkFiles } from './walk';

/** Widest context a call may ask for; more is better served by Read. */
const MAX_CONTEXT_LINES = 50;
/** Shown lines are cut to this length so one minified line cannot flood the result. */
const MAX_SHOWN_LINE_CHARS = 500;

export const grepInputSchema = z.object({
  pattern: z
    .string()
    .min(1)
    .describe('JavaScript regular expression to search for in file contents, e.g. "function\\s+\\w+" or "TODO".'),
  path: z
    .string()
    .optional()
    .describe('File or directory to search (absolute, or relative to the workspace root). Defaults to the workspace root.'),
  glob: z
    .string()
    .optional()
    .describe('Only search files matching this glob, e.g. "*.ts" (matched against the file name) or "src/**/*.{ts,tsx}".'),
  output_mode: z
    .enum(['files_with_matches', 'content', 'count'])
    .optional()
    .describe('"files_with_matches" (default): paths of matching files; "content": matching lines; "count": matches per file.'),
  '-i': z.boolean().optional().describe('Case-insensitive search.'),
  '-n': z.boolean().optional().describe('Show line numbers in content mode (default true).'),
  '-A': z.number().int().min(0).max(MAX_CONTEXT_LINES).optional().describe('Lines to show after each match (content mode).'),
  '-B': z.number().int().min(0).max(MAX_CONTEXT_LINES).optional().describe('Lines to show before each match (content mode).'),
  '-C': z
    .number()
    .int()
    .min(0)
    .max(MAX_CONTEXT_LINES)
    .optional()
    .describe('Lines to show before and after each match (content mode).'),
  head_limit: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Return only the first N results: files, content lines or count entries depending on output_mode.'),
});

export type GrepInput = z.infer<typeof grepInputSchema>;

export const grepTool: Tool<typeof grepInputSchema> = {
  name: 'Grep',
  description: `Searches file contents with a JavaScript regular expression, line by line.
- Always use Grep for content search instead of running grep or rg through Bash.
- output_mode "files_with_matches" (default) lists matching files, most recently modified first; "content" shows matching lines as path:line:text (with -A/-B/-C context lines as path-line-text); "count" shows matches per file.
- Filter files with glob (e.g. "*.ts", "**/*.{js,jsx}") or narrow the search with path. Use -i for case-insensitive search and head_limit to cap the output.
- Regex syntax is JavaScript's: escape literal braces and parentheses (e.g. "interface\\{\\}" to find "interface{}"). Patterns do not span lines.
- Binary files, node_modules and .git are skipped.`,
  inputSchema: grepInputSchema,
  readOnly: true,
  category: 'read-only',
  concurrencySafe: true,

  permission(input) {
    return { title: `Search for /${input.pattern}/`, ruleKey: `Grep(${input.pattern})` };
  },

  summarize(input, { root }) {
    const where = input.path === undefined ? '' : ` in ${shownToolPath(root, input.path)}`;
    const which = input.glob === undefined ? '' : ` (${input.glob})`;
    return `${input.pattern}${where}${which}`;
  },

  async run(input, context) {
    const { sandbox, signal } = context;
    const root = normalizeAbsolute(sandbox.root);
    const regex = compilePattern(input.pattern, input['-i'] ?? false);
    const target = await resolveWorkspacePath(sandbox, input.path ?? root);
    let targetKind;
    try {
      targetKind = (await sandbox.fs.stat(target)).kind;
    } catch (error) {
      if (isNotFound(error)) throw new ToolError(`Path does not exist: ${displayPath(root, target)}.`);
      throw error;
    }
    // An explicitly named file is searched even if it does not match glob.
    const inGlob = input.glob !== undefined && targetKind === 'directory' ? globFilter(input.glob) : () => true;
    const mode = input.output_mode ?? 'files_with_matches';
    const before = input['-B'] ?? input['-C'] ?? 0;
    const after = input['-A'] ?? input['-C'] ?? 0;
    const showLineNumbers = input['-n'] ?? true;
    const headLimit = input.head_limit;

    const fileMatches: FileMatches[] = [];
    const skipped = skippedDirectoriesFor(input.glob, input.path);
    for await (const file of walkFiles(sandbox.fs, target, { skipDirectoryNames: skipped, signal })) {
      const relativeToTarget = file === target ? file.slice(file.lastIndexOf('/') + 1) : file.slice(target.length + 1);
      if (!inGlob(relativeToTarget)) continue;
      throwIfAborted(signal);
      const text = await readTextOrSkip(sandbox.fs, file);
      if (text === null) continue;
      const lines = splitLines(text).map((line) => line.replace(/\r$/, ''));
      const matchingLines = lines.flatMap((line, index) => (regex.test(line) ? [index] : []));
      // Only content mode prints lines; the other modes need not keep whole files in memory.
      if (matchingLines.length > 0) fileMatches.push({ path: file, lines: mode === 'content' ? lines : [], matchingLines });
    }

    if (fileMatches.length === 0) return { content: `No matches found for /${input.pattern}/.` };
    const shown = (file: FileMatches) => relativeToRoot(root, file.path);

    if (mode === 'files_with_matches') {
      const withTimes = await Promise.all(
        fileMatches.map(async (file) => ({ file, mtimeMs: await modifiedTime(sandbox.fs, file.path) })),
      );
      withTimes.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file.path < b.file.path ? -1 : 1));
      const paths = withTimes.map((entry) => shown(entry.file));
      const { kept, note } = applyHeadLimit(paths, headLimit);
      return { content: `Found ${paths.length} file${paths.length === 1 ? '' : 's'}\n${kept.join('\n')}${note}` };
    }

    if (mode === 'count') {
      const entries = fileMatches.map((file) => `${shown(file)}:${file.matchingLines.length}`);
      const total = fileMatches.reduce((sum, file) => sum + file.matchingLines.length, 0);
      const { kept, note } = applyHeadLimit(entries, headLimit);
      return {
        content: `${kept.join('\n')}${note}\n\nFound ${total} matching line${total === 1 ? '' : 's'} in ${fileMatches.length} file${fileMatches.length === 1 ? '' : 's'}.`,
      };
    }

    const hasContext = before > 0 || after > 0;
    const outputLines = fileMatches.flatMap((file, index) => [
      ...(index > 0 && hasContext ? ['--'] : []),
      ...contentLines(file, shown(file), before, after, showLineNumbers),
    ]);
    const { kept, note } = applyHeadLimit(outputLines, headLimit);
    return { content: kept.join('\n') + note };
  },
};

interface FileMatches {
  path: string;
  lines: string[];
  /** 0-based indexes of lines that match. */
  matchingLines: number[];
}

/**
 * Like ripgrep's --glob: a pattern without a slash matches the file name at any depth ("*.ts"),
 * one with a slash matches the path below the search directory ("src/**\/*.ts").
 * (picomatch's own `basename` option also applies to patterns with slashes, so we choose here.)
 */
function globFilter(glob: string): (relativePath: string) => boolean {
  const matches = picomatch(glob, { dot: true });
  if (glob.includes('/')) return matches;
  return (relativePath) => matches(relativePath.slice(relativePath.lastIndexOf('/') + 1));
}

function compilePattern(pattern: string, ignoreCase: boolean): RegExp {
  try {
    return new RegExp(pattern, ignoreCase ? 'i' : '');
  } catch (error) {
    throw new ToolError(`Invalid regular expression /${pattern}/: ${errorMessage(error)}. Use JavaScript regex syntax and escape special characters.`);
  }
}

async function readTextOrSkip(fs: SandboxFs, path: string): Promise<string | null> {
  try {
    return decodeTextFile(await fs.readBytes(path));
  } catch (error) {
    if (isNotFound(error)) return null; // deleted while we searched
    throw error;
  }
}

async function modifiedTime(fs: SandboxFs, path: string): Promise<number> {
  try {
    return (await fs.stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Matching lines as `path:line:text`, context lines as `path-line-text` (ripgrep's convention),
 * with `--` between groups that are not adjacent.
 */
function contentLines(file: FileMatches, shownPath: string, before: number, after: number, showLineNumbers: boolean): string[] {
  const matching = new Set(file.matchingLines);
  const output: string[] = [];
  let lastPrinted = -1;
  for (const matchIndex of file.matchingLines) {
    const start = Math.max(0, matchIndex - before, lastPrinted + 1);
    const end = Math.min(file.lines.length - 1, matchIndex + after);
    if (lastPrinted !== -1 && start > lastPrinted + 1 && (before > 0 || after > 0)) output.push('--');
    for (let index = start; index <= end; index += 1) {
      const separator = matching.has(index) ? ':' : '-';
      const number = showLineNumbers ? `${index + 1}${separator}` : '';
      output.push(`${shownPath}${separator}${number}${shortenLine(file.lines[index] ?? '', MAX_SHOWN_LINE_CHARS)}`);
    }
    lastPrinted = Math.max(lastPrinted, end);
  }
  return output;
}

function applyHeadLimit(items: string[], headLimit: number | undefined): { kept: string[]; note: string } {
  if (headLimit === undefined || items.length <= headLimit) return { kept: items, note: '' };
  return {
    kept: items.slice(0, headLimit),
    note: `\n(Showing the first ${headLimit} of ${items.length} results; raise head_limit or narrow the search for more.)`,
  };
}
