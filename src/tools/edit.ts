import { z } from 'zod';
import { applyEdit, type EditOutcome } from './apply-edit';
import { loadExistingTextFile } from './existing-file';
import { numberLines, splitLines } from './line-numbers';
import { displayPath, resolveWorkspacePath, shownToolPath } from './paths';
import { describeFileChange } from './permission-diff';
import { ToolError, type PermissionDescriptor, type Tool } from './port';
import { assertReadAndUnchanged, recordRead } from './read-ledger';
import { fragmentDiff } from './unified-diff';

/** Lines of context shown around the edited region in the result. */
const SNIPPET_CONTEXT_LINES = 3;

export const editInputSchema = z.object({
  file_path: z.string().min(1).describe('The file to change: absolute, or relative to the workspace root.'),
  old_string: z
    .string()
    .describe('The exact text to replace, including whitespace and indentation, without Read line-number prefixes.'),
  new_string: z.string().describe('The text to put in its place (must differ from old_string).'),
  replace_all: z
    .boolean()
    .optional()
    .describe('Replace every occurrence of old_string instead of requiring exactly one (default false).'),
});

export type EditInput = z.infer<typeof editInputSchema>;

export const editTool: Tool<typeof editInputSchema> = {
  name: 'Edit',
  description: `Replaces an exact string in a file with another string.
- Read the file first in this session: Edit refuses files you have not read, or that changed since your last Read (then Read again).
- old_string must match the file exactly, whitespace and indentation included. Copy it from the Read output without the line-number prefix (everything after the tab).
- old_string must occur exactly once: include enough surrounding lines to make it unique, or set replace_all to replace every occurrence (useful for renames).
- Keep old_string small but unique; make several Edits for changes in different places.
- Use Write to create new files.`,
  inputSchema: editInputSchema,
  readOnly: false,
  category: 'edits-files',
  concurrencySafe: false,

  permission(input, { root }) {
    return editPermission(input, root);
  },

  summarize(input, { root }) {
    return `${shownToolPath(root, input.file_path)}${input.replace_all === true ? ' (all occurrences)' : ''}`;
  },

  async describePermission(input, { sandbox }): Promise<PermissionDescriptor> {
    // When the edit cannot apply, the prompt shows the strings' own diff, without file context.
    return describeFileChange(sandbox, input.file_path, editPermission(input, sandbox.root), (current) => {
      const outcome = applyEdit(current, input.old_string, input.new_string, input.replace_all ?? false);
      return outcome.ok ? outcome.text : undefined;
    });
  },

  async run(input, context) {
    const { sandbox } = context;
    const replaceAll = input.replace_all ?? false;
    if (input.old_string === input.new_string) {
      throw new ToolError('old_string and new_string are identical, so there is nothing to change.');
    }
    const path = await resolveWorkspacePath(sandbox, input.file_path);
    const shown = displayPath(sandbox.root, path);
    const existing = await loadExistingTextFile(sandbox, path, shown);
    if (!existing) throw new ToolError(`File does not exist: ${shown}. Use Write to create a new file.`);
    assertReadAndUnchanged(context.readLedger, path, shown, { mtimeMs: existing.stat.mtimeMs, text: existing.text });
    if (input.old_string === '') {
      throw new ToolError('old_string is empty. Give the exact text to replace, or use Write to replace the whole file.');
    }

    const outcome = applyEdit(existing.text, input.old_string, input.new_string, replaceAll);
    if (!outcome.ok) throw new ToolError(failureMessage(outcome, shown));

    await sandbox.fs.write(path, outcome.text);
    const written = await sandbox.fs.stat(path);
    recordRead(context.readLedger, path, written.mtimeMs, outcome.text);

    const summary =
      outcome.replacements === 1
        ? `Edited ${shown}.`
        : `Edited ${shown}: replaced ${outcome.replacements} occurrences (the first is shown).`;
    return { content: `${summary}\n${snippetAround(outcome.text, outcome.firstIndex, outcome.insertedText)}` };
  },
};

function editPermission(input: EditInput, root: string): PermissionDescriptor {
  const shown = shownToolPath(root, input.file_path);
  return {
    title: `Edit ${shown}${input.replace_all ? ' (all occurrences)' : ''}`,
    // Without the file we can only diff the strings themselves; describePermission adds the file context.
    detail: fragmentDiff(shown, input.old_string, input.new_string),
    detailFormat: 'diff',
    ruleKey: `Edit(${shown})`,
  };
}

function failureMessage(outcome: Exclude<EditOutcome, { ok: true }>, shown: string): string {
  if (outcome.reason === 'ambiguous') {
    return (
      `old_string occurs ${outcome.occurrences} times in ${shown}, so it is not clear which to replace. ` +
      'Add more surrounding lines to old_string to make it unique, or set replace_all to true to replace every occurrence.'
    );
  }
  return (
    `old_string was not found in ${shown}. It must match the file exactly, including whitespace and indentation ` +
    '(without the line-number prefix of Read). Read the file again if unsure of its current content.'
  );
}

/** The edited region with a few lines around it, numbered like Read, so the agent can check the result. */
function snippetAround(text: string, index: number, inserted: string): string {
  const lines = splitLines(text);
  const firstChangedLine = text.slice(0, index).split('\n').length; // 1-based
  const changedLineCount = Math.max(1, inserted.split('\n').length);
  const start = Math.max(1, firstChangedLine - SNIPPET_CONTEXT_LINES);
  const end = Math.min(lines.length, firstChangedLine + changedLineCount - 1 + SNIPPET_CONTEXT_LINES);
  if (end < start) return '(the file is now empty)';
  return numberLines(lines.slice(start - 1, end), start);
}
