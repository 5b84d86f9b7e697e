import { defineCommand, type Command } from 'just-bash';

/** Exit status of a shell for "command not found". */
const NOT_FOUND_EXIT_CODE = 127;

/** Why each missing program is missing, in our words (not just-bash's developer messages). */
const MISSING: Readonly<Record<string, (name: string) => string>> = {
  ...names(['node', 'npm', 'npx'], (name) => `${name} needs the WebContainer runtime, which is not available in the offline sandbox.`),
  ...names(['yarn', 'pnpm', 'bun', 'deno'], (name) => `${name} is not available in the offline sandbox: JavaScript tooling needs the WebContainer runtime.`),
  ...names(['python', 'python3', 'pip', 'pip3'], (name) => `${name}: there is no Python in the offline sandbox.`),
  git: () => 'git: there is no git command in the offline sandbox.',
  ...names(['tar', 'sqlite3', 'yq', 'xan'], (name) => `${name} is not available in the offline sandbox (it does not run in a browser tab).`),
  ...names(['gcc', 'cc', 'g++', 'clang', 'make', 'go', 'cargo', 'rustc', 'java', 'javac', 'ruby', 'php'], (name) => `${name}: compilers and other language runtimes do not run in the offline sandbox.`),
  ...names(['sudo', 'apt', 'apt-get', 'brew', 'docker'], (name) => `${name}: nothing can be installed in the offline sandbox; it is a simulated shell in this tab.`),
};

function names(list: readonly string[], say: (name: string) => string): Record<string, (name: string) => string> {
  return Object.fromEntries(list.map((name) => [name, say]));
}

/** What does work, said after every "missing" line so the agent and the user know where to turn. */
function whatWorks(provided: ReadonlySet<string>): string {
  const node = provided.has('node') ? ', `node script.js` (the offline JavaScript runner)' : '';
  return `What works here: shell built-ins (ls, cat, grep, sed, awk, find, jq, …)${node}, and the agent's file tools.`;
}

/**
 * Stand-ins for programs the offline sandbox lacks (node/npm without a runner, Python, git,
 * compilers…): they answer at once, in plain words, what is missing and what works instead of
 * just-bash's bare "command not found" or its developer messages, so the agent (and the user at
 * the terminal) learn why and stop retrying. A real command passed by the caller replaces its stand-in.
 */
export function missingRuntimeCommands(provided: ReadonlySet<string>): Command[] {
  const works = whatWorks(provided);
  return Object.entries(MISSING)
    .filter(([name]) => !provided.has(name))
    .map(([name, say]) =>
      defineCommand(name, async () => ({
        stdout: '',
        stderr: `${say(name)}\n${works}\n`,
        exitCode: NOT_FOUND_EXIT_CODE,
      })),
    );
}
