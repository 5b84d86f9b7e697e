import { describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../../../src/agent/system-prompt';
import { describeOfflineSandbox, OFFLINE_NODE_MODULES } from '../../../src/sandbox/offline-description';
import { describeWebContainer } from '../../../src/sandbox/webcontainer/description';

const date = new Date('2025-03-04T10:00:00Z');

function environmentOf(prompt: string): string {
  const start = prompt.indexOf('# Environment');
  const end = prompt.indexOf('# Using tools');
  return prompt.slice(start, end);
}

describe('system prompt: the environment the model runs in', () => {
  it('WebContainer: node, npm and previews work; no git CLI, no python; output is merged', () => {
    const env = environmentOf(
      buildSystemPrompt({
        sandbox: { root: '/home/project', describe: () => describeWebContainer({ node: true, npm: true, preview: true, watch: true, mergedOutput: true }) },
        toolNames: ['Bash'],
        date,
      }),
    );
    expect(env).toContain('Workspace root: /home/project');
    expect(env).toContain('WebContainer, a real Node.js runtime');
    expect(env).toContain('`node`, `npm`');
    expect(env).toContain('no `git` command-line tool');
    expect(env).toContain('no `python`');
    expect(env).toContain('stdout and stderr are merged');
    expect(env).toContain('live preview');
    expect(env).toContain('Errors thrown by the preview page are reported back to you');
    expect(env).not.toContain('offline sandbox');
    expect(env).not.toContain('QuickJS');
  });

  it('WebContainer without merged output or previews does not claim them', () => {
    const env = environmentOf(
      buildSystemPrompt({
        sandbox: { root: '/home/project', describe: () => describeWebContainer({ node: true, npm: true, preview: false, watch: true }) },
        toolNames: [],
        date,
      }),
    );
    expect(env).not.toContain('merged');
    expect(env).not.toContain('preview');
  });

  it('offline with the JS runner: shell built-ins, node via QuickJS with its core modules, no npm, no network', () => {
    const env = environmentOf(
      buildSystemPrompt({
        sandbox: { root: '/workspace', describe: () => describeOfflineSandbox({ node: true, npm: false, preview: false, watch: true }) },
        toolNames: ['Bash'],
        date,
      }),
    );
    expect(env).toContain('Workspace root: /workspace');
    expect(env).toContain('offline sandbox, a simulated bash with built-in commands');
    expect(env).toContain('There is no network');
    expect(env).toContain('`node file.js` and `node -e` run JavaScript in an isolated interpreter (QuickJS');
    expect(env).toContain(OFFLINE_NODE_MODULES);
    for (const module of ['fs', 'path', 'assert', 'util', 'events']) expect(OFFLINE_NODE_MODULES.split(', ')).toContain(module);
    expect(env).toContain('no ES modules');
    expect(env).toContain('`npm`/`npx` (no package installs, no dev servers, no previews)');
    expect(env).toContain('`git`, `python`');
    expect(env).not.toContain('WebContainer, a real');
  });

  it('offline without the JS runner says there is no node at all', () => {
    const env = environmentOf(
      buildSystemPrompt({
        sandbox: { root: '/workspace', describe: () => describeOfflineSandbox({ node: false, npm: false, preview: false, watch: true }) },
        toolNames: [],
        date,
      }),
    );
    expect(env).toContain('There is no `node`');
    expect(env).not.toContain('QuickJS');
    expect(env).toContain('`npm`/`npx`');
  });
});

describe('system prompt: any sandbox', () => {
  it('takes the environment from the sandbox description, so a new backend needs no branch here', () => {
    const env = environmentOf(
      buildSystemPrompt({
        sandbox: {
          root: '/remote',
          describe: () => ({
            label: 'Remote sandbox',
            name: 'a remote sandbox',
            summary: 'Everything runs on a server.',
            environment: ['- Sandbox: a remote Linux box.', '- Works: everything.'],
            capabilities: { node: true, npm: true, preview: false, watch: false },
          }),
        },
        toolNames: [],
        date,
      }),
    );
    expect(env).toContain('- Workspace root: /remote');
    expect(env).toContain('- Sandbox: a remote Linux box.\n- Works: everything.');
  });
});
