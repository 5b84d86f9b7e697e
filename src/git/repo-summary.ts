import type { SandboxFs } from '../sandbox/port';

/** What the agent and the Source Control panel are told about a repository. */
export interface RepoSummary {
  /** The branch, or undefined on a detached HEAD. */
  branch: string | undefined;
  /** HEAD has a commit. */
  hasCommits: boolean;
  staged: number;
  modified: number;
  deleted: number;
  untracked: number;
}

/** The summary of the repository at `dir`, or undefined when `dir` is not one (isomorphic-git loads only when it is). */
export async function repoSummary(fs: SandboxFs, dir: string): Promise<RepoSummary | undefined> {
  if (!(await fs.exists(`${dir}/.git`))) return undefined;
  const [{ openGitContext }, { statusEntries }, { currentBranch, headOid }] = await Promise.all([import('./cli/run-git'), import('./cli/status'), import('./cli/context')]);
  const ctx = await openGitContext({ fs, cwd: dir });
  const entries = await statusEntries(ctx);
  return {
    branch: await currentBranch(ctx),
    hasCommits: (await headOid(ctx)) !== undefined,
    staged: entries.filter((entry) => entry.index !== ' ' && entry.index !== '?').length,
    modified: entries.filter((entry) => entry.worktree === 'M').length,
    deleted: entries.filter((entry) => entry.worktree === 'D').length,
    untracked: entries.filter((entry) => entry.index === '?').length,
  };
}

/** "2 modified, 1 untracked", or "clean". */
export function describeStatus(summary: RepoSummary): string {
  const parts = [
    summary.staged > 0 ? `${summary.staged} staged` : '',
    summary.modified > 0 ? `${summary.modified} modified` : '',
    summary.deleted > 0 ? `${summary.deleted} deleted` : '',
    summary.untracked > 0 ? `${summary.untracked} untracked` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : 'clean';
}
