import type { Sandbox } from '../sandbox/port';
import { describeStatus, repoSummary } from '../git/repo-summary';
import type { SystemPart } from './system-prompt';

/** The "Git" part of the system prompt when the workspace is a repository: its branch and status. */
export async function gitPromptPart(sandbox: Sandbox): Promise<SystemPart | undefined> {
  const summary = await repoSummary(sandbox.fs, sandbox.root);
  if (!summary) return undefined;
  const branch = summary.branch ? `on branch \`${summary.branch}\`` : 'with a detached HEAD';
  const commits = summary.hasCommits ? '' : ' It has no commits yet.';
  const text =
    `# Git\nThe workspace is a git repository, ${branch}.${commits} Working tree: ${describeStatus(summary)}.\n` +
    'A `git` command runs in Bash (status, diff, log, show, add, rm, commit, branch, switch, checkout, restore, reset, rev-parse, config, remote, push, pull, fetch); other subcommands are not available. Commit only when the user asks.';
  return { label: 'Git', source: `${sandbox.root}/.git`, text };
}
