import type { SandboxCapabilities, SandboxDescription } from '../port';
import { COMMAND_SHIMS } from './command-shims';

/**
 * Commands a bash user reaches for that jsh does not have. jsh's /bin holds cat, cp, echo, kill,
 * ls, mkdir, ps, pwd, rmdir (stackblitz/webcontainer-core#1165); StackBlitz's own Bolt prompt
 * adds touch, rm, mv, env, export, which, head, tail, sort, curl, jq, chmod, ln, xxd… and nothing
 * else. Those with a stand-in on the PATH (command-shims.ts) are not listed as missing.
 */
const MISSING = ['grep', 'sed', 'awk', 'find', 'xargs', 'wc', 'cut', 'tr', 'diff', 'tee', 'date', 'printf', 'sleep', 'test / [ ]', 'bash scripts'].filter(
  (name) => !(name in COMMAND_SHIMS),
);

/**
 * A WebContainer: a real Node.js runtime in the tab; claims merged output and previews only when
 * it has them. `notices` are passing conditions the model should know (watch fell back to polling).
 */
export function describeWebContainer(capabilities: SandboxCapabilities, notices: readonly string[] = []): SandboxDescription {
  const shims = Object.keys(COMMAND_SHIMS);
  const environment = [
    '- Sandbox: a WebContainer, a real Node.js runtime inside the browser tab. Commands run in `jsh`, StackBlitz\'s own shell: it is not bash and has a small command set (file commands such as ls, cat, cp, mv, rm, mkdir, touch; echo, pwd, cd, env, export, which, head, tail, sort, jq, curl; `&&`, `||`, `;` and `>` redirects).',
    `- Missing in jsh: ${MISSING.map((name) => `\`${name}\``).join(', ')}. Do that work in Node instead: \`node -e "…"\` one-liners or a small script (e.g. search files with \`node -e\` and fs, not grep).${shims.length > 0 ? ` Stand-ins written in Node are on the PATH for ${shims.map((name) => `\`${name}\``).join(', ')}.` : ''}`,
    '- Works: `node`, `npm` (install, test, run scripts; packages come from the npm registry), `npx`, and pure-JavaScript tools.',
    '- Does not work: there is no `git` command-line tool, no `python`, no native binaries and no native npm addons (pick pure-JS or WebAssembly packages).',
  ];
  if (capabilities.mergedOutput) {
    environment.push('- Command output arrives as one stream: stdout and stderr are merged, so judge success by the exit code, not by which stream text went to.');
  }
  if (capabilities.preview) {
    environment.push(
      '- A server started in the terminal (e.g. `npm run dev`) opens a live preview for the user. Bash waits for commands to exit, so do not start servers with it: ask the user to run them in the terminal. Errors thrown by the preview page are reported back to you in <system-reminder> notes.',
    );
  }
  for (const notice of notices) environment.push(`- ${notice}`);
  return {
    label: 'WebContainer (Node)',
    name: 'a WebContainer',
    summary: `${capabilities.preview ? 'node, npm and previews work' : 'node and npm work'}; the shell is jsh, not bash.`,
    environment,
    capabilities,
  };
}
