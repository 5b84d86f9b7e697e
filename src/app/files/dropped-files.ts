/**
 * Reads what was dropped on the tree (files, or whole folders through the File and Directory
 * Entries API) into bytes with paths relative to the drop target. Browsers give folders only as
 * entries (webkitGetAsEntry); a plain file may come without one.
 */
import type { UploadFile } from './file-operations';

/** The slice of FileSystemEntry this reader uses (so tests can fake a folder). */
export interface DroppedEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
}

export interface DroppedFileEntry extends DroppedEntry {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}

export interface DroppedDirectoryEntry extends DroppedEntry {
  createReader(): { readEntries(success: (entries: DroppedEntry[]) => void, failure?: (error: unknown) => void): void };
}

/** The slice of DataTransferItem this reader uses. */
export interface DroppedItem {
  readonly kind: string;
  getAsFile(): File | null;
  webkitGetAsEntry(): DroppedEntry | null;
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function fileOf(entry: DroppedFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries returns a folder in batches (about 100 at a time in Chromium) until an empty one. */
async function childrenOf(entry: DroppedDirectoryEntry): Promise<DroppedEntry[]> {
  const reader = entry.createReader();
  const all: DroppedEntry[] = [];
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function readEntry(entry: DroppedEntry, prefix: string, into: UploadFile[]): Promise<void> {
  const relativePath = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isFile) {
    into.push({ relativePath, data: await bytesOf(await fileOf(entry as DroppedFileEntry)) });
  } else if (entry.isDirectory) {
    for (const child of await childrenOf(entry as DroppedDirectoryEntry)) await readEntry(child, relativePath, into);
  }
}

/**
 * Every file in the drop, folders walked. The entries must be taken synchronously inside the drop
 * event (the DataTransfer empties afterwards), so call this from the handler before any await.
 */
export function readDroppedItems(items: ArrayLike<DroppedItem>): Promise<UploadFile[]> {
  const sources = Array.from(items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const files: UploadFile[] = [];
    for (const { entry, file } of sources) {
      if (entry) await readEntry(entry, '', files);
      else if (file) files.push({ relativePath: file.name, data: await bytesOf(file) });
    }
    return files;
  })();
}

/** Files picked in an <input type="file"> (with `webkitdirectory`, their relative paths are kept). */
export async function readPickedFiles(files: ArrayLike<File>): Promise<UploadFile[]> {
  return Promise.all(
    Array.from(files).map(async (file) => ({ relativePath: file.webkitRelativePath || file.name, data: await bytesOf(file) })),
  );
}
