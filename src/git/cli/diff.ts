import { structuredPatch } from 'diff';
import { headOid, repoPath, requireRepo, type GitContext } from './context';
import { readIndexFile } from '../index-file';
import { objectsOf } from './objects';
import { statusEntries } from './status';

const ZERO = '0000000';
const decoder = new TextDecoder();

/** A side of a diff: the blob's text and its abbreviated id, or absent. */
interface Side {
  text: string;
  oid: string;
}

async function headSide(ctx: GitContext, head: string | undefined, path: string): Promise<Side | undefined> {
  if (!head) return undefined;
  try {
    const found = await objectsOf(ctx).blobAt(head, path);
    return found && { text: decoder.decode(found.blob), oid: found.oid };
  } catch {
    return undefined;
  }
}

/** Each path's blob id in the index, or undefined when the index is not one readIndexFile reads. */
async function indexedOids(ctx: GitContext, dir: string): Promise<Map<string, string> | undefined> {
  const index = await ctx.sandboxFs.readBytes(`${dir}/.git/index`).catch(() => undefined);
  if (!index) return new Map(); // no index yet: nothing is staged
  const entries = readIndexFile(index)?.entries;
  return entries && new Map(entries.filter((entry) => entry.stage === 0).map((entry) => [entry.path, entry.oid]));
}

/** The blob id the index holds for `path`, by isomorphic-git's walk (for an index readIndexFile does not read). */
async function walkedIndexOid(ctx: GitContext, dir: string, path: string): Promise<string | undefined> {
  const found = await ctx.git.walk({
    fs: ctx.fs,
    dir,
    trees: [ctx.git.STAGE()],
    map: async (filepath, [entry]) => {
      if (filepath === '.') return undefined;
      if (filepath !== path && !path.startsWith(`${filepath}/`)) return null;
      if (filepath !== path || !entry) return undefined;
      return entry.oid();
    },
  });
  return (found as string[]).find((value) => typeof value === 'string');
}

async function indexSide(ctx: GitContext, path: string, indexed: Map<string, string> | undefined): Promise<Side | undefined> {
  const dir = requireRepo(ctx);
  const oid = indexed ? indexed.get(path) : await walkedIndexOid(ctx, dir, path);
  if (!oid) return undefined;
  return { text: decoder.decode(await objectsOf(ctx).blob(oid)), oid };
}

async function workSide(ctx: GitContext, path: string): Promise<Side | undefined> {
  const dir = requireRepo(ctx);
  try {
    const bytes = await ctx.sandboxFs.readBytes(`${dir}/${path}`);
    const { oid } = await ctx.git.hashBlob({ object: bytes });
    return { text: decoder.decode(bytes), oid };
  } catch {
    return undefined;
  }
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start : start},${count}`);

/** One file's diff in git's format, or '' when both sides are the same. */
export function fileDiff(path: string, before: Side | undefined, after: Side | undefined): string {
  if (before?.oid === after?.oid) return '';
  const lines = [`diff --git a/${path} b/${path}`];
  if (!before) lines.push('new file mode 100644', `index ${ZERO}..${after?.oid.slice(0, 7) ?? ZERO}`);
  else if (!after) lines.push('deleted file mode 100644', `index ${before.oid.slice(0, 7)}..${ZERO}`);
  else lines.push(`index ${before.oid.slice(0, 7)}..${after.oid.slice(0, 7)} 100644`);
  lines.push(before ? `--- a/${path}` : '--- /dev/null', after ? `+++ b/${path}` : '+++ /dev/null');
  const patch = structuredPatch(path, path, before?.text ?? '', after?.text ?? '', undefined, undefined, { context: 3 });
  for (const hunk of patch.hunks) {
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(`@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}

/** The (before, after) pairs `git diff [--cached] [paths]` compares. */
export async function diffPairs(ctx: GitContext, cached: boolean, paths: string[]): Promise<Array<[string, Side | undefined, Side | undefined]>> {
  const entries = (await statusEntries(ctx)).filter((entry) => entry.index !== '?' && (cached ? entry.index !== ' ' : entry.worktree !== ' '));
  const wanted = paths.map((path) => repoPath(ctx, path));
  const selected = entries.filter((entry) => wanted.length === 0 || wanted.some((path) => path === '.' || entry.path === path || entry.path.startsWith(`${path}/`)));
  const indexed = selected.length > 0 ? await indexedOids(ctx, requireRepo(ctx)) : undefined;
  // HEAD is resolved once for all the files, not once per file.
  const head = cached && selected.length > 0 ? await headOid(ctx) : undefined;
  return Promise.all(
    selected.map(async (entry): Promise<[string, Side | undefined, Side | undefined]> =>
      cached
        ? [entry.path, await headSide(ctx, head, entry.path), await indexSide(ctx, entry.path, indexed)]
        : [entry.path, await indexSide(ctx, entry.path, indexed), await workSide(ctx, entry.path)],
    ),
  );
}

function countChanges(before: Side | undefined, after: Side | undefined): { added: number; removed: number } {
  const patch = structuredPatch('a', 'b', before?.text ?? '', after?.text ?? '');
  let added = 0;
  let removed = 0;
  for (const line of patch.hunks.flatMap((hunk) => hunk.lines)) {
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** git's closing `--stat` line: ` 2 files changed, 3 insertions(+), 1 deletion(-)`. */
export function statSummary(files: number, added: number, removed: number): string {
  let line = ` ${files} file${files === 1 ? '' : 's'} changed`;
  if (added > 0 || removed === 0) line += `, ${added} insertion${added === 1 ? '' : 's'}(+)`;
  if (removed > 0) line += `, ${removed} deletion${removed === 1 ? '' : 's'}(-)`;
  return line;
}

export function diffStat(pairs: Array<[string, Side | undefined, Side | undefined]>): string {
  const counts = pairs.map(([path, before, after]) => ({ path, ...countChanges(before, after) }));
  if (counts.length === 0) return '';
  const width = Math.max(...counts.map((count) => count.path.length));
  const total = Math.max(...counts.map((count) => count.added + count.removed));
  const numberWidth = String(total).length;
  const lines = counts.map(
    (count) => ` ${count.path.padEnd(width)} | ${String(count.added + count.removed).padStart(numberWidth)} ${'+'.repeat(count.added)}${'-'.repeat(count.removed)}`,
  );
  const added = counts.reduce((sum, count) => sum + count.added, 0);
  const removed = counts.reduce((sum, count) => sum + count.removed, 0);
  return `${lines.join('\n')}\n${statSummary(counts.length, added, removed)}\n`;
}

export async function diff(ctx: GitContext, args: string[]): Promise<number> {
  requireRepo(ctx);
  const cached = args.includes('--cached') || args.includes('--staged');
  const stat = args.includes('--stat');
  const dashDash = args.indexOf('--');
  const paths = (dashDash >= 0 ? args.slice(dashDash + 1) : args).filter((arg) => !arg.startsWith('-'));
  const pairs = await diffPairs(ctx, cached, paths);
  if (stat) ctx.out(diffStat(pairs));
  else for (const [path, before, after] of pairs) ctx.out(fileDiff(path, before, after));
  return 0;
}
