import type { GitCliSettings } from '../../git/cli/context';
import { gitSettings, loadGitSettings } from './git-settings';

let loading: Promise<unknown> | undefined;

/** Loads the saved git settings once (before the first git use; never on the first paint). */
export function prepareGitSettings(): Promise<unknown> {
  loading ??= loadGitSettings().catch(() => undefined);
  return loading;
}

/** What the git command reads on each run. */
export const gitCliSettings = (): GitCliSettings => gitSettings();
