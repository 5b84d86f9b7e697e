import type {
  BufferEncoding,
  DirEnt,
  FileSystemAPI,
  FileSystemTree,
  FSWatchCallback,
  FSWatchOptions,
  IFSWatcher,
} from '@webcontainer/api';

/**
 * An in-memory filesystem with WebContainer's `FileSystemAPI` shapes and failure modes:
 * paths given to the API resolve against the workdir (`/x` is `<workdir>/x`), errors are plain
 * `Error`s with Node-style messages and NO `.code` (stackblitz/webcontainer-core#1171),
 * readdir returns entries in creation order, Dirents only answer isFile/isDirectory (a symlink
 * answers false to both), watch events arrive asynchronously with workdir-relative names.
 * Commands in the fake shell use the same tree through the `*Absolute` helpers.
 */

type FakeNode =
  | { type: 'file'; data: Uint8Array }
  | { type: 'dir'; children: Map<string, FakeNode> }
  | { type: 'symlink'; target: string };

type DirNode = Extract<FakeNode, { type: 'dir' }>;

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder();

const DESCRIPTIONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'illegal operation on a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file already exists',
  ENOTEMPTY: 'directory not empty',
  EINVAL: 'invalid argument',
};

/** An error the way WebContainer's fs throws it: message only. */
export function fakeFsError(code: string, syscall: string, path: string): Error {
  return new Error(`${code}: ${DESCRIPTIONS[code] ?? 'error'}, ${syscall} '${path}'`);
}

