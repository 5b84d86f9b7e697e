import type { FileKind, FsChange } from '../port';
import type { WebContainerFs } from './types';
import type { WorkspacePaths } from './workspace-paths';

type WatcherHandle = ReturnType<WebContainerFs['watch']>;

const decoder = new TextDecoder();

/**
 * One recursive `fs.watch` on the workdir, shared by every subscriber and opened only while
 * someone listens. Node-style events say 'rename' (created or deleted: we look which) or
 * 'change' (updated), with a path relative to the workdir. Paths with an ignored segment
 * (node_modules by default: `npm install` would flood listeners) are dropped. Events are
 * handled one after another so listeners see them in order.
 */
export class WorkspaceWatcher {
  private readonly listeners = new Set<(change: FsChange) => void>();
  private handle: WatcherHandle | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly fs: WebContainerFs,
    private readonly paths: WorkspacePaths,
    private readonly kindOf: (path: string) => Promise<FileKind | undefined>,
    private readonly ignoredSegments: readonly string[],
  ) {}

  subscribe(listener: (change: FsChange) => void): () => void {
    this.listeners.add(listener);
    this.handle ??= this.fs.watch('/', { recursive: true }, (event, filename) => this.enqueue(event, filename));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  close(): void {
    this.listeners.clear();
    this.handle?.close();
    this.handle = undefined;
  }

  private enqueue(event: 'rename' | 'change', filename: string | Uint8Array): void {
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
    for (const listener of [...this.listeners]) {
      try {
        listener({ kind, path });
      } catch (error) {
        // A broken listener must not stop the others; surface it as an uncaught error.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
