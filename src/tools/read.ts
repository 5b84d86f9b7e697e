import { z } from 'zod';
import { isNotFound } from './fs-errors';
import { numberLines, splitLines } from './line-numbers';
import { displayPath, resolveWorkspacePath, shownToolPath } from './paths';
import { ToolError, type Tool } from './port';
import { recordRead } from './read-ledger';
import { decodeTextFile } from './text-file';

export const DEFAULT_READ_LIMIT = 2000;
/** More lines than this in one call would be cut by the result-size limit anyway. */
const MAX_READ_LIMIT = 10_000;

export const readInputSchema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe('The file to read: absolute, or relative to the workspace root.'),
  offset: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Line number to start reading from (1-based). Only needed for files too long to read at once.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_READ_LIMIT)
    .optional()
    .describe(`Number of lines to read (default ${DEFAULT_READ_LIMIT}).`),
});

export type ReadInput = z.infer<typeof readInputSchema>;

/** " (lines 10–59)" when the call reads a slice, so two Reads of one long file tell apart. */
function lineRange(offset: number | undefined, limit: number | undefined): string {
  if (offset === undefined && limit === undefined) return '';
  const first = offset ?? 1;
  return limit === undefined ? ` (from line ${first})` : ` (lines ${first}–${first + limit - 1})`;
}

export const readTool: Tool<typeof readInputSchema> = {
  name: 'Read',
  description: `Reads a text file from the workspace and returns its lines numbered like \`cat -n\` (line number, tab, content).
- file_path may be absolute or relative to the workspace root; it must be inside the workspace.
- Reads up to ${DEFAULT_READ_LIMIT} lines from the start by default; for longer files use offset and limit to read further. Lines longer than 2000 characters are cut.
- Always Read a file before changing it with Edit or Write: those tools refuse files you have not read, or that changed since you read them.
- The line-number prefix is not part of the file: never copy it into Edit's old_string.
- Binary files and directories cannot be read (use Glob or Bash \`ls\` to list a directory).
- Prefer reading several likely-relevant files in parallel in one turn.`,
  inputSchema: readInputSchema,
  readOnly: true,
  category: 'read-only',
  concurrencySafe: true,

  permission(input, { root }) {
    const shown = shownToolPath(root, input.file_path);
    return { title: `Read ${shown}`, ruleKey: `Read(${shown})`, subject: { kind: 'path', access: 'read', path: input.file_path } };
  },

  summarize(input, { root }) {
    return `${shownToolPath(root, input.file_path)}${lineRange(input.offset, input.limit)}`;
  },

  async run(input, context) {
    const { sandbox } = context;
    const path = await resolveWorkspacePath(sandbox, input.file_path);
    const shown = displayPath(sandbox.root, path);

    let stat;
    try {
      stat = await sandbox.fs.stat(path);
    } catch (error) {
      if (isNotFound(error)) throw new ToolError(`File does not exist: ${shown}. Use Glob to find files by name.`);
      throw error;
    }
    if (stat.kind === 'directory') {
      throw new ToolError(`${shown} is a directory, not a file. Use Glob (e.g. pattern "${shown === '.' ? '' : `${shown}/`}*") or Bash \`ls\` to list it.`);
    }

    const text = decodeTextFile(await sandbox.fs.readBytes(path));
    if (text === null) {
      throw new ToolError(`${shown} is a binary file (${stat.size.toLocaleString('en-US')} bytes); Read only shows text files.`);
    }
    // Recorded even for a partial read: the agent has seen the file at this version.
    recordRead(context.readLedger, path, stat.mtimeMs, text);

    const note = await context.notesForRead?.(path);
    const result = readResult(text, shown, input);
    return note === undefined ? result : { content: `${result.content}\n\n${note}` };
  },
};

function readResult(text: string, shown: string, input: ReadInput): { content: string } {
  const lines = splitLines(text);
  if (lines.length === 0) return { content: `${shown} exists but is empty.` };

  const offset = input.offset ?? 1;
  const limit = input.limit ?? DEFAULT_READ_LIMIT;
  if (offset > lines.length) {
    return {
      content: `${shown} has only ${lines.length} line${lines.length === 1 ? '' : 's'}; offset ${offset} is past the end.`,
    };
  }
  const shownLines = lines.slice(offset - 1, offset - 1 + limit);
  const lastShown = offset - 1 + shownLines.length;
  const remaining = lines.length - lastShown;
  const body = numberLines(shownLines, offset);
  if (remaining === 0) return { content: body };
  return {
    content: `${body}\n… ${remaining} more line${remaining === 1 ? '' : 's'}; use offset=${lastShown + 1} to read further.`,
  };
}
