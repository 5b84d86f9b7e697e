import type { FileSystemTree } from '@webcontainer/api';
import type { DirEntry, FsChange, SandboxFs } from '../port';
import { parentOf } from '../workspace-path';
import { sandboxFsError, toWebContainerSandboxError, webContainerErrorCode } from './fs-errors';
import type { StatEmulator } from './stat-emulator';
import type { WebContainerLike } from './types';
import type { WorkspacePaths } from './workspace-paths';

/**
 * The Sandbox port's fs over WebContainer's `fs` API. Paths are absolute sandbox paths under the
 * workdir (see WorkspacePaths); errors become SandboxErrors with Node codes read from
 * WebContainer's messages. stat/lstat are emulated (see StatEmulator); readlink reads the link
 * from an `export()` of its parent directory, the only API that reveals a symlink's target.
 */
export function createWebContainerFs(
  wc: WebContainerLike,
  paths: WorkspacePaths,
  stats: StatEmulator,
  watching: {
    watch: (listener: (change: FsChange) => void) => () => void;
    /** Told after each change made here, so a silent watcher can be caught (WorkspaceWatcher). */
    changed: () => void;
  },
): SandboxFs {
  const fs = wc.fs;

  async function guarded<T>(path: string, operation: string, run: (fsPath: string, absolute: string) => Promise<T>): Promise<T> {
    const absolute = paths.absolute(path);
    const fsPath = paths.toFs(absolute, operation);
    try {
      return await run(fsPath, absolute);
    } catch (error) {
      throw toWebContainerSandboxError(error, operation, absolute);
    }
  }

  return {
    readText: (path) => guarded(path, 'open', (p) => fs.readFile(p, 'utf-8')),

    readBytes: (path) => guarded(path, 'open', (p) => fs.readFile(p)),

    write: (path, data) =>
      guarded(path, 'open', async (p, absolute) => {
        if (absolute === paths.root) throw sandboxFsError('EISDIR', 'open', absolute);
        const parent = parentOf(absolute);
        if (parent !== paths.root) {
          try {
            await fs.mkdir(paths.toFs(parent, 'open'), { recursive: true });
          } catch (error) {
            // mkdir -p fails when some ancestor is a file: for the write that is ENOTDIR.
            const code = webContainerErrorCode(error);
            if (code === 'EEXIST' || code === 'ENOTDIR') throw sandboxFsError('ENOTDIR', 'open', absolute);
            throw error;
          }
        }
        await fs.writeFile(p, data);
        stats.noteWrite(absolute, data);
        watching.changed();
      }),

    list: (path) =>
      guarded(path, 'scandir', async (p): Promise<DirEntry[]> => {
        const entries = await fs.readdir(p, { withFileTypes: true });
        return entries
          .map((entry): DirEntry => ({
            name: entry.name,
            kind: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'symlink',
          }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }),

    stat: (path) => stats.stat(path),
    lstat: (path) => stats.lstat(path),

    readlink: (path) =>
      guarded(path, 'readlink', async (_p, absolute) => {
        const kind = await stats.entryKind(absolute, 'readlink');
        if (kind === undefined) throw sandboxFsError('ENOENT', 'readlink', absolute);
        if (kind !== 'symlink') throw sandboxFsError('EINVAL', 'readlink', absolute);
        const parent = parentOf(absolute);
        const name = absolute.slice(parent === '/' ? 1 : parent.length + 1);
        const relativeParent = paths.relative(parent, 'readlink');
        const tree: FileSystemTree = await wc.export(relativeParent === '' ? '.' : relativeParent, {
          format: 'json',
          excludes: readlinkExcludes(relativeParent, name),
        });
        const node = tree[name];
        if (node && 'file' in node && 'symlink' in node.file) return node.file.symlink;
        throw sandboxFsError('EINVAL', 'readlink', absolute);
      }),

    exists: async (path) => {
      try {
        return (await stats.entryKind(path, 'access')) !== undefined;
      } catch (error) {
        if (webContainerErrorCode(error) === 'EACCES') return false;
        throw error;
      }
    },

    mkdir: (path) =>
      guarded(path, 'mkdir', async (p, absolute) => {
        if (absolute === paths.root) return;
        await fs.mkdir(p, { recursive: true });
        watching.changed();
      }),

    rm: (path) =>
      guarded(path, 'rm', async (p, absolute) => {
        // Removing the workdir itself would leave WebContainer without a working directory.
        if (absolute === paths.root) throw sandboxFsError('EPERM', 'rm', absolute, 'refusing to remove the workspace root');
        // fs.rm with force:false still tolerates a missing path in some runtimes: check first.
        if ((await stats.entryKind(absolute, 'rm')) === undefined) throw sandboxFsError('ENOENT', 'rm', absolute);
        await fs.rm(p, { recursive: true });
        stats.forget(absolute);
        watching.changed();
      }),

    rename: (from, to) =>
      guarded(from, 'rename', async (source, absoluteSource) => {
        const absoluteTarget = paths.absolute(to);
        const target = paths.toFs(absoluteTarget, 'rename');
        if (absoluteSource === paths.root || absoluteTarget === paths.root) {
          throw sandboxFsError('EPERM', 'rename', absoluteSource, 'refusing to move the workspace root');
        }
        await fs.rename(source, target);
        stats.moved(absoluteSource, absoluteTarget);
        watching.changed();
      }),

    watch: watching.watch,
  };
}

/**
 * Globs that keep a readlink's export small (node_modules trees below the parent) without ever
 * hiding the link itself. The docs do not say whether `excludes` count from the export root or
 * from the workdir, so the globs must be right both ways: read from the workdir, the "any depth,
 * then node_modules" glob matches every entry of a parent inside node_modules (each
 * `node_modules/.bin/<name>` link). So there, and for a link named node_modules, none is used.
 */
export function readlinkExcludes(relativeParent: string, name: string): string[] {
  if (name === 'node_modules' || relativeParent.split('/').includes('node_modules')) return [];
  return ['node_modules/**', '**/node_modules/**'];
}
