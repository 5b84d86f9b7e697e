import { storedObjects, treeEntries, treeOfCommit, type ObjectReader, type TreeEntry } from '../stored-objects';
import { requireRepo, type GitContext } from './context';

/**
 * A command's reads of commits, trees and blobs: straight from `.git/objects` where
 * stored-objects.ts can (no whole-pack copy and hash per command), else through isomorphic-git,
 * which also gives the error for an object that is missing or broken.
 */
export interface GitObjects {
  /** A commit's tree id. */
  commitTree(oid: string): Promise<string>;
  tree(oid: string): Promise<TreeEntry[]>;
  blob(oid: string): Promise<Uint8Array>;
  /** The blob at `path` in a commit, or undefined when the commit has no file there. */
  blobAt(commit: string, path: string): Promise<{ oid: string; blob: Uint8Array } | undefined>;
}

const TREE = 0o40000;
const SUBMODULE = 0o160000;

const made = new WeakMap<GitContext, GitObjects>();

/** The objects of the context's repository; one reader per command (it keeps the packs it read). */
export function objectsOf(ctx: GitContext): GitObjects {
  const known = made.get(ctx);
  if (known) return known;
  const dir = requireRepo(ctx);
  const stored: ObjectReader = storedObjects(ctx.sandboxFs, `${dir}/.git`, ctx.readObjectFile);
  const { git, fs } = ctx;
  const cache = {};
  const objects: GitObjects = {
    async commitTree(oid) {
      const found = await stored(oid);
      return (found?.type === 'commit' && treeOfCommit(found.body)) || (await git.readCommit({ fs, dir, oid, cache })).commit.tree;
    },
    async tree(oid) {
      const found = await stored(oid);
      return (found?.type === 'tree' && treeEntries(found.body)) || (await git.readTree({ fs, dir, oid, cache })).tree;
    },
    async blob(oid) {
      const found = await stored(oid);
      return found?.type === 'blob' ? found.body : (await git.readBlob({ fs, dir, oid, cache })).blob;
    },
    async blobAt(commit, path) {
      const names = path.split('/');
      let oid = await objects.commitTree(commit);
      for (const [at, name] of names.entries()) {
        const entry = (await objects.tree(oid)).find((item) => item.path === name);
        const mode = entry ? parseInt(entry.mode, 8) : undefined;
        const last = at === names.length - 1;
        if (!entry || (last ? mode === TREE || mode === SUBMODULE : mode !== TREE)) return undefined;
        oid = entry.oid;
      }
      return { oid, blob: await objects.blob(oid) };
    },
  };
  made.set(ctx, objects);
  return objects;
}
