/**
 * The workspace as the file tree and the editor see it: directory listings (live from sandbox fs
 * watch events), the files open in editor tabs and their on-disk state, and the tree's file
 * operations. The editor shows one tab at a time; the unsaved text of the others is kept here,
 * so switching tabs loses nothing and any tab can be saved.
 */
import type { DirEntry, FsChange, Sandbox, SandboxFs } from '../../sandbox/port';
import { isWithin, joinPath, parentPath } from '../files/paths';

export { joinPath } from '../files/paths';

export type DiskState =
  /** Buffer and disk agree (or the buffer is dirty and the disk did not move). */
  | 'in_sync'
  /** The file changed on disk while the buffer had unsaved edits. */
  | 'changed'
  /** The file was deleted on disk. */
  | 'deleted';

/** A file open in an editor tab. */
export interface EditorTab {
  path: string;
  /** Text last read from / written to disk. */
  diskText: string;
  /** The buffer differs from diskText. */
  dirty: boolean;
  disk: DiskState;
}

/** What the editor must show; a new `revision` replaces its buffer (open, switch tab, reload). */
export interface EditorContent {
  path: string;
  text: string;
  revision: number;
}

const byKindThenName = (a: DirEntry, b: DirEntry): number => {
  if (a.kind === 'directory' && b.kind !== 'directory') return -1;
  if (b.kind === 'directory' && a.kind !== 'directory') return 1;
  return a.name.localeCompare(b.name);
};

export function parentOf(path: string): string {
  return parentPath(path);
}

/** `path` with its `from` prefix replaced by `to`, when it lies under `from`. */
function rebase(path: string, from: string, to: string): string {
  return isWithin(path, from) ? to + path.slice(from.length) : path;
}

function rebaseKeys<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [rebase(key, from, to), value]));
}

function withoutKeysWithin<T>(record: Record<string, T>, path: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !isWithin(key, path)));
}

