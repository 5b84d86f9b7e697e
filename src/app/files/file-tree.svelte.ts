/**
 * What the file tree is doing besides listing: a name being typed (new file, new folder,
 * rename), the context menu, a delete waiting for confirmation, a drag hovering a folder, and
 * the last item that had the focus (where "New file" puts its file). The work itself goes
 * through the workspace store and the Sandbox fs port.
 */
import type { FileKind } from '../../sandbox/port';
import { app } from '../state/app-store.svelte';
import { workspace } from '../state/workspace.svelte';
import { entryNameProblem } from './entry-name';
import { createFile, createFolder, deletePath, movePath, writeUploads, type UploadFile } from './file-operations';
import { baseName, joinPath, parentPath } from './paths';

export type NameEdit =
  | { kind: 'new-file' | 'new-folder'; dir: string; problem: string | null }
  | { kind: 'rename'; path: string; problem: string | null };

export interface TreeMenu {
  /** The item the menu acts on; the workspace root for the empty area. */
  path: string;
  kind: FileKind;
  x: number;
  y: number;
}

export interface PendingDelete {
  path: string;
  kind: FileKind;
}

/** The drag data type of a tree item being moved (files from the desktop come as 'Files'). */
export const TREE_ITEM_TYPE = 'application/x-glassbox-path';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class FileTree {
  edit: NameEdit | null = $state(null);
  menu: TreeMenu | null = $state.raw(null);
  pendingDelete: PendingDelete | null = $state.raw(null);
  /** The folder a drag hovers. */
  dropTarget = $state<string | null>(null);
  /** The tree item last focused or clicked. */
  focused = $state<string | null>(null);
  /** A tree item to take the focus once it is drawn (after a create, rename or move). */
  focusRequest = $state<string | null>(null);
  /** Said politely to screen readers after an action ("Uploaded 3 files to src"). */
  announcement = $state('');

  /** Where a new file goes: the focused folder, or the folder of the focused file, or the root. */
  targetDir(): string | null {
    const root = workspace.root;
    if (root === null) return null;
    const focused = this.focused;
    if (focused === null || !focused.startsWith(root)) return root;
    return this.#isDir(focused) ? focused : parentPath(focused);
  }

  async startCreate(kind: 'new-file' | 'new-folder', dir: string | null = this.targetDir()): Promise<void> {
    if (dir === null) return;
    this.menu = null;
    await workspace.setExpanded(dir, true);
    this.edit = { kind, dir, problem: null };
  }

  startRename(path: string): void {
    if (path === workspace.root) return;
    this.menu = null;
    this.edit = { kind: 'rename', path, problem: null };
  }

  cancelEdit(): void {
    const edit = this.edit;
    this.edit = null;
    if (edit) this.focusRequest = edit.kind === 'rename' ? edit.path : this.focused;
  }

  /** Apply the typed name; on a problem the field stays open and says what is wrong. True once applied. */
  async commitEdit(typed: string): Promise<boolean> {
    const edit = this.edit;
    if (!edit) return true;
    const name = typed.trim();
    const dir = edit.kind === 'rename' ? parentPath(edit.path) : edit.dir;
    const current = edit.kind === 'rename' ? baseName(edit.path) : undefined;
    if (name === current) {
      this.edit = null;
      return true;
    }
    const siblings = (workspace.dirs[dir] ?? []).map((entry) => entry.name);
    const problem = entryNameProblem(name, siblings, current);
    if (problem !== null) {
      this.edit = { ...edit, problem };
      return false;
    }
    try {
      const path = joinPath(dir, name);
      if (edit.kind === 'new-file') {
        await createFile(workspace.fs, path);
        await workspace.relist(dir);
        await workspace.openFile(path);
      } else if (edit.kind === 'new-folder') {
        await createFolder(workspace.fs, path);
        await workspace.relist(dir);
        await workspace.setExpanded(path, true);
      } else if (edit.kind === 'rename') {
        await movePath(workspace.fs, edit.path, path);
        await workspace.followMove(edit.path, path);
      }
      this.focused = path;
      this.focusRequest = this.focused;
      this.edit = null;
      this.#say(edit.kind === 'rename' ? `Renamed to ${name}` : `Created ${name}`);
      return true;
    } catch (error) {
      this.edit = { ...edit, problem: message(error) };
      return false;
    }
  }

  openMenu(menu: TreeMenu): void {
    this.edit = null;
    this.menu = menu;
  }

  closeMenu(): void {
    this.menu = null;
  }

  askDelete(path: string): void {
    if (path === workspace.root) return;
    this.menu = null;
    this.pendingDelete = { path, kind: this.#isDir(path) ? 'directory' : 'file' };
  }

  async answerDelete(confirmed: boolean): Promise<void> {
    const pending = this.pendingDelete;
    this.pendingDelete = null;
    if (!pending || !confirmed) return;
    await this.#attempt(`Could not delete ${baseName(pending.path)}`, async () => {
      await deletePath(workspace.fs, pending.path);
      await workspace.forget(pending.path);
      if (this.focused !== null && this.focused.startsWith(pending.path)) this.focused = parentPath(pending.path);
      this.#say(`Deleted ${baseName(pending.path)}`);
    });
  }

  /** Drag to move: `from` goes into the folder `dir`, keeping its name. */
  async moveInto(from: string, dir: string): Promise<void> {
    if (parentPath(from) === dir) return;
    const to = joinPath(dir, baseName(from));
    await this.#attempt(`Could not move ${baseName(from)}`, async () => {
      await movePath(workspace.fs, from, to);
      await workspace.followMove(from, to);
      await workspace.setExpanded(dir, true);
      this.focused = to;
      this.focusRequest = to;
      this.#say(`Moved ${baseName(from)} to ${baseName(dir) || '/'}`);
    });
  }

  async upload(dir: string, files: Promise<UploadFile[]> | UploadFile[]): Promise<void> {
    await this.#attempt('Could not upload', async () => {
      const written = await writeUploads(workspace.fs, dir, await files);
      await workspace.setExpanded(dir, true);
      await workspace.written(dir, written);
      const count = written.length;
      this.#say(`Uploaded ${count} file${count === 1 ? '' : 's'} to ${baseName(dir) || '/'}`);
    });
  }

  #isDir(path: string): boolean {
    const entries = workspace.dirs[parentPath(path)] ?? [];
    return path === workspace.root || entries.some((entry) => entry.name === baseName(path) && entry.kind === 'directory');
  }

  async #attempt(what: string, run: () => Promise<void>): Promise<void> {
    app.filesError = null;
    try {
      await run();
    } catch (error) {
      app.filesError = `${what}: ${message(error)}`;
    }
  }

  #say(text: string): void {
    this.announcement = text;
  }
}

export const fileTree = new FileTree();
