import { currentBranch, headOid, requireRepo, shownPath, type GitContext } from './context';
import { upstreamParagraph, upstreamState } from './upstream';
import { scanStatus, type StatusRow } from '../status-scan';

/** One changed path, as `git status --short` sees it: X is the index against HEAD, Y the work tree against the index. */
export interface StatusEntry {
  path: string;
  index: ' ' | 'A' | 'M' | 'D' | '?';
  worktree: ' ' | 'M' | 'D' | '?';
}

/** isomorphic-git's status matrix row → git's two status letters. */
function classify([path, head, workdir, stage]: StatusRow): StatusEntry[] {
  const entries: StatusEntry[] = [];
  let index: StatusEntry['index'] = ' ';
  if (head === 0 && stage !== 0) index = 'A';
  else if (head === 1 && stage === 0) index = 'D';
  else if (head === 1 && (stage === 2 || stage === 3)) index = 'M';
  let worktree: StatusEntry['worktree'] = ' ';
  if (stage !== 0 && workdir === 0) worktree = 'D';
  else if (stage === 1 && workdir === 2) worktree = 'M';
  else if (stage === 3 && workdir !== 0) worktree = 'M';
  if (index !== ' ' || worktree !== ' ') entries.push({ path, index, worktree });
  // Deleted from the index but still on disk: also untracked.
  if (stage === 0 && workdir !== 0) entries.push({ path, index: '?', worktree: '?' });
  return entries;
}

/** Every changed path, sorted like git (by path; untracked listed apart by the formats). */
export async function statusEntries(ctx: GitContext): Promise<StatusEntry[]> {
  const dir = requireRepo(ctx);
  const matrix = (await scanStatus(ctx, dir)) ?? ((await ctx.git.statusMatrix({ fs: ctx.fs, dir })) as StatusRow[]);
  return matrix.flatMap(classify).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** git shows an untracked directory as `dir/` when nothing in it is tracked. */
async function collapseUntracked(ctx: GitContext, untracked: string[]): Promise<string[]> {
  if (untracked.length === 0) return []; // the usual case: no need to list the index
  const dir = requireRepo(ctx);
  const tracked = await ctx.git.listFiles({ fs: ctx.fs, dir });
  const trackedDirs = new Set<string>();
  for (const file of tracked) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) trackedDirs.add(parts.slice(0, i).join('/'));
  }
  const shown = new Set<string>();
  for (const path of untracked) {
    const parts = path.split('/');
    let collapsed = path;
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (!trackedDirs.has(prefix)) {
        collapsed = `${prefix}/`;
        break;
      }
    }
    shown.add(collapsed);
  }
  return [...shown].sort();
}

const LABELS: Record<string, string> = { A: 'new file:   ', M: 'modified:   ', D: 'deleted:    ' };

export async function status(ctx: GitContext, args: string[]): Promise<number> {
  const short = args.some((arg) => arg === '-s' || arg === '--short' || arg === '--porcelain' || arg.startsWith('--porcelain='));
  const entries = await statusEntries(ctx);
  const tracked = entries.filter((entry) => entry.index !== '?');
  const untracked = await collapseUntracked(
    ctx,
    entries.filter((entry) => entry.index === '?').map((entry) => entry.path),
  );
  if (short) {
    for (const entry of tracked) ctx.out(`${entry.index}${entry.worktree} ${shownPath(ctx, entry.path)}\n`);
    for (const path of untracked) ctx.out(`?? ${shownPath(ctx, path)}\n`);
    return 0;
  }
  const branch = await currentBranch(ctx);
  const head = await headOid(ctx);
  const lines: string[] = [branch ? `On branch ${branch}` : `HEAD detached at ${head?.slice(0, 7) ?? ''}`];
  const upstream = branch && head ? upstreamParagraph(await upstreamState(ctx)) : '';
  if (upstream) lines.push(upstream.trimEnd(), '');
  if (!head) lines.push('', 'No commits yet', '');
  const staged = tracked.filter((entry) => entry.index !== ' ');
  const unstaged = tracked.filter((entry) => entry.worktree !== ' ');
  if (staged.length > 0) {
    lines.push('Changes to be committed:');
    lines.push(head ? '  (use "git restore --staged <file>..." to unstage)' : '  (use "git rm --cached <file>..." to unstage)');
    for (const entry of staged) lines.push(`\t${LABELS[entry.index]}${shownPath(ctx, entry.path)}`);
    lines.push('');
  }
  if (unstaged.length > 0) {
    const anyDeleted = unstaged.some((entry) => entry.worktree === 'D');
    lines.push('Changes not staged for commit:');
    lines.push(`  (use "git add${anyDeleted ? '/rm' : ''} <file>..." to update what will be committed)`);
    lines.push('  (use "git restore <file>..." to discard changes in working directory)');
    for (const entry of unstaged) lines.push(`\t${LABELS[entry.worktree]}${shownPath(ctx, entry.path)}`);
    lines.push('');
  }
  if (untracked.length > 0) {
    lines.push('Untracked files:', '  (use "git add <file>..." to include in what will be committed)');
    for (const path of untracked) lines.push(`\t${shownPath(ctx, path)}`);
    lines.push('');
  }
  if (staged.length === 0) {
    if (unstaged.length > 0) lines.push('no changes added to commit (use "git add" and/or "git commit -a")');
    else if (untracked.length > 0) lines.push('nothing added to commit but untracked files present (use "git add" to track)');
    else if (!head) lines.push('nothing to commit (create/copy files and use "git add" to track)');
    else lines.push('nothing to commit, working tree clean');
  }
  ctx.out(`${lines.join('\n')}\n`);
  return 0;
}
