import type { FileKind, FsChange } from '../port';
import { settleQuietly } from './settle-quietly';
import type { WebContainerFs } from './types';
import type { WorkspacePaths } from './workspace-paths';
import { WorkspacePoller } from './workspace-poller';

type WatcherHandle = ReturnType<WebContainerFs['watch']>;

const decoder = new TextDecoder();

export interface WorkspaceWatcherTiming {
  /** How long a change made through the adapter may go unreported before watch counts as dead. */
  confirmMs: number;
  /** Polling interval once it does. */
  pollMs: number;
}

/**
 * One recursive `fs.watch` on the workdir, shared by every subscriber and opened only while
 * someone listens. Node-style events say 'rename' (created or deleted: we look which) or
 * 'change' (updated), with a path relative to the workdir. Paths with an ignored segment
 * (node_modules by default: `npm install` would flood listeners) are dropped. Events are
 * handled one after another so listeners see them in order.
 *
 * A watch that fails to register does not throw: the library only logs it and the watcher
 * never fires. So until the first event arrives, each change the adapter itself makes
 * (`expectChange`) is a test: unreported after `confirmMs`, watching falls back to polling
 * (WorkspacePoller) for good, and `onFallback` listeners are told why, once.
 */
export class WorkspaceWatcher {
  private readonly listeners = new Set<(change: FsChange) => void>();
  private readonly fallbackListeners = new Set<(message: string) => void>();
  private handle: WatcherHandle | undefined;
  private queue: Promise<void> = Promise.resolve();
  private confirmed = false;
  private confirmTimer: ReturnType<typeof setTimeout> | undefined;
  private poller: WorkspacePoller | undefined;
  private fallbackReason: string | undefined;

  constructor(
    private readonly fs: WebContainerFs,
    private readonly paths: WorkspacePaths,
    private readonly kindOf: (path: string) => Promise<FileKind | undefined>,
    private readonly ignoredSegments: readonly string[],
    private readonly timing: WorkspaceWatcherTiming = { confirmMs: 3000, pollMs: 2000 },
  ) {}

  /** Why watching polls instead of listening, once it does. */
  get fallback(): string | undefined {
    return this.fallbackReason;
  }

  subscribe(listener: (change: FsChange) => void): () => void {
    this.listeners.add(listener);
    this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Hears, once, that watching fell back to polling (and why). */
  onFallback(listener: (message: string) => void): () => void {
    this.fallbackListeners.add(listener);
    return () => this.fallbackListeners.delete(listener);
  }

  /** A change the adapter just made: while watch is unconfirmed, it must report it soon. */
  expectChange(): void {
    if (this.confirmed || !this.handle || this.confirmTimer) return;
    this.confirmTimer = setTimeout(() => {
      this.confirmTimer = undefined;
      if (!this.confirmed && this.handle) this.fallBack('a recursive fs.watch on the workspace reported nothing (it did not register)');
    }, this.timing.confirmMs);
  }

  close(): void {
    this.listeners.clear();
    clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    this.poller?.stop();
    this.poller = undefined;
    const handle = this.handle;
    this.handle = undefined;
    // The library's close() is async: a rejection must not become an unhandled one.
    if (handle) settleQuietly(() => handle.close());
  }

  private open(): void {
    if (this.fallbackReason !== undefined) {
      this.startPolling();
      return;
    }
    if (this.handle) return;
    try {
      this.handle = this.fs.watch('/', { recursive: true }, (event, filename) => this.enqueue(event, filename));
    } catch (error) {
      this.fallBack(`fs.watch failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private fallBack(why: string): void {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) settleQuietly(() => handle.close());
    this.fallbackReason = `File watching polls every ${this.timing.pollMs / 1000} s: ${why}.`;
    this.startPolling();
    for (const listener of [...this.fallbackListeners]) settleQuietly(() => listener(this.fallbackReason as string));
  }

  private startPolling(): void {
    if (this.poller || this.listeners.size === 0) return;
    this.poller = new WorkspacePoller(this.fs, this.paths, this.ignoredSegments, this.timing.pollMs, (change) => this.emit(change));
    this.poller.start();
  }

  private enqueue(event: 'rename' | 'change', filename: string | Uint8Array): void {
    this.confirmed = true;
    clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    const name = typeof filename === 'string' ? filename : decoder.decode(filename);
    const path = this.toSandboxPath(name);
    if (path === undefined) return;
    this.queue = this.queue.then(() => this.dispatch(event, path)).catch(() => undefined);
  }

  private toSandboxPath(name: string): string | undefined {
    if (name === '') return undefined;
    const root = this.paths.root;
    // Relative to the watched workdir, as Node reports it; tolerate a full path too.
    const relative = name.startsWith(`${root}/`) ? name.slice(root.length + 1) : name.replace(/^\/+/, '');
    if (relative === '' || relative.split('/').some((segment) => this.ignoredSegments.includes(segment))) return undefined;
    return this.paths.fromRelative(relative);
  }

  private async dispatch(event: 'rename' | 'change', path: string): Promise<void> {
    if (this.listeners.size === 0) return;
    let kind: FsChange['kind'] = 'update';
    if (event === 'rename') kind = (await this.kindOf(path).catch(() => undefined)) === undefined ? 'delete' : 'create';
    this.emit({ kind, path });
  }

  private emit(change: FsChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A broken listener must not stop the others; surface it as an uncaught error.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
