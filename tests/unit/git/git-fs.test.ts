import { describe, expect, it } from 'vitest';
import { gitFs } from '../../../src/git/git-fs';
import { createOfflineSandbox } from '../../../src/sandbox/offline';

async function fs() {
  const sandbox = await createOfflineSandbox();
  return gitFs(sandbox.fs).promises;
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string }) => error.code);

describe('gitFs over the offline sandbox', () => {
  it('reads and writes text and bytes', async () => {
    const p = await fs();
    await p.writeFile('/workspace/a.txt', 'hello');
    expect(await p.readFile('/workspace/a.txt', { encoding: 'utf8' })).toBe('hello');
    expect(await p.readFile('/workspace/a.txt', 'utf8')).toBe('hello');
    expect(await p.readFile('/workspace/a.txt')).toEqual(new TextEncoder().encode('hello'));
  });

  it('answers missing paths with ENOENT', async () => {
    const p = await fs();
    expect(await codeOf(p.readFile('/workspace/missing'))).toBe('ENOENT');
    expect(await codeOf(p.stat('/workspace/missing'))).toBe('ENOENT');
    expect(await codeOf(p.lstat('/workspace/missing'))).toBe('ENOENT');
    expect(await codeOf(p.unlink('/workspace/missing'))).toBe('ENOENT');
    expect(await codeOf(p.readdir('/workspace/missing'))).toBe('ENOENT');
    expect(await codeOf(p.mkdir('/workspace/no/parent'))).toBe('ENOENT');
  });

  it('answers mkdir over an existing path with EEXIST, readdir of a file with ENOTDIR', async () => {
    const p = await fs();
    await p.mkdir('/workspace/d');
    expect(await codeOf(p.mkdir('/workspace/d'))).toBe('EEXIST');
    await p.writeFile('/workspace/f', 'x');
    expect(await codeOf(p.readdir('/workspace/f'))).toBe('ENOTDIR');
    expect(await codeOf(p.rmdir('/workspace/f'))).toBe('ENOTDIR');
  });

  it('lists, stats and removes', async () => {
    const p = await fs();
    await p.writeFile('/workspace/d/one', '1');
    await p.writeFile('/workspace/d/two', '22');
    expect((await p.readdir('/workspace/d')).sort()).toEqual(['one', 'two']);
    const stat = await p.stat('/workspace/d/two');
    expect(stat.isFile()).toBe(true);
    expect(stat.isDirectory()).toBe(false);
    expect(stat.size).toBe(2);
    expect(stat.type).toBe('file');
    expect((await p.stat('/workspace/d')).isDirectory()).toBe(true);
    expect(await codeOf(p.rmdir('/workspace/d'))).toBe('ENOTEMPTY');
    await p.unlink('/workspace/d/one');
    await p.unlink('/workspace/d/two');
    await p.rmdir('/workspace/d');
    expect(await codeOf(p.stat('/workspace/d'))).toBe('ENOENT');
  });

  it('checks a symlink out as a file holding its target, and chmod of a missing path is ENOENT', async () => {
    const p = await fs();
    await p.symlink('target.txt', '/workspace/link');
    expect(await p.readFile('/workspace/link', 'utf8')).toBe('target.txt');
    expect(await codeOf(p.symlink('x', '/workspace/link'))).toBe('EEXIST');
    expect(await codeOf(p.chmod('/workspace/nope', 0o644))).toBe('ENOENT');
    await p.chmod('/workspace/link', 0o755);
  });
});
