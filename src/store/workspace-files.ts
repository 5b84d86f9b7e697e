/**
 * The workspace files in IndexedDB, one record per file, written incrementally: a save compares
 * each file's fingerprint with what is stored and writes only the files that changed (and deletes
 * the ones that are gone), so a one-file edit in a cloned repository writes one file. Binary files
 * stay bytes. No DOM.
 */
import { z } from 'zod';
import { contentHash } from '../sandbox/content-hash';
import type { Snapshot } from '../sandbox/port';
import { CURRENT_KEY, type GlassboxDb, type SavedFile } from './db';

/** Above this, one file is not kept (a record that size strains IndexedDB and the tab); the rest still are. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** What one save wrote. */
export interface FilesWrite {
  written: number;
  deleted: number;
  /** Files not kept because they are over MAX_FILE_BYTES. */
  tooBig: string[];
}

const savedFileSchema = z.object({
  contents: z.union([z.string(), z.instanceof(Uint8Array)]),
  hash: z.string(),
});

function byteSize(contents: string | Uint8Array): number {
  // UTF-16 units for text: enough to tell a 5 MB file from a 500 MB one cheaply.
  return typeof contents === 'string' ? contents.length * 2 : contents.byteLength;
}

/** All the keys of one workspace's files, in one key range. */
function workspaceRange(workspace: string): IDBKeyRange {
  return IDBKeyRange.bound([workspace, ''], [workspace, '\uffff']);
}

export class WorkspaceFiles {
  /** path → fingerprint of what is stored; null until read (then the first save rewrites the workspace). */
  private stored: Map<string, string> | null = null;

  constructor(
    private readonly workspace: string = CURRENT_KEY,
    private readonly maxFileBytes: number = MAX_FILE_BYTES,
  ) {}

  /** The stored files; records that do not read back as a file are left out. */
  async load(db: GlassboxDb): Promise<Snapshot> {
    const tx = db.transaction('files', 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(workspaceRange(this.workspace)), tx.store.getAll(workspaceRange(this.workspace))]);
    const files: Snapshot['files'] = {};
    const stored = new Map<string, string>();
    keys.forEach(([, path], at) => {
      const file = savedFileSchema.safeParse(values[at]);
      if (!file.success) return;
      files[path] = file.data.contents;
      stored.set(path, file.data.hash);
    });
    this.stored = stored;
    return { files };
  }

  /**
   * Bring storage up to `snapshot` in one transaction: changed and new files written, missing ones
   * deleted. Resolves once it has committed; what it wrote is then known as stored.
   */
  async save(db: GlassboxDb, snapshot: Snapshot): Promise<FilesWrite> {
    const known = this.stored;
    const next = new Map<string, string>();
    const writes: Array<[string, SavedFile]> = [];
    const tooBig: string[] = [];
    for (const [path, contents] of Object.entries(snapshot.files)) {
      if (byteSize(contents) > this.maxFileBytes) {
        tooBig.push(path);
        const previous = known?.get(path);
        if (previous !== undefined) next.set(path, previous); // the last version that fitted stays
        continue;
      }
      const hash = contentHash(contents);
      next.set(path, hash);
      if (known?.get(path) !== hash) writes.push([path, { contents, hash }]);
    }
    const deletes = known === null ? [] : [...known.keys()].filter((path) => !next.has(path));
    const tx = db.transaction('files', 'readwrite');
    const store = tx.store;
    // Never read yet: what is stored is unknown, so the workspace is written whole.
    const clearing = known === null ? store.delete(workspaceRange(this.workspace)) : undefined;
    await Promise.all([
      clearing,
      ...writes.map(([path, file]) => store.put(file, [this.workspace, path])),
      ...deletes.map((path) => store.delete([this.workspace, path])),
      tx.done,
    ]);
    this.stored = next;
    return { written: writes.length, deleted: deletes.length, tooBig };
  }

  /** The keys of every stored file of the workspace (to delete them in a caller's transaction). */
  get range(): IDBKeyRange {
    return workspaceRange(this.workspace);
  }

  /** The caller's transaction deleted every file: nothing is stored now. */
  cleared(): void {
    this.stored = new Map();
  }
}
