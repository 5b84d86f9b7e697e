/**
 * The file tree's create, rename, move, delete and upload, over the Sandbox fs port: the same code
 * for WebContainer and the offline sandbox. Each refuses to overwrite what exists (rename(2) would
 * replace a file silently) and explains a refusal in a sentence.
 */
import type { SandboxFs } from '../../sandbox/port';
import { baseName, isWithin, joinPath, parentPath } from './paths';

/** One file to write, at a path relative to the folder it is dropped on. */
export interface UploadFile {
  relativePath: string;
  data: Uint8Array;
}

export class FileOperationError extends Error {
  override name = 'FileOperationError';
}

async function refuseExisting(fs: SandboxFs, path: string): Promise<void> {
  if (await fs.exists(path)) throw new FileOperationError(`${baseName(path)} already exists in ${parentPath(path)}.`);
}

export async function createFile(fs: SandboxFs, path: string): Promise<void> {
  await refuseExisting(fs, path);
  await fs.write(path, '');
}

export async function createFolder(fs: SandboxFs, path: string): Promise<void> {
  await refuseExisting(fs, path);
  await fs.mkdir(path);
}

/** Rename or move (the same call): `to` is the full new path. */
export async function movePath(fs: SandboxFs, from: string, to: string): Promise<void> {
  if (from === to) return;
  if (isWithin(to, from)) throw new FileOperationError(`Cannot move ${baseName(from)} into itself.`);
  await refuseExisting(fs, to);
  await fs.rename(from, to);
}

export async function deletePath(fs: SandboxFs, path: string): Promise<void> {
  await fs.rm(path);
}

/**
 * Writes dropped files under `dir`, keeping their folder structure and their bytes as they are.
 * An existing file of the same name is replaced: that is what dropping a newer copy means.
 * Returns the paths written.
 */
export async function writeUploads(fs: SandboxFs, dir: string, files: readonly UploadFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const segments = file.relativePath.split('/').filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
    if (segments.length === 0) continue;
    const path = segments.reduce(joinPath, dir);
    await fs.write(path, file.data);
    written.push(path);
  }
  return written;
}
