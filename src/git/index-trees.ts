/**
 * The tree ids the index would commit, per directory — what `git write-tree` computes, without
 * writing anything. When the root's id equals HEAD's tree, the index holds exactly HEAD and
 * nothing is staged; when it does not, only the directories whose ids differ need HEAD's trees
 * read (status-scan.ts). Hashing ~1,600 small trees costs far less than reading them from a pack.
 * No DOM.
 */
import type { IndexEntry } from './index-file';
import { hexOf, objectId } from './object-id';
import { concatBytes } from './utf8';

/** A directory's path ('' for the top) → the id of the tree the index holds for it. */
export type IndexTrees = Map<string, string>;

interface TreeItem {
  name: string;
  mode: number;
  /** 20 bytes. */
  oid: Uint8Array;
}

interface Dir {
  files: TreeItem[];
  dirs: Map<string, Dir>;
}

/** git orders a tree's entries by name, a directory's name compared as if it ended in '/'. */
function treeOrder(a: TreeItem, b: TreeItem): number {
  const left = a.mode === 0o40000 ? `${a.name}/` : a.name;
  const right = b.mode === 0o40000 ? `${b.name}/` : b.name;
  return left < right ? -1 : left > right ? 1 : 0;
}

function treeBody(items: TreeItem[]): Uint8Array {
  return concatBytes(items.sort(treeOrder).flatMap((item) => [`${item.mode.toString(8)} ${item.name}\0`, item.oid]));
}

/** Every directory's tree id for the index's stage-0 entries. */
export function indexTrees(entries: readonly IndexEntry[]): IndexTrees {
  const top: Dir = { files: [], dirs: new Map() };
  for (const entry of entries) {
    if (entry.stage !== 0) continue;
    const parts = entry.path.split('/');
    const name = parts.pop() ?? '';
    let dir = top;
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (!next) dir.dirs.set(part, (next = { files: [], dirs: new Map() }));
      dir = next;
    }
    dir.files.push({ name, mode: entry.mode, oid: entry.oidBytes });
  }
  const trees: IndexTrees = new Map();
  const hash = (dir: Dir, path: string): Uint8Array => {
    const subdirs = [...dir.dirs].map(([name, child]): TreeItem => ({ name, mode: 0o40000, oid: hash(child, path === '' ? name : `${path}/${name}`) }));
    const oid = objectId('tree', treeBody([...dir.files, ...subdirs]));
    trees.set(path, hexOf(oid));
    return oid;
  };
  hash(top, '');
  return trees;
}
