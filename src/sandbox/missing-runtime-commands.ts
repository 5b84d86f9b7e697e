import { defineCommand, type Command } from 'just-bash';

/** Exit status of a shell for "command not found". */
const NOT_FOUND_EXIT_CODE = 127;

const RUNTIME_COMMANDS = ['node', 'npm', 'npx'] as const;

/**
 * Stand-ins for `node`, `npm` and `npx` in the offline sandbox: they answer at once with a clear
 * message instead of just-bash's bare "command not found", so the agent (and the user at the
 * terminal) learn why and stop retrying. A real command passed by the caller replaces its stand-in.
 */
export function missingRuntimeCommands(provided: ReadonlySet<string>): Command[] {
  return RUNTIME_COMMANDS.filter((name) => !provided.has(name)).map((name) =>
    defineCommand(name, async () => ({
      stdout: '',
      stderr: `${name} needs the WebContainer runtime, which is not available in the offline sandbox.\n`,
      exitCode: NOT_FOUND_EXIT_CODE,
    })),
  );
}
