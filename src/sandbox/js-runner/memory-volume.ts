/**
 * The synchronous filesystem a QuickJS program sees: a copy of the workspace taken before the run
 * (see preload.ts). QuickJS calls the host synchronously and the workspace fs is async, so the
 * program works on this copy; every change marks its path dirty and write-back.ts replays the
 * differences onto the workspace when the program yields or ends.
 */

export interface VolumeFile {
  kind: 'file';
  /** Capacity-doubling buffer: appends stay cheap. `null` when the file was too big to preload. */
  bytes: Uint8Array | null;
  size: number;
  mtimeMs: number;
  /** Bumped on each change; write-back compares it with the version last saved. */
  version: number;
}

export interface VolumeDirectory {
  kind: 'directory';
  mtimeMs: number;
  children: Set<string>;
}

export type VolumeEntry = VolumeFile | VolumeDirectory;

/** An fs failure with Node's code; the guest turns it into Node's message (`ENOENT: …, open 'x'`). */
export class VolumeError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'VolumeError';
  }
}

let versionCounter = 0;

export class MemoryVolume {
  private readonly entries = new Map<string, VolumeEntry>([['/', { kind: 'directory', mtimeMs: Date.now(), children: new Set() }]]);
  /** Paths changed since the last write-back. */
  readonly dirty = new Set<string>();
  /** What preload found, so write-back knows the workspace's state before the first save. */
  private readonly initial = new Map<string, VolumeEntry['kind']>([['/', 'directory']]);

  get(path: string): VolumeEntry | undefined {
    return this.entries.get(path);
  }

  /** The entry, or ENOENT / ENOTDIR as the kernel would say. */
  stat(path: string): VolumeEntry {
    const entry = this.entries.get(path);
    if (!entry) throw new VolumeError(this.missingCode(path));
    return entry;
  }

  /** Used by preload: records an entry without marking it dirty. Parents must exist. */
  load(path: string, entry: VolumeEntry): void {
    this.link(path, entry);
    this.initial.set(path, entry.kind);
  }

  /** The state preload found at `path` (files as version 0). */
  preloaded(path: string): { kind: 'file'; version: number } | { kind: 'directory' } | undefined {
    const kind = this.initial.get(path);
    if (kind === undefined) return undefined;
    return kind === 'file' ? { kind, version: 0 } : { kind };
  }

  readBytes(path: string): Uint8Array {
    const entry = this.entries.get(path);
    if (!entry) throw new VolumeError(this.missingCode(path));
    if (entry.kind === 'directory') throw new VolumeError('EISDIR');
    if (!entry.bytes) throw new VolumeError('EFBIG');
    return entry.bytes.subarray(0, entry.size);
  }

  writeBytes(path: string, data: Uint8Array, append: boolean): void {
    const parent = this.entries.get(parentOf(path));
    if (!parent) throw new VolumeError(this.missingCode(path));
    if (parent.kind !== 'directory') throw new VolumeError('ENOTDIR');
    const existing = this.entries.get(path);
    if (existing?.kind === 'directory') throw new VolumeError('EISDIR');
    if (existing && append) {
      if (!existing.bytes) throw new VolumeError('EFBIG');
      existing.bytes = appendBytes(existing.bytes, existing.size, data);
      existing.size += data.length;
      existing.mtimeMs = Date.now();
      existing.version = ++versionCounter;
    } else {
      this.link(path, { kind: 'file', bytes: data.slice(), size: data.length, mtimeMs: Date.now(), version: ++versionCounter });
    }
    this.dirty.add(path);
  }

  /** mkdir; returns the first directory created (Node's `recursive` return value). */
  mkdir(path: string, recursive: boolean): string | undefined {
    const existing = this.entries.get(path);
    if (existing) {
      if (recursive && existing.kind === 'directory') return undefined;
      throw new VolumeError('EEXIST');
    }
    const parentPath = parentOf(path);
    const parent = this.entries.get(parentPath);
    let first: string | undefined;
    if (!parent) {
      if (!recursive) throw new VolumeError('ENOENT');
      first = this.mkdir(parentPath, true);
    } else if (parent.kind !== 'directory') {
      throw new VolumeError('ENOTDIR');
    }
    this.link(path, { kind: 'directory', mtimeMs: Date.now(), children: new Set() });
    this.dirty.add(path);
    return first ?? path;
  }

