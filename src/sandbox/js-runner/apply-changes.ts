import type { WorkspaceChange } from './runner-protocol';
import type { WorkspaceFs } from './types';

export interface SaveFailure {
  path: string;
  error: string;
}

/** Applies one batch of changes in order; returns the paths that could not be saved, with the reason. */
export async function applyChanges(fs: WorkspaceFs, changes: readonly WorkspaceChange[]): Promise<SaveFailure[]> {
  const failures: SaveFailure[] = [];
  for (const change of changes) {
    try {
      if (change.op === 'remove') await fs.rm(change.path);
      else if (change.op === 'mkdir') await fs.mkdir(change.path);
      else await fs.write(change.path, change.bytes);
    } catch (error) {
      failures.push({ path: change.path, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}

/**
 * The host's side of write-back during a run: batches arrive while the program runs (at its
 * write-back points) and are applied one after another, never two at once, so a later batch can
 * rely on the directories an earlier one made.
 */
export class ChangeApplier {
  private queue: Promise<void> = Promise.resolve();
  private readonly failures: SaveFailure[] = [];

  constructor(private readonly fs: WorkspaceFs) {}

  enqueue(changes: readonly WorkspaceChange[]): void {
    this.queue = this.queue.then(async () => {
      this.failures.push(...(await applyChanges(this.fs, changes)));
    });
  }

  /** Waits for every batch so far; the failures, in the order they happened. */
  async settled(): Promise<SaveFailure[]> {
    await this.queue;
    return [...this.failures];
  }
}
