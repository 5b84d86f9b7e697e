import type { FileKind, FileStat } from '../port';
import { isWithin, parentOf } from '../workspace-path';
import { sandboxFsError, toWebContainerSandboxError, webContainerErrorCode } from './fs-errors';
import type { WebContainerFs } from './types';
import type { WorkspacePaths } from './workspace-paths';

interface Observation {
  fingerprint: string;
  mtimeMs: number;
}

const utf8 = new TextEncoder();

/**
 * `stat` for a filesystem that has none. WebContainer 1.6's fs API offers readFile, writeFile,
 * readdir (with file types), mkdir, rm, rename and watch, but no stat/lstat/readlink, so:
 *
 * - kind: from `readdir(parent, { withFileTypes: true })`; an entry that is neither a file nor a
 *   directory is reported as a symlink (WebContainer's Dirent only answers isFile/isDirectory).
 *   `stat` follows such an entry by trying `readdir` then `readFile` on it.
 * - size: a file's byte length, which costs reading the file (directories and symlinks: 0).
 * - mtimeMs: the time this adapter first saw the entry's current content. Every stat fingerprints
 *   the content (size + FNV-1a hash for files, the sorted names for directories); when the
 *   fingerprint differs from the last one seen, mtime moves to now. Writes through the adapter
 *   record their own time. So a change made by a process (`sed -i`, `npm install`) shows up as a
 *   newer mtime at the next stat, and an untouched file keeps a stable one. Unlike a real mtime it
 *   starts at first sight, not at creation, and a change undone between two stats goes unseen.
 */
export class StatEmulator {
  private readonly seen = new Map<string, Observation>();

  constructor(
    private readonly fs: WebContainerFs,
    private readonly paths: WorkspacePaths,
    private readonly now: () => number,
  ) {}

  /** Kind of the entry itself (a symlink is not followed), or undefined when nothing is there. */
  async entryKind(path: string, operation: string): Promise<FileKind | undefined> {
    const absolute = this.paths.absolute(path);
    if (absolute === this.paths.root) return 'directory';
    const parent = parentOf(absolute);
    const name = absolute.slice(parent === '/' ? 1 : parent.length + 1);
    let entries;
    try {
      entries = await this.fs.readdir(this.paths.toFs(parent, operation), { withFileTypes: true });
    } catch (error) {
      const code = webContainerErrorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw toWebContainerSandboxError(error, operation, absolute);
    }
    const entry = entries.find((candidate) => candidate.name === name);
    if (!entry) return undefined;
    return entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'symlink';
  }

  async lstat(path: string): Promise<FileStat> {
    const absolute = this.paths.absolute(path);
    const kind = await this.entryKind(absolute, 'lstat');
    if (kind === undefined) throw sandboxFsError('ENOENT', 'lstat', absolute);
    if (kind === 'symlink') return { kind, size: 0, mtimeMs: this.observe(absolute, 'symlink') };
    return this.describe(absolute, kind, 'lstat');
  }

  async stat(path: string): Promise<FileStat> {
    const absolute = this.paths.absolute(path);
    const entry = await this.entryKind(absolute, 'stat');
    const kind = entry === 'symlink' ? await this.followedKind(absolute) : entry;
    if (kind === undefined) throw sandboxFsError('ENOENT', 'stat', absolute);
    return this.describe(absolute, kind, 'stat');
  }

  /** Records a write made through the adapter: its content and time. */
  noteWrite(path: string, data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? utf8.encode(data) : data;
    this.record(this.paths.absolute(path), fileFingerprint(bytes));
  }

  /** Forgets what was seen at and under `path` (after rm, or before a restore). */
  forget(path: string): void {
    const absolute = this.paths.absolute(path);
    for (const key of [...this.seen.keys()]) if (isWithin(absolute, key)) this.seen.delete(key);
  }

  /** Moves what was seen under `from` to `to`: like rename(2), a move keeps modification times. */
  moved(from: string, to: string): void {
    const source = this.paths.absolute(from);
    const target = this.paths.absolute(to);
    this.forget(target);
    for (const [key, value] of [...this.seen]) {
      if (!isWithin(source, key)) continue;
      this.seen.delete(key);
      this.seen.set(target + key.slice(source.length), value);
    }
  }

  private async followedKind(absolute: string): Promise<'file' | 'directory' | undefined> {
    try {
      await this.fs.readdir(this.paths.toFs(absolute, 'stat'));
      return 'directory';
    } catch {
      // Not a directory: maybe a file.
    }
    try {
      await this.fs.readFile(this.paths.toFs(absolute, 'stat'));
      return 'file';
    } catch {
      return undefined; // A dangling link.
    }
  }

  private async describe(absolute: string, kind: 'file' | 'directory', operation: string): Promise<FileStat> {
    const fsPath = this.paths.toFs(absolute, operation);
    try {
      if (kind === 'directory') {
        const names = (await this.fs.readdir(fsPath)).sort();
        return { kind, size: 0, mtimeMs: this.observe(absolute, `d:${names.join('/')}`) };
      }
      const bytes = await this.fs.readFile(fsPath);
      return { kind, size: bytes.byteLength, mtimeMs: this.observe(absolute, fileFingerprint(bytes)) };
    } catch (error) {
      throw toWebContainerSandboxError(error, operation, absolute);
    }
  }

  /** The mtime for this fingerprint: unchanged since last seen keeps its time, else now. */
  private observe(absolute: string, fingerprint: string): number {
    const previous = this.seen.get(absolute);
    if (previous && previous.fingerprint === fingerprint) return previous.mtimeMs;
    return this.record(absolute, fingerprint);
  }

  private record(absolute: string, fingerprint: string): number {
    const previous = this.seen.get(absolute);
    // Strictly increasing per path, so "changed since I read it" holds even within one millisecond.
    const mtimeMs = previous ? Math.max(this.now(), previous.mtimeMs + 1) : this.now();
    this.seen.set(absolute, { fingerprint, mtimeMs });
    return mtimeMs;
  }
}

/** Size plus a 32-bit FNV-1a hash of the bytes. */
export function fileFingerprint(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return `f:${bytes.length}:${(hash >>> 0).toString(16)}`;
}
