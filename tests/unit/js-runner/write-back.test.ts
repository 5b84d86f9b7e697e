import { InMemoryFs } from 'just-bash';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/sandbox/js-runner/apply-changes';
import { justBashWorkspaceFs } from '../../../src/sandbox/js-runner/just-bash-fs';
import { preloadWorkspace } from '../../../src/sandbox/js-runner/preload';
import { WriteBack } from '../../../src/sandbox/js-runner/write-back';

const bytes = (text: string) => new TextEncoder().encode(text);

async function setup(files: Record<string, string>) {
  const fs = new InMemoryFs();
  for (const [path, content] of Object.entries(files)) {
    await fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
    await fs.writeFile(path, content);
  }
  const workspace = justBashWorkspaceFs(fs);
  const volume = await preloadWorkspace(workspace, { roots: ['/w'] });
  // The engine describes the changes, the host applies them: both halves, as one save.
  const tracker = new WriteBack(volume);
  return { fs, volume, writeBack: { flush: () => applyChanges(workspace, tracker.takeChanges()) } };
}

describe('JS runner: workspace copy and write-back', () => {
  it('preloads the tree under the roots, skipping .git', async () => {
    const { volume } = await setup({ '/w/a.txt': 'a', '/w/src/b.js': 'b', '/w/.git/HEAD': 'ref', '/elsewhere.txt': 'x' });
    expect(new TextDecoder().decode(volume.readBytes('/w/src/b.js'))).toBe('b');
    expect(volume.list('/w').map(([name]) => name)).toEqual(['a.txt', 'src']);
    expect(volume.get('/elsewhere.txt')).toBeUndefined();
  });

  it('saves only the final state: many appends are one write, a created-then-removed file costs nothing', async () => {
    const { fs, volume, writeBack } = await setup({ '/w/keep.txt': 'keep' });
    const writes: string[] = [];
    const original = fs.writeFile.bind(fs);
    fs.writeFile = async (path, content, options) => {
      writes.push(path);
      return original(path, content, options);
    };
    for (let i = 0; i < 100; i++) volume.writeBytes('/w/log.txt', bytes(`${i}\n`), true);
    volume.writeBytes('/w/tmp.txt', bytes('tmp'), false);
    volume.remove('/w/tmp.txt', 'file');
    expect(await writeBack.flush()).toEqual([]);
    expect(writes).toEqual(['/w/log.txt']);
    expect((await fs.readFile('/w/log.txt')).split('\n')).toHaveLength(101);
    expect(await fs.exists('/w/tmp.txt')).toBe(false);
  });

  it('replays removals, renames and directory changes in a safe order, across several flushes', async () => {
    const { fs, volume, writeBack } = await setup({ '/w/dir/a.txt': 'a', '/w/dir/sub/b.txt': 'b', '/w/file': 'f' });
    volume.rename('/w/dir', '/w/moved');
    volume.remove('/w/file', 'file');
    volume.mkdir('/w/file', false);
    volume.writeBytes('/w/file/inside.txt', bytes('now a directory'), false);
    await writeBack.flush();
    expect(await fs.exists('/w/dir')).toBe(false);
    expect(await fs.readFile('/w/moved/sub/b.txt')).toBe('b');
    expect(await fs.readFile('/w/file/inside.txt')).toBe('now a directory');

    volume.remove('/w/moved', 'any');
    volume.mkdir('/w/moved', false);
    await writeBack.flush();
    expect(await fs.readdir('/w/moved')).toEqual([]);
  });

  it('reports what could not be saved', async () => {
    const { fs, volume, writeBack } = await setup({ '/w/a.txt': 'a' });
    fs.writeFile = async () => {
      throw new Error('EROFS: read-only file system');
    };
    volume.writeBytes('/w/a.txt', bytes('changed'), false);
    expect(await writeBack.flush()).toEqual([{ path: '/w/a.txt', error: 'EROFS: read-only file system' }]);
  });
});
