import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitCommand } from '../../../src/git/cli/git-command';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

const AUTHOR = { authorName: 'Ada Lovelace', authorEmail: 'ada@example.com', corsProxy: '', token: '' };

/** Native git with a fixed identity and no user or system config. */
const NATIVE_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: AUTHOR.authorName,
  GIT_AUTHOR_EMAIL: AUTHOR.authorEmail,
  GIT_COMMITTER_NAME: AUTHOR.authorName,
  GIT_COMMITTER_EMAIL: AUTHOR.authorEmail,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
};

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The same repository driven twice: by native git in a temp dir and by Glassbox's git in the offline sandbox. */
class Twin {
  readonly nativeDir = mkdtempSync(join(tmpdir(), 'glassbox-git-'));
  private constructor(readonly sandbox: Sandbox) {}

  static async create(): Promise<Twin> {
    return new Twin(await createOfflineSandbox({ commands: [createGitCommand(() => AUTHOR)] }));
  }

  /** Runs one shell line in both; returns both outputs with hashes, dates and the root normalised. */
  async run(line: string): Promise<{ native: Output; glassbox: Output }> {
    let native: Output;
    try {
      const stdout = execFileSync('bash', ['-c', line], { cwd: this.nativeDir, env: NATIVE_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      native = { stdout, stderr: '', exitCode: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; status: number };
      native = { stdout: failed.stdout, stderr: failed.stderr, exitCode: failed.status };
    }
    const result = await this.sandbox.exec(line);
    const glassbox = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
    return { native: this.normalise(native, this.nativeDir), glassbox: this.normalise(glassbox, this.sandbox.root) };
  }

  /** Runs a line and expects the same stdout and exit code from both. */
  async same(line: string): Promise<string> {
    const { native, glassbox } = await this.run(line);
    expect({ line, stdout: glassbox.stdout, exitCode: glassbox.exitCode }).toEqual({ line, stdout: native.stdout, exitCode: native.exitCode });
    return glassbox.stdout;
  }

  private normalise(output: Output, root: string): Output {
    const clean = (text: string) =>
      text
        .split(root)
        .join('<root>')
        .replace(/\b[0-9a-f]{40}\b/g, '<oid>')
        .replace(/\b[0-9a-f]{7}\b/g, '<short>')
        .replace(/^Date: .*$/gm, 'Date: <date>');
    return { stdout: clean(output.stdout), stderr: clean(output.stderr), exitCode: output.exitCode };
  }

  dispose(): void {
    rmSync(this.nativeDir, { recursive: true, force: true });
    void this.sandbox.dispose();
  }
}

describe('git in the offline sandbox, against native git', () => {
  const twins: Twin[] = [];
  afterAll(() => twins.forEach((twin) => twin.dispose()));
  const twin = async () => {
    const created = await Twin.create();
    twins.push(created);
    return created;
  };

  it('says it is outside a repository like git does (exit 128)', async () => {
    const repo = await twin();
    const { native, glassbox } = await repo.run('git status');
    expect(glassbox.exitCode).toBe(128);
    expect(glassbox.stderr).toBe(native.stderr);
    expect(glassbox.stderr).toBe('fatal: not a git repository (or any of the parent directories): .git\n');
  });

  it('prints status, diff, log and commit output as git does through a small history', async () => {
    const repo = await twin();
    await repo.same('git init -b main');
    await repo.same('git status');
    await repo.same('printf "one\\ntwo\\nthree\\n" > a.txt && mkdir -p src && echo "let x = 1;" > src/main.js');
    await repo.same('git status');
    await repo.same('git status -s');
    await repo.same('git add a.txt');
    await repo.same('git status');
    await repo.same('git status --short');
    await repo.same('git diff --cached');
    await repo.same('git add -A');
    await repo.same('git commit -m "First commit"');
    await repo.same('git status');
    await repo.same('git log --oneline');
    await repo.same('printf "one\\nTWO\\nthree\\nfour\\n" > a.txt && echo new > b.txt && rm src/main.js');
    await repo.same('git status');
    await repo.same('git status --porcelain');
    await repo.same('git diff');
    await repo.same('git diff a.txt');
    await repo.same('git diff --stat');
    await repo.same('git add a.txt');
    await repo.same('git status');
    await repo.same('git diff --staged');
    await repo.same('git commit -a -m "Second commit"');
    await repo.same('git log');
    await repo.same('git log -n 1 --oneline');
    await repo.same('git log -1');
    await repo.same('git show --stat');
    await repo.same('git rev-parse --abbrev-ref HEAD');
    // Staged changes deep in the tree: the HEAD side is found through its trees.
    await repo.same('mkdir -p src/deep && echo x > src/deep/d.js && git add -A && git commit -m third');
    await repo.same('echo y >> src/deep/d.js && git add src/deep/d.js && git rm a.txt');
    await repo.same('git diff --cached');
    await repo.same('git diff --cached --stat');
    await repo.same('git diff --cached src');
  });

  it('branches, switches, restores and resets like git', async () => {
    const repo = await twin();
    await repo.same('git init -b main && echo base > f.txt && git add . && git commit -m base');
    await repo.same('git branch feature');
    await repo.same('git branch');
    await repo.same('git switch feature');
    await repo.same('echo more >> f.txt && git commit -am "feature work"');
    await repo.same('git checkout main');
    await repo.same('cat f.txt');
    await repo.same('git switch -c topic');
    await repo.same('git branch');
    await repo.same('echo changed > f.txt && git add f.txt && git status -s');
    await repo.same('git restore --staged f.txt && git status -s');
    await repo.same('git restore f.txt && git status -s && cat f.txt');
    await repo.same('echo again > f.txt && git add f.txt && git reset HEAD f.txt');
    await repo.same('git status -s');
    await repo.same('echo new > g.txt && git add g.txt && git reset --hard && git status -s');
    await repo.same('echo x > f.txt && git checkout -- f.txt && cat f.txt');
    await repo.same('git checkout main && git branch -d topic');
  });

  it('says plainly which subcommands it lacks', async () => {
    const repo = await twin();
    const result = await repo.sandbox.exec('git rebase main');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^git: 'rebase' is not supported in Glassbox yet; supported: init, status, diff, log/);
  });
});
