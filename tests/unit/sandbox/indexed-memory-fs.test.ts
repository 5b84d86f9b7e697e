import { InMemoryFs } from 'just-bash';
import { describe, expect, it } from 'vitest';
import { IndexedInMemoryFs } from '../../../src/sandbox/indexed-memory-fs';

/** Every directory's listing, as readdir and readdirWithFileTypes give it, or its error. */
async function listings(fs: InMemoryFs): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const paths = [...fs.getAllPaths(), '/missing', '/a/./b', '/a/', '//a', '/a/b/../b', '/link', '/link/b', '/a/b/f0.txt'];
  for (const path of paths.sort()) {
    try {
      out[path] = [await fs.readdir(path), await fs.readdirWithFileTypes(path)];
    } catch (error) {
      out[path] = error instanceof Error ? error.message : String(error);
    }
  }
  return out;
}

/** The same mutations on both: writes, nested mkdir, symlinks, moves, copies and removals. */
async function exercise(fs: InMemoryFs): Promise<void> {
  for (let index = 0; index < 40; index++) await fs.writeFile(`/a/b/f${index}.txt`, `file ${index}\n`);
  await fs.mkdir('/a/c/d/e', { recursive: true });
  await fs.writeFile('/a/c/d/e/deep.txt', 'deep');
  await fs.symlink('/a', '/link');
  await fs.mv('/a/c', '/a/moved');
  await fs.cp('/a/b', '/copy', { recursive: true });
  await fs.rm('/a/b/f3.txt');
  await fs.rm('/copy', { recursive: true });
  await fs.writeFile('/a/b/f3.txt', 'again');
  await fs.mv('/a/b/f4.txt', '/top.txt');
}

describe('IndexedInMemoryFs', () => {
  it('lists every directory exactly as just-bash’s InMemoryFs does, errors included', async () => {
    const plain = new InMemoryFs();
    const indexed = new IndexedInMemoryFs();
    await exercise(plain);
    await exercise(indexed);
    expect(indexed.getAllPaths().sort()).toEqual(plain.getAllPaths().sort());
    expect(await listings(indexed)).toEqual(await listings(plain));
  });

  it('lists a directory of a large tree without scanning the others', async () => {
    const fs = new IndexedInMemoryFs();
    for (let index = 0; index < 20_000; index++) await fs.writeFile(`/big/d${index % 500}/f${index}.ts`, 'x');
    await fs.writeFile('/small/one.txt', '1');
    // Checked by what it touches, not by time: listing /small never walks the whole map.
    const data = (fs as unknown as { data: Map<string, unknown> }).data;
    let scans = 0;
    const entries = data.entries.bind(data);
    data.entries = () => (scans++, entries());
    expect(await fs.readdir('/small')).toEqual(['one.txt']);
    expect(scans).toBe(0);
    expect((await fs.readdir('/big')).length).toBe(500);
  });

  it('stats every path exactly as InMemoryFs does while symlinks come and go', async () => {
    const plain = new InMemoryFs();
    const indexed = new IndexedInMemoryFs();
    const paths = ['/a/b/f0.txt', '/link/b/f0.txt', '/link', '/loop/x', '/a/./b', '/missing/f', '/a/b/f0.txt/x'];
    const stats = async (fs: InMemoryFs) => {
      const out: Record<string, unknown> = {};
      for (const path of paths) {
        try {
          const { isFile, isDirectory, isSymbolicLink, size } = await fs.lstat(path);
          out[path] = { isFile, isDirectory, isSymbolicLink, size };
        } catch (error) {
          out[path] = error instanceof Error ? error.message : String(error);
        }
      }
      return out;
    };
    const steps: Array<(fs: InMemoryFs) => Promise<void>> = [
      (fs) => fs.writeFile('/a/b/f0.txt', 'zero'),
      (fs) => fs.symlink('/a', '/link'),
      (fs) => fs.symlink('/loop', '/loop'),
      (fs) => fs.rm('/link'),
      (fs) => fs.rm('/loop'),
      (fs) => fs.symlink('/a', '/link'),
      (fs) => fs.writeFile('/link', 'a file where the symlink was'),
    ];
    for (const step of steps) {
      await step(plain);
      await step(indexed);
      expect(await stats(indexed)).toEqual(await stats(plain));
    }
  });
});
