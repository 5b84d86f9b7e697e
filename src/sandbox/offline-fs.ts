import type { FsStat, IFileSystem } from 'just-bash';
import { fsError, toSandboxError } from './fs-error';
import type { DirEntry, FileKind, FileStat, FsChange, SandboxFs } from './port';
import { ancestorsOf, parentOf, resolveFrom } from './workspace-path';

/**
 * The Sandbox port's fs over a just-bash IFileSystem.
 * just-bash's InMemoryFs is lenient (it writes through files as if they were directories and
 * replaces a directory when a file is written over it), so the POSIX checks a caller relies on
 * (EISDIR, ENOTDIR, ENOENT…) are made here. Relative paths resolve against the workspace root.
 */
export function createOfflineFs(
  fs: IFileSystem,
  root: string,
  watch: (listener: (change: FsChange) => void) => () => void,
): SandboxFs {
  const absolute = (path: string) => resolveFrom(root, path);

  async function kindOf(path: string): Promise<FileKind | undefined> {
    try {
      return kindFromStat(await fs.lstat(path));
    } catch {
      return undefined;
    }
  }

  /** Throws ENOTDIR when an existing ancestor of `path` is not a directory. */
  async function assertAncestorsAreDirectories(path: string, operation: string): Promise<void> {
    for (const ancestor of ancestorsOf(path).reverse()) {
      const kind = await kindOf(ancestor);
      if (kind === undefined) return;
      if (kind === 'file') throw fsError('ENOTDIR', 'not a directory', operation, path);
      // A symlinked ancestor is resolved by the fs itself.
      if (kind === 'symlink') return;
    }
  }

  async function guarded<T>(path: string, run: (absolutePath: string) => Promise<T>): Promise<T> {
    const resolved = absolute(path);
    try {
      return await run(resolved);
    } catch (error) {
      throw toSandboxError(error, resolved);
    }
  }

  return {
    readText: (path) => guarded(path, (p) => fs.readFile(p, 'utf8')),

    // Copy: InMemoryFs hands out its stored buffer, and a caller's edits must not reach the fs.
    readBytes: (path) => guarded(path, async (p) => (await fs.readFileBuffer(p)).slice()),

    write: (path, data) =>
      guarded(path, async (p) => {
        await assertAncestorsAreDirectories(p, 'open');
        if ((await kindOf(p)) === 'directory') throw fsError('EISDIR', 'illegal operation on a directory', 'open', p);
        const parent = parentOf(p);
        if ((await kindOf(parent)) === undefined) await fs.mkdir(parent, { recursive: true });
        await fs.writeFile(p, typeof data === 'string' ? data : data.slice());
      }),

    list: (path) =>
      guarded(path, async (p): Promise<DirEntry[]> => {
        if (fs.readdirWithFileTypes) {
          const entries = await fs.readdirWithFileTypes(p);
          return entries.map((entry) => ({
            name: entry.name,
            kind: entry.isSymbolicLink ? 'symlink' : entry.isDirectory ? 'directory' : 'file',
          }));
        }
        const names = await fs.readdir(p);
        const joined = (name: string) => (p === '/' ? `/${name}` : `${p}/${name}`);
        return Promise.all(names.map(async (name) => ({ name, kind: kindFromStat(await fs.lstat(joined(name))) })));
      }),

    // One promise each rather than two async frames: a git status stats every tracked file.
    stat: (path) => statWith(fs.stat.bind(fs), absolute(path)),
    lstat: (path) => statWith(fs.lstat.bind(fs), absolute(path)),
    readlink: (path) => guarded(path, (p) => fs.readlink(p)),
    exists: (path) => guarded(path, (p) => fs.exists(p)),

    mkdir: (path) =>
      guarded(path, async (p) => {
        await assertAncestorsAreDirectories(p, 'mkdir');
        await fs.mkdir(p, { recursive: true });
      }),

    rm: (path) => guarded(path, (p) => fs.rm(p, { recursive: true, force: false })),

    rename: (from, to) =>
      guarded(from, async (source) => {
        const target = absolute(to);
        const sourceKind = await kindOf(source);
        if (sourceKind === undefined) throw fsError('ENOENT', 'no such file or directory', 'rename', source);
        if ((await kindOf(parentOf(target))) === undefined) {
          throw fsError('ENOENT', 'no such file or directory', 'rename', target);
        }
        const targetKind = await kindOf(target);
        if (targetKind === 'directory' && sourceKind !== 'directory') {
          throw fsError('EISDIR', 'illegal operation on a directory', 'rename', target);
        }
        if (targetKind !== undefined && targetKind !== 'directory' && sourceKind === 'directory') {
          throw fsError('ENOTDIR', 'not a directory', 'rename', target);
        }
        if (targetKind === 'directory' && sourceKind === 'directory') {
          // Like rename(2): an empty directory is replaced, a non-empty one is refused (InMemoryFs would merge).
          if ((await fs.readdir(target)).length > 0) throw fsError('ENOTEMPTY', 'directory not empty', 'rename', target);
          await fs.rm(target, { recursive: true });
        }
        await fs.mv(source, target);
      }),

    watch,
  };
}

function kindFromStat(stat: FsStat): FileKind {
  if (stat.isSymbolicLink) return 'symlink';
  return stat.isDirectory ? 'directory' : 'file';
}

function statWith(stat: (path: string) => Promise<FsStat>, path: string): Promise<FileStat> {
  return stat(path).then(toFileStat, (error: unknown) => {
    throw toSandboxError(error, path);
  });
}

function toFileStat(stat: FsStat): FileStat {
  return { kind: kindFromStat(stat), size: stat.size, mtimeMs: stat.mtime.getTime() };
}
