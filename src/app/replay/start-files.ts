/**
 * The files a conversation started from, kept in memory (this tab, until a reload) so "Replay
 * this run" can start the replay where the run started. Keyed by the conversation's log array
 * (a new chat gets a new one). Checkpoints will give every run its start; until then, a
 * conversation restored after a reload has none, and the replay runs on the current files,
 * reporting each step where they make the tools return something else.
 */
import type { LoggedEvent } from '../../agent/event-log';
import type { Snapshot } from '../../sandbox/port';

const starts = new WeakMap<readonly LoggedEvent[], Snapshot['files']>();

export function rememberStartFiles(log: readonly LoggedEvent[], files: Snapshot['files']): void {
  if (!starts.has(log)) starts.set(log, files);
}

export function startFilesOf(log: readonly LoggedEvent[]): Snapshot['files'] | undefined {
  return starts.get(log);
}

/** Before the first run of a conversation: remember its files (a failed snapshot only means no start files). */
export async function rememberBeforeFirstRun(log: readonly LoggedEvent[], sandbox: { snapshot(): Promise<Snapshot> } | null): Promise<void> {
  if (log.length > 0 || sandbox === null || starts.has(log)) return;
  try {
    rememberStartFiles(log, (await sandbox.snapshot()).files);
  } catch {
    // No start files: a replay of this conversation runs on the files as they are then.
  }
}
