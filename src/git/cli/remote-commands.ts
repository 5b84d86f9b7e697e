/**
 * push, fetch and pull over smart HTTP, printing what git prints (the model was trained on git's
 * output; the user reads it in the terminal). The token from Settings → Git answers the server's
 * auth challenge in the form each host expects, and never appears in any output; the CORS proxy
 * carries hosts that send no CORS headers, as for clone.
 */
import { proxyFor, tokenCredentials } from '../clone-route';
import { commitPatch, treePatch } from './commit-patch';
import { currentBranch, GitExit, headOid, requireRepo, type GitContext } from './context';
import { diffStat } from './diff';
import { statusEntries } from './status';

const ZERO_OID = '0000000000000000000000000000000000000000';
const short = (oid: string) => oid.slice(0, 7);
const positional = (args: string[]) => args.filter((arg) => !arg.startsWith('-'));

interface Remote {
  name: string;
  url: string;
}

/** The code and data isomorphic-git's errors carry. */
interface GitErrorShape {
  code?: string;
  data?: { statusCode?: number; reason?: string };
}

function shapeOf(error: unknown): GitErrorShape {
  return typeof error === 'object' && error !== null ? (error as GitErrorShape) : {};
}

async function findRemote(ctx: GitContext, name: string): Promise<Remote> {
  const dir = requireRepo(ctx);
  const found = (await ctx.git.listRemotes({ fs: ctx.fs, dir })).find((entry) => entry.remote === name);
  if (!found) throw new GitExit(`fatal: '${name}' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n`, 128);
  return { name, url: found.url };
}

/** What every network call needs: the http client, the proxy for this host, and the token's credentials. */
function transport(ctx: GitContext, remote: Remote) {
  const { corsProxy, token } = ctx.settings();
  let url: URL | undefined;
  try {
    url = new URL(remote.url);
  } catch {
    url = undefined;
  }
  const proxy = url ? proxyFor(url, corsProxy) : undefined;
  const secret = token.trim();
  return {
    http: ctx.http,
    ...(proxy ? { corsProxy: proxy } : {}),
    // Asked only when the server answers 401; a refused token is not retried.
    ...(secret && url ? { onAuth: () => tokenCredentials(url, secret) } : {}),
  };
}

/** Text with the token taken out: an error from a server or a proxy could echo it. */
function redact(ctx: GitContext, text: string): string {
  const token = ctx.settings().token.trim();
  return token ? text.split(token).join('***') : text;
}

/** A network failure as git words it, with what to do in Glassbox. */
function remoteFailure(ctx: GitContext, remote: Remote, error: unknown): GitExit {
  const status = shapeOf(error).data?.statusCode;
  const hasToken = ctx.settings().token.trim() !== '';
  if (status === 401 && !hasToken) {
    return new GitExit(`fatal: Authentication required for '${remote.url}': add a token that may access this repository in Settings → Git\n`, 128);
  }
  if (status === 401 || status === 403) {
    return new GitExit(`fatal: Authentication failed for '${remote.url}': the server refused the token in Settings → Git (${status}); check that it is valid and may access this repository\n`, 128);
  }
  if (status === 404) return new GitExit(`fatal: repository '${remote.url}' not found\n`, 128);
  if (status !== undefined) return new GitExit(`fatal: unable to access '${remote.url}': The requested URL returned error: ${status}\n`, 128);
  if (error instanceof TypeError) {
    const via = transport(ctx, remote).corsProxy;
    const why = via ? `could not connect through the CORS proxy ${via}` : 'could not connect to the server (is it running, and does it send CORS headers? If not, set a proxy in Settings → Git)';
    return new GitExit(`fatal: unable to access '${remote.url}': ${why}\n`, 128);
  }
  return new GitExit(redact(ctx, `fatal: ${error instanceof Error ? error.message : String(error)}\n`), 128);
}

