/**
 * The Source Control panel's state: the repository's changed files (from the same status the
 * `git` command prints), the diff of the selected one, and stage / unstage / commit / init, all
 * run through the git CLI on the app's sandbox, and push / pull / fetch with where the branch stands
 * against its upstream (commits to push and to pull). It follows the sandbox's fs (the agent's edits,
 * terminal commands) and the end of each agent run. isomorphic-git loads when the panel opens.
 */
import type { StatusEntry } from '../../git/cli/status';
import type { GitCliResult } from '../../git/cli/context';
import type { UpstreamState } from '../../git/cli/upstream';
import type { Sandbox } from '../../sandbox/port';
import { app } from '../state/app-store.svelte';
import { coalesced } from '../state/coalesced';
import { gitCliSettings, prepareGitSettings } from './git-cli-settings';

export interface ChangedFile {
  path: string;
  /** M, A, D, or U (untracked). */
  letter: 'M' | 'A' | 'D' | 'U';
}

export interface SelectedDiff {
  path: string;
  staged: boolean;
  text: string;
}

const REFRESH_DELAY_MS = 150;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class SourceControlState {
  /** 'loading' until first read; 'none' outside a repository. */
  phase: 'loading' | 'none' | 'repo' = $state('loading');
  branch: string | undefined = $state();
  staged: readonly ChangedFile[] = $state.raw([]);
  changes: readonly ChangedFile[] = $state.raw([]);
  diff: SelectedDiff | undefined = $state.raw();
  /** The branch's upstream and how far ahead/behind it is; undefined without a remote. */
  upstream: UpstreamState | undefined = $state.raw();
  /** What a push, pull or fetch is doing while it runs ("Pushing to origin…"). */
  activity: string | undefined = $state();
  problem: string | undefined = $state();
  announcement = $state('');
  busy = $state(false);
  #sandbox: Sandbox | null = null;
  #unwatch: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #followingRuns = false;

  /** Follow the app's sandbox (idempotent); the panel calls it when it mounts. */
  attach(): void {
    if (!this.#followingRuns) {
      this.#followingRuns = true;
      $effect.root(() => {
        $effect(() => {
          const sandbox = app.sandbox;
          const running = app.running;
          if (sandbox !== this.#sandbox) this.#follow(sandbox);
          else if (!running) this.schedule();
        });
      });
    }
  }

  #follow(sandbox: Sandbox | null): void {
    this.#unwatch?.();
    this.#sandbox = sandbox;
    this.#unwatch = sandbox?.fs.watch?.(() => this.schedule());
    void this.refresh();
  }

  /** Refresh soon: a burst of fs changes (a checkout, a commit) reads the status once. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  async #git(args: string[]): Promise<GitCliResult> {
    const sandbox = this.#sandbox;
    if (!sandbox) throw new Error('The sandbox is not running yet.');
    await prepareGitSettings();
    const { runGit } = await import('../../git/cli/run-git');
    return runGit(args, { fs: sandbox.fs, cwd: sandbox.root, settings: gitCliSettings });
  }

  /**
   * Read the repository again. On a large repository a status takes longer than the pause
   * between an agent's writes: reads are coalesced so they never overlap or land out of order.
   */
  readonly refresh = coalesced(() => this.#read());

  async #read(): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    try {
      if (!(await sandbox.fs.exists(`${sandbox.root}/.git`))) {
        this.phase = 'none';
        this.staged = [];
        this.changes = [];
        this.diff = undefined;
        return;
      }
      const [{ openGitContext }, { statusEntries }, { currentBranch }, { upstreamState }] = await Promise.all([
        import('../../git/cli/run-git'),
        import('../../git/cli/status'),
        import('../../git/cli/context'),
        import('../../git/cli/upstream'),
      ]);
      const ctx = await openGitContext({ fs: sandbox.fs, cwd: sandbox.root });
      const entries: StatusEntry[] = await statusEntries(ctx);
      this.branch = await currentBranch(ctx);
      this.upstream = await upstreamState(ctx);
      this.staged = entries.flatMap((entry) => (entry.index === 'A' || entry.index === 'M' || entry.index === 'D' ? [{ path: entry.path, letter: entry.index }] : []));
      this.changes = entries.flatMap((entry): ChangedFile[] => {
        if (entry.index === '?') return [{ path: entry.path, letter: 'U' }];
        return entry.worktree === 'M' || entry.worktree === 'D' ? [{ path: entry.path, letter: entry.worktree }] : [];
      });
      this.phase = 'repo';
      this.problem = undefined;
      const shown = this.diff;
      if (shown) await this.showDiff(shown.path, shown.staged);
    } catch (error) {
      this.problem = `The repository could not be read: ${messageOf(error)}`;
    }
  }

  /** The diff of one file: staged (HEAD → index) or not (index → work tree; a new file in full). */
  async showDiff(path: string, staged: boolean): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    const untracked = !staged && this.changes.some((file) => file.path === path && file.letter === 'U');
    let text: string;
    if (untracked) {
      const { fileDiff } = await import('../../git/cli/diff');
      const content = await sandbox.fs.readText(`${sandbox.root}/${path}`).catch(() => '');
      text = fileDiff(path, undefined, { text: content, oid: 'untracked' });
    } else {
      const result = await this.#git(staged ? ['diff', '--cached', '--', path] : ['diff', '--', path]);
      text = result.stdout;
    }
    this.diff = { path, staged, text: text || '(no textual changes)' };
  }

  async #act(args: string[], done: string): Promise<boolean> {
    this.busy = true;
    try {
      const result = await this.#git(args);
      if (result.exitCode !== 0) {
        this.problem = (result.stderr || result.stdout).trim();
        return false;
      }
      this.problem = undefined;
      this.announcement = done;
      return true;
    } catch (error) {
      this.problem = messageOf(error);
      return false;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  stage(path: string): Promise<boolean> {
    return this.#act(['add', '--', path], `Staged ${path}.`);
  }

  unstage(path: string): Promise<boolean> {
    return this.#act(['restore', '--staged', '--', path], `Unstaged ${path}.`);
  }

  commit(message: string): Promise<boolean> {
    return this.#act(['commit', '-m', message], `Committed: ${message.split('\n')[0] ?? ''}`);
  }

  /** A network command: says what it is doing while it runs; git's own message when it fails. */
  async #sync(args: string[], doing: string, done: string): Promise<boolean> {
    this.activity = doing;
    try {
      return await this.#act(args, done);
    } finally {
      this.activity = undefined;
    }
  }

  push(): Promise<boolean> {
    const upstream = this.upstream;
    if (!upstream) return Promise.resolve(false);
    const args = upstream.tracked ? ['push', upstream.remote, `${upstream.branch}:${upstream.remoteBranch}`] : ['push', '-u', upstream.remote, upstream.branch];
    return this.#sync(args, `Pushing to ${upstream.remote}…`, `Pushed ${upstream.branch} to ${upstream.remote}/${upstream.remoteBranch}.`);
  }

  pull(): Promise<boolean> {
    const upstream = this.upstream;
    if (!upstream) return Promise.resolve(false);
    return this.#sync(['pull', upstream.remote, upstream.remoteBranch], `Pulling from ${upstream.remote}…`, `Pulled ${upstream.remote}/${upstream.remoteBranch} into ${upstream.branch}.`);
  }

  fetch(): Promise<boolean> {
    const upstream = this.upstream;
    if (!upstream) return Promise.resolve(false);
    return this.#sync(['fetch', upstream.remote], `Fetching from ${upstream.remote}…`, `Fetched ${upstream.remote}.`);
  }

  init(): Promise<boolean> {
    return this.#act(['init'], 'Initialized a git repository.');
  }
}

export const sourceControl = new SourceControlState();
