import type { Command } from 'just-bash';
import { createOfflineFs } from '../../sandbox/offline-fs';
import type { GitCliSettings } from './context';

/**
 * The offline sandbox's `git` command (just-bash). The CLI and isomorphic-git load on the first
 * `git`, never before. `settings` is read on each run (author, CORS proxy, token live in the app).
 */
export function createGitCommand(settings?: () => GitCliSettings, prepare?: () => Promise<unknown>): Command {
  return {
    name: 'git',
    async execute(args, ctx) {
      const [{ runGit }] = await Promise.all([import('./run-git'), prepare?.()]);
      const fs = createOfflineFs(ctx.fs, ctx.cwd, () => () => undefined);
      return runGit(args, { fs, cwd: ctx.cwd, ...(settings ? { settings } : {}) });
    },
  };
}
