import type {
  CodeListener,
  ErrorListener,
  ExportOptions,
  FileSystemTree,
  OpenListener,
  PortListener,
  PreviewMessage,
  PreviewMessageListener,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainerProcess,
} from '@webcontainer/api';
import type { WebContainerLike } from '../../../src/sandbox/webcontainer/types';
import { FakeFileSystem, normalize } from './fake-webcontainer-fs';
import { FakeProcess, type FakeProcessBehaviour } from './fake-webcontainer-shell';

export { FakeFileSystem } from './fake-webcontainer-fs';
export { FakeProcess } from './fake-webcontainer-shell';

type Listener = (...args: never[]) => void;

export interface FakeWebContainerOptions extends Partial<FakeProcessBehaviour> {
  /** Workdir (default /home/project, what `workdirName: 'project'` gives). */
  workdir?: string;
  /** Make every spawn() reject with this message. */
  spawnError?: string;
  /** Make spawn() of this one program reject. */
  spawnErrorFor?: string;
  /**
   * What `export`'s `excludes` globs are relative to. The docs do not say (the export root, or
   * the workdir?), so the adapter must work with both; tests run either (default: export root).
   */
  excludesFrom?: 'export-root' | 'workdir';
  /** Make `fs.watch` fail to register the way the library reports it: logged, never thrown. */
  watchFails?: boolean;
}

/**
 * A stand-in for a booted WebContainer implementing the WebContainerLike part of
 * @webcontainer/api's types: the in-memory fs (fake-webcontainer-fs.ts), spawn of a tiny `jsh`
 * (fake-webcontainer-shell.ts) with ReadableStream output, WritableStream input and exit
 * promises, export/mount in the JSON tree format, and event emitters for port, server-ready,
 * preview-message and error. Test-only helpers start with `emit`, `spawned` or `symlink`.
 */
export class FakeWebContainer implements WebContainerLike {
  readonly workdir: string;
  readonly fs: FakeFileSystem;
  readonly spawned: Array<{ command: string; args: string[]; options: SpawnOptions | undefined; process: FakeProcess }> = [];
  readonly exports: Array<{ path: string; options: ExportOptions | undefined }> = [];
  readonly mounts: Array<{ tree: FileSystemTree; mountPoint: string | undefined }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly behaviour: FakeProcessBehaviour;

  constructor(private readonly options: FakeWebContainerOptions = {}) {
    this.workdir = normalize(options.workdir ?? '/home/project');
    this.fs = new FakeFileSystem(this.workdir, { watchFails: options.watchFails ?? false });
    this.behaviour = {
      ansi: options.ansi ?? false,
      ignoreKill: options.ignoreKill ?? false,
      outputCloseDelayMs: options.outputCloseDelayMs ?? 0,
      killExitCode: options.killExitCode ?? 143,
      killRejects: options.killRejects ?? false,
      chunkBytes: options.chunkBytes ?? 64,
    };
  }

  spawn(command: string, args: string[], options?: SpawnOptions): Promise<WebContainerProcess>;
  spawn(command: string, options?: SpawnOptions): Promise<WebContainerProcess>;
  async spawn(command: string, argsOrOptions?: string[] | SpawnOptions, maybeOptions?: SpawnOptions): Promise<WebContainerProcess> {
    const args = Array.isArray(argsOrOptions) ? argsOrOptions : [];
    const options = Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions;
    if (this.options.spawnError) throw new Error(this.options.spawnError);
    if (this.options.spawnErrorFor === command) throw new Error(`${command}: spawn failed`);
    const env: Record<string, string> = {
      HOME: '/home',
      PATH: '/usr/local/bin:/usr/bin:/bin:/home/project/node_modules/.bin',
      SHELL: '/bin/jsh',
    };
    for (const [key, value] of Object.entries(options?.env ?? {})) env[key] = String(value);
    // cwd is relative to the workdir; an absolute one stays absolute (Node's path.resolve).
    const cwd = options?.cwd === undefined ? this.workdir : options.cwd.startsWith('/') ? normalize(options.cwd) : this.fs.resolve(options.cwd);
    const context = { fs: this.fs, cwd, env: { ...env, PWD: cwd }, behaviour: this.behaviour };
    const process =
      command === 'jsh'
        ? new FakeProcess(context, args[0] === '-c' ? args.slice(1).join(' ') : undefined)
        : new FakeProcess(context, undefined, [command, ...args]);
    this.spawned.push({ command, args, options, process });
    return process;
  }

