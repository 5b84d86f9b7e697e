import { InMemoryFs } from 'just-bash';

/**
 * just-bash's InMemoryFs keeps one flat map of path → entry and lists a directory by scanning the
 * whole map, so each `readdir` costs as much as the workspace is large: walking a cloned
 * 15,000-file repository (`git status`, `rm -r`, the file tree) made that quadratic, tens of
 * seconds. This subclass keeps, next to that map, each directory's child names (updated on every
 * set and delete of the map, whoever makes them), and answers `readdir` of a directory from there.
 *
 * Anything unusual (a path not in canonical form, a symlink, a missing entry) goes to just-bash's
 * own readdir, which also gives the errors; so does everything if a just-bash version stops
 * keeping its entries in a Map called `data` (checked once, at construction).
 */

interface StoredEntry {
  type: string;
}

interface Dirent {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

/** The map of entries, recording each key's name under its parent as it is set and deleted, and how many are symlinks. */
class ChildIndexedMap<V extends StoredEntry> extends Map<string, V> {
  readonly children = new Map<string, Set<string>>();
  symlinks = 0;

  override set(key: string, value: V): this {
    const old = this.get(key);
    if (old?.type === 'symlink') this.symlinks--;
    if (value.type === 'symlink') this.symlinks++;
    if (old === undefined && !this.has(key)) {
      const parent = parentOf(key);
      if (parent !== undefined) {
        let names = this.children.get(parent);
        if (!names) this.children.set(parent, (names = new Set()));
        names.add(key.slice(parent === '/' ? 1 : parent.length + 1));
      }
    }
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (this.get(key)?.type === 'symlink') this.symlinks--;
    const existed = super.delete(key);
    const parent = parentOf(key);
    if (existed && parent !== undefined) {
      const names = this.children.get(parent);
      names?.delete(key.slice(parent === '/' ? 1 : parent.length + 1));
      if (names?.size === 0) this.children.delete(parent);
    }
    return existed;
  }

  override clear(): void {
    this.children.clear();
    this.symlinks = 0;
    super.clear();
  }
}

/** Absolute, no empty, "." or ".." segment, no trailing slash: the form just-bash stores keys in. */
const CANONICAL = /^\/$|^(?:\/(?!\.\.?(?:\/|$))[^/\0]+)+$/;

export class IndexedInMemoryFs extends InMemoryFs {
  private readonly entries: ChildIndexedMap<StoredEntry> | undefined;

  constructor(...args: ConstructorParameters<typeof InMemoryFs>) {
    super(...args);
    // just-bash's private map, replaced by an indexed copy (same entries, same object identity).
    const holder = this as unknown as { data?: unknown };
    if (holder.data instanceof Map) {
      const indexed = new ChildIndexedMap<StoredEntry>();
      for (const [key, value] of holder.data as Map<string, StoredEntry>) indexed.set(key, value);
      holder.data = indexed;
      this.entries = indexed;
      // Every lstat first looks for symlinks among the path's ancestors, building each one's
      // string; with no symlink in the whole fs a canonical path resolves to itself.
      const resolver = this as unknown as { resolveIntermediateSymlinks?: unknown };
      const resolve = resolver.resolveIntermediateSymlinks;
      if (typeof resolve === 'function') {
        resolver.resolveIntermediateSymlinks = (path: string): unknown => (indexed.symlinks === 0 && CANONICAL.test(path) ? path : resolve.call(this, path));
      }
    }
  }

  override async readdirWithFileTypes(path: string): Promise<Dirent[]> {
    const entries = this.entries;
    if (!entries || !CANONICAL.test(path) || entries.get(path)?.type !== 'directory') return super.readdirWithFileTypes(path);
    const prefix = path === '/' ? '/' : `${path}/`;
    const listed: Dirent[] = [];
    for (const name of entries.children.get(path) ?? []) {
      const type = entries.get(prefix + name)?.type;
      listed.push({ name, isFile: type === 'file', isDirectory: type === 'directory', isSymbolicLink: type === 'symlink' });
    }
    return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
