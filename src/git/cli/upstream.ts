import { currentBranch, requireRepo, type GitContext } from './context';

/** Where the current branch stands against its remote-tracking branch (no network: as of the last fetch, pull or push). */
export interface UpstreamState {
  branch: string;
  remote: string;
  /** The remote branch's short name (`main`), tracked as `<remote>/<name>`. */
  remoteBranch: string;
  /** Whether `branch.<name>.merge` names it (git's status reports only a configured upstream). */
  configured: boolean;
  /** Whether the remote-tracking branch exists yet (not before a first push of a new branch). */
  tracked: boolean;
  ahead: number;
  behind: number;
}

/** How far history is walked to count ahead/behind; a clone is shallow, so this is rarely reached. */
const WALK_LIMIT = 1000;

/**
 * The current branch's upstream: `branch.<name>.remote` / `.merge` when set, else `origin` and the
 * same name when that remote exists. Undefined on a detached HEAD or without a remote.
 */
export async function upstreamState(ctx: GitContext): Promise<UpstreamState | undefined> {
  const dir = requireRepo(ctx);
  const branch = await currentBranch(ctx);
  if (!branch) return undefined;
  const remotes = await ctx.git.listRemotes({ fs: ctx.fs, dir });
  const configured = (await ctx.git.getConfig({ fs: ctx.fs, dir, path: `branch.${branch}.remote` })) as string | undefined;
  const remote = configured ?? (remotes.some((entry) => entry.remote === 'origin') ? 'origin' : undefined);
  if (!remote || !remotes.some((entry) => entry.remote === remote)) return undefined;
  const merge = (await ctx.git.getConfig({ fs: ctx.fs, dir, path: `branch.${branch}.merge` })) as string | undefined;
  const remoteBranch = merge ? merge.replace(/^refs\/heads\//, '') : branch;
  const resolve = (ref: string) => ctx.git.resolveRef({ fs: ctx.fs, dir, ref }).catch(() => undefined);
  const [local, upstream] = await Promise.all([resolve(`refs/heads/${branch}`), resolve(`refs/remotes/${remote}/${remoteBranch}`)]);
  if (!upstream || !local) {
    const ahead = local ? (await ctx.git.log({ fs: ctx.fs, dir, ref: local, depth: WALK_LIMIT })).length : 0;
    return { branch, remote, remoteBranch, configured: merge !== undefined, tracked: false, ahead, behind: 0 };
  }
  if (local === upstream) return { branch, remote, remoteBranch, configured: merge !== undefined, tracked: true, ahead: 0, behind: 0 };
  const [mine, theirs] = await Promise.all([ctx.git.log({ fs: ctx.fs, dir, ref: local, depth: WALK_LIMIT }), ctx.git.log({ fs: ctx.fs, dir, ref: upstream, depth: WALK_LIMIT })]);
  const mineSet = new Set(mine.map((entry) => entry.oid));
  const theirSet = new Set(theirs.map((entry) => entry.oid));
  return {
    branch,
    remote,
    remoteBranch,
    configured: merge !== undefined,
    tracked: true,
    ahead: mine.filter((entry) => !theirSet.has(entry.oid)).length,
    behind: theirs.filter((entry) => !mineSet.has(entry.oid)).length,
  };
}

const commits = (count: number) => `${count} commit${count === 1 ? '' : 's'}`;

/** git status's upstream paragraph ("Your branch is ahead of 'origin/main' by 1 commit." …), or '' without one. */
export function upstreamParagraph(state: UpstreamState | undefined): string {
  if (!state?.configured) return '';
  const name = `'${state.remote}/${state.remoteBranch}'`;
  if (!state.tracked) return `Your branch is based on ${name}, but the upstream is gone.\n  (use "git branch --unset-upstream" to fixup)\n`;
  if (state.ahead === 0 && state.behind === 0) return `Your branch is up to date with ${name}.\n`;
  if (state.behind === 0) return `Your branch is ahead of ${name} by ${commits(state.ahead)}.\n  (use "git push" to publish your local commits)\n`;
  if (state.ahead === 0) return `Your branch is behind ${name} by ${commits(state.behind)}, and can be fast-forwarded.\n  (use "git pull" to update your local branch)\n`;
  return `Your branch and ${name} have diverged,\nand have ${state.ahead} and ${state.behind} different commits each, respectively.\n  (use "git pull" to merge the remote branch into yours)\n`;
}
