/**
 * The workspace as the file tree and the editor see it: directory listings
 * (live from sandbox fs watch events), the open file and its on-disk state.
 * The editor buffer itself lives in CodeMirror; this store knows the text last
 * loaded from / saved to disk, whether the buffer is dirty, and whether the file
 * changed on disk underneath.
 */
import type { DirEntry, FsChange, Sandbox } from '../../sandbox/port';

export type DiskState =
  /** Buffer and disk agree (or the buffer is dirty and the disk did not move). */
  | 'in_sync'
  /** The file changed on disk while the buffer had unsaved edits. */
  | 'changed'
  /** The file was deleted on disk. */
  | 'deleted';

export interface OpenFile {
  path: string;
  /** Text last read from / written to disk. */
  diskText: string;
  /** Bumps when the editor must replace its buffer with `diskText` (open, reload). */
  revision: number;
}

const byKindThenName = (a: DirEntry, b: DirEntry): number => {
  if (a.kind === 'directory' && b.kind !== 'directory') return -1;
  if (b.kind === 'directory' && a.kind !== 'directory') return 1;
  return a.name.localeCompare(b.name);
};

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

class Workspace {
  root = $state<string | null>(null);
  /** Directory path → sorted entries; only directories that were listed. */
  dirs: Record<string, readonly DirEntry[]> = $state.raw({});
  expanded: Record<string, boolean> = $state({});
  open: OpenFile | null = $state.raw(null);
  dirty = $state(false);
  disk = $state<DiskState>('in_sync');
  /** A short-lived note shown on the editor ("Reloaded: changed on disk", "Saved"). */
  note = $state<string | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);

  #sandbox: Sandbox | null = null;
  #unwatch: (() => void) | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #pendingChanges: FsChange[] = [];
  #noteTimer: ReturnType<typeof setTimeout> | null = null;
  /** Disk text seen while the buffer was dirty (what "Keep mine" accepts as the new base). */
  #diskSeen: string | null = null;

  /** Connect to a sandbox: list the root and follow fs changes. */
  async attach(sandbox: Sandbox): Promise<void> {
    this.detach();
    this.#sandbox = sandbox;
    this.root = sandbox.root;
    this.expanded = { [sandbox.root]: true };
    if (sandbox.fs.watch) this.#unwatch = sandbox.fs.watch((change) => this.#onChange(change));
    await this.listDir(sandbox.root);
  }

  detach(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    this.#sandbox = null;
  }

  get watching(): boolean {
    return this.#unwatch !== null;
  }

  async listDir(path: string): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    try {
      const entries = (await sandbox.fs.list(path)).slice().sort(byKindThenName);
      this.dirs = { ...this.dirs, [path]: entries };
    } catch {
      const { [path]: _gone, ...rest } = this.dirs;
      this.dirs = rest;
    }
  }

  async toggle(path: string): Promise<void> {
    const open = !this.expanded[path];
    this.expanded[path] = open;
    if (open) await this.listDir(path);
  }

  /** Re-list every directory already listed (used when the sandbox cannot watch, and after runs). */
  async refresh(): Promise<void> {
    await Promise.all(Object.keys(this.dirs).map((dir) => this.listDir(dir)));
    if (this.open) await this.#checkDisk(this.open.path);
  }

  async openFile(path: string): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    if (this.open?.path === path) return;
    try {
      const text = await sandbox.fs.readText(path);
      this.open = { path, diskText: text, revision: (this.open?.revision ?? 0) + 1 };
      this.dirty = false;
      this.disk = 'in_sync';
      this.error = null;
      this.note = null;
    } catch (error) {
      this.error = `Could not open ${path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  closeFile(): void {
    this.open = null;
    this.dirty = false;
    this.disk = 'in_sync';
    this.note = null;
  }

  /** Called by the editor whenever its buffer changes. */
  setBuffer(text: string): void {
    if (!this.open) return;
    this.dirty = text !== this.open.diskText;
  }

  async save(text: string): Promise<void> {
    const sandbox = this.#sandbox;
    const open = this.open;
    if (!sandbox || !open) return;
    this.saving = true;
    try {
      await sandbox.fs.write(open.path, text);
      this.open = { ...open, diskText: text };
      this.dirty = false;
      this.disk = 'in_sync';
      this.error = null;
      this.#flash('Saved');
    } catch (error) {
      this.error = `Could not save ${open.path}: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.saving = false;
    }
  }

  /** Replace the buffer with what is on disk. */
  async reload(): Promise<void> {
    const sandbox = this.#sandbox;
    const open = this.open;
    if (!sandbox || !open) return;
    try {
      const text = await sandbox.fs.readText(open.path);
      this.open = { path: open.path, diskText: text, revision: open.revision + 1 };
      this.dirty = false;
      this.disk = 'in_sync';
    } catch {
      this.disk = 'deleted';
    }
  }

  /** Keep the buffer; the next save overwrites the disk. */
  keepMine(): void {
    const open = this.open;
    if (open && this.#diskSeen !== null) this.open = { ...open, diskText: this.#diskSeen };
    this.#diskSeen = null;
    this.disk = 'in_sync';
  }

  #onChange(change: FsChange): void {
    this.#pendingChanges.push(change);
    if (this.#refreshTimer !== null) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      const changes = this.#pendingChanges;
      this.#pendingChanges = [];
      void this.#applyChanges(changes);
    }, 60);
  }

  async #applyChanges(changes: FsChange[]): Promise<void> {
    const dirs: string[] = [];
    for (const change of changes) {
      const parent = parentOf(change.path);
      if (this.dirs[parent] !== undefined && !dirs.includes(parent)) dirs.push(parent);
      if (change.kind === 'delete' && this.dirs[change.path] !== undefined) {
        const { [change.path]: _gone, ...rest } = this.dirs;
        this.dirs = rest;
      }
    }
    // Paths may be relative to root or absolute depending on the adapter: refresh conservatively.
    if (dirs.length === 0) dirs.push(...new Set([...(this.root ? [this.root] : []), ...Object.keys(this.dirs)]));
    await Promise.all(dirs.map((dir) => this.listDir(dir)));
    const open = this.open;
    if (open && changes.some((change) => this.#samePath(change.path, open.path))) await this.#checkDisk(open.path);
  }

  #samePath(changed: string, open: string): boolean {
    if (changed === open) return true;
    const root = this.root ?? '';
    return joinPath(root, changed.replace(/^\/+/, '')) === open;
  }

  async #checkDisk(path: string): Promise<void> {
    const sandbox = this.#sandbox;
    const open = this.open;
    if (!sandbox || !open || open.path !== path) return;
    let text: string;
    try {
      text = await sandbox.fs.readText(path);
    } catch {
      this.disk = 'deleted';
      return;
    }
    if (this.open?.path !== path || text === open.diskText) return;
    if (!this.dirty) {
      this.open = { path, diskText: text, revision: open.revision + 1 };
      this.disk = 'in_sync';
      this.#flash('Reloaded from disk');
    } else {
      this.#diskSeen = text;
      this.disk = 'changed';
    }
  }

  #flash(text: string): void {
    this.note = text;
    if (this.#noteTimer !== null) clearTimeout(this.#noteTimer);
    this.#noteTimer = setTimeout(() => {
      this.note = null;
      this.#noteTimer = null;
    }, 2500);
  }
}

export const workspace = new Workspace();
