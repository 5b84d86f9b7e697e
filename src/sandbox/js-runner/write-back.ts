import { MemoryVolume, parentOf } from './memory-volume';
import type { WorkspaceChange } from './runner-protocol';

type Saved = { kind: 'file'; version: number } | { kind: 'directory' };

/**
 * Turns a MemoryVolume's changes into the operations that bring the workspace up to date. It
 * compares the final state of every dirty path with what the workspace was last given, so a file
 * written a thousand times is saved once and a directory created then removed costs nothing.
 * Order: removals (outermost first), directories (parents first), then files.
 *
 * Why synchronous and fs-free: the volume lives with the engine (in a Web Worker in the browser)
 * while the workspace lives with the page, so the engine only describes the changes and the host
 * applies them (apply-changes.ts). Being synchronous, it can also run from QuickJS's interrupt
 * handler while a program computes.
 */
export class WriteBack {
  /** What the workspace holds for each path the run has touched (undefined = absent). */
  private readonly saved = new Map<string, Saved | undefined>();

  constructor(private readonly volume: MemoryVolume) {}

  /** The operations for everything changed since the last call (empty when nothing did). */
  takeChanges(): WorkspaceChange[] {
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
      if (now?.kind === 'directory' && before?.kind !== 'directory') directories.push(path);
      if (now?.kind === 'file' && (before?.kind !== 'file' || before.version !== now.version)) files.push(path);
    }

    const changes: WorkspaceChange[] = [];
    const removed = new Set<string>();
    for (const path of removals.sort(byDepth)) {
      if (hasAncestorIn(path, removed)) continue;
      removed.add(path);
      changes.push({ op: 'remove', path });
    }
    for (const path of directories.sort(byDepth)) changes.push({ op: 'mkdir', path });
    for (const path of files) {
      const entry = this.volume.get(path);
      // A copy: the volume keeps appending into its own buffer, and the copy may be transferred.
      if (entry?.kind === 'file' && entry.bytes) changes.push({ op: 'write', path, bytes: entry.bytes.slice(0, entry.size) });
    }

    for (const path of dirty) {
      const now = this.volume.get(path);
      this.saved.set(path, now === undefined ? undefined : now.kind === 'file' ? { kind: 'file', version: now.version } : { kind: 'directory' });
    }
    return changes;
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
