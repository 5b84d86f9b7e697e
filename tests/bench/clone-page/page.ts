/**
 * The clone bench's page (built on its own by tests/bench/clone.ts, never part of the app): the
 * app's own clone path, cloneRepository (src/git/clone-repository.ts, into the staging fs) then
 * `restore` into the offline sandbox and the index restamped, the git CLI preloaded
 * (src/app/git/clone-into-workspace.ts does the same), and `git status` through the sandbox's shell with the same
 * `git` command the terminal has. Timings go back to the bench on `window.cloneBench`.
 */
import { createGitCommand, preloadGitCli } from '../../../src/git/cli/git-command';
import { cloneRepository } from '../../../src/git/clone-repository';
import { restampClonedIndex } from '../../../src/git/restamp-index';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

export interface CloneTimings {
  /** cloneRepository: negotiate, download, index the pack and check out into the staging fs. */
  cloneMs: number;
  /** sandbox.restore of the cloned tree (working files and .git), then the index restamped as the app does. */
  restoreMs: number;
  /** Of restoreMs: restamping the index with the workspace's file times (src/git/restamp-index.ts). */
  restampMs: number;
  /** Both: from the click to a workspace the user can browse and run git in. */
  totalMs: number;
  /** When each of isomorphic-git's phases began, in ms from the start (first progress event). */
  phases: Record<string, number>;
  workingFiles: number;
  downloadedBytes: number;
}

export interface StatusTimings {
  statusMs: number;
  exitCode: number;
  output: string;
}

let sandbox: Sandbox | undefined;

/** A line for the bench's log (it forwards console lines that start with "[clone]"). */
function say(text: string): void {
  console.log(`[clone] ${text}`);
}

async function clone(url: string, label: string): Promise<CloneTimings> {
  await sandbox?.dispose();
  sandbox = await createOfflineSandbox({ commands: [createGitCommand()] });
  const phases: Record<string, number> = {};
  const started = performance.now();
  let lastSaid = '';
  const repo = await cloneRepository({
    url,
    onProgress: ({ phase }) => {
      phases[phase] ??= performance.now() - started;
      if (phase !== lastSaid) {
        lastSaid = phase;
        say(`${label}: ${phase} at ${((performance.now() - started) / 1000).toFixed(2)} s`);
      }
    },
  });
  const cloned = performance.now();
  say(`${label}: staged ${repo.workingFileCount} files at ${((cloned - started) / 1000).toFixed(2)} s; restoring into the sandbox`);
  await sandbox.restore({ files: repo.files });
  const written = performance.now();
  await restampClonedIndex(sandbox.fs, sandbox.root);
  const restored = performance.now();
  // As the app does after a clone (src/app/git/clone-into-workspace.ts): the git CLI loads in the background.
  void preloadGitCli();
  return {
    cloneMs: cloned - started,
    restoreMs: restored - cloned,
    restampMs: restored - written,
    totalMs: restored - started,
    phases,
    workingFiles: repo.workingFileCount,
    downloadedBytes: repo.downloadedBytes,
  };
}

/** Edit one tracked file of the last clone, as the user or the agent would. */
async function edit(path: string): Promise<void> {
  if (!sandbox) throw new Error('clone first');
  const file = `${sandbox.root}/${path}`;
  await sandbox.fs.write(file, `${await sandbox.fs.readText(file)}\n// edited by the bench\n`);
}

/** `git status` as typed in the terminal: through the shell, into the `git` command. */
async function status(): Promise<StatusTimings> {
  if (!sandbox) throw new Error('clone first');
  const started = performance.now();
  const result = await sandbox.exec('git status --porcelain');
  return { statusMs: performance.now() - started, exitCode: result.exitCode, output: result.stdout + result.stderr };
}

declare global {
  interface Window {
    cloneBench?: { clone: typeof clone; edit: typeof edit; status: typeof status };
  }
}

window.cloneBench = { clone, edit, status };
