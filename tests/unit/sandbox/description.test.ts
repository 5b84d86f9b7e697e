import { describe, expect, it } from 'vitest';
import { describeOfflineSandbox } from '../../../src/sandbox/offline-description';
import type { SandboxCapabilities } from '../../../src/sandbox/port';
import { describeWebContainer } from '../../../src/sandbox/webcontainer/description';
import { stubSandbox } from '../agent/fakes';
import { expectCompleteDescription } from './description-contract';

const offlineWithNode: SandboxCapabilities = { node: true, npm: false, preview: false, watch: true };
const offlineShellOnly: SandboxCapabilities = { node: false, npm: false, preview: false, watch: true };
const webContainer: SandboxCapabilities = { node: true, npm: true, preview: true, watch: true, mergedOutput: true };

describe('sandbox descriptions', () => {
  it.each([
    ['offline with node', () => describeOfflineSandbox(offlineWithNode), offlineWithNode],
    ['offline without node', () => describeOfflineSandbox(offlineShellOnly), offlineShellOnly],
    ['WebContainer', () => describeWebContainer(webContainer), webContainer],
  ] as const)('%s is complete', (_name, describeIt, capabilities) => {
    expectCompleteDescription({ root: '/w', capabilities, describe: describeIt });
  });

  it('the test stub is complete too', () => {
    expectCompleteDescription(stubSandbox());
  });

  it('labels and names differ per sandbox, for the status bar and the model', () => {
    expect(describeOfflineSandbox(offlineWithNode)).toMatchObject({ label: 'Offline sandbox', name: 'the offline sandbox' });
    expect(describeWebContainer(webContainer)).toMatchObject({ label: 'WebContainer (Node)', name: 'a WebContainer' });
  });

  it('the offline sandbox tells the model git works only when it has the git command', () => {
    const lines = (capabilities: SandboxCapabilities) => describeOfflineSandbox(capabilities).environment.join('\n');
    expect(lines(offlineWithNode)).toMatch(/Does not work: .*`git`/);
    const withGit = lines({ ...offlineWithNode, gitCommand: true });
    expect(withGit).toContain('`git` works (isomorphic-git)');
    expect(withGit).not.toMatch(/Does not work: .*`git`/);
  });

  it('the summary claims only what the capabilities allow', () => {
    expect(describeOfflineSandbox(offlineShellOnly).summary).toContain('no node');
    expect(describeOfflineSandbox(offlineWithNode).summary).toContain('node (QuickJS)');
    expect(describeWebContainer(webContainer).summary).toContain('previews');
    expect(describeWebContainer({ ...webContainer, preview: false }).summary).not.toContain('previews');
  });
});

describe('the WebContainer description tells the model about jsh', () => {
  const text = describeWebContainer(webContainer).environment.join('\n');

  it('names the shell and says it is not bash', () => {
    expect(text).toContain('`jsh`');
    expect(text).toContain('not bash');
  });

  it('lists the common commands jsh lacks, and what to use instead', () => {
    for (const missing of ['`grep`', '`sed`', '`find`', '`printf`']) expect(text).toContain(missing);
    expect(text).toContain('node -e');
  });

  it('does not list sleep as missing: a stand-in is on the PATH', () => {
    expect(/Missing in jsh: ([^\n]*?)\. Do that work/.exec(text)?.[1]).not.toContain('`sleep`');
    expect(text).toMatch(/on the PATH for `sleep`/);
  });

  it('passes on notices, such as watching falling back to polling', () => {
    expect(describeWebContainer(webContainer, ['File watching polls every 2 s: reasons.']).environment.at(-1)).toBe(
      '- File watching polls every 2 s: reasons.',
    );
  });
});
