import type { ReadCommitResult } from 'isomorphic-git';
import { requireRepo, type GitContext } from './context';

const decoder = new TextDecoder();
type Side = { text: string; oid: string } | undefined;
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The files that differ between two commits (or trees), as (path, before, after). */
export async function treePatch(ctx: GitContext, from: string | undefined, to: string): Promise<Array<[string, Side, Side]>> {
  const dir = requireRepo(ctx);
  const trees = [ctx.git.TREE({ ref: from ?? EMPTY_TREE }), ctx.git.TREE({ ref: to })];
  const pairs = (await ctx.git.walk({
    fs: ctx.fs,
    dir,
    trees: from ? trees : [trees[1]!],
    map: async (path, entries) => {
      const [a = null, b = null] = from ? entries : [null, entries[0]];
      if (path === '.') return undefined;
      const typeA = a ? await a.type() : undefined;
      const typeB = b ? await b.type() : undefined;
      if (typeA === 'tree' || typeB === 'tree') return undefined;
      const oidA = a ? await a.oid() : undefined;
      const oidB = b ? await b.oid() : undefined;
      if (oidA === oidB) return undefined;
      const side = async (e: typeof a, oid: string | undefined): Promise<Side> =>
        e && oid ? { oid, text: decoder.decode((await e.content()) ?? new Uint8Array()) } : undefined;
      return [path, await side(a, oidA), await side(b, oidB)];
    },
  })) as Array<[string, Side, Side] | undefined>;
  return pairs.filter((pair): pair is [string, Side, Side] => pair !== undefined);
}

/** The files a commit changed against its first parent, as (path, before, after). */
export function commitPatch(ctx: GitContext, entry: ReadCommitResult): Promise<Array<[string, Side, Side]>> {
  return treePatch(ctx, entry.commit.parent[0], entry.oid);
}