export function normalize(path: string): string {
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function within(root: string, path: string): boolean {
  return root === '/' || path === root || path.startsWith(`${root}/`);
}

interface Watcher {
  root: string;
  recursive: boolean;
  listener: FSWatchCallback;
  closed: boolean;
}

class FakeDirent implements DirEnt<string> {
  constructor(
    readonly name: string,
    private readonly type: FakeNode['type'],
  ) {}
  isFile(): boolean {
    return this.type === 'file';
  }
  isDirectory(): boolean {
    return this.type === 'dir';
  }
}

export class FakeFileSystem implements FileSystemAPI {
  private readonly rootNode: DirNode = { type: 'dir', children: new Map() };
  private readonly watchers = new Set<Watcher>();
  /** Every API call, for assertions: [method, path]. */
  readonly calls: Array<[string, string]> = [];

  constructor(
    readonly workdir: string,
    private readonly behaviour: { watchFails: boolean } = { watchFails: false },
  ) {
    this.mkdirAbsolute(workdir, true);
  }

  // ── FileSystemAPI ──────────────────────────────────────────────────────────────────

  readdir(path: string, options: 'buffer' | { encoding: 'buffer'; withFileTypes?: false }): Promise<Uint8Array[]>;
  readdir(path: string, options?: { encoding?: BufferEncoding | null; withFileTypes?: false } | BufferEncoding | null): Promise<string[]>;
  readdir(path: string, options: { encoding: 'buffer'; withFileTypes: true }): Promise<DirEnt<Uint8Array>[]>;
  readdir(path: string, options: { encoding?: BufferEncoding | null; withFileTypes: true }): Promise<DirEnt<string>[]>;
  async readdir(
    path: string,
    options?: string | null | { encoding?: string | null; withFileTypes?: boolean },
  ): Promise<string[] | Uint8Array[] | DirEnt<string>[] | DirEnt<Uint8Array>[]> {
    const absolute = this.api('readdir', path);
    const node = this.lookup(absolute, 'scandir', true);
    if (node.type !== 'dir') throw fakeFsError('ENOTDIR', 'scandir', absolute);
    const entries = [...node.children];
    const asBuffer = options === 'buffer' || (typeof options === 'object' && options?.encoding === 'buffer');
    const withFileTypes = typeof options === 'object' && options?.withFileTypes === true;
    if (withFileTypes) {
      if (asBuffer) {
        return entries.map(([name, child]) => {
          const dirent = new FakeDirent(name, child.type);
          return { name: encoder.encode(name), isFile: () => dirent.isFile(), isDirectory: () => dirent.isDirectory() };
        });
      }
      return entries.map(([name, child]) => new FakeDirent(name, child.type));
    }
    return asBuffer ? entries.map(([name]) => encoder.encode(name)) : entries.map(([name]) => name);
  }

  readFile(path: string, encoding?: null): Promise<Uint8Array>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  async readFile(path: string, encoding?: BufferEncoding | null): Promise<Uint8Array | string> {
    const absolute = this.api('readFile', path);
    const bytes = this.readAbsolute(absolute);
    return encoding ? utf8.decode(bytes) : bytes;
  }

  async writeFile(path: string, data: string | Uint8Array, _options?: string | { encoding?: string | null } | null): Promise<void> {
    const absolute = this.api('writeFile', path);
    this.writeAbsolute(absolute, data);
  }

  mkdir(path: string, options?: { recursive?: false }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string>;
  async mkdir(path: string, options?: { recursive?: boolean }): Promise<string | void> {
    const absolute = this.api('mkdir', path);
    return this.mkdirAbsolute(absolute, options?.recursive === true);
  }

  async rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void> {
    const absolute = this.api('rm', path);
    this.rmAbsolute(absolute, options?.recursive === true, options?.force === true);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    const from = this.api('rename', oldPath);
    const to = this.resolve(newPath);
    this.renameAbsolute(from, to);
  }

  watch(filename: string, options?: FSWatchOptions, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, optionsOrListener?: FSWatchOptions | FSWatchCallback, maybeListener?: FSWatchCallback): IFSWatcher {
    const absolute = this.api('watch', filename);
    const listener = typeof optionsOrListener === 'function' ? optionsOrListener : maybeListener;
    const options = typeof optionsOrListener === 'function' ? null : optionsOrListener;
    const recursive = typeof options === 'object' && options !== null && options.recursive === true;
    const watcher: Watcher = { root: absolute, recursive, listener: listener ?? (() => {}), closed: false };
    if (this.behaviour.watchFails) {
      return { close: () => Promise.reject(new Error('the watcher was never registered')) };
    }
    this.watchers.add(watcher);
    return {
      close: async () => {
        watcher.closed = true;
        this.watchers.delete(watcher);
      },
    };
  }

  // ── Helpers used by the fake container and shell (absolute paths) ──────────────────

  /** Number of open watchers (tests check that the adapter closes them). */
  get openWatchers(): number {
    return this.watchers.size;
  }

  /** Resolves an API path against the workdir, as WebContainer does. */
  resolve(path: string): string {
    return normalize(`${this.workdir}/${path}`);
  }

  readAbsolute(absolute: string): Uint8Array {
    const node = this.lookup(absolute, 'open', true);
    if (node.type === 'dir') throw fakeFsError('EISDIR', 'read', absolute);
    if (node.type !== 'file') throw fakeFsError('ENOENT', 'open', absolute);
    return node.data.slice();
  }

  writeAbsolute(absolute: string, data: string | Uint8Array): void {
    const parent = this.lookupParent(absolute, 'open');
    const name = baseName(absolute);
    const existing = parent.children.get(name);
    if (existing?.type === 'dir') throw fakeFsError('EISDIR', 'open', absolute);
    parent.children.set(name, { type: 'file', data: typeof data === 'string' ? encoder.encode(data) : data.slice() });
    this.emit(existing ? 'change' : 'rename', absolute);
  }

  mkdirAbsolute(absolute: string, recursive: boolean): string | undefined {
    if (!recursive) {
      const parent = this.lookupParent(absolute, 'mkdir');
      if (parent.children.has(baseName(absolute))) throw fakeFsError('EEXIST', 'mkdir', absolute);
      parent.children.set(baseName(absolute), { type: 'dir', children: new Map() });
      this.emit('rename', absolute);
      return undefined;
    }
    let node: DirNode = this.rootNode;
    let current = '';
    let firstCreated: string | undefined;
    const segments = absolute.split('/').filter(Boolean);
    for (const [index, segment] of segments.entries()) {
      current += `/${segment}`;
      let child = node.children.get(segment);
      if (child?.type === 'symlink') child = this.lookup(current, 'mkdir', true);
      if (child === undefined) {
        child = { type: 'dir', children: new Map() };
        node.children.set(segment, child);
        firstCreated ??= current;
        this.emit('rename', current);
      }
      if (child.type !== 'dir') throw fakeFsError(index === segments.length - 1 ? 'EEXIST' : 'ENOTDIR', 'mkdir', absolute);
      node = child;
    }
    return firstCreated;
  }

  rmAbsolute(absolute: string, recursive: boolean, force: boolean): void {
    let node: FakeNode;
    try {
      node = this.lookup(absolute, 'rm', false);
    } catch (error) {
      if (force) return;
      throw error;
    }
    if (node.type === 'dir' && !recursive) throw fakeFsError('EISDIR', 'rm', absolute);
    this.lookupParent(absolute, 'rm').children.delete(baseName(absolute));
    this.emit('rename', absolute);
  }

  renameAbsolute(from: string, to: string): void {
    const source = this.lookup(from, 'rename', false);
    const targetParent = this.lookupParent(to, 'rename');
    if (source.type === 'dir' && within(from, to) && from !== to) throw fakeFsError('EINVAL', 'rename', from);
    const existing = targetParent.children.get(baseName(to));
    if (existing?.type === 'dir') {
      if (source.type !== 'dir') throw fakeFsError('EISDIR', 'rename', to);
      if (existing.children.size > 0) throw fakeFsError('ENOTEMPTY', 'rename', to);
    } else if (existing && source.type === 'dir') {
      throw fakeFsError('ENOTDIR', 'rename', to);
    }
    this.lookupParent(from, 'rename').children.delete(baseName(from));
    targetParent.children.set(baseName(to), source);
    this.emit('rename', from);
    this.emit('rename', to);
  }

  symlinkAbsolute(target: string, linkPath: string): void {
    this.lookupParent(linkPath, 'symlink').children.set(baseName(linkPath), { type: 'symlink', target });
    this.emit('rename', linkPath);
  }

  kindAbsolute(absolute: string): 'file' | 'dir' | 'symlink' | undefined {
    try {
      return this.lookup(absolute, 'stat', false).type;
    } catch {
      return undefined;
    }
  }

  listAbsolute(absolute: string): string[] {
    const node = this.lookup(absolute, 'scandir', true);
    if (node.type !== 'dir') throw fakeFsError('ENOTDIR', 'scandir', absolute);
    return [...node.children.keys()];
  }

  /** The tree at `absolute` in export's JSON shape (text as string, other bytes as Uint8Array). */
  exportAbsolute(absolute: string, excluded: (relative: string) => boolean): FileSystemTree {
    const node = this.lookup(absolute, 'export', true);
    if (node.type !== 'dir') throw new Error('It is not possible to export a single file in the JSON format.');
    const walk = (dir: DirNode, prefix: string): FileSystemTree => {
      const tree: FileSystemTree = {};
      for (const [name, child] of dir.children) {
        const relative = prefix === '' ? name : `${prefix}/${name}`;
        if (excluded(relative)) continue;
        if (child.type === 'dir') tree[name] = { directory: walk(child, relative) };
        else if (child.type === 'symlink') tree[name] = { file: { symlink: child.target } };
        else tree[name] = { file: { contents: textOrBytes(child.data) } };
      }
      return tree;
    };
    return walk(node, '');
  }

  /** Writes a FileSystemTree under `absolute`, merging with what is there (like mount). */
  mountAbsolute(absolute: string, tree: FileSystemTree): void {
    this.mkdirAbsolute(absolute, true);
    for (const [name, entry] of Object.entries(tree)) {
      const path = absolute === '/' ? `/${name}` : `${absolute}/${name}`;
      if ('directory' in entry) this.mountAbsolute(path, entry.directory);
      else if ('symlink' in entry.file) this.symlinkAbsolute(entry.file.symlink, path);
      else this.writeAbsolute(path, entry.file.contents);
    }
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────

  private api(method: string, path: string): string {
    this.calls.push([method, path]);
    return this.resolve(path);
  }

  private lookupParent(absolute: string, syscall: string): DirNode {
    const parent = this.lookup(parentOf(absolute), syscall, true, absolute);
    if (parent.type !== 'dir') throw fakeFsError('ENOTDIR', syscall, absolute);
    return parent;
  }

  /** The node at `absolute`; intermediate symlinks are followed, the last one only if `follow`. */
  private lookup(absolute: string, syscall: string, follow: boolean, reported = absolute, depth = 0): FakeNode {
    if (depth > 16) throw fakeFsError('ELOOP', syscall, reported);
    const segments = absolute.split('/').filter(Boolean);
    let node: FakeNode = this.rootNode;
    let current = '';
    for (const [index, segment] of segments.entries()) {
      if (node.type !== 'dir') throw fakeFsError('ENOTDIR', syscall, reported);
      const child = node.children.get(segment);
      if (child === undefined) throw fakeFsError('ENOENT', syscall, reported);
      const last = index === segments.length - 1;
      if (child.type === 'symlink' && (!last || follow)) {
        const target = child.target.startsWith('/') ? child.target : `${current}/${child.target}`;
        const rest = segments.slice(index + 1).join('/');
        return this.lookup(normalize(rest ? `${target}/${rest}` : target), syscall, follow, reported, depth + 1);
      }
      current += `/${segment}`;
      node = child;
    }
    return node;
  }

  private emit(event: 'rename' | 'change', absolute: string): void {
    for (const watcher of this.watchers) {
      if (!within(watcher.root, absolute) || absolute === watcher.root) continue;
      const relative = watcher.root === '/' ? absolute.slice(1) : absolute.slice(watcher.root.length + 1);
      if (!watcher.recursive && relative.includes('/')) continue;
      // Real events cross a MessagePort: never synchronous.
      setTimeout(() => {
        if (!watcher.closed) watcher.listener(event, relative);
      }, 0);
    }
  }
}

function textOrBytes(bytes: Uint8Array): string | Uint8Array {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.slice();
  }
}
