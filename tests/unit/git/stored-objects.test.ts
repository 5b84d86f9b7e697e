import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitCommand } from '../../../src/git/cli/git-command';
import { storedObjects, treeEntries, treeOfCommit } from '../../../src/git/stored-objects';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

/**
 * The object reader against native git: a repository with many similar files and commits, packed
 * by `git gc --aggressive` (so trees and blobs are stored as deltas on deltas) plus loose objects
 * made after it; every object must read back exactly as `git cat-file` prints it.
 */
let scratch: string;
let work: string;
let sandbox: Sandbox;
const git = (...args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function copyInto(files: Record<string, Uint8Array>, dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyInto(files, path);
    else files[relative(work, path)] = new Uint8Array(readFileSync(path));
  }
}

async function loadSandbox(): Promise<Sandbox> {
  const files: Record<string, Uint8Array> = {};
  copyInto(files, join(work, '.git'));
  const made = await createOfflineSandbox();
  await made.restore({ files });
  return made;
}

/** A fresh sandbox of the repository whose pack file ending in `extension` was changed by `change`. */
async function withChangedPackFile(extension: '.pack' | '.idx', change: (bytes: Uint8Array) => void): Promise<Sandbox> {
  const changed = await loadSandbox();
  const packDir = `${changed.root}/.git/objects/pack`;
  const name = (await changed.fs.list(packDir)).find((entry) => entry.name.endsWith(extension))!.name;
  const bytes = await changed.fs.readBytes(`${packDir}/${name}`);
  change(bytes);
  await changed.fs.write(`${packDir}/${name}`, bytes);
  return changed;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'glassbox-objects-'));
  work = join(scratch, 'repo');
  mkdirSync(work);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  const line = (n: number) => `export const value${n} = ${n * 7}; // a line long enough to be worth a delta\n`;
  for (let round = 0; round < 12; round++) {
    for (let file = 0; file < 8; file++) {
      mkdirSync(join(work, `src/area-${file % 3}`), { recursive: true });
      const lines = Array.from({ length: 40 + round }, (_, n) => line(n + (n === file ? round : 0))).join('');
      writeFileSync(join(work, `src/area-${file % 3}/file-${file}.ts`), lines);
    }
    git('add', '-A');
    git('commit', '-q', '-m', `round ${round}`);
  }
  git('gc', '-q', '--aggressive');
  writeFileSync(join(work, 'loose.txt'), 'made after the pack\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'loose');
  sandbox = await loadSandbox();
}, 60_000);

afterAll(async () => {
  await sandbox?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('stored objects, read straight from .git/objects', () => {
  it('reads every object of a delta-packed repository and its loose objects exactly as native git does', async () => {
    const listed = git('cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype) %(deltabase)').trim().split('\n');
    const deltas = listed.filter((row) => !row.endsWith(' 0000000000000000000000000000000000000000'));
    expect(deltas.length).toBeGreaterThan(20); // the pack really holds deltas
    const read = storedObjects(sandbox.fs, `${sandbox.root}/.git`);
    for (const row of listed) {
      const [oid, type] = row.split(' ') as [string, string];
      const object = await read(oid);
      expect(object?.type, oid).toBe(type);
      expect(Buffer.from(object!.body).equals(execFileSync('git', ['cat-file', type, oid], { cwd: work })), oid).toBe(true);
    }
  });

  it('reads trees’ entries and commits’ trees as git ls-tree and rev-parse do', async () => {
    const read = storedObjects(sandbox.fs, `${sandbox.root}/.git`);
    const commits = git('rev-list', '--all').trim().split('\n');
    for (const commit of commits) {
      const object = await read(commit);
      const tree = treeOfCommit(object!.body);
      expect(tree).toBe(git('rev-parse', `${commit}^{tree}`).trim());
      for (const line of git('ls-tree', '-r', '-t', commit).trim().split('\n').filter((row) => row.includes(' tree '))) {
        const oid = line.split(/\s+/)[2]!;
        const listed = git('ls-tree', oid).trim().split('\n').map((row) => {
          const [meta, name] = row.split('\t') as [string, string];
          const [mode, , id] = meta.split(' ') as [string, string, string];
          return { mode: parseInt(mode, 8), path: name, oid: id };
        });
        const entries = treeEntries((await read(oid))!.body)!.map((entry) => ({ ...entry, mode: parseInt(entry.mode, 8) }));
        expect(entries).toEqual(listed);
      }
    }
    expect(treeEntries(new Uint8Array([0x31, 0x30, 0x30]))).toBeUndefined();
    expect(treeOfCommit(new TextEncoder().encode('parent 0123\n'))).toBeUndefined();
  });

  it('serves the terminal’s git: status and diffs of packed files match native git', async () => {
    const files: Record<string, Uint8Array> = {};
    copyInto(files, work);
    const terminal = await createOfflineSandbox({ commands: [createGitCommand()] });
    try {
      await terminal.restore({ files });
      const edit = 'src/area-1/file-4.ts';
      const staged = 'src/area-2/file-5.ts';
      for (const target of [terminal, undefined]) {
        const write = (path: string, text: string) => (target ? target.fs.write(path, text) : Promise.resolve(writeFileSync(join(work, path), text)));
        await write(edit, 'export const edited = true;\n');
        await write(staged, 'export const staged = true;\n');
      }
      git('add', staged);
      expect((await terminal.exec(`git add ${staged}`)).exitCode).toBe(0);
      for (const command of ['status --porcelain', 'diff', 'diff --cached', 'diff --stat']) {
        const result = await terminal.exec(`git ${command}`);
        expect(result.stdout, command).toBe(git(...command.split(' ')));
      }
    } finally {
      await terminal.dispose();
      git('reset', '-q', '--hard');
    }
  });

  it('says it cannot read an object it does not have or an id that is not one', async () => {
    const read = storedObjects(sandbox.fs, `${sandbox.root}/.git`);
    expect(await read('0123456789012345678901234567890123456789')).toBeUndefined();
    expect(await read('HEAD')).toBeUndefined();
  });

  it('never returns wrong bytes from a damaged pack: the object is left to isomorphic-git', async () => {
    // Flip one byte in every 500 of the objects' data (past the 12-byte header).
    const damaged = await withChangedPackFile('.pack', (bytes) => {
      for (let at = 12; at < bytes.byteLength - 20; at += 500) bytes[at] = bytes[at]! ^ 0x5a;
    });
    try {
      const read = storedObjects(damaged.fs, `${damaged.root}/.git`);
      const packed = git('cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)').trim().split('\n');
      let unread = 0;
      for (const row of packed) {
        const [oid, type] = row.split(' ') as [string, string];
        const object = await read(oid);
        if (object === undefined) unread++;
        else expect(Buffer.from(object.body).equals(execFileSync('git', ['cat-file', type, oid], { cwd: work })), oid).toBe(true);
      }
      expect(unread).toBeGreaterThan(0);
    } finally {
      await damaged.dispose();
    }
  });

  it('leaves an index it does not read (not version 2) to isomorphic-git', async () => {
    const other = await withChangedPackFile('.idx', (bytes) => {
      bytes[7] = 3;
    });
    try {
      const head = git('rev-parse', 'HEAD~1').trim();
      expect(await storedObjects(other.fs, `${other.root}/.git`)(head)).toBeUndefined();
    } finally {
      await other.dispose();
    }
  });
});
