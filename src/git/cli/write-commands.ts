import { currentBranch, GitExit, headOid, normalize, repoPath, requireRepo, type GitContext } from './context';
import { statusEntries } from './status';
import { commitPatch } from './commit-patch';
import { statSummary } from './diff';

const positional = (args: string[]) => args.filter((arg) => !arg.startsWith('-'));

export async function init(ctx: GitContext, args: string[]): Promise<number> {
  let defaultBranch = 'main';
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-b' || arg === '--initial-branch') defaultBranch = args[++i] ?? defaultBranch;
    else if (arg.startsWith('--initial-branch=')) defaultBranch = arg.slice('--initial-branch='.length);
    else if (!arg.startsWith('-')) target = arg;
  }
  const dir = normalize(target ? (target.startsWith('/') ? target : `${ctx.cwd}/${target}`) : ctx.cwd);
  const existed = await ctx.sandboxFs.exists(`${dir}/.git`);
  await ctx.git.init({ fs: ctx.fs, dir, defaultBranch });
  ctx.out(`${existed ? 'Reinitialized existing' : 'Initialized empty'} Git repository in ${dir}/.git/\n`);
  return 0;
}

export async function add(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const all = args.includes('-A') || args.includes('--all');
  const paths = positional(args).map((path) => repoPath(ctx, path));
  if (paths.length === 0 && !all) {
    ctx.err('Nothing specified, nothing added.\nhint: Maybe you wanted to say \'git add .\'?\n');
    return 0;
  }
  const scope = all && paths.length === 0 ? ['.'] : paths;
  const entries = await statusEntries(ctx);
  for (const path of scope) {
    const matched = entries.filter((entry) => path === '.' || entry.path === path || entry.path.startsWith(`${path}/`));
    if (matched.length === 0 && !(await ctx.sandboxFs.exists(`${dir}/${path}`))) {
      throw new GitExit(`fatal: pathspec '${path}' did not match any files\n`, 128);
    }
    for (const entry of matched) {
      if (entry.worktree === 'D') await ctx.git.remove({ fs: ctx.fs, dir, filepath: entry.path });
      else await ctx.git.add({ fs: ctx.fs, dir, filepath: entry.path });
    }
  }
  return 0;
}

export async function rm(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const cached = args.includes('--cached');
  for (const path of positional(args).map((typed) => repoPath(ctx, typed))) {
    await ctx.git.remove({ fs: ctx.fs, dir, filepath: path });
    if (!cached) await ctx.sandboxFs.rm(`${dir}/${path}`).catch(() => undefined);
    ctx.out(`rm '${path}'\n`);
  }
  return 0;
}

async function author(ctx: GitContext): Promise<{ name: string; email: string }> {
  const dir = requireRepo(ctx);
  const name = ((await ctx.git.getConfig({ fs: ctx.fs, dir, path: 'user.name' })) as string | undefined) ?? ctx.settings().authorName;
  const email = ((await ctx.git.getConfig({ fs: ctx.fs, dir, path: 'user.email' })) as string | undefined) ?? ctx.settings().authorEmail;
  if (!name || !email) {
    throw new GitExit(
      'Author identity unknown\n\n*** Please tell me who you are.\n\nRun\n\n  git config user.email "you@example.com"\n  git config user.name "Your Name"\n\nor set Author name and email in Settings → Git.\n',
      128,
    );
  }
  return { name, email };
}

export async function commit(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const messages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-m' || arg === '--message') messages.push(args[++i] ?? '');
    else if (arg.startsWith('--message=')) messages.push(arg.slice('--message='.length));
    else if (/^-[a-z]*m$/.test(arg) && arg.includes('a')) messages.push(args[++i] ?? '');
  }
  if (args.some((arg) => arg === '-a' || arg === '--all' || /^-[a-z]*a[a-z]*$/.test(arg))) {
    for (const entry of await statusEntries(ctx)) {
      if (entry.index === '?') continue;
      if (entry.worktree === 'D') await ctx.git.remove({ fs: ctx.fs, dir, filepath: entry.path });
      else if (entry.worktree === 'M') await ctx.git.add({ fs: ctx.fs, dir, filepath: entry.path });
    }
  }
  if (messages.length === 0) {
    ctx.err('error: Glassbox has no editor for commit messages: use git commit -m "message"\n');
    return 1;
  }
  const entries = await statusEntries(ctx);
  const head = await headOid(ctx);
  if (!entries.some((entry) => entry.index !== ' ' && entry.index !== '?')) {
    const { status } = await import('./status');
    await status(ctx, []);
    return 1;
  }
  const who = await author(ctx);
  const oid = await ctx.git.commit({ fs: ctx.fs, dir, message: messages.join('\n\n'), author: who });
  const branch = (await currentBranch(ctx)) ?? 'detached HEAD';
  const subject = messages[0]?.split('\n')[0] ?? '';
  ctx.out(`[${branch}${head ? '' : ' (root-commit)'} ${oid.slice(0, 7)}] ${subject}\n`);
  const entry = await ctx.git.readCommit({ fs: ctx.fs, dir, oid });
  const pairs = await commitPatch(ctx, entry);
  let added = 0;
  let removed = 0;
  const { structuredPatch } = await import('diff');
  for (const [, before, after] of pairs) {
    for (const line of structuredPatch('a', 'b', before?.text ?? '', after?.text ?? '').hunks.flatMap((hunk) => hunk.lines)) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  ctx.out(`${statSummary(pairs.length, added, removed)}\n`);
  for (const [path, before, after] of pairs) {
    if (!before) ctx.out(` create mode 100644 ${path}\n`);
    else if (!after) ctx.out(` delete mode 100644 ${path}\n`);
  }
  return 0;
}

