/**
 * A tool defined by a file in the workspace (./definition.ts): one more Tool object, so the loop,
 * the permission gate, the chat card and the inspector treat it like any built-in tool.
 *
 * Running it runs its command in the sandbox, from the workspace root, through the same exec as
 * Bash (never in the page): the input goes to the command as JSON on stdin and in the environment
 * variable GLASSBOX_TOOL_INPUT; what it prints on stdout is the result. A non-zero exit code is an
 * error result carrying stderr (or stdout, when the sandbox merges them), and so is a timeout.
 * It is untrusted code, so it asks permission like Bash (category runs-commands; the rule is its
 * bare name, e.g. `word_count`), and plan mode refuses it.
 */
import type { ExecResult } from '../../sandbox/port';
import { withStdin } from '../../sandbox/piped-stdin';
import { errorMessage } from '../fs-errors';
import { normalizeAbsolute } from '../paths';
import { ToolError, type AnyTool, type PermissionDescriptor } from '../port';
import type { WorkspaceToolDefinition } from './definition';

/** The environment variable that holds the call's input as JSON (the same text as stdin). */
export const TOOL_INPUT_VARIABLE = 'GLASSBOX_TOOL_INPUT';

export function createWorkspaceTool(definition: WorkspaceToolDefinition): AnyTool {
  const { name, command, file } = definition;
  const timeoutMs = definition.timeoutSeconds * 1000;
  return {
    name,
    description: definition.description,
    inputSchema: definition.inputSchema,
    inputJsonSchema: definition.inputJsonSchema,
    readOnly: false,
    category: 'runs-commands',
    concurrencySafe: false,

    permission(input: unknown): PermissionDescriptor {
      return {
        title: `Run the workspace tool ${name} (${summarizeInput(input)})`,
        detail: `Runs \`${command}\` in the sandbox, as defined in ${file}, with this input on stdin:\n${JSON.stringify(input ?? {}, null, 2)}`,
        detailFormat: 'text',
        ruleKey: name,
      };
    },

    summarize(input: unknown): string {
      return summarizeInput(input);
    },

    async run(input: unknown, context) {
      const { sandbox, signal, onProgress } = context;
      if (signal.aborted) return { content: `${name} was not run: interrupted by the user.`, isError: true };
      const json = JSON.stringify(input ?? {});
      const root = normalizeAbsolute(sandbox.root);
      let result: ExecResult;
      try {
        result = await sandbox.exec(withStdin(command, json), {
          cwd: root,
          env: { [TOOL_INPUT_VARIABLE]: json, GLASSBOX_TOOL_NAME: name, GLASSBOX_PROJECT_DIR: root },
          timeoutMs,
          signal,
          ...(onProgress === undefined ? {} : { onStdout: onProgress, onStderr: onProgress }),
        });
      } catch (error) {
        if (signal.aborted) return { content: `${name} was interrupted by the user.`, isError: true };
        throw new ToolError(`The workspace tool ${name} could not run \`${command}\`: ${errorMessage(error)}`);
      }
      return toResult(definition, result);
    },
  };
}

/** stdout when it succeeded; otherwise what it said went wrong, and how it ended. */
function toResult(definition: WorkspaceToolDefinition, result: ExecResult): { content: string; isError?: boolean } {
  const stdout = result.stdout.trimEnd();
  const stderr = result.stderr.trimEnd();
  if (!result.timedOut && !result.aborted && result.exitCode === 0) return { content: stdout };
  const said = stderr !== '' ? stderr : stdout;
  const ending = result.aborted
    ? `${definition.name} was interrupted by the user.`
    : result.timedOut
      ? `${definition.name} timed out after ${definition.timeoutSeconds} s and was stopped (its "timeout" in ${definition.file}).`
      : `${definition.name} failed: \`${definition.command}\` exited with code ${result.exitCode}.`;
  return { content: said === '' ? ending : `${said}\n${ending}`, isError: true };
}

/** One line for the chat: the only string input as it is, else `field: value` pairs. */
export function summarizeInput(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '(no input)';
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length === 0) return '(no input)';
  const [first] = entries;
  if (entries.length === 1 && first !== undefined && typeof first[1] === 'string') return first[1];
  return entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
}