  /** unlink (`expect: 'file'`), rmdir (`'directory'`, must be empty) or rm -r (`'any'`). */
  remove(path: string, expect: 'file' | 'directory' | 'any'): void {
    const entry = this.entries.get(path);
    if (!entry) throw new VolumeError(this.missingCode(path));
    if (path === '/') throw new VolumeError('EPERM');
    if (expect === 'file' && entry.kind === 'directory') throw new VolumeError('EISDIR');
    if (expect === 'directory' && entry.kind !== 'directory') throw new VolumeError('ENOTDIR');
    if (expect === 'directory' && entry.kind === 'directory' && entry.children.size > 0) throw new VolumeError('ENOTEMPTY');
    this.unlinkTree(path);
  }

  rename(from: string, to: string): void {
    const entry = this.entries.get(from);
    if (!entry) throw new VolumeError(this.missingCode(from));
    if (from === to) return;
    if (to.startsWith(`${from}/`)) throw new VolumeError('EINVAL');
    const parent = this.entries.get(parentOf(to));
    if (!parent) throw new VolumeError('ENOENT');
    if (parent.kind !== 'directory') throw new VolumeError('ENOTDIR');
    const target = this.entries.get(to);
    if (target?.kind === 'directory') {
      if (entry.kind !== 'directory') throw new VolumeError('EISDIR');
      if (target.children.size > 0) throw new VolumeError('ENOTEMPTY');
    } else if (target && entry.kind === 'directory') {
      throw new VolumeError('ENOTDIR');
    }
    const moved = this.subtree(from);
    if (target) this.unlinkTree(to);
    this.unlinkTree(from);
    for (const [path, value] of moved) {
      const newPath = to + path.slice(from.length);
      if (value.kind === 'file') value.version = ++versionCounter;
      if (value.kind === 'directory') value.children = new Set();
      this.link(newPath, value);
      this.dirty.add(newPath);
    }
  }

  list(path: string): Array<[string, VolumeEntry['kind']]> {
    const entry = this.entries.get(path);
    if (!entry) throw new VolumeError(this.missingCode(path));
    if (entry.kind !== 'directory') throw new VolumeError('ENOTDIR');
    return [...entry.children].sort().map((name) => {
      const child = this.entries.get(joinPath(path, name));
      return [name, child?.kind ?? 'file'];
    });
  }

  /** Paths of `path` and everything below it, parents before children. */
  subtreePaths(path: string): string[] {
    return [...this.subtree(path).keys()];
  }

  private subtree(path: string): Map<string, VolumeEntry> {
    const found = new Map<string, VolumeEntry>();
    const visit = (current: string) => {
      const entry = this.entries.get(current);
      if (!entry) return;
      found.set(current, entry);
      if (entry.kind === 'directory') for (const name of entry.children) visit(joinPath(current, name));
    };
    visit(path);
    return found;
  }

  private link(path: string, entry: VolumeEntry): void {
    this.entries.set(path, entry);
    const parent = this.entries.get(parentOf(path));
    if (parent?.kind === 'directory') {
      parent.children.add(baseName(path));
      parent.mtimeMs = Date.now();
    }
  }

  private unlinkTree(path: string): void {
    for (const gone of this.subtree(path).keys()) {
      this.entries.delete(gone);
      this.dirty.add(gone);
    }
    const parent = this.entries.get(parentOf(path));
    if (parent?.kind === 'directory') {
      parent.children.delete(baseName(path));
      parent.mtimeMs = Date.now();
    }
  }

  /** ENOTDIR when a file stands where a directory should be, else ENOENT. */
  private missingCode(path: string): string {
    for (let current = parentOf(path); current !== '/'; current = parentOf(current)) {
      const entry = this.entries.get(current);
      if (entry) return entry.kind === 'directory' ? 'ENOENT' : 'ENOTDIR';
    }
    return 'ENOENT';
  }
}

function appendBytes(buffer: Uint8Array, size: number, data: Uint8Array): Uint8Array {
  if (size + data.length <= buffer.length) {
    buffer.set(data, size);
    return buffer;
  }
  const grown = new Uint8Array(Math.max(size + data.length, buffer.length * 2, 64));
  grown.set(buffer.subarray(0, size));
  grown.set(data, size);
  return grown;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(directory: string, name: string): string {
  return directory === '/' ? `/${name}` : `${directory}/${name}`;
}