  export(path: string): Promise<FileSystemTree>;
  export(path: string, options: ExportOptions & { format?: 'json' }): Promise<FileSystemTree>;
  export(path: string, options: ExportOptions): Promise<Uint8Array>;
  async export(path: string, options?: ExportOptions): Promise<FileSystemTree | Uint8Array> {
    this.exports.push({ path, options });
    if (options?.format !== undefined && options.format !== 'json') throw new Error('The fake only exports JSON.');
    const patterns = (options?.excludes ?? []).map(globToRegExp);
    const root = this.fs.resolve(path);
    const fromWorkdir = this.options.excludesFrom === 'workdir';
    const prefix = root === this.workdir ? '' : `${root.slice(this.workdir.length + 1)}/`;
    return this.fs.exportAbsolute(root, (relative) => {
      const subject = fromWorkdir ? `${prefix}${relative}` : relative;
      return patterns.some((pattern) => pattern.test(subject));
    });
  }

  async mount(snapshotOrTree: FileSystemTree | Uint8Array | ArrayBuffer, options?: { mountPoint?: string }): Promise<void> {
    if (snapshotOrTree instanceof Uint8Array || snapshotOrTree instanceof ArrayBuffer) {
      throw new Error('The fake only mounts FileSystemTree objects.');
    }
    this.mounts.push({ tree: snapshotOrTree, mountPoint: options?.mountPoint });
    this.fs.mountAbsolute(this.fs.resolve(options?.mountPoint ?? '.'), snapshotOrTree);
  }

  on(event: 'port', listener: PortListener): Unsubscribe;
  on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
  on(event: 'preview-message', listener: PreviewMessageListener): Unsubscribe;
  on(event: 'error', listener: ErrorListener): Unsubscribe;
  on(event: 'xdg-open', listener: OpenListener): Unsubscribe;
  on(event: 'code', listener: CodeListener): Unsubscribe;
  on(event: string, listener: Listener): Unsubscribe {
    // Like the library (syncSubscription): the runtime learns of the listener one round trip
    // later, so events emitted before that are missed; an unsubscribe before it still holds.
    let stopped = false;
    setTimeout(() => {
      if (stopped) return;
      let set = this.listeners.get(event);
      if (!set) this.listeners.set(event, (set = new Set()));
      set.add(listener);
    }, 0);
    return () => {
      stopped = true;
      this.listeners.get(event)?.delete(listener);
    };
  }

  // ── Test helpers ────────────────────────────────────────────────────────────────────

  /** The jsh processes (commands and terminals), without helpers such as the shim installer. */
  get jshSpawns(): FakeWebContainer['spawned'] {
    return this.spawned.filter((entry) => entry.command === 'jsh');
  }

  /** How many listeners are subscribed to `event` (tests check that dispose unsubscribes). */
  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emitPort(port: number, type: 'open' | 'close', url = `https://${port}.fake.webcontainer-api.io`): void {
    this.emit('port', port, type, url);
  }

  emitServerReady(port: number, url = `https://${port}.fake.webcontainer-api.io`): void {
    this.emit('server-ready', port, url);
  }

  emitPreviewMessage(message: PreviewMessage): void {
    this.emit('preview-message', message);
  }

  emitError(message: string): void {
    this.emit('error', { message });
  }

  symlink(target: string, linkPath: string): void {
    this.fs.symlinkAbsolute(target, this.fs.resolve(linkPath));
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...values: unknown[]) => void)(...args);
  }
}

/** `**` any depth, `*` one segment: enough for the adapter's export excludes. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (glob.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 2;
    } else if (glob.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
