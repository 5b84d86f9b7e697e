import type { IFileSystem } from 'just-bash';
import { SandboxError, type Snapshot } from './port';
import { isWithin, parentOf, relativeTo, resolveFrom } from './workspace-path';

// fatal: invalid UTF-8 must fall back to bytes; ignoreBOM: keep a BOM so text re-encodes byte for byte.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text when the bytes are valid UTF-8 (so the snapshot stays readable and small), else the bytes. */
function textOrBytes(bytes: Uint8Array): string | Uint8Array {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.slice();
  }
}

/**
 * Every regular file under `root`, keyed by its path relative to `root`.
 * Directories are implied by file paths; symlinks are skipped (a Snapshot holds file contents only).
 */
export async function takeSnapshot(fs: IFileSystem, root: string): Promise<Snapshot> {
  const files: Record<string, string | Uint8Array> = {};
  const paths = fs
    .getAllPaths()
    .filter((path) => path !== root && isWithin(root, path))
    .sort();
  for (const path of paths) {
    const stat = await fs.lstat(path);
    if (!stat.isFile) continue;
    files[relativeTo(root, path)] = textOrBytes(await fs.readFileBuffer(path));
  }
  return { files };
}

/** Replaces everything under `root` with the snapshot's files. */
export async function restoreSnapshot(fs: IFileSystem, root: string, snapshot: Snapshot): Promise<void> {
  const targets = Object.entries(snapshot.files).map(([relative, contents]) => {
    const path = resolveFrom(root, relative);
    // A crafted snapshot (e.g. from a shared link) must not write outside the workspace.
    if (path === root || !isWithin(root, path) || relative.startsWith('/')) {
      throw new SandboxError('EINVAL', `Snapshot path ${JSON.stringify(relative)} is outside the workspace.`, path);
    }
    return { path, contents };
  });

  if (await fs.exists(root)) {
    for (const name of await fs.readdir(root)) await fs.rm(resolveFrom(root, name), { recursive: true, force: true });
  } else {
    await fs.mkdir(root, { recursive: true });
  }
  for (const { path, contents } of targets) {
    await fs.mkdir(parentOf(path), { recursive: true });
    await fs.writeFile(path, typeof contents === 'string' ? contents : contents.slice());
  }
}
