import type { ReadCommitResult } from 'isomorphic-git';
import { headOid, requireRepo, type GitContext } from './context';
import { diffStat } from './diff';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');

/** git's default date: `Thu Dec 3 05:08:54 2026 +0000`, in the committer's own zone. */
export function gitDate(seconds: number, timezoneOffset: number): string {
  const local = new Date((seconds - timezoneOffset * 60) * 1000);
  const sign = timezoneOffset <= 0 ? '+' : '-';
  const offset = Math.abs(timezoneOffset);
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return `${DAYS[local.getUTCDay()]} ${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()} ${time} ${local.getUTCFullYear()} ${sign}${two(Math.floor(offset / 60))}${two(offset % 60)}`;
}

function longEntry(entry: ReadCommitResult): string {
  const { author, message } = entry.commit;
  const body = message.replace(/\n+$/, '').split('\n').map((line) => (line === '' ? '' : `    ${line}`));
  return [`commit ${entry.oid}`, `Author: ${author.name} <${author.email}>`, `Date:   ${gitDate(author.timestamp, author.timezoneOffset)}`, '', ...body, ''].join('\n');
}

function countOption(args: string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-n' || arg === '--max-count') return Number(args[i + 1]);
    if (/^-\d+$/.test(arg)) return Number(arg.slice(1));
    if (arg.startsWith('--max-count=')) return Number(arg.slice('--max-count='.length));
    if (/^-n\d+$/.test(arg)) return Number(arg.slice(2));
  }
  return undefined;
}

export async function log(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const head = await headOid(ctx);
  if (!head) {
    const branch = (await ctx.git.currentBranch({ fs: ctx.fs, dir })) ?? 'HEAD';
    ctx.err(`fatal: your current branch '${branch}' does not have any commits yet\n`);
    return 128;
  }
  const depth = countOption(args);
  const entries = await ctx.git.log({ fs: ctx.fs, dir, ref: 'HEAD', ...(depth !== undefined ? { depth } : {}) });
  if (args.includes('--oneline')) {
    for (const entry of entries) ctx.out(`${entry.oid.slice(0, 7)} ${entry.commit.message.split('\n')[0] ?? ''}\n`);
  } else {
    ctx.out(entries.map(longEntry).join('\n'));
  }
  return 0;
}

/** `git show [commit]`: the commit and its patch against its first parent. */
export async function show(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const ref = args.find((arg) => !arg.startsWith('-')) ?? 'HEAD';
  let oid: string;
  try {
    oid = await ctx.git.expandOid({ fs: ctx.fs, dir, oid: ref }).catch(() => ctx.git.resolveRef({ fs: ctx.fs, dir, ref }));
  } catch {
    ctx.err(`fatal: ambiguous argument '${ref}': unknown revision or path not in the working tree.\n`);
    return 128;
  }
  const entry = await ctx.git.readCommit({ fs: ctx.fs, dir, oid });
  ctx.out(longEntry(entry));
  const { commitPatch } = await import('./commit-patch');
  const pairs = await commitPatch(ctx, entry);
  if (args.includes('--stat')) ctx.out(`\n${diffStat(pairs)}`);
  else {
    const { fileDiff } = await import('./diff');
    const patch = pairs.map(([path, before, after]) => fileDiff(path, before, after)).join('');
    if (patch) ctx.out(`\n${patch}`);
  }
  return 0;
}