export async function branch(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const names = positional(args);
  if (args.includes('-d') || args.includes('-D') || args.includes('--delete')) {
    for (const name of names) {
      const oid = await ctx.git.resolveRef({ fs: ctx.fs, dir, ref: name }).catch(() => undefined);
      if (!oid) throw new GitExit(`error: branch '${name}' not found.\n`, 1);
      if (name === (await currentBranch(ctx))) throw new GitExit(`error: Cannot delete branch '${name}' checked out at '${dir}'\n`, 1);
      await ctx.git.deleteBranch({ fs: ctx.fs, dir, ref: name });
      ctx.out(`Deleted branch ${name} (was ${oid.slice(0, 7)}).\n`);
    }
    return 0;
  }
  if (names[0]) {
    if (!(await headOid(ctx))) throw new GitExit(`fatal: not a valid object name: '${(await currentBranch(ctx)) ?? 'HEAD'}'\n`, 128);
    try {
      await ctx.git.branch({ fs: ctx.fs, dir, ref: names[0], ...(names[1] ? { object: names[1] } : {}) });
    } catch {
      throw new GitExit(`fatal: a branch named '${names[0]}' already exists\n`, 128);
    }
    return 0;
  }
  const current = await currentBranch(ctx);
  for (const name of (await ctx.git.listBranches({ fs: ctx.fs, dir })).sort()) ctx.out(`${name === current ? '* ' : '  '}${name}\n`);
  return 0;
}

async function switchTo(ctx: GitContext, name: string, create: boolean): Promise<number> {
  const dir = requireRepo(ctx);
  const exists = (await ctx.git.listBranches({ fs: ctx.fs, dir })).includes(name);
  if (create) {
    if (exists) throw new GitExit(`fatal: a branch named '${name}' already exists\n`, 128);
    await ctx.git.branch({ fs: ctx.fs, dir, ref: name, checkout: true });
    ctx.err(`Switched to a new branch '${name}'\n`);
    return 0;
  }
  if (!exists) throw new GitExit(`fatal: invalid reference: ${name}\n`, 128);
  if (name === (await currentBranch(ctx))) {
    ctx.err(`Already on '${name}'\n`);
    return 0;
  }
  await ctx.git.checkout({ fs: ctx.fs, dir, ref: name });
  ctx.err(`Switched to branch '${name}'\n`);
  return 0;
}

export async function switchBranch(ctx: GitContext, args: string[]): Promise<number> {
  const create = args.includes('-c') || args.includes('--create');
  const name = positional(args)[0];
  if (!name) throw new GitExit('fatal: missing branch or commit argument\n', 128);
  return switchTo(ctx, name, create);
}

/** Put paths back to their index (or, with --staged / a source, their HEAD) version. */
async function restorePaths(ctx: GitContext, paths: string[], staged: boolean): Promise<void> {
  const dir = requireRepo(ctx);
  for (const path of paths.map((typed) => repoPath(ctx, typed))) {
    const matched = (await statusEntries(ctx)).filter((entry) => path === '.' || entry.path === path || entry.path.startsWith(`${path}/`));
    for (const entry of matched) {
      if (staged) {
        if (await headOid(ctx)) await ctx.git.resetIndex({ fs: ctx.fs, dir, filepath: entry.path });
        else await ctx.git.remove({ fs: ctx.fs, dir, filepath: entry.path });
      } else if (entry.index !== '?') {
        await ctx.git.checkout({ fs: ctx.fs, dir, filepaths: [entry.path], force: true, noUpdateHead: true, ref: (await currentBranch(ctx)) ?? 'HEAD' });
      }
    }
  }
}

