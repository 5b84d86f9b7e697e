import { fsError, toSandboxError } from '../sandbox/fs-error';
import type { FileStat, SandboxFs } from '../sandbox/port';

/** The stat fields git keeps (an index entry's, apart from its id), with the port's missing ones fixed. */
export interface GitStatFields {
  mode: number;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  uid: number;
  gid: number;
  dev: number;
}

/** The stat shape isomorphic-git reads (it compares mode, size, times and ino to spot changes). */
export interface GitStat extends GitStatFields {
  type: 'file' | 'dir' | 'symlink';
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface GitFsPromises {
  readFile(path: string, options?: { encoding?: string } | string): Promise<string | Uint8Array>;
  writeFile(path: string, data: string | Uint8Array, options?: unknown): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options?: unknown): Promise<void>;
  rmdir(path: string): Promise<void>;
  stat(path: string): Promise<GitStat>;
  lstat(path: string): Promise<GitStat>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/** isomorphic-git's `fs` argument: an object with a `promises` member (its "PromiseFsClient"). */
export interface GitFs {
  promises: GitFsPromises;
}

const MODES = { file: 0o100644, directory: 0o40000, symlink: 0o120000 } as const;

/** A sandbox stat as git sees it: the port has no inode, owner or ctime, so fixed values stand in. */
export function gitStatFields(stat: FileStat): GitStatFields {
  return { mode: MODES[stat.kind], size: stat.size, ino: 0, mtimeMs: stat.mtimeMs, ctimeMs: stat.mtimeMs, uid: 1, gid: 1, dev: 1 };
}

function gitStat(stat: FileStat): GitStat {
  const type = stat.kind === 'directory' ? 'dir' : stat.kind;
  return {
    type,
    ...gitStatFields(stat),
    isFile: () => type === 'file',
    isDirectory: () => type === 'dir',
    isSymbolicLink: () => type === 'symlink',
  };
}

function encodingOf(options: { encoding?: string } | string | undefined): string | undefined {
  return typeof options === 'string' ? options : options?.encoding;
}

/**
 * isomorphic-git's fs over the Sandbox port's fs. Errors carry Node's `code` (isomorphic-git
 * branches on ENOENT, EEXIST and ENOTDIR). The port has no symlink or chmod: a symlink checks
 * out as a file holding its target (git's own behaviour with core.symlinks=false), chmod is a no-op.
 */
export function gitFs(fs: SandboxFs): GitFs {
  const guarded = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toSandboxError(error, path);
    }
  };

  const promises: GitFsPromises = {
    readFile: (path, options) =>
      guarded(path, async () => {
        const encoding = encodingOf(options);
        return encoding === 'utf8' || encoding === 'utf-8' ? fs.readText(path) : fs.readBytes(path);
      }),
    writeFile: (path, data) => guarded(path, () => fs.write(path, data)),
    unlink: (path) =>
      guarded(path, async () => {
        const stat = await fs.lstat(path);
        if (stat.kind === 'directory') throw fsError('EISDIR', 'illegal operation on a directory', 'unlink', path);
        await fs.rm(path);
      }),
    readdir: (path) =>
      guarded(path, async () => {
        const stat = await fs.stat(path);
        if (stat.kind !== 'directory') throw fsError('ENOTDIR', 'not a directory', 'scandir', path);
        return (await fs.list(path)).map((entry) => entry.name);
      }),
    mkdir: (path) =>
      guarded(path, async () => {
        if (await fs.exists(path)) throw fsError('EEXIST', 'file already exists', 'mkdir', path);
        const parent = path.replace(/\/[^/]*\/?$/, '') || '/';
        if (!(await fs.exists(parent))) throw fsError('ENOENT', 'no such file or directory', 'mkdir', path);
        await fs.mkdir(path);
      }),
    rmdir: (path) =>
      guarded(path, async () => {
        const stat = await fs.lstat(path);
        if (stat.kind !== 'directory') throw fsError('ENOTDIR', 'not a directory', 'rmdir', path);
        if ((await fs.list(path)).length > 0) throw fsError('ENOTEMPTY', 'directory not empty', 'rmdir', path);
        await fs.rm(path);
      }),
    stat: (path) => guarded(path, async () => gitStat(await fs.stat(path))),
    lstat: (path) => guarded(path, async () => gitStat(await fs.lstat(path))),
    readlink: (path) => guarded(path, () => fs.readlink(path)),
    symlink: (target, path) =>
      guarded(path, async () => {
        if (await fs.exists(path)) throw fsError('EEXIST', 'file already exists', 'symlink', path);
        await fs.write(path, target);
      }),
    chmod: (path) =>
      guarded(path, async () => {
        if (!(await fs.exists(path))) throw fsError('ENOENT', 'no such file or directory', 'chmod', path);
      }),
  };
  return { promises };
}
