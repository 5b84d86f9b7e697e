import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepository } from '../../../src/git/clone-repository';
import { gitFs } from '../../../src/git/git-fs';
import { loadIsomorphicGit } from '../../../src/git/load-isomorphic-git';
import { readIndexFile } from '../../../src/git/index-file';
import { restampClonedIndex, restampIndexBytes } from '../../../src/git/restamp-index';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox, SandboxFs } from '../../../src/sandbox/port';
import { makeRepository, startGitServer, type GitServer } from '../../support/git-server.mjs';

let root: string;
let server: GitServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-restamp-'));
  makeRepository(root, 'repo', {
    commits: [
      { 'README.md': '# one\n', 'src/a.ts': 'export const a = 1;\n', 'src/deep/b.ts': 'export const b = 2;\n' },
      { 'src/a.ts': 'export const a = 3;\n', 'docs/guide.md': 'read me\n' },
    ],
  });
  server = await startGitServer({ root });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A fresh clone of the test repository restored into an offline sandbox, as the app does it. */
async function clonedSandbox(): Promise<Sandbox> {
  const repo = await cloneRepository({ url: `${server.url}/repo.git` });
  const sandbox = await createOfflineSandbox();
  await sandbox.restore({ files: repo.files });
  return sandbox;
}

/** The sandbox's fs, counting the working files read (not those under .git). */
function counting(fs: SandboxFs, root: string): { fs: SandboxFs; reads: string[] } {
  const reads: string[] = [];
  const note = (path: string) => {
    if (!path.startsWith(`${root}/.git/`)) reads.push(path);
  };
  return {
    reads,
    fs: {
      ...fs,
      readText: (path) => (note(path), fs.readText(path)),
      readBytes: (path) => (note(path), fs.readBytes(path)),
    },
  };
}

async function statusRows(fs: SandboxFs, dir: string) {
  const { git } = await loadIsomorphicGit();
  const matrix = await git.statusMatrix({ fs: gitFs(fs), dir });
  return matrix.filter(([, head, workdir, stage]) => !(head === 1 && workdir === 1 && stage === 1));
}

describe('restampClonedIndex', () => {
  it('lets the first git status after a clone trust the index instead of reading every file', async () => {
    const before = await clonedSandbox();
    const unstamped = counting(before.fs, before.root);
    expect(await statusRows(unstamped.fs, before.root)).toEqual([]);
    expect(unstamped.reads.length).toBe(4); // without the restamp every file is read and hashed

    const sandbox = await clonedSandbox();
    expect(await restampClonedIndex(sandbox.fs, sandbox.root)).toBe(4);
    const stamped = counting(sandbox.fs, sandbox.root);
    expect(await statusRows(stamped.fs, sandbox.root)).toEqual([]);
    expect(stamped.reads).toEqual([]);
  });

  it('still sees an edit, even one that keeps the size', async () => {
    const sandbox = await clonedSandbox();
    await restampClonedIndex(sandbox.fs, sandbox.root);
    await sandbox.fs.write(`${sandbox.root}/src/a.ts`, 'export const a = 4;\n');
    expect(await statusRows(sandbox.fs, sandbox.root)).toEqual([['src/a.ts', 1, 2, 1]]);
  });

  it('writes an index native git reads as valid and clean', async () => {
    const sandbox = await clonedSandbox();
    await restampClonedIndex(sandbox.fs, sandbox.root);
    const out = mkdtempSync(join(tmpdir(), 'glassbox-restamp-out-'));
    try {
      const { files } = await sandbox.snapshot();
      for (const [path, contents] of Object.entries(files)) {
        mkdirSync(dirname(join(out, path)), { recursive: true });
        writeFileSync(join(out, path), contents);
      }
      const git = (...args: string[]) => execFileSync('git', args, { cwd: out, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: out } }).toString();
      expect(git('fsck', '--no-dangling', '--connectivity-only')).toBe('');
      expect(git('status', '--porcelain')).toBe('');
      expect(git('ls-files').split('\n').filter(Boolean)).toEqual(['README.md', 'docs/guide.md', 'src/a.ts', 'src/deep/b.ts']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('changes only the stat fields of entries whose size matches, and leaves the mode', async () => {
    const sandbox = await clonedSandbox();
    const index = await sandbox.fs.readBytes(`${sandbox.root}/.git/index`);
    const entries = readIndexFile(index)?.entries ?? [];
    expect(entries.map((entry) => entry.path)).toEqual(['README.md', 'docs/guide.md', 'src/a.ts', 'src/deep/b.ts']);
    const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
    const size = (path: string) => view.getUint32((entries.find((entry) => entry.path === path)?.offset ?? 0) + 36);
    const restamped = restampIndexBytes(index, (path) =>
      path === 'README.md' ? { mtimeMs: 1_700_000_000_123.5, ctimeMs: 1_700_000_000_123.5, dev: 7, ino: 9, uid: 3, gid: 4, size: size(path) } : path === 'src/a.ts' ? { mtimeMs: 1, ctimeMs: 1, dev: 1, ino: 1, uid: 1, gid: 1, size: 999 } : undefined,
    );
    expect(restamped).toBeDefined();
    const after = new DataView(restamped!.buffer);
    const readme = entries[0]!.offset;
    expect([after.getUint32(readme), after.getUint32(readme + 4), after.getUint32(readme + 8), after.getUint32(readme + 12)]).toEqual([1_700_000_000, 123_500_000, 1_700_000_000, 123_500_000]);
    expect([after.getUint32(readme + 16), after.getUint32(readme + 20), after.getUint32(readme + 28), after.getUint32(readme + 32)]).toEqual([7, 9, 3, 4]);
    expect(after.getUint32(readme + 24)).toBe(view.getUint32(readme + 24));
    // The entry with another size, and everything past the stat fields, is byte for byte the same.
    const a = entries[2]!.offset;
    expect(restamped!.subarray(a, entries[3]!.offset)).toEqual(index.subarray(a, entries[3]!.offset));
    expect(restamped!.subarray(readme + 36, a)).toEqual(index.subarray(readme + 36, a));
  });

  it('leaves what is not an index alone', async () => {
    expect(restampIndexBytes(new TextEncoder().encode('not an index at all, no'), () => undefined)).toBeUndefined();
    const sandbox = await createOfflineSandbox();
    expect(await restampClonedIndex(sandbox.fs, sandbox.root)).toBe(0);
  });
});
