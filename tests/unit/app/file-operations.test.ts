import { describe, expect, it } from 'vitest';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createFile, createFolder, deletePath, movePath, writeUploads } from '../../../src/app/files/file-operations';
import { entryNameProblem } from '../../../src/app/files/entry-name';
import { readDroppedItems, type DroppedEntry, type DroppedItem } from '../../../src/app/files/dropped-files';

describe('file operations over the Sandbox fs port', () => {
  it('creates, renames, moves and deletes without overwriting what exists', async () => {
    const sandbox = await createOfflineSandbox();
    const { fs } = sandbox;
    await createFile(fs, '/workspace/a.txt');
    expect(await fs.readText('/workspace/a.txt')).toBe('');
    await expect(createFile(fs, '/workspace/a.txt')).rejects.toThrow('a.txt already exists in /workspace.');
    await createFolder(fs, '/workspace/src');
    await fs.write('/workspace/b.txt', 'b');
    await expect(movePath(fs, '/workspace/b.txt', '/workspace/a.txt')).rejects.toThrow('already exists');
    expect(await fs.readText('/workspace/a.txt')).toBe('');
    await movePath(fs, '/workspace/b.txt', '/workspace/src/b.txt');
    expect(await fs.readText('/workspace/src/b.txt')).toBe('b');
    await expect(movePath(fs, '/workspace/src', '/workspace/src/inner')).rejects.toThrow('Cannot move src into itself.');
    await deletePath(fs, '/workspace/src');
    expect(await fs.exists('/workspace/src')).toBe(false);
    await sandbox.dispose();
  });

  it('writes uploads with their folders and exact bytes, and drops path tricks', async () => {
    const sandbox = await createOfflineSandbox();
    const bytes = new Uint8Array([0, 255, 128, 10]);
    const written = await writeUploads(sandbox.fs, '/workspace/in', [
      { relativePath: 'pic.bin', data: bytes },
      { relativePath: 'deep/../../etc/x.txt', data: new TextEncoder().encode('x') },
    ]);
    expect(written).toEqual(['/workspace/in/pic.bin', '/workspace/in/deep/etc/x.txt']);
    expect(Array.from(await sandbox.fs.readBytes('/workspace/in/pic.bin'))).toEqual([0, 255, 128, 10]);
    await sandbox.dispose();
  });
});

describe('entry names', () => {
  it('says what is wrong with a name', () => {
    expect(entryNameProblem('  ', [])).toBe('Type a name.');
    expect(entryNameProblem('a/b', [])).toMatch('cannot contain "/"');
    expect(entryNameProblem('..', [])).toMatch('not a name');
    expect(entryNameProblem('x.js', ['x.js'])).toBe('"x.js" already exists here.');
    expect(entryNameProblem('x.js', ['x.js'], 'x.js')).toBeNull();
    expect(entryNameProblem('y.js', ['x.js'])).toBeNull();
  });
});

describe('dropped folders', () => {
  const file = (name: string, text: string) => ({
    isFile: true,
    isDirectory: false,
    name,
    file: (done: (file: File) => void) => done(new File([text], name)),
  });
  const folder = (name: string, children: DroppedEntry[]) => ({
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      // Like Chromium: entries come in batches, then an empty batch.
      const batches = [children.slice(0, 1), children.slice(1), []];
      return { readEntries: (done: (entries: DroppedEntry[]) => void) => done(batches.shift() ?? []) };
    },
  });

  it('walks folders through their entries, and takes plain files as they come', async () => {
    const items: DroppedItem[] = [
      { kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => folder('site', [file('index.html', '<p>'), folder('css', [file('a.css', 'a{}')])]) },
      { kind: 'file', getAsFile: () => new File(['plain'], 'plain.txt'), webkitGetAsEntry: () => null },
      { kind: 'string', getAsFile: () => null, webkitGetAsEntry: () => null },
    ];
    const files = await readDroppedItems(items);
    expect(files.map((f) => [f.relativePath, new TextDecoder().decode(f.data)])).toEqual([
      ['site/index.html', '<p>'],
      ['site/css/a.css', 'a{}'],
      ['plain.txt', 'plain'],
    ]);
  });
});
