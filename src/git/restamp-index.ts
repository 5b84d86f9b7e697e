import type { SandboxFs } from '../sandbox/port';
import { gitStatFields } from './git-fs';
import { INDEX_CHECKSUM_BYTES, readIndexFile, secondsAndNanoseconds } from './index-file';
import { sha1 } from './object-id';

/**
 * After a clone is swapped into the workspace, git's index still holds the staging fs's file
 * times and inode numbers, so the first `git status` would find every file "maybe changed" and
 * read and hash all of them (seconds at 15,000 files). The files are byte for byte the ones the
 * checkout wrote and recorded in the index, so their new stat data can be written into the index
 * without hashing: what `git update-index --refresh` would conclude, for the price of an lstat.
 *
 * Only the stat fields change (entries keep their path, blob id, mode and flags), so the index is
 * patched in place and its trailing SHA-1 recomputed. An entry whose file is missing or has
 * another size is left as it was (status then hashes that one file as usual). Index versions 2
 * and 3 are handled (isomorphic-git writes 2); anything else is left alone. No DOM.
 */

/** The stat fields git keeps per index entry, as isomorphic-git compares them. */
export interface IndexStat {
  mtimeMs: number;
  ctimeMs: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
}

const CHECKSUM = INDEX_CHECKSUM_BYTES;
const UINT32 = 2 ** 32;

/**
 * The index with each entry's stat fields set from `statOf(path)` (undefined: leave the entry),
 * or undefined when the bytes are not an index this understands or nothing changed.
 */
export function restampIndexBytes(index: Uint8Array, statOf: (path: string) => IndexStat | undefined): Uint8Array | undefined {
  const entries = readIndexFile(index)?.entries;
  if (!entries) return undefined;
  const out = new Uint8Array(index);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let changed = 0;
  for (const { path, offset: at } of entries) {
    const stat = statOf(path);
    if (stat === undefined || stat.size % UINT32 !== view.getUint32(at + 36)) continue;
    const [ctimeSeconds, ctimeNanoseconds] = secondsAndNanoseconds(stat.ctimeMs);
    const [mtimeSeconds, mtimeNanoseconds] = secondsAndNanoseconds(stat.mtimeMs);
    view.setUint32(at, ctimeSeconds);
    view.setUint32(at + 4, ctimeNanoseconds);
    view.setUint32(at + 8, mtimeSeconds);
    view.setUint32(at + 12, mtimeNanoseconds);
    view.setUint32(at + 16, stat.dev % UINT32);
    view.setUint32(at + 20, stat.ino % UINT32);
    // at + 24 is the mode: the blob's, kept (an executable stays one in the next commit).
    view.setUint32(at + 28, stat.uid % UINT32);
    view.setUint32(at + 32, stat.gid % UINT32);
    changed++;
  }
  if (changed === 0) return undefined;
  const end = out.byteLength - CHECKSUM;
  out.set(sha1(out.subarray(0, end)), end);
  return out;
}

/**
 * Restamp `<dir>/.git/index` with the stat data the workspace's files have now, as the git
 * command's fs reports it (src/git/git-fs.ts: ino 0, uid and gid 1, ctime = mtime). Call right
 * after the clone's files were restored and before anything edits them. Resolves with the number
 * of entries restamped; a missing or unreadable index restamps nothing.
 */
export async function restampClonedIndex(fs: SandboxFs, dir: string): Promise<number> {
  const indexPath = `${dir}/.git/index`;
  let index: Uint8Array;
  try {
    index = await fs.readBytes(indexPath);
  } catch {
    return 0;
  }
  const paths = readIndexFile(index)?.entries.map((entry) => entry.path) ?? [];
  const stats = new Map<string, IndexStat>();
  await Promise.all(
    paths.map(async (path) => {
      try {
        const stat = await fs.lstat(`${dir}/${path}`);
        if (stat.kind === 'file') stats.set(path, gitStatFields(stat));
      } catch {
        // Gone already: that entry keeps its old stamp.
      }
    }),
  );
  const restamped = restampIndexBytes(index, (path) => stats.get(path));
  if (!restamped) return 0;
  await fs.write(indexPath, restamped);
  return stats.size;
}
