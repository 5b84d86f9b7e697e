import { afterAll, describe, expect, it } from 'vitest';
import { createGitCommand } from '../../../src/git/cli/git-command';
import { openGitContext } from '../../../src/git/cli/run-git';
import { scanStatus, type StatusRow } from '../../../src/git/status-scan';
import { readIndexFile } from '../../../src/git/index-file';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
});

async function repository(): Promise<Sandbox> {
  const sandbox = await createOfflineSandbox({ commands: [createGitCommand()] });
  sandboxes.push(sandbox);
  await sh(sandbox, 'git init -b main && git config user.name Test && git config user.email test@example.com');
  return sandbox;
}

async function sh(sandbox: Sandbox, script: string): Promise<void> {
  const result = await sandbox.exec(script);
  if (result.exitCode !== 0) throw new Error(`${script}: ${result.stderr}${result.stdout}`);
}

const byPath = (rows: StatusRow[]) => [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** The scan's rows and isomorphic-git's statusMatrix rows (unchanged files left out), for the same repository. */
async function bothRows(sandbox: Sandbox): Promise<{ scanned: StatusRow[] | undefined; matrix: StatusRow[] }> {
  const ctx = await openGitContext({ fs: sandbox.fs, cwd: sandbox.root });
  const dir = ctx.dir ?? sandbox.root;
  const matrix = ((await ctx.git.statusMatrix({ fs: ctx.fs, dir, refresh: false })) as StatusRow[]).filter(([, head, workdir, stage]) => !(head === 1 && workdir === 1 && stage === 1));
  const scanned = await scanStatus(ctx, dir);
  return { scanned: scanned && byPath(scanned), matrix: byPath(matrix) };
}

async function expectSameAsStatusMatrix(sandbox: Sandbox): Promise<StatusRow[]> {
  const { scanned, matrix } = await bothRows(sandbox);
  expect(scanned).toEqual(matrix);
  return matrix;
}

describe('status scan, row for row against isomorphic-git statusMatrix', () => {
  it('a repository with no commit yet: new, staged and untracked files', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'mkdir -p src/deep && echo a > a.txt && echo b > src/b.ts && echo c > src/deep/c.ts && git add a.txt src/b.ts');
    expect(await expectSameAsStatusMatrix(sandbox)).toEqual([
      ['a.txt', 0, 2, 2],
      ['src/b.ts', 0, 2, 2],
      ['src/deep/c.ts', 0, 2, 0],
    ]);
  });

  it('after commits: edits, staged edits, deletions, rm --cached, new directories and ignored files', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'mkdir -p src/deep docs && echo one > a.txt && echo two > src/b.ts && echo three > src/deep/c.ts && echo guide > docs/guide.md && printf "*.log\\nbuild/\\n" > .gitignore');
    await sh(sandbox, 'git add . && git commit -q -m first && echo more >> src/b.ts && git add src/b.ts && git commit -q -m second');
    expect(await expectSameAsStatusMatrix(sandbox)).toEqual([]);
    await sh(sandbox, 'echo edited >> a.txt');
    await sh(sandbox, 'echo staged >> src/deep/c.ts && git add src/deep/c.ts && echo and-more >> src/deep/c.ts');
    await sh(sandbox, 'rm docs/guide.md && git rm -q --cached src/b.ts');
    await sh(sandbox, 'mkdir -p new/inner build && echo n > new/inner/n.ts && echo x > debug.log && echo o > build/out.js && echo u > src/untracked.ts');
    const rows = await expectSameAsStatusMatrix(sandbox);
    expect(rows.map(([path]) => path)).toEqual(['a.txt', 'docs/guide.md', 'new/inner/n.ts', 'src/b.ts', 'src/deep/c.ts', 'src/untracked.ts']);
  });

  it('a file replaced by a directory and a directory replaced by a file', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'mkdir -p dir && echo f > file && echo g > dir/g && git add . && git commit -q -m first');
    await sh(sandbox, 'rm file && mkdir file && echo inside > file/inside && rm -r dir && echo now-a-file > dir');
    await expectSameAsStatusMatrix(sandbox);
  });

  it('a file touched but unchanged reads as unchanged, and the index is refreshed so the next scan does not hash it', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'echo same > a.txt && echo other > b.txt && git add . && git commit -q -m first');
    const before = readIndexFile(await sandbox.fs.readBytes(`${sandbox.root}/.git/index`))?.entries.find((entry) => entry.path === 'a.txt');
    await sh(sandbox, 'sleep 0.01 && echo same > a.txt');
    expect(await expectSameAsStatusMatrix(sandbox)).toEqual([]);
    const after = readIndexFile(await sandbox.fs.readBytes(`${sandbox.root}/.git/index`))?.entries.find((entry) => entry.path === 'a.txt');
    const stat = await sandbox.fs.lstat(`${sandbox.root}/a.txt`);
    expect(after?.oid).toBe(before?.oid);
    expect(after?.mtimeSeconds).toBe(Math.floor(stat.mtimeMs / 1000));
    expect([after?.mtimeSeconds, after?.mtimeNanoseconds]).not.toEqual([before?.mtimeSeconds, before?.mtimeNanoseconds]);
  });

  it('a staged change whose directory tree differs only deep down reads HEAD there and nowhere else', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'mkdir -p a/b/c x/y && echo 1 > a/b/c/one && echo 2 > a/b/two && echo 3 > x/y/three && git add . && git commit -q -m first');
    await sh(sandbox, 'echo changed > a/b/c/one && git add a/b/c/one && echo new > a/b/c/added && git add a/b/c/added');
    expect(await expectSameAsStatusMatrix(sandbox)).toEqual([
      ['a/b/c/added', 0, 2, 2],
      ['a/b/c/one', 1, 2, 2],
    ]);
  });

  it('declines a state it does not read (core.autocrlf), so the caller uses statusMatrix', async () => {
    const sandbox = await repository();
    await sh(sandbox, 'echo a > a.txt && git add . && git commit -q -m first && git config core.autocrlf true');
    const { scanned } = await bothRows(sandbox);
    expect(scanned).toBeUndefined();
  });
});
