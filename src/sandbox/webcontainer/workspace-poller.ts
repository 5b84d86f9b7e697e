import type { FsChange } from '../port';
import { fileFingerprint } from './stat-emulator';
import type { WebContainerFs } from './types';
import type { WorkspacePaths } from './workspace-paths';

/**
 * Watching by looking: every `intervalMs` the workspace is walked (`readdir` with types, files
 * read and fingerprinted) and compared with the previous walk; differences become changes.
 * The stand-in for a recursive `fs.watch` that did not register. Paths with an ignored segment
 * (node_modules) are never walked. A walk that fails (the runtime is gone) is skipped.
 */
export class WorkspacePoller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private previous: Map<string, string> | undefined;
  private walking = false;

  constructor(
    private readonly fs: WebContainerFs,
    private readonly paths: WorkspacePaths,
    private readonly ignoredSegments: readonly string[],
    private readonly intervalMs: number,
    private readonly report: (change: FsChange) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.previous = undefined;
  }

  private async tick(): Promise<void> {
    if (this.walking) return;
    this.walking = true;
    try {
      const current = await this.walk();
      if (current === undefined || !this.timer) return;
      const previous = this.previous;
      this.previous = current;
      if (previous === undefined) return; // The first walk is the baseline.
      for (const [path, fingerprint] of current) {
        const before = previous.get(path);
        if (before === undefined) this.report({ kind: 'create', path });
        else if (before !== fingerprint) this.report({ kind: 'update', path });
      }
      for (const path of previous.keys()) if (!current.has(path)) this.report({ kind: 'delete', path });
    } finally {
      this.walking = false;
    }
  }

  /** Sandbox path → fingerprint of everything under the workdir, or undefined when a walk fails. */
  private async walk(): Promise<Map<string, string> | undefined> {
    const seen = new Map<string, string>();
    const visit = async (relative: string): Promise<void> => {
      const entries = await this.fs.readdir(`/${relative}`, { withFileTypes: true });
      for (const entry of entries) {
        if (this.ignoredSegments.includes(entry.name)) continue;
        const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
        const path = this.paths.fromRelative(child);
        if (entry.isDirectory()) {
          seen.set(path, 'dir');
          await visit(child);
        } else if (entry.isFile()) {
          seen.set(path, fileFingerprint(await this.fs.readFile(`/${child}`)));
        } else {
          seen.set(path, 'link');
        }
      }
    };
    try {
      await visit('');
      return seen;
    } catch {
      return undefined;
    }
  }
}
