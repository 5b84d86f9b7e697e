import type { PreviewError, PreviewEvent, Sandbox, SandboxCapabilities, ShellSession, Snapshot } from '../port';
import { createCommandShims } from './command-shims';
import { describeWebContainer } from './description';
import { toWebContainerSandboxError } from './fs-errors';
import { openJshShell } from './jsh-shell';
import { PreviewHub } from './preview-hub';
import { runCommand, type RunCommandSettings } from './run-command';
import { snapshotToTree, treeToSnapshot } from './snapshot-tree';
import { StatEmulator } from './stat-emulator';
import type { WebContainerLike } from './types';
import { createWebContainerFs } from './webcontainer-fs';
import { WorkspacePaths } from './workspace-paths';
import { WorkspaceWatcher, type WorkspaceWatcherTiming } from './workspace-watcher';

export interface WebContainerSandboxOptions {
  /**
   * Directory names left out of snapshots, kept across restores and ignored by watch
   * (default `['node_modules']`: installed packages are big, rebuilt by `npm install`, and would
   * bloat every checkpoint, share link and IndexedDB record).
   */
  excludedDirectories?: string[];
  /** Terminal size for `exec` (default 200×50). */
  execTerminal?: { cols: number; rows: number };
  /** Wait for a killed process to report its exit (default 1000 ms). */
  killGraceMs?: number;
  /** Wait for the output stream to close after exit (default 500 ms). */
  drainMs?: number;
  /** Output kept per exec (default 2,000,000 characters). */
  maxOutputChars?: number;
  /** Clock for emulated mtimes (tests). */
  now?: () => number;
  /** Put stand-ins for commands jsh lacks (`sleep`) on the PATH (default true). */
  commandShims?: boolean;
  /** When an unconfirmed fs.watch counts as dead, and how often to poll then (tests). */
  watchTiming?: WorkspaceWatcherTiming;
}

/** The Sandbox, plus what only a WebContainer offers (for the UI and the agent's context). */
export interface WebContainerSandbox extends Sandbox {
  readonly kind: 'webcontainer';
  onPreview(listener: (event: PreviewEvent) => void): () => void;
  onPreviewError(listener: (error: PreviewError) => void): () => void;
  /** Internal runtime failures reported by WebContainer (`on('error')`). */
  onRuntimeError(listener: (message: string) => void): () => void;
  /** Ports open right now, with their preview URLs. */
  openPreviews(): PreviewEvent[];
  /** The last few preview errors, for an agent that was not subscribed when they happened. */
  recentPreviewErrors(): PreviewError[];
}

/**
 * The Sandbox port over a booted WebContainer. Takes a WebContainerLike (the real instance, or a
 * fake in tests); booting is src/sandbox/webcontainer/boot.ts's job. `dispose` releases what the
 * adapter opened (listeners, watchers, shells) but does not tear the container down: it is a
 * page-wide singleton that cannot be booted again cheaply.
 */
export function createWebContainerSandbox(wc: WebContainerLike, options: WebContainerSandboxOptions = {}): WebContainerSandbox {
  const excluded = options.excludedDirectories ?? ['node_modules'];
  const settings: RunCommandSettings = {
    terminal: options.execTerminal ?? { cols: 200, rows: 50 },
    killGraceMs: options.killGraceMs ?? 1000,
    drainMs: options.drainMs ?? 500,
    maxOutputChars: options.maxOutputChars ?? 2_000_000,
  };
  const paths = new WorkspacePaths(wc.workdir);
  const stats = new StatEmulator(wc.fs, paths, options.now ?? Date.now);
  const watcher = new WorkspaceWatcher(wc.fs, paths, (path) => stats.entryKind(path, 'watch'), excluded, options.watchTiming);
  const previews = new PreviewHub(wc);
  const shimEnv: () => Promise<Record<string, string>> = options.commandShims === false ? async () => ({}) : createCommandShims(wc);
  const shells = new Set<ShellSession>();
  const fs = createWebContainerFs(wc, paths, stats, {
    watch: (listener) => watcher.subscribe(listener),
    changed: () => watcher.expectChange(),
  });

  async function snapshot(): Promise<Snapshot> {
    try {
      // Excluded both in the export (so node_modules is never serialized) and after it, in case
      // the runtime's glob matching differs from ours. Exported from the workdir itself, these
      // globs mean the same whether `excludes` count from the export root or the workdir.
      const tree = await wc.export('.', {
        format: 'json',
        excludes: excluded.flatMap((name) => [`${name}/**`, `**/${name}/**`]),
      });
      return treeToSnapshot(tree, excluded);
    } catch (error) {
      throw toWebContainerSandboxError(error, 'export', paths.root);
    }
  }

  async function restore(next: Snapshot): Promise<void> {
    const tree = snapshotToTree(next); // Validates before anything is removed.
    try {
      // Excluded directories stay: the snapshot never holds them (reinstalling needs the network).
      for (const name of await wc.fs.readdir('/')) {
        if (!excluded.includes(name)) await wc.fs.rm(`/${name}`, { recursive: true, force: true });
      }
      stats.forget(paths.root);
      await wc.mount(tree);
    } catch (error) {
      throw toWebContainerSandboxError(error, 'restore', paths.root);
    }
  }

  const capabilities: SandboxCapabilities = { node: true, npm: true, preview: true, watch: true, mergedOutput: true };

  return {
    kind: 'webcontainer',
    root: paths.root,
    capabilities,
    // A watch that fell back to polling is said where the model and the status bar read it.
    describe: () => describeWebContainer(capabilities, watcher.fallback === undefined ? [] : [watcher.fallback]),
    fs,
    async exec(command, execOptions = {}) {
      // The caller's env wins over the shims' PATH.
      const env = { ...(await shimEnv()), ...execOptions.env };
      return runCommand(wc, paths, command, Object.keys(env).length > 0 ? { ...execOptions, env } : execOptions, settings);
    },
    async openShell(shellOptions = {}) {
      const size = { cols: shellOptions.cols ?? 80, rows: shellOptions.rows ?? 24 };
      const session = await openJshShell(wc, size, (closed) => shells.delete(closed), await shimEnv());
      shells.add(session);
      return session;
    },
    snapshot,
    restore,
    onPreview: (listener) => previews.onPreview(listener),
    onPreviewError: (listener) => previews.onPreviewError(listener),
    onRuntimeError: (listener) => previews.onRuntimeError(listener),
    openPreviews: () => previews.openPreviews(),
    recentPreviewErrors: () => previews.recentPreviewErrors(),
    async dispose() {
      for (const shell of [...shells]) shell.kill();
      shells.clear();
      watcher.close();
      previews.dispose();
    },
  };
}