class Workspace {
  root = $state<string | null>(null);
  /** Directory path → sorted entries; only directories that were listed. */
  dirs: Record<string, readonly DirEntry[]> = $state.raw({});
  expanded: Record<string, boolean> = $state({});
  tabs: readonly EditorTab[] = $state.raw([]);
  activePath = $state<string | null>(null);
  content: EditorContent | null = $state.raw(null);
  /** A short-lived note shown on the editor ("Reloaded: changed on disk", "Saved"). */
  note = $state<string | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);

  #sandbox: Sandbox | null = null;
  #unwatch: (() => void) | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #pendingChanges: FsChange[] = [];
  #noteTimer: ReturnType<typeof setTimeout> | null = null;
  #revision = 0;
  /** Unsaved text of dirty tabs (not reactive: it changes on every keystroke). */
  #buffers = new Map<string, string>();
  /** Disk text seen while a buffer was dirty (what "Keep mine" accepts as the new base). */
  #diskSeen = new Map<string, string>();

  /** The tab on show, if any. */
  get open(): EditorTab | null {
    return this.tabs.find((tab) => tab.path === this.activePath) ?? null;
  }

  get dirty(): boolean {
    return this.open?.dirty ?? false;
  }

  get disk(): DiskState {
    return this.open?.disk ?? 'in_sync';
  }

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
    await this.setExpanded(path, !this.expanded[path]);
  }

  async setExpanded(path: string, open: boolean): Promise<void> {
    this.expanded[path] = open;
    if (open) await this.listDir(path);
  }

  /** Re-list every directory already listed (used when the sandbox cannot watch, and after runs). */
  async refresh(): Promise<void> {
    await Promise.all(Object.keys(this.dirs).map((dir) => this.listDir(dir)));
    await Promise.all(this.tabs.map((tab) => this.#checkDisk(tab.path)));
  }

  // ── Tabs ────────────────────────────────────────────────────────────────

  /** Open a file in a tab (or show its tab if already open). */
  async openFile(path: string): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    if (this.tabs.some((tab) => tab.path === path)) {
      this.activate(path);
      return;
    }
    try {
      const text = await sandbox.fs.readText(path);
      if (!this.tabs.some((tab) => tab.path === path)) this.tabs = [...this.tabs, { path, diskText: text, dirty: false, disk: 'in_sync' }];
      this.error = null;
      this.activate(path);
    } catch (error) {
      this.error = `Could not open ${path}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Show a tab's file in the editor, with its unsaved text if it has some. */
  activate(path: string): void {
    const tab = this.#tab(path);
    if (!tab) return;
    if (this.activePath === path && this.content?.path === path) return;
    this.activePath = path;
    this.note = null;
    this.#show(tab);
  }

  /** Close a tab, dropping its unsaved text (the caller asked first); the neighbour takes over. */
  closeTab(path: string): void {
    const index = this.tabs.findIndex((tab) => tab.path === path);
    if (index < 0) return;
    const tabs = this.tabs.filter((tab) => tab.path !== path);
    this.#buffers.delete(path);
    this.#diskSeen.delete(path);
    this.tabs = tabs;
    if (this.activePath !== path) return;
    const next = tabs[Math.min(index, tabs.length - 1)];
    this.activePath = null;
    this.content = null;
    if (next) this.activate(next.path);
  }

  closeAll(): void {
    this.tabs = [];
    this.#buffers.clear();
    this.#diskSeen.clear();
    this.activePath = null;
    this.content = null;
    this.note = null;
  }

  /** Called by the editor whenever the shown buffer changes. */
  setBuffer(text: string): void {
    const tab = this.open;
    if (!tab) return;
    const dirty = text !== tab.diskText;
    if (dirty) this.#buffers.set(tab.path, text);
    else this.#buffers.delete(tab.path);
    if (dirty !== tab.dirty) this.#update(tab.path, { dirty });
  }

  /** Save a tab (the shown one by default) with `text`, or with its kept unsaved text. True once written. */
  async save(text?: string, path: string | null = this.activePath): Promise<boolean> {
    const sandbox = this.#sandbox;
    const tab = path === null ? undefined : this.#tab(path);
    if (!sandbox || !tab) return false;
    const toWrite = text ?? this.#buffers.get(tab.path) ?? tab.diskText;
    this.saving = true;
    try {
      await sandbox.fs.write(tab.path, toWrite);
      this.#buffers.delete(tab.path);
      this.#diskSeen.delete(tab.path);
      this.#update(tab.path, { diskText: toWrite, dirty: false, disk: 'in_sync' });
      this.error = null;
      if (tab.path === this.activePath) this.#flash('Saved');
      return true;
    } catch (error) {
      this.error = `Could not save ${tab.path}: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Replace a tab's buffer with what is on disk. */
  async reload(path: string | null = this.activePath): Promise<void> {
    const sandbox = this.#sandbox;
    const tab = path === null ? undefined : this.#tab(path);
    if (!sandbox || !tab) return;
    try {
      const text = await sandbox.fs.readText(tab.path);
      this.#buffers.delete(tab.path);
      this.#update(tab.path, { diskText: text, dirty: false, disk: 'in_sync' });
      this.#showIfActive(tab.path);
    } catch {
      this.#update(tab.path, { disk: 'deleted' });
    }
  }

  /** Keep the buffer; the next save overwrites the disk. */
  keepMine(path: string | null = this.activePath): void {
    if (path === null) return;
    const seen = this.#diskSeen.get(path);
    this.#diskSeen.delete(path);
    this.#update(path, seen === undefined ? { disk: 'in_sync' } : { diskText: seen, disk: 'in_sync' });
  }

  /** After a sandbox switch: the open tabs follow their files to the new root (unsaved text kept). */
  async rebaseTabs(from: string, to: string): Promise<void> {
    this.#movePaths(from, to);
    await Promise.all(this.tabs.map((tab) => this.#checkDisk(tab.path)));
  }

  // ── For the tree's file operations (../files/file-tree.svelte.ts, loaded once the tree shows) ──

  /** The sandbox's fs; throws before a sandbox is attached. */
  get fs(): SandboxFs {
    const sandbox = this.#sandbox;
    if (!sandbox) throw new Error('The sandbox is not running yet.');
    return sandbox.fs;
  }

  /** List a folder again if it is shown (or is the root). */
  async relist(dir: string): Promise<void> {
    if (this.dirs[dir] !== undefined || dir === this.root) await this.listDir(dir);
  }

  /** After a rename or move: tabs, kept text, listings and expanded folders follow the path. */
  async followMove(from: string, to: string): Promise<void> {
    this.#movePaths(from, to);
    this.dirs = rebaseKeys(this.dirs, from, to);
    await Promise.all([this.relist(parentPath(from)), this.relist(parentPath(to))]);
    // Folders listed under the old name are listed again under the new one.
    await Promise.all(Object.keys(this.dirs).filter((dir) => isWithin(dir, to)).map((dir) => this.listDir(dir)));
  }

  /** After a delete: its tabs close and its listings go. */
  async forget(path: string): Promise<void> {
    for (const tab of this.tabs) if (isWithin(tab.path, path)) this.closeTab(tab.path);
    this.dirs = withoutKeysWithin(this.dirs, path);
    this.expanded = withoutKeysWithin(this.expanded, path);
    await this.relist(parentPath(path));
  }

  /** After files were written from outside the editor: listings under `dir` and their open tabs catch up. */
  async written(dir: string, paths: readonly string[]): Promise<void> {
    await Promise.all(Object.keys(this.dirs).filter((listed) => isWithin(listed, dir)).map((listed) => this.listDir(listed)));
    await Promise.all(this.tabs.filter((tab) => paths.includes(tab.path)).map((tab) => this.#checkDisk(tab.path)));
  }

  /** Paths under `from` now live under `to`: tabs, buffers and expanded folders follow. */
  #movePaths(from: string, to: string): void {
    this.tabs = this.tabs.map((tab) => (isWithin(tab.path, from) ? { ...tab, path: rebase(tab.path, from, to) } : tab));
    this.#buffers = new Map([...this.#buffers].map(([path, text]) => [rebase(path, from, to), text]));
    this.#diskSeen = new Map([...this.#diskSeen].map(([path, text]) => [rebase(path, from, to), text]));
    this.expanded = rebaseKeys(this.expanded, from, to);
    if (this.activePath !== null && isWithin(this.activePath, from)) {
      this.activePath = rebase(this.activePath, from, to);
      // Same text, new name: the editor relabels itself without losing its buffer or history.
      if (this.content) this.content = { ...this.content, path: this.activePath };
    }
  }

  #tab(path: string): EditorTab | undefined {
    return this.tabs.find((tab) => tab.path === path);
  }

  #update(path: string, patch: Partial<EditorTab>): void {
    this.tabs = this.tabs.map((tab) => (tab.path === path ? { ...tab, ...patch } : tab));
  }

  #show(tab: EditorTab): void {
    this.#revision += 1;
    this.content = { path: tab.path, text: this.#buffers.get(tab.path) ?? tab.diskText, revision: this.#revision };
  }

  #showIfActive(path: string): void {
    const tab = this.#tab(path);
    if (tab && path === this.activePath) this.#show(tab);
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
    const touched = this.tabs.filter((tab) => changes.some((change) => this.#samePath(change.path, tab.path)));
    await Promise.all(touched.map((tab) => this.#checkDisk(tab.path)));
  }

  #samePath(changed: string, open: string): boolean {
    if (changed === open) return true;
    const root = this.root ?? '';
    return joinPath(root, changed.replace(/^\/+/, '')) === open;
  }

  async #checkDisk(path: string): Promise<void> {
    const sandbox = this.#sandbox;
    const tab = this.#tab(path);
    if (!sandbox || !tab) return;
    let text: string;
    try {
      text = await sandbox.fs.readText(path);
    } catch {
      if (this.#tab(path)) this.#update(path, { disk: 'deleted' });
      return;
    }
    const now = this.#tab(path);
    if (!now) return;
    if (text === now.diskText) {
      if (now.disk === 'deleted') this.#update(path, { disk: 'in_sync' });
      return;
    }
    if (!now.dirty) {
      this.#update(path, { diskText: text, disk: 'in_sync' });
      this.#showIfActive(path);
      if (path === this.activePath) this.#flash('Reloaded from disk');
    } else {
      this.#diskSeen.set(path, text);
      this.#update(path, { disk: 'changed' });
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
