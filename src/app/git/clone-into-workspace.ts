/**
 * Clone a repository into the workspace: ask first when the workspace has work (replace it, or
 * open the repository as a new workspace named after it), clone into the staging fs with the git
 * settings (CORS proxy, token), and only when the clone is complete swap the whole tree in with one
 * `restore` (one `mount()` in WebContainer). A failure or a cancel anywhere before the swap leaves
 * the workspace as it was. Loaded with the Clone dialog.
 */
import { preloadGitCli } from '../../git/cli/git-command';
import { cloneRepository, type CloneProgress } from '../../git/clone-repository';
import { CloneError } from '../../git/clone-error';
import { restampClonedIndex } from '../../git/restamp-index';
import { app } from '../state/app-store.svelte';
import { withNotice } from '../state/fold';
import { share } from '../share/share.svelte';
import { loadGitSettings } from './git-settings';

export type CloneOutcome = { status: 'done'; message: string } | { status: 'failed'; message: string } | { status: 'cancelled'; message: string };

export interface CloneIntoWorkspaceOptions {
  url: string;
  ref?: string;
  prompt?: string;
  signal: AbortSignal;
  onProgress: (progress: CloneProgress) => void;
  onWarning: (message: string) => void;
}

const UNTOUCHED = 'Your workspace is as it was.';

function shortRef(ref: string | undefined, branch: string | undefined, commit: string): string {
  if (branch) return `branch ${branch}`;
  return ref ? `${ref} (${commit.slice(0, 7)})` : `commit ${commit.slice(0, 7)}`;
}

export async function cloneIntoWorkspace(options: CloneIntoWorkspaceOptions): Promise<CloneOutcome> {
  const runtime = await app.start();
  const url = options.url.trim();
  const ref = options.ref?.trim() || undefined;
  const snapshot = await runtime.sandbox.snapshot();
  const hasWork = Object.keys(snapshot.files).length > 0 || runtime.session.log.length > 0;
  let answer: 'replace' | 'new-workspace' = 'replace';
  if (hasWork) {
    const { repositoryName } = await import('../../git/clone-repository');
    const asked = await share.ask({ what: `the repository ${repositoryName(url)}`, from: url });
    if (asked === 'cancel') return { status: 'cancelled', message: `Nothing was cloned. ${UNTOUCHED}` };
    answer = asked;
  }

  const settings = await loadGitSettings();
  let repo;
  try {
    repo = await cloneRepository({
      url,
      ...(ref ? { ref } : {}),
      corsProxy: settings.corsProxy,
      token: settings.token,
      signal: options.signal,
      onProgress: options.onProgress,
      onWarning: options.onWarning,
    });
  } catch (error) {
    if (error instanceof CloneError && error.kind === 'cancelled') return { status: 'cancelled', message: `The clone was cancelled. ${UNTOUCHED}` };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', message: `${message} ${UNTOUCHED}` };
  }

  options.onProgress({ phase: 'Writing the files into the workspace', loaded: 0, total: 0 });
  let place = '';
  if (answer === 'new-workspace') {
    const { sessionsModel } = await import('../sessions/sessions.svelte');
    if (!(await sessionsModel.createWorkspace(repo.name))) {
      return { status: 'failed', message: `Could not open a new workspace: ${sessionsModel.status?.text ?? 'browser storage refused it'}. ${UNTOUCHED}` };
    }
    place = ` as a new workspace “${repo.name}” (your work stays in its own, under Sessions)`;
  }
  const failed = await app.replaceWith({ files: repo.files }, []);
  if (failed !== undefined) return { status: 'failed', message: `Could not write the clone into the workspace: ${failed}` };
  // The index still has the staging fs's file times: without this the first `git status` hashes every file.
  const sandbox = (app.runtime ?? runtime).sandbox; // a new workspace may have brought its own runtime
  await restampClonedIndex(sandbox.fs, sandbox.root).catch(() => 0);
  // `git status` usually comes next; its code loads meanwhile rather than on that first command.
  void preloadGitCli().catch(() => undefined);
  const message = `Cloned ${url} (${shortRef(ref, repo.branch, repo.commit)}, ${repo.workingFileCount} files)${place}.`;
  app.view = withNotice(app.view, message + (options.prompt === undefined ? '' : ' The task is typed into the chat input: press Enter to send it.'), 'info');
  if (options.prompt !== undefined) app.draftPrompt = options.prompt;
  return { status: 'done', message };
}
