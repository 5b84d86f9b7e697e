import type { SandboxCapabilities, SandboxDescription } from '../port';

/** A WebContainer: a real Node.js runtime in the tab; claims merged output and previews only when it has them. */
export function describeWebContainer(capabilities: SandboxCapabilities): SandboxDescription {
  const environment = [
    '- Sandbox: a WebContainer, a real Node.js runtime inside the browser tab. Commands run in `jsh`, a bash-like shell with fewer features than bash.',
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
  return {
    label: 'WebContainer (Node)',
    name: 'a WebContainer',
    summary: capabilities.preview ? 'node, npm and previews work.' : 'node and npm work.',
    environment,
    capabilities,
  };
}
