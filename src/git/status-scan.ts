/**
 * `git status`'s matrix, computed the way native git does it rather than by isomorphic-git's
 * generic three-tree walk (which costs seconds at 15,000 files, mostly in promises and garbage):
 *
 * - index against HEAD: the index's tree ids are hashed (index-trees.ts) and compared with HEAD's,
 *   so only directories that differ have their HEAD trees read — none when nothing is staged;
 * - work tree against the index: one lstat per entry, content hashed only when the stat data
 *   changed (and the index refreshed when the content turns out the same, as git does);
 * - untracked files: one listing per directory, ignore rules asked only for paths no tree knows.
 *
 * The rows mean exactly what isomorphic-git's `statusMatrix` rows mean (tests/unit/git/
 * status-scan.test.ts holds the two side by side), and unchanged files are left out. States this
 * scan does not interpret (a merge in progress, intent-to-add, autocrlf, an index format it does
 * not read) make it decline, and the caller uses `statusMatrix`. No DOM.
 */
import { errorCode } from '../sandbox/fs-error';
import type { FileStat } from '../sandbox/port';
import type { GitContext } from './cli/context';
import { objectsOf } from './cli/objects';
import { gitStatFields, type GitStatFields } from './git-fs';
import { indexStatOf, normalizeMode, readIndexFile, statChanged, type IndexEntry } from './index-file';
import { indexTrees } from './index-trees';
import { hexOf, objectId } from './object-id';
import { restampIndexBytes } from './restamp-index';
import { encodeUtf8 } from './utf8';

/** [path, HEAD, work tree, index] as isomorphic-git's statusMatrix numbers them. */
export type StatusRow = [path: string, head: 0 | 1, workdir: 0 | 1 | 2, stage: 0 | 1 | 2 | 3];

const SUBMODULE = 0o160000;
const DIRECTORY = 0o40000;
/** Files checked at once: enough to keep a slow fs (WebContainer's, across the bridge) busy. */
const BATCH = 256;

interface HeadItem {
  oid: string;
  mode: number;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function joined(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let at = 0; at < items.length; at += BATCH) await Promise.all(items.slice(at, at + BATCH).map(run));
}

/** [head, workdir, stage] → isomorphic-git's numbers: each id's first position among (none, head, workdir, stage). */
function rowOf(path: string, head: string | undefined, workdir: string | undefined, stage: string | undefined): StatusRow {
  const ids = [undefined, head, workdir, stage];
  return [path, ids.indexOf(head) as 0 | 1, ids.indexOf(workdir) as 0 | 1 | 2, ids.indexOf(stage) as 0 | 1 | 2 | 3];
}

