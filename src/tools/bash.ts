import { z } from 'zod';
import type { ExecResult } from '../sandbox/port';
import { errorMessage } from './fs-errors';
import { normalizeAbsolute } from './paths';
import { ToolError, type PermissionDescriptor, type Tool } from './port';

export const DEFAULT_BASH_TIMEOUT_MS = 120_000;
export const MAX_BASH_TIMEOUT_MS = 600_000;
/** Longer commands are shortened in the one-line permission title (the detail has them whole). */
const MAX_TITLE_COMMAND_CHARS = 120;

export const bashInputSchema = z.object({
  command: z.string().min(1).describe('The shell command to run.'),
  description: z
    .string()
    .optional()
    .describe('What the command does, in 5–10 words, e.g. "Run the unit tests" (shown to the user).'),
  timeout: z
    .number()
    .int()
    .min(1)
    .max(MAX_BASH_TIMEOUT_MS)
    .optional()
    .describe(`Timeout in milliseconds (default ${DEFAULT_BASH_TIMEOUT_MS}, max ${MAX_BASH_TIMEOUT_MS}).`),
});

export type BashInput = z.infer<typeof bashInputSchema>;

export const bashTool: Tool<typeof bashInputSchema> = {
  name: 'Bash',
  description: `Runs a shell command in the workspace sandbox and returns its output (stdout, then stderr) and exit code.
- Every command starts in the workspace root: \`cd\` does not carry over between calls, so use \`cd dir && cmd\` or paths relative to the root. Quote paths that contain spaces.
- Use it for running tests, builds, scripts, git and package commands. Do not use it to read, search or edit files: use Read, Grep, Glob, Edit and Write, which are faster and safer (no cat, head, tail, grep, find, sed or echo >).
- Chain dependent commands with &&; make independent calls in parallel.
- Commands time out after ${DEFAULT_BASH_TIMEOUT_MS / 1000}s by default (timeout sets up to ${MAX_BASH_TIMEOUT_MS / 1000}s). Do not start servers or watchers that never exit.
- The sandbox runs in the browser: what is installed (node, npm, …) depends on it; check with a quick command if unsure.`,
  inputSchema: bashInputSchema,
  readOnly: false,
  category: 'runs-commands',
  concurrencySafe: false,

  permission(input) {
    return bashPermission(input);
  },

  summarize(input) {
    return input.command;
  },

  async run(input, context) {
    const { sandbox, signal, onProgress } = context;
    const timeoutMs = Math.min(input.timeout ?? DEFAULT_BASH_TIMEOUT_MS, MAX_BASH_TIMEOUT_MS);
    if (signal.aborted) return { content: 'Command was not run: interrupted by the user.', isError: true };

    let result: ExecResult;
    try {
      result = await sandbox.exec(input.command, {
        cwd: normalizeAbsolute(sandbox.root),
        timeoutMs,
        signal,
        onStdout: onProgress,
        onStderr: onProgress,
      });
    } catch (error) {
      if (signal.aborted) return { content: 'Command was interrupted by the user.', isError: true };
      throw new ToolError(`Could not run the command: ${errorMessage(error)}`);
    }
    return { content: formatResult(result, timeoutMs), isError: result.exitCode !== 0 || result.timedOut || result.aborted };
  },
};

function bashPermission(input: BashInput): PermissionDescriptor {
  const firstLine = input.command.split('\n', 1)[0] ?? '';
  const shortened = firstLine.length > MAX_TITLE_COMMAND_CHARS || firstLine !== input.command;
  const titleCommand = shortened ? `${firstLine.slice(0, MAX_TITLE_COMMAND_CHARS)}…` : firstLine;
  const details = [input.description, shortened ? input.command : undefined].filter((part) => part !== undefined && part !== '');
  return {
    title: `Run \`${titleCommand}\``,
    ...(details.length > 0 ? { detail: details.join('\n\n'), detailFormat: 'text' as const } : {}),
    ruleKey: `Bash(${input.command})`,
  };
}

/** stdout, stderr, then how the command ended when that was not a plain success. */
function formatResult(result: ExecResult, timeoutMs: number): string {
  const parts = [result.stdout.trimEnd(), result.stderr.trimEnd()].filter((part) => part !== '');
  if (result.timedOut) parts.push(`Command timed out after ${formatSeconds(timeoutMs)}`);
  else if (result.aborted) parts.push('Command was interrupted by the user');
  else if (result.exitCode !== 0) parts.push(`Exit code ${result.exitCode}`);
  return parts.length > 0 ? parts.join('\n') : '(no output)';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}
