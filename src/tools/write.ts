import { z } from 'zod';
import { loadExistingTextFile } from './existing-file';
import { splitLines } from './line-numbers';
import { displayPath, resolveWorkspacePath, shownToolPath } from './paths';
import { describeFileChange } from './permission-diff';
import type { PermissionDescriptor, Tool } from './port';
import { assertReadAndUnchanged, recordRead } from './read-ledger';

export const writeInputSchema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe('The file to write: absolute, or relative to the workspace root. Missing parent directories are created.'),
  content: z.string().describe('The complete new content of the file.'),
});

export type WriteInput = z.infer<typeof writeInputSchema>;

function writePermission(input: WriteInput, root: string): PermissionDescriptor {
  const shown = shownToolPath(root, input.file_path);
  return { title: `Write ${shown}`, detail: input.content, detailFormat: 'text', ruleKey: `Write(${shown})` };
}

export const writeTool: Tool<typeof writeInputSchema> = {
  name: 'Write',
  description: `Writes a whole file in the workspace, creating it (and its parent directories) or replacing it entirely.
- To overwrite an existing file you must Read it first in this session, and it must not have changed since; otherwise the write is refused.
- Prefer Edit for changing part of an existing file: it sends only the change. Use Write for new files or complete rewrites.
- Do not create files (such as documentation or READMEs) that the task does not call for.`,
  inputSchema: writeInputSchema,
  readOnly: false,
  category: 'edits-files',
  concurrencySafe: false,

  permission(input, { root }) {
    return writePermission(input, root);
  },

  summarize(input, { root }) {
    const lines = splitLines(input.content).length;
    return `${shownToolPath(root, input.file_path)} (${lines} ${lines === 1 ? 'line' : 'lines'})`;
  },

  async describePermission(input, { sandbox }): Promise<PermissionDescriptor> {
    // A new file's prompt just shows the content.
    return describeFileChange(sandbox, input.file_path, writePermission(input, sandbox.root), () => input.content);
  },

  async run(input, context) {
    const { sandbox } = context;
    const path = await resolveWorkspacePath(sandbox, input.file_path);
    const shown = displayPath(sandbox.root, path);
    const existing = await loadExistingTextFile(sandbox, path, shown);
    if (existing) assertReadAndUnchanged(context.readLedger, path, shown, { mtimeMs: existing.stat.mtimeMs, text: existing.text });

    await sandbox.fs.write(path, input.content);
    const written = await sandbox.fs.stat(path);
    // Writing counts as knowing the content: a follow-up Edit needs no new Read.
    recordRead(context.readLedger, path, written.mtimeMs, input.content);

    const lineCount = splitLines(input.content).length;
    const verb = existing ? 'Updated' : 'Created';
    return { content: `${verb} ${shown} (${lineCount} line${lineCount === 1 ? '' : 's'}).` };
  },
};
