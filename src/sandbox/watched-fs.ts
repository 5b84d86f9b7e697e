import type { CpOptions, FileContent, IFileSystem, MkdirOptions, RmOptions } from 'just-bash';
import type { FsChange } from './port';
import { ancestorsOf, isWithin, normalizeAbsolute } from './workspace-path';

type ReadOptions = Parameters<IFileSystem['readFile']>[1];
type WriteOptions = Parameters<IFileSystem['writeFile']>[2];

/** One path a mutation may touch. */
interface Touched {
  path: string;
  /** Also consider everything below it (rm -r, mv and cp of directories). */
  subtree: boolean;
  /** Paths here that exist before and after count as updated (their content or metadata was rewritten). */
  rewrites: boolean;
}

/**
 * An IFileSystem that reports every successful mutation under `scope` to its subscribers.
 * just-bash's commands (touch, echo > f, rm, mv…) and the sandbox's own fs calls all go through
 * it, so watching needs no polling. Each mutation compares what existed before and after, which
 * also reports parent directories that writes create implicitly.
 */
export class WatchedFileSystem implements IFileSystem {
  private readonly listeners = new Set<(change: FsChange) => void>();
  readonly readFileBytes?: IFileSystem['readFileBytes'];
  readonly readdirWithFileTypes?: IFileSystem['readdirWithFileTypes'];

  constructor(
    private readonly inner: IFileSystem,
    private readonly scope: string,
  ) {
    // Optional fast paths: expose them only when the wrapped fs has them.
    if (inner.readFileBytes) this.readFileBytes = inner.readFileBytes.bind(inner);
    if (inner.readdirWithFileTypes) this.readdirWithFileTypes = inner.readdirWithFileTypes.bind(inner);
  }

  /** Subscribe to changes under the scope; returns an unsubscribe function. */
  subscribe(listener: (change: FsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearListeners(): void {
    this.listeners.clear();
  }

  // Reads pass straight through.
  readFile(path: string, options?: ReadOptions): Promise<string> {
    return this.inner.readFile(path, options);
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.inner.readFileBuffer(path);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
  stat(path: string): ReturnType<IFileSystem['stat']> {
    return this.inner.stat(path);
  }
  lstat(path: string): ReturnType<IFileSystem['lstat']> {
    return this.inner.lstat(path);
  }
  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }
  readlink(path: string): Promise<string> {
    return this.inner.readlink(path);
  }
  realpath(path: string): Promise<string> {
    return this.inner.realpath(path);
  }
  resolvePath(base: string, path: string): string {
    return this.inner.resolvePath(base, path);
  }
  getAllPaths(): string[] {
    return this.inner.getAllPaths();
  }

  // Mutations report what they changed.
  writeFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    return this.track([{ path, subtree: false, rewrites: true }], () => this.inner.writeFile(path, content, options));
  }
  appendFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    return this.track([{ path, subtree: false, rewrites: true }], () => this.inner.appendFile(path, content, options));
  }
  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return this.track([{ path, subtree: false, rewrites: false }], () => this.inner.mkdir(path, options));
  }
  rm(path: string, options?: RmOptions): Promise<void> {
    return this.track([{ path, subtree: true, rewrites: false }], () => this.inner.rm(path, options));
  }
  cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    return this.track([{ path: dest, subtree: true, rewrites: true }], () => this.inner.cp(src, dest, options));
  }
  mv(src: string, dest: string): Promise<void> {
    return this.track(
      [
        { path: src, subtree: true, rewrites: false },
        { path: dest, subtree: true, rewrites: true },
      ],
      () => this.inner.mv(src, dest),
    );
  }
  chmod(path: string, mode: number): Promise<void> {
    return this.track([{ path, subtree: false, rewrites: true }], () => this.inner.chmod(path, mode));
  }
  symlink(target: string, linkPath: string): Promise<void> {
    return this.track([{ path: linkPath, subtree: false, rewrites: false }], () => this.inner.symlink(target, linkPath));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.track([{ path: newPath, subtree: false, rewrites: false }], () => this.inner.link(existingPath, newPath));
  }
  utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    return this.track([{ path, subtree: false, rewrites: true }], () => this.inner.utimes(path, atime, mtime));
  }

  private async track(touched: Touched[], mutate: () => Promise<void>): Promise<void> {
    const relevant = touched
      .map((entry) => ({ ...entry, path: normalizeAbsolute(entry.path) }))
      // Also relevant when the scope lies inside the touched path (e.g. `rm -rf /`).
      .filter((entry) => isWithin(this.scope, entry.path) || (entry.subtree && isWithin(entry.path, this.scope)));
    if (this.listeners.size === 0 || relevant.length === 0) return mutate();

    const before = await this.present(relevant);
    await mutate();
    const after = await this.present(relevant);

    const rewritable = (path: string) =>
      relevant.some((entry) => entry.rewrites && (entry.subtree ? isWithin(entry.path, path) : entry.path === path));
    const deleted = [...before].filter((path) => !after.has(path)).sort().reverse();
    const created = [...after].filter((path) => !before.has(path)).sort();
    const updated = [...after].filter((path) => before.has(path) && rewritable(path)).sort();
    for (const path of deleted) this.emit({ kind: 'delete', path });
    for (const path of created) this.emit({ kind: 'create', path });
    for (const path of updated) this.emit({ kind: 'update', path });
  }

  /** Which of the touched paths (with their ancestors, and subtrees where asked) exist right now. */
  private async present(touched: Touched[]): Promise<Set<string>> {
    const found = new Set<string>();
    const candidates = new Set<string>();
    for (const entry of touched) {
      candidates.add(entry.path);
      for (const ancestor of ancestorsOf(entry.path)) candidates.add(ancestor);
    }
    for (const path of candidates) {
      if (await this.presentNow(path)) found.add(path);
    }
    for (const entry of touched) {
      // Only directories have a subtree; skipping files keeps per-file rm/mv cheap on big trees.
      if (!entry.subtree || !found.has(entry.path) || !(await this.isDirectory(entry.path))) continue;
      const prefix = entry.path === '/' ? '/' : `${entry.path}/`;
      for (const path of this.inner.getAllPaths()) if (path.startsWith(prefix)) found.add(path);
    }
    return found;
  }

  private async presentNow(path: string): Promise<boolean> {
    try {
      await this.inner.lstat(path);
      return true;
    } catch {
      return false;
    }
  }

  private async isDirectory(path: string): Promise<boolean> {
    try {
      return (await this.inner.lstat(path)).isDirectory;
    } catch {
      return false;
    }
  }

  private emit(change: FsChange): void {
    if (!isWithin(this.scope, change.path)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A broken listener must not fail the fs call; surface it as an uncaught error instead.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
