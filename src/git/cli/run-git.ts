import type { SandboxFs } from '../../sandbox/port';
import { gitFs } from '../git-fs';
import { loadIsomorphicGit } from '../load-isomorphic-git';
import { GitExit, normalize, type GitCliOptions, type GitCliResult, type GitCliSettings, type GitContext } from './context';
import { diff } from './diff';
import { log, show } from './log';
import { status } from './status';
import * as network from './remote-commands';
import * as write from './write-commands';

type Subcommand = (ctx: GitContext, args: string[]) => Promise<number>;

/** Every subcommand the `git` command knows; the unsupported message lists these names. */
const SUBCOMMANDS: Record<string, Subcommand> = {
  init: write.init,
  status,
  diff,
  log,
  show,
  add: write.add,
  rm: write.rm,
  commit: write.commit,
  branch: write.branch,
  switch: write.switchBranch,
  checkout: write.checkout,
  restore: write.restore,
  reset: write.reset,
  'rev-parse': write.revParse,
  config: write.config,
  remote: write.remote,
  push: network.push,
  pull: network.pull,
  fetch: network.fetch,
};

export const SUPPORTED_SUBCOMMANDS = Object.keys(SUBCOMMANDS);

const NO_SETTINGS: GitCliSettings = { authorName: '', authorEmail: '', corsProxy: '', token: '' };

async function findTopLevel(fs: SandboxFs, cwd: string): Promise<string | undefined> {
  for (let dir = normalize(cwd); ; dir = normalize(`${dir}/..`)) {
    if (await fs.exists(`${dir}/.git`)) return dir;
    if (dir === '/') return undefined;
  }
}

/** The context subcommands run in: the library loaded, the repository found from `cwd`. */
export async function openGitContext(options: GitCliOptions, out: (text: string) => void = () => undefined, err: (text: string) => void = () => undefined): Promise<GitContext> {
  const { git, http } = await loadIsomorphicGit();
  const cwd = normalize(options.cwd);
  return {
    git,
    http,
    fs: gitFs(options.fs),
    sandboxFs: options.fs,
    readObjectFile: options.readObjectFile ?? ((path) => options.fs.readBytes(path)),
    cwd,
    dir: await findTopLevel(options.fs, cwd),
    settings: options.settings ?? (() => NO_SETTINGS),
    out,
    err,
  };
}

/** Runs `git <args>` in the sandbox's fs with isomorphic-git, printing what real git prints. */
export async function runGit(args: string[], options: GitCliOptions): Promise<GitCliResult> {
  let stdout = '';
  let stderr = '';
  const [name, ...rest] = args.filter((arg, i) => !(i === 0 && arg === '--no-pager'));
  if (!name || name === '--help' || name === 'help') {
    return { stdout: `usage: git <command> [<args>]\n\nSupported in Glassbox: ${SUPPORTED_SUBCOMMANDS.join(', ')}\n`, stderr: '', exitCode: name ? 0 : 1 };
  }
  if (name === '--version' || name === 'version') return { stdout: 'git version 2.39.5 (isomorphic-git)\n', stderr: '', exitCode: 0 };
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand) {
    return { stdout: '', stderr: `git: '${name}' is not supported in Glassbox yet; supported: ${SUPPORTED_SUBCOMMANDS.join(', ')}\n`, exitCode: 1 };
  }
  const ctx = await openGitContext(
    options,
    (text) => (stdout += text),
    (text) => (stderr += text),
  );
  try {
    const exitCode = await subcommand(ctx, rest);
    return { stdout, stderr, exitCode };
  } catch (error) {
    if (error instanceof GitExit) return { stdout, stderr: stderr + error.stderrText, exitCode: error.exitCode };
    return { stdout, stderr: `${stderr}fatal: ${error instanceof Error ? error.message : String(error)}\n`, exitCode: 128 };
  }
}
