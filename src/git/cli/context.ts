import type { SandboxFs } from '../../sandbox/port';
import type { Git, LoadedGit } from '../load-isomorphic-git';
import type { GitFs } from '../git-fs';

/** Who commits and how the remote is reached, read when a command needs them (settings live in the app). */
export interface GitCliSettings {
  authorName: string;
  authorEmail: string;
  corsProxy: string;
  token: string;
}

export interface GitCliOptions {
  fs: SandboxFs;
  cwd: string;
  settings?: () => GitCliSettings;
  /**
   * Reads a file under `.git/objects` without the copy `fs.readBytes` makes (a 15 MB pack costs
   * ~40 ms to copy). Safe because object files are never changed in place, only written whole,
   * and nothing here writes into what it read. Defaults to `fs.readBytes`.
   */
  readObjectFile?: (path: string) => Promise<Uint8Array>;
}

export interface GitCliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What every subcommand gets: the library, the fs, where it runs and the repository's top level. */
export interface GitContext {
  readonly git: Git;
  readonly http: LoadedGit['http'];
  readonly fs: GitFs;
  readonly sandboxFs: SandboxFs;
  /** See GitCliOptions.readObjectFile; never written into. */
  readonly readObjectFile: (path: string) => Promise<Uint8Array>;
  readonly cwd: string;
  /** The work tree's top level, or undefined outside a repository. */
  readonly dir: string | undefined;
  readonly settings: () => GitCliSettings;
  out(text: string): void;
  err(text: string): void;
}

/** A failure that ends the command with git's message and exit code. */
export class GitExit extends Error {
  constructor(
    readonly stderrText: string,
    readonly exitCode: number,
  ) {
    super(stderrText);
  }
}

export const NOT_A_REPOSITORY = 'fatal: not a git repository (or any of the parent directories): .git\n';

/** The repository's top level, or git's exit 128. */
export function requireRepo(ctx: GitContext): string {
  if (ctx.dir === undefined) throw new GitExit(NOT_A_REPOSITORY, 128);
  return ctx.dir;
}

/** A path as the user typed it (relative to cwd) → the repository-relative path git uses. */
export function repoPath(ctx: GitContext, typed: string): string {
  const dir = requireRepo(ctx);
  const absolute = normalize(typed.startsWith('/') ? typed : `${ctx.cwd}/${typed}`);
  if (absolute === dir) return '.';
  if (!absolute.startsWith(`${dir}/`)) throw new GitExit(`fatal: ${typed}: '${typed}' is outside repository at '${dir}'\n`, 128);
  return absolute.slice(dir.length + 1);
}

/** A repository-relative path as git shows it from cwd (`../a.txt` from a subdirectory). */
export function shownPath(ctx: GitContext, path: string): string {
  const dir = requireRepo(ctx);
  const from = ctx.cwd === dir ? [] : ctx.cwd.slice(dir.length + 1).split('/');
  const to = path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export async function currentBranch(ctx: GitContext): Promise<string | undefined> {
  const dir = requireRepo(ctx);
  return (await ctx.git.currentBranch({ fs: ctx.fs, dir, fullname: false })) ?? undefined;
}

/** HEAD's commit, or undefined before the first commit. */
export async function headOid(ctx: GitContext): Promise<string | undefined> {
  const dir = requireRepo(ctx);
  try {
    return await ctx.git.resolveRef({ fs: ctx.fs, dir, ref: 'HEAD' });
  } catch {
    return undefined;
  }
}
