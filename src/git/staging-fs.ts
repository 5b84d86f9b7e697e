import type { GitStat } from './git-fs';
/**
 * A small in-memory filesystem with the `promises` API isomorphic-git calls (readFile, writeFile,
 * unlink, readdir, mkdir, rmdir, stat, lstat, readlink, symlink). A clone is written here first
 * and swapped into the workspace only when it is complete, so a failed or cancelled clone never
 * touches the user's files. One flat map of path → node keeps every call O(1) (a 15,000-file
 * checkout is 15,000 writes). It also counts what is written, so a repository too large for the
 * tab is refused while it is written rather than after. No DOM.
 */

interface FileNode {
  kind: 'file';
  data: Uint8Array;
  mode: number;
  mtimeMs: number;
  ino: number;
}

interface DirectoryNode {
  kind: 'dir';
  children: Set<string>;
  mtimeMs: number;
  ino: number;
}

interface SymlinkNode {
  kind: 'symlink';
  target: string;
  mtimeMs: number;
  ino: number;
}

type Node = FileNode | DirectoryNode | SymlinkNode;

/** Node's fs error shape: isomorphic-git reads `code`. */
export class StagingFsError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
    this.name = 'StagingFsError';
  }
}

/** The same stat shape as the sandbox adapter gives isomorphic-git. */
export type StagingStats = GitStat;