/** The changed rows of `git status`, or undefined when the repository is in a state only statusMatrix reads. */
export async function scanStatus(ctx: GitContext, dir: string): Promise<StatusRow[] | undefined> {
  const { git, fs: gitfs, sandboxFs: fs } = ctx;
  const indexPath = `${dir}/.git/index`;
  let indexBytes: Uint8Array | undefined;
  try {
    indexBytes = await fs.readBytes(indexPath);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return undefined;
  }
  const entries = indexBytes === undefined ? [] : readIndexFile(indexBytes)?.entries;
  if (!entries || entries.some((entry) => entry.stage !== 0 || entry.special)) return undefined;
  const autocrlf = await git.getConfig({ fs: gitfs, dir, path: 'core.autocrlf' });
  if (autocrlf !== undefined && autocrlf !== false && autocrlf !== 'false') return undefined;
  const filemodeSetting = await git.getConfig({ fs: gitfs, dir, path: 'core.filemode' });
  const filemode = filemodeSetting === true || filemodeSetting === 'true';

  const staged = new Map<string, IndexEntry>(entries.map((entry) => [entry.path, entry]));
  const head = await headItems(ctx, dir, entries);

  const rows: StatusRow[] = [];
  const refreshed = new Map<string, GitStatFields>();

  /** The work tree's id for a tracked path: the index's when its stat data is unchanged, else hashed. */
  const workdirOid = async (path: string, entry: IndexEntry | undefined): Promise<string | undefined> => {
    const file = `${dir}/${path}`;
    let stat: FileStat;
    try {
      stat = await fs.lstat(file);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (stat.kind === 'directory') return undefined;
    const asGit = gitStatFields(stat);
    const now = indexStatOf(asGit);
    if (entry && !statChanged(entry, now, filemode)) return entry.oid;
    const content = stat.kind === 'symlink' ? encodeUtf8(await fs.readlink(file)) : await fs.readBytes(file);
    const oid = hexOf(objectId('blob', content));
    if (entry && oid === entry.oid && (!filemode || now.mode === normalizeMode(entry.mode))) refreshed.set(path, asGit);
    return oid;
  };

  const tracked = new Set<string>([...staged.keys(), ...head.items.keys()]);
  await inBatches([...tracked], async (path) => {
    const entry = staged.get(path);
    const inHead = entry && head.holdsAsIndexed(path) ? entry : head.items.get(path);
    if (entry?.mode === SUBMODULE || inHead?.mode === SUBMODULE) return;
    const workdir = await workdirOid(path, entry);
    if (entry !== undefined && workdir === entry.oid && inHead?.oid === entry.oid) return; // unchanged: most files
    rows.push(rowOf(path, inHead?.oid, workdir, entry?.oid));
  });

  const trackedDirs = new Set<string>();
  for (const path of tracked) for (let dirPath = parentOf(path); dirPath !== '' && !trackedDirs.has(dirPath); dirPath = parentOf(dirPath)) trackedDirs.add(dirPath);
  const submodules = new Set([...tracked].filter((path) => staged.get(path)?.mode === SUBMODULE || head.items.get(path)?.mode === SUBMODULE));
  const isIgnored = (filepath: string) => git.isIgnored({ fs: gitfs, dir, filepath });

  /** Untracked files: every path under `path` that neither HEAD nor the index knows, unless ignored. */
  const untracked = async (path: string): Promise<void> => {
    const listed = await fs.list(path === '' ? dir : `${dir}/${path}`);
    await Promise.all(
      listed.map(async ({ name, kind }) => {
        if (name === '.git') return;
        const child = joined(path, name);
        if (submodules.has(child)) return;
        if (tracked.has(child)) {
          // A directory where a tracked file was: the file reads as deleted, and what is inside is new.
          if (kind === 'directory') await untracked(child);
          return;
        }
        // statusMatrix asks the ignore rules only about paths no tree knows; so does this.
        if (!trackedDirs.has(child) && (await isIgnored(child))) return;
        if (kind === 'directory') await untracked(child);
        else rows.push([child, 0, 2, 0]);
      }),
    );
  };
  await untracked('');

  if (indexBytes !== undefined && refreshed.size > 0) await refreshIndex(ctx, indexPath, indexBytes, refreshed);
  return rows;
}

/**
 * HEAD's blobs where they may differ from the index: a directory whose tree id equals the one the
 * index would write holds exactly the index's entries, so its tree is never read.
 */
async function headItems(ctx: GitContext, dir: string, entries: readonly IndexEntry[]): Promise<{ items: Map<string, HeadItem>; holdsAsIndexed(path: string): boolean }> {
  const items = new Map<string, HeadItem>();
  const sameAsIndex = new Set<string>();
  const holdsAsIndexed = (path: string): boolean => {
    for (let dirPath = parentOf(path); ; dirPath = parentOf(dirPath)) {
      if (sameAsIndex.has(dirPath)) return true;
      if (dirPath === '') return false;
    }
  };
  const { git, fs } = ctx;
  let commitOid: string;
  try {
    commitOid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
  } catch {
    return { items, holdsAsIndexed }; // no commit yet: nothing is in HEAD
  }
  const objects = objectsOf(ctx);
  const trees = indexTrees(entries);
  const read = async (oid: string, path: string): Promise<void> => {
    if (trees.get(path) === oid) {
      sameAsIndex.add(path);
      return;
    }
    const tree = await objects.tree(oid);
    await Promise.all(
      tree.map(async (item) => {
        const child = joined(path, item.path);
        const mode = parseInt(item.mode, 8);
        if (mode === DIRECTORY) await read(item.oid, child);
        else items.set(child, { oid: item.oid, mode });
      }),
    );
  };
  await read(await objects.commitTree(commitOid), '');
  return { items, holdsAsIndexed };
}

/**
 * Write the stat data of files whose content matched the index, so the next status need not hash
 * them again — unless the index changed meanwhile (another git command wrote it): then it is left.
 */
async function refreshIndex(ctx: GitContext, indexPath: string, read: Uint8Array, refreshed: Map<string, GitStatFields>): Promise<void> {
  const patched = restampIndexBytes(read, (path) => refreshed.get(path));
  if (!patched) return;
  const current = await ctx.sandboxFs.readBytes(indexPath).catch(() => undefined);
  if (!current || current.byteLength !== read.byteLength || !current.subarray(-20).every((byte, at) => byte === read[read.byteLength - 20 + at])) return;
  await ctx.sandboxFs.write(indexPath, patched);
}