/** The branch `git pull` / `git push` use when none is named: the upstream's, else the same name. */
async function upstreamOf(ctx: GitContext, branch: string): Promise<string> {
  const merge = (await ctx.git.getConfig({ fs: ctx.fs, dir: requireRepo(ctx), path: `branch.${branch}.merge` })) as string | undefined;
  return merge ? merge.replace(/^refs\/heads\//, '') : branch;
}

async function onCurrentBranch(ctx: GitContext): Promise<string> {
  const branch = await currentBranch(ctx);
  if (!branch) throw new GitExit('fatal: You are not currently on a branch.\n', 128);
  return branch;
}

/** A line of git's ref-update summary: flag, summary padded to 17, then `from -> to`. */
function updateLine(flag: string, summary: string, from: string, to: string): string {
  return ` ${flag} ${summary.padEnd(17)} ${from} -> ${to}\n`;
}

const PUSH_HINTS: Record<'fetch first' | 'non-fast-forward', string> = {
  'fetch first':
    'hint: Updates were rejected because the remote contains work that you do\nhint: not have locally. This is usually caused by another repository pushing\nhint: to the same ref. You may want to first integrate the remote changes\nhint: (e.g., \'git pull ...\') before pushing again.\n',
  'non-fast-forward':
    "hint: Updates were rejected because the tip of your current branch is behind\nhint: its remote counterpart. Integrate the remote changes (e.g.\nhint: 'git pull ...') before pushing again.\n",
};

async function hasObject(ctx: GitContext, oid: string): Promise<boolean> {
  try {
    await ctx.git.readObject({ fs: ctx.fs, dir: requireRepo(ctx), oid, format: 'deflated' });
    return true;
  } catch {
    return false;
  }
}

export async function push(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const force = args.includes('-f') || args.includes('--force');
  const setUpstream = args.includes('-u') || args.includes('--set-upstream');
  const [remoteName = 'origin', refspec] = positional(args);
  const remote = await findRemote(ctx, remoteName);
  const [given, target] = (refspec ?? '').split(':');
  const source = given || (await onCurrentBranch(ctx));
  const destination = target || (refspec ? source : await upstreamOf(ctx, source));
  let before = ZERO_OID;
  let after = ZERO_OID;
  try {
    await ctx.git.push({
      ...transport(ctx, remote),
      fs: ctx.fs,
      dir,
      remote: remote.name,
      ref: source,
      remoteRef: destination,
      force,
      onPrePush: ({ localRef, remoteRef }) => {
        before = remoteRef.oid;
        after = localRef.oid;
        return before !== after;
      },
    });
  } catch (error) {
    const { code, data } = shapeOf(error);
    if (code === 'UserCanceledError' && before === after) {
      ctx.err('Everything up-to-date\n');
      return 0;
    }
    if (code === 'PushRejectedError' && data?.reason === 'not-fast-forward') {
      const why = (await hasObject(ctx, before)) ? 'non-fast-forward' : 'fetch first';
      ctx.err(`To ${remote.url}\n${updateLine('!', '[rejected]', source, `${destination} (${why})`)}error: failed to push some refs to '${remote.url}'\n${PUSH_HINTS[why]}hint: See the 'Note about fast-forwards' in 'git push --help' for details.\n`);
      return 1;
    }
    if (code === 'GitPushError') {
      const reason = Object.values((error as { data?: { result?: { refs?: Record<string, { error?: string }> } } }).data?.result?.refs ?? {}).find((ref) => ref.error)?.error ?? 'rejected';
      ctx.err(`To ${remote.url}\n${updateLine('!', '[remote rejected]', source, `${destination} (${redact(ctx, reason)})`)}error: failed to push some refs to '${remote.url}'\n`);
      return 1;
    }
    throw remoteFailure(ctx, remote, error);
  }
  const summary = before === ZERO_OID ? '[new branch]' : force && !(await ctx.git.isDescendent({ fs: ctx.fs, dir, oid: after, ancestor: before, depth: -1 }).catch(() => false)) ? `${short(before)}...${short(after)}` : `${short(before)}..${short(after)}`;
  ctx.err(`To ${remote.url}\n${updateLine(before === ZERO_OID ? '*' : summary.includes('...') ? '+' : ' ', summary, source, destination)}`);
  if (setUpstream) {
    await ctx.git.setConfig({ fs: ctx.fs, dir, path: `branch.${source}.remote`, value: remote.name });
    await ctx.git.setConfig({ fs: ctx.fs, dir, path: `branch.${source}.merge`, value: `refs/heads/${destination}` });
    ctx.out(`branch '${source}' set up to track '${remote.name}/${destination}'.\n`);
  }
  return 0;
}

/** The remote-tracking branches of `remote` and where they point. */
async function trackingRefs(ctx: GitContext, remote: string): Promise<Map<string, string>> {
  const dir = requireRepo(ctx);
  const refs = new Map<string, string>();
  for (const name of await ctx.git.listBranches({ fs: ctx.fs, dir, remote })) {
    if (name === 'HEAD') continue;
    refs.set(name, await ctx.git.resolveRef({ fs: ctx.fs, dir, ref: `refs/remotes/${remote}/${name}` }));
  }
  return refs;
}

/** Fetches from the remote (one branch, or what the remote's refspec names) and prints git's `From` summary. */
async function fetchAndReport(ctx: GitContext, remote: Remote, branch: string | undefined): Promise<void> {
  const dir = requireRepo(ctx);
  const before = await trackingRefs(ctx, remote.name);
  try {
    await ctx.git.fetch({ ...transport(ctx, remote), fs: ctx.fs, dir, remote: remote.name, tags: false, ...(branch ? { ref: branch, singleBranch: true } : {}) });
  } catch (error) {
    throw remoteFailure(ctx, remote, error);
  }
  const after = await trackingRefs(ctx, remote.name);
  const lines: string[] = [];
  const width = Math.max(10, ...[...after.keys()].map((name) => name.length));
  for (const [name, oid] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
    const old = before.get(name);
    if (old === oid) continue;
    const from = name.padEnd(width);
    if (!old) lines.push(updateLine('*', '[new branch]', from, `${remote.name}/${name}`));
    else if (await ctx.git.isDescendent({ fs: ctx.fs, dir, oid, ancestor: old, depth: -1 }).catch(() => false)) lines.push(updateLine(' ', `${short(old)}..${short(oid)}`, from, `${remote.name}/${name}`));
    else lines.push(`${updateLine('+', `${short(old)}...${short(oid)}`, from, `${remote.name}/${name}`).trimEnd()}  (forced update)\n`);
  }
  // git shows the address without a trailing `.git` here.
  if (lines.length > 0) ctx.err(`From ${remote.url.replace(/\/+$/, '').replace(/\.git$/, '')}\n${lines.join('')}`);
}

export async function fetch(ctx: GitContext, args: string[]): Promise<number> {
  const [remoteName = 'origin', branch] = positional(args);
  await fetchAndReport(ctx, await findRemote(ctx, remoteName), branch);
  return 0;
}

const DIVERGED =
  'hint: You have divergent branches and need to specify how to reconcile them.\nhint: You can do so by running one of the following commands sometime before\nhint: your next pull:\nhint: \nhint:   git config pull.rebase false  # merge\nhint:   git config pull.rebase true   # rebase\nhint:   git config pull.ff only       # fast-forward only\nhint: \nhint: You can replace "git config" with "git config --global" to set a default\nhint: preference for all repositories. You can also pass --rebase, --no-rebase,\nhint: or --ff-only on the command line to override the configured default per\nhint: invocation.\nfatal: Need to specify how to reconcile divergent branches.\n';

/** `git pull`: fetch the upstream branch, then fast-forward to it (a merge or rebase is not done in the page). */
export async function pull(ctx: GitContext, args: string[]): Promise<number> {
  const dir = requireRepo(ctx);
  const branch = await onCurrentBranch(ctx);
  const [remoteName = 'origin', named] = positional(args);
  const remote = await findRemote(ctx, remoteName);
  const upstream = named ?? (await upstreamOf(ctx, branch));
  await fetchAndReport(ctx, remote, upstream);
  const theirs = await ctx.git.resolveRef({ fs: ctx.fs, dir, ref: `refs/remotes/${remote.name}/${upstream}` }).catch(() => undefined);
  if (!theirs) throw new GitExit(`fatal: couldn't find remote ref ${upstream}\n`, 128);
  const ours = await headOid(ctx);
  const descends = (oid: string, ancestor: string) => ctx.git.isDescendent({ fs: ctx.fs, dir, oid, ancestor, depth: -1 }).catch(() => false);
  if (ours === theirs || (ours && (await descends(ours, theirs)))) {
    ctx.out('Already up to date.\n');
    return 0;
  }
  if (ours && !(await descends(theirs, ours))) {
    ctx.err(DIVERGED);
    return 128;
  }
  const pairs = ours ? await treePatch(ctx, ours, theirs) : await commitPatch(ctx, await ctx.git.readCommit({ fs: ctx.fs, dir, oid: theirs }));
  const incoming = new Set(pairs.map(([path]) => path));
  const entries = (await statusEntries(ctx)).filter((entry) => incoming.has(entry.path));
  const changed = entries.filter((entry) => entry.index !== '?').map((entry) => entry.path);
  const untracked = entries.filter((entry) => entry.index === '?').map((entry) => entry.path);
  if (changed.length > 0) {
    ctx.err(`error: Your local changes to the following files would be overwritten by merge:\n${changed.map((path) => `\t${path}\n`).join('')}Please commit your changes or stash them before you merge.\nAborting\n`);
    return 1;
  }
  if (untracked.length > 0) {
    ctx.err(`error: The following untracked working tree files would be overwritten by merge:\n${untracked.map((path) => `\t${path}\n`).join('')}Please move or remove them before you merge.\nAborting\n`);
    return 1;
  }
  ctx.out(`Updating ${ours ? short(ours) : ''}..${short(theirs)}\nFast-forward\n`);
  await ctx.git.writeRef({ fs: ctx.fs, dir, ref: `refs/heads/${branch}`, value: theirs, force: true });
  await ctx.git.checkout({ fs: ctx.fs, dir, ref: branch, filepaths: [...incoming], force: true });
  ctx.out(diffStat(pairs));
  for (const [path, before, after] of pairs) {
    if (!before) ctx.out(` create mode 100644 ${path}\n`);
    else if (!after) ctx.out(` delete mode 100644 ${path}\n`);
  }
  return 0;
}