export interface StagingFsOptions {
  /** Called before each write with the bytes written so far and those about to be; throw to stop. */
  beforeWrite?: (writtenBytes: number, nextBytes: number) => void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function encodingOf(options: unknown): string | undefined {
  if (typeof options === 'string') return options;
  if (typeof options === 'object' && options !== null && 'encoding' in options) {
    const { encoding } = options as { encoding?: unknown };
    return typeof encoding === 'string' ? encoding : undefined;
  }
  return undefined;
}

function modeOf(options: unknown): number | undefined {
  if (typeof options === 'object' && options !== null && 'mode' in options) {
    const { mode } = options as { mode?: unknown };
    return typeof mode === 'number' ? mode : undefined;
  }
  return undefined;
}

/**
 * A Uint8Array of its own: isomorphic-git writes Buffers, often views into a shared pool, and
 * structured clone (IndexedDB, postMessage) would copy the whole pool for each one.
 */
function plainBytes(data: Uint8Array): Uint8Array {
  if (data.constructor === Uint8Array && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data;
  return new Uint8Array(data);
}

export class StagingFs {
  private readonly nodes = new Map<string, Node>();
  private nextIno = 1;
  private written = 0;
  private readonly beforeWrite: StagingFsOptions['beforeWrite'];

  constructor(options: StagingFsOptions = {}) {
    this.beforeWrite = options.beforeWrite;
    this.nodes.set('/', { kind: 'dir', children: new Set(), mtimeMs: Date.now(), ino: this.nextIno++ });
  }

  /** Bytes written into files so far (rewrites counted again). */
  get writtenBytes(): number {
    return this.written;
  }

  /** The API isomorphic-git takes as `fs` (it looks for `promises`). */
  readonly promises = {
    readFile: (path: string, options?: unknown) => this.readFile(path, options),
    writeFile: (path: string, data: Uint8Array | string, options?: unknown) => this.writeFile(path, data, options),
    unlink: (path: string) => this.unlink(path),
    readdir: (path: string) => this.readdir(path),
    mkdir: (path: string) => this.mkdir(path),
    rmdir: (path: string) => this.rmdir(path),
    stat: (path: string) => this.stat(path),
    lstat: (path: string) => this.lstat(path),
    readlink: (path: string) => this.readlink(path),
    symlink: (target: string, path: string) => this.symlink(target, path),
    chmod: (path: string, mode: number) => this.chmod(path, mode),
  };

  private node(path: string): Node {
    const found = this.nodes.get(normalize(path));
    if (!found) throw new StagingFsError('ENOENT', path);
    return found;
  }

  private directory(path: string): DirectoryNode {
    const found = this.node(path);
    if (found.kind !== 'dir') throw new StagingFsError('ENOTDIR', path);
    return found;
  }

  private resolve(path: string, depth = 0): Node {
    const found = this.node(path);
    if (found.kind !== 'symlink') return found;
    if (depth > 20) throw new StagingFsError('ELOOP', path);
    const target = found.target.startsWith('/') ? found.target : `${parentOf(normalize(path))}/${found.target}`;
    return this.resolve(target, depth + 1);
  }

  async readFile(path: string, options?: unknown): Promise<Uint8Array | string> {
    const found = this.resolve(path);
    if (found.kind !== 'file') throw new StagingFsError('EISDIR', path);
    return encodingOf(options) === 'utf8' ? decoder.decode(found.data) : found.data;
  }

  private attach(path: string, node: Node): void {
    const parent = this.directory(parentOf(path));
    parent.children.add(baseName(path));
    this.nodes.set(path, node);
  }

  async writeFile(path: string, data: Uint8Array | string, options?: unknown): Promise<void> {
    const key = normalize(path);
    const bytes = typeof data === 'string' ? encoder.encode(data) : plainBytes(data);
    this.beforeWrite?.(this.written, bytes.byteLength);
    const existing = this.nodes.get(key);
    if (existing?.kind === 'dir') throw new StagingFsError('EISDIR', path);
    this.written += bytes.byteLength;
    const mode = modeOf(options) ?? (existing?.kind === 'file' ? existing.mode : 0o100644);
    this.attach(key, { kind: 'file', data: bytes, mode, mtimeMs: Date.now(), ino: existing?.ino ?? this.nextIno++ });
  }

  async unlink(path: string): Promise<void> {
    const key = normalize(path);
    const found = this.node(key);
    if (found.kind === 'dir') throw new StagingFsError('EISDIR', path);
    this.nodes.delete(key);
    this.directory(parentOf(key)).children.delete(baseName(key));
  }

  async readdir(path: string): Promise<string[]> {
    return [...this.directory(path).children];
  }

  async mkdir(path: string): Promise<void> {
    const key = normalize(path);
    if (this.nodes.has(key)) throw new StagingFsError('EEXIST', path);
    this.attach(key, { kind: 'dir', children: new Set(), mtimeMs: Date.now(), ino: this.nextIno++ });
  }

  async rmdir(path: string): Promise<void> {
    const key = normalize(path);
    const found = this.directory(key);
    if (found.children.size > 0) throw new StagingFsError('ENOTEMPTY', path);
    if (key === '/') throw new StagingFsError('EPERM', path);
    this.nodes.delete(key);
    this.directory(parentOf(key)).children.delete(baseName(key));
  }

  private statsOf(found: Node): StagingStats {
    const type = found.kind;
    const mode = found.kind === 'file' ? found.mode : found.kind === 'dir' ? 0o40000 : 0o120000;
    const size = found.kind === 'file' ? found.data.byteLength : found.kind === 'symlink' ? found.target.length : 0;
    return {
      type,
      mode,
      size,
      ino: found.ino,
      mtimeMs: found.mtimeMs,
      ctimeMs: found.mtimeMs,
      uid: 1,
      gid: 1,
      dev: 1,
      isFile: () => type === 'file',
      isDirectory: () => type === 'dir',
      isSymbolicLink: () => type === 'symlink',
    };
  }

  async stat(path: string): Promise<StagingStats> {
    return this.statsOf(this.resolve(path));
  }

  async lstat(path: string): Promise<StagingStats> {
    return this.statsOf(this.node(path));
  }

  async readlink(path: string): Promise<string> {
    const found = this.node(path);
    if (found.kind !== 'symlink') throw new StagingFsError('EINVAL', path);
    return found.target;
  }

  async symlink(target: string, path: string): Promise<void> {
    const key = normalize(path);
    if (this.nodes.has(key)) throw new StagingFsError('EEXIST', path);
    this.attach(key, { kind: 'symlink', target, mtimeMs: Date.now(), ino: this.nextIno++ });
  }

  async chmod(path: string, mode: number): Promise<void> {
    const found = this.node(path);
    if (found.kind === 'file') found.mode = mode;
  }

  /** Every regular file under `dir` (symlinks and empty directories left out), paths relative to it. */
  files(dir = '/'): Map<string, Uint8Array> {
    const root = normalize(dir);
    const prefix = root === '/' ? '/' : `${root}/`;
    const out = new Map<string, Uint8Array>();
    for (const [path, found] of this.nodes) {
      if (found.kind === 'file' && path.startsWith(prefix)) out.set(path.slice(prefix.length), found.data);
    }
    return out;
  }
}
