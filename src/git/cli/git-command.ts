import type { IFileSystem } from 'just-bash';
import { abortableFs } from '../../sandbox/abortable-fs';
import type { FsBoundCommand } from '../../sandbox/offline';
import { createOfflineFs } from '../../sandbox/offline-fs';
import { resolveFrom } from '../../sandbox/workspace-path';
import type { GitCliSettings } from './context';

/**
 * The offline sandbox's `git` command (just-bash). The CLI and isomorphic-git load on the first
 * `git`, never before. `settings` is read on each run (author, CORS proxy, token live in the app).
 * It reads the sandbox's filesystem directly: a status reads every index entry's stat, and
 * through just-bash's guarded `ctx.fs` that cost more than the status itself.
 */
export function createGitCommand(settings?: () => GitCliSettings, prepare?: () => Promise<unknown>): FsBoundCommand {
  return {
    name: 'git',
    bind: (sandboxFs: IFileSystem) => ({
      name: 'git',
      async execute(args, ctx) {
        const [{ runGit }] = await Promise.all([import('./run-git'), prepare?.()]);
        const guarded = abortableFs(sandboxFs, ctx.signal);
        const fs = createOfflineFs(guarded, ctx.cwd, () => () => undefined);
        const readObjectFile = (path: string) => guarded.readFileBuffer(resolveFrom(ctx.cwd, path));
        return runGit(args, { fs, cwd: ctx.cwd, readObjectFile, ...(settings ? { settings } : {}) });
      },
    }),
  };
}

/**
 * Loads the git CLI ahead of its first use, so that first `git` is not also a download and a
 * compile: after a clone, `git status` is usually next. Safe to call any number of times.
 */
export async function preloadGitCli(): Promise<void> {
  await import('./run-git');
}
