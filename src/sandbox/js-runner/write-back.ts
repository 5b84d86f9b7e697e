import { MemoryVolume, parentOf } from './memory-volume';
import type { WorkspaceFs } from './types';

type Saved = { kind: 'file'; version: number } | { kind: 'directory' };

/**
 * Replays a MemoryVolume's changes onto the workspace. It compares the final state of every dirty
 * path with what the workspace last received, so a file written a thousand times is saved once and
 * a directory created then removed costs nothing. Order: removals (outermost first), directories
 * (parents first), then files.
 */
export class WriteBack {
  /** What the workspace holds for each path the run has touched (undefined = absent). */
  private readonly saved = new Map<string, Saved | undefined>();

  constructor(
    private readonly volume: MemoryVolume,
    private readonly fs: WorkspaceFs,
  ) {}

  /** Saves pending changes; returns the paths that could not be saved, with the reason. */
  async flush(): Promise<Array<{ path: string; error: string }>> {
    const dirty = [...this.volume.dirty];
    this.volume.dirty.clear();
    if (dirty.length === 0) return [];

    const removals: string[] = [];
    const directories: string[] = [];
    const files: string[] = [];
    for (const path of dirty) {
      const before = this.savedState(path);
      const now = this.volume.get(path);
      const kindChanged = before !== undefined && now !== undefined && before.kind !== now.kind;
      if ((before && !now) || kindChanged) removals.push(path);
      if (now?.kind === 'directory' && (before?.kind !== 'directory')) directories.push(path);
      if (now?.kind === 'file' && (before?.kind !== 'file' || before.version !== now.version)) files.push(path);
    }

    const failures: Array<{ path: string; error: string }> = [];
    const attempt = async (path: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        failures.push({ path, error: error instanceof Error ? error.message : String(error) });
      }
    };

    const removed = new Set<string>();
    for (const path of removals.sort(byDepth)) {
      if (hasAncestorIn(path, removed)) continue;
      removed.add(path);
      await attempt(path, () => this.fs.rm(path));
    }
    for (const path of directories.sort(byDepth)) await attempt(path, () => this.fs.mkdir(path));
    await Promise.all(
      files.map((path) =>
        attempt(path, async () => {
          const entry = this.volume.get(path);
          if (entry?.kind !== 'file' || !entry.bytes) return;
          await this.fs.write(path, entry.bytes.slice(0, entry.size));
        }),
      ),
    );

    for (const path of dirty) {
      const now = this.volume.get(path);
      this.saved.set(path, now === undefined ? undefined : now.kind === 'file' ? { kind: 'file', version: now.version } : { kind: 'directory' });
    }
    return failures;
  }

  /** Before the first save, the workspace holds what preload saw (version 0 for files). */
  private savedState(path: string): Saved | undefined {
    if (this.saved.has(path)) return this.saved.get(path);
    return this.volume.preloaded(path);
  }
}

function byDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length;
}

function hasAncestorIn(path: string, set: Set<string>): boolean {
  for (let current = parentOf(path); current !== '/'; current = parentOf(current)) if (set.has(current)) return true;
  return false;
}
