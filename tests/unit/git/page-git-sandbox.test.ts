import { describe, expect, it } from 'vitest';
import { gitOnlyCommandLine, withPageGit } from '../../../src/git/page-git-sandbox';
import { createOfflineSandbox } from '../../../src/sandbox/offline';

const settings = () => ({ authorName: 'Ada', authorEmail: 'ada@example.com', corsProxy: '', token: '' });

describe('the page-side git for sandboxes without one', () => {
  it('takes only lines that are git invocations joined by && or ;', async () => {
    expect(await gitOnlyCommandLine('git status')).toEqual({ commands: [['status']], joins: [] });
    expect(await gitOnlyCommandLine(`git add . && git commit -m 'it'"'"'s done'; git log --oneline`)).toEqual({
      commands: [['add', '.'], ['commit', '-m', "it's done"], ['log', '--oneline']],
      joins: ['&&', ';'],
    });
    expect(await gitOnlyCommandLine('git status | head')).toBeUndefined();
    expect(await gitOnlyCommandLine('git log > out.txt')).toBeUndefined();
    expect(await gitOnlyCommandLine('npm test && git status')).toBeUndefined();
    expect(await gitOnlyCommandLine('git commit -m "$MESSAGE"')).toBeUndefined();
    expect(await gitOnlyCommandLine('git status || echo no')).toBeUndefined();
  });

  it('runs git lines in the page over the sandbox fs and passes every other line through', async () => {
    const bare = await createOfflineSandbox();
    expect(bare.capabilities.gitCommand).toBeUndefined();
    const sandbox = withPageGit(bare, { settings });
    expect((await sandbox.exec('git init')).stdout).toBe('Initialized empty Git repository in /workspace/.git/\n');
    await sandbox.fs.write('/workspace/a.txt', 'a\n');
    expect((await sandbox.exec('git status --short')).stdout).toBe('?? a.txt\n');
    const committed = await sandbox.exec('git add a.txt && git commit -m "Add a"');
    expect(committed.exitCode).toBe(0);
    expect(committed.stdout).toMatch(/^\[main \(root-commit\) [0-9a-f]{7}\] Add a\n 1 file changed, 1 insertion\(\+\)\n create mode 100644 a.txt\n$/);
    expect((await sandbox.exec('git log --oneline')).stdout).toMatch(/^[0-9a-f]{7} Add a\n$/);
    const failed = await sandbox.exec('git switch nope && git status');
    expect(failed.exitCode).toBe(128);
    expect(failed.stderr).toBe('fatal: invalid reference: nope\n');
    expect((await sandbox.exec('echo plain')).stdout).toBe('plain\n');
    expect(sandbox.root).toBe('/workspace');
  });
});

describe('the offline sandbox with the git command', () => {
  it('says it has one, so the page does not wrap it', async () => {
    const { createGitCommand } = await import('../../../src/git/cli/git-command');
    const sandbox = await createOfflineSandbox({ commands: [createGitCommand(settings)] });
    expect(sandbox.capabilities.gitCommand).toBe(true);
  });
});
