import { describe, expect, it } from 'vitest';
import { gitPromptPart } from '../../../src/agent/git-prompt';
import { createGitCommand } from '../../../src/git/cli/git-command';
import { createOfflineSandbox } from '../../../src/sandbox/offline';

const settings = () => ({ authorName: 'Ada', authorEmail: 'ada@example.com', corsProxy: '', token: '' });

describe('the Git part of the system prompt', () => {
  it('is absent outside a repository', async () => {
    const sandbox = await createOfflineSandbox();
    expect(await gitPromptPart(sandbox)).toBeUndefined();
  });

  it('names the branch and summarises the status', async () => {
    const sandbox = await createOfflineSandbox({ commands: [createGitCommand(settings)] });
    await sandbox.exec('git init -b trunk && echo 1 > a && echo 2 > b && git add . && git commit -m one');
    await sandbox.exec('echo x >> a && echo x >> b && echo new > c');
    const part = await gitPromptPart(sandbox);
    expect(part?.label).toBe('Git');
    expect(part?.text).toContain('The workspace is a git repository, on branch `trunk`. Working tree: 2 modified, 1 untracked.');
  });
});