export async function checkout(ctx: GitContext, args: string[]): Promise<number> {
  const dashDash = args.indexOf('--');
  if (dashDash >= 0) {
    await restorePaths(ctx, args.slice(dashDash + 1), false);
    return 0;
  }
  const create = args.includes('-b');
  const name = positional(args)[0];
  if (!name) throw new GitExit('fatal: you must specify path(s) to restore\n', 128);
  return switchTo(ctx, name, create);
}

export async function restore(ctx: GitContext, args: string[]): Promise<number> {
  const paths = positional(args);
  if (paths.length === 0) throw new GitExit('fatal: you must specify path(s) to restore\n', 128);
  await restorePaths(ctx, paths, args.includes('--staged') || args.includes('-S'));
  return 0;
}

export async function reset(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  if (args.includes('--hard')) {
    const head = await headOid(ctx);
    if (!head) throw new GitExit("fatal: ambiguous argument 'HEAD': unknown revision or path not in the working tree.\n", 128);
    const tracked = (await statusEntries(ctx)).filter((entry) => entry.index !== '?');
    for (const entry of tracked.filter((item) => item.index === 'A')) {
      await ctx.git.remove({ fs: ctx.fs, dir, filepath: entry.path });
      await ctx.sandboxFs.rm(`${dir}/${entry.path}`).catch(() => undefined);
    }
    await ctx.git.checkout({ fs: ctx.fs, dir, ref: (await currentBranch(ctx)) ?? head, force: true });
    const { commit: headCommit } = await ctx.git.readCommit({ fs: ctx.fs, dir, oid: head });
    ctx.out(`HEAD is now at ${head.slice(0, 7)} ${headCommit.message.split('\n')[0] ?? ''}\n`);
    return 0;
  }
  const dashDash = args.indexOf('--');
  const rest = dashDash >= 0 ? args.slice(dashDash + 1) : positional(args).filter((arg) => arg !== 'HEAD');
  const paths = rest.length > 0 ? rest : ['.'];
  await restorePaths(ctx, paths, true);
  const unstaged = (await statusEntries(ctx)).filter((entry) => entry.worktree === 'M' || entry.worktree === 'D');
  if (unstaged.length > 0) ctx.out(`Unstaged changes after reset:\n${unstaged.map((entry) => `${entry.worktree}\t${entry.path}\n`).join('')}`);
  return 0;
}

export async function revParse(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  for (const arg of args) {
    if (arg === '--show-toplevel') ctx.out(`${dir}\n`);
    else if (arg === '--is-inside-work-tree') ctx.out('true\n');
    else if (arg === '--git-dir') ctx.out(ctx.cwd === dir ? '.git\n' : `${dir}/.git\n`);
    else if (arg === '--abbrev-ref') continue;
    else if (!arg.startsWith('-')) {
      if (args.includes('--abbrev-ref') && arg === 'HEAD') {
        ctx.out(`${(await currentBranch(ctx)) ?? 'HEAD'}\n`);
        continue;
      }
      const oid = await ctx.git.resolveRef({ fs: ctx.fs, dir, ref: arg }).catch(() => undefined);
      if (!oid) throw new GitExit(`${arg}\nfatal: ambiguous argument '${arg}': unknown revision or path not in the working tree.\n`, 128);
      ctx.out(`${args.includes('--short') ? oid.slice(0, 7) : oid}\n`);
    }
  }
  return 0;
}

export async function config(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const [key, value] = positional(args);
  if (!key) throw new GitExit('usage: git config <name> [<value>]\n', 129);
  if (value === undefined) {
    const current = (await ctx.git.getConfig({ fs: ctx.fs, dir, path: key })) as unknown;
    if (current === undefined) return 1;
    ctx.out(`${String(current)}\n`);
    return 0;
  }
  await ctx.git.setConfig({ fs: ctx.fs, dir, path: key, value });
  return 0;
}

export async function remote(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const [action, name, url] = positional(args);
  if (action === 'add' && name && url) {
    await ctx.git.addRemote({ fs: ctx.fs, dir, remote: name, url });
    return 0;
  }
  for (const entry of await ctx.git.listRemotes({ fs: ctx.fs, dir })) {
    if (args.includes('-v')) ctx.out(`${entry.remote}\t${entry.url} (fetch)\n${entry.remote}\t${entry.url} (push)\n`);
    else ctx.out(`${entry.remote}\n`);
  }
  return 0;
}
