/**
 * The Sandbox port: a workspace filesystem plus process execution.
 * Paths are POSIX and absolute inside the sandbox; the workspace lives under `root`.
 * Implementations: offline (just-bash) and WebContainer. Every implementation passes
 * tests/unit/sandbox/contract.ts.
 */

export type FileKind = 'file' | 'directory' | 'symlink';

export interface DirEntry {
  name: string;
  kind: FileKind;
}

export interface FileStat {
  kind: FileKind;
  size: number;
  /** Modification time in ms since the epoch. */
  mtimeMs: number;
}

/** A plain, structured-clone-able tree of files: path relative to root → contents. */
export interface Snapshot {
  files: Record<string, string | Uint8Array>;
}

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Milliseconds before the process is killed and `timedOut` is set. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with output as it is produced. */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when the signal aborted the process. */
  aborted: boolean;
}

export interface ShellSession {
  /** Send keystrokes / a line of input to the shell. */
  write(data: string): void;
  /** Subscribe to output; returns an unsubscribe function. */
  onData(listener: (data: string) => void): () => void;
  resize(cols: number, rows: number): void;
  kill(): void;
}

export interface SandboxCapabilities {
  /** Can run `node` scripts. */
  node: boolean;
  /** Can run `npm install` etc. */
  npm: boolean;
  /** Can serve an app and open a preview. */
  preview: boolean;
  /** Supports fs watch. */
  watch: boolean;
  /**
   * stdout and stderr reach `exec` as one stream (a pseudo-terminal, as in WebContainer): all
   * process output is in `stdout`, and `stderr` holds only the sandbox's own notices.
   */
  mergedOutput?: boolean;
  /** Has a `git` shell command of its own (else the page runs git command lines for the agent). */
  gitCommand?: boolean;
}

/** Identity only (tests, the boot's "is WebContainer already in use"): describe() says what a sandbox is. */
export type SandboxKind = 'webcontainer' | 'offline';

/**
 * What a sandbox says about itself, so the rest of the app never branches on its kind: a new
 * backend is one adapter with its own description, and no `if` elsewhere.
 */
export interface SandboxDescription {
  /** Status-bar label, e.g. "WebContainer (Node)". */
  label: string;
  /** How a sentence names it, e.g. "a WebContainer" or "the offline sandbox". */
  name: string;
  /** One line for people on what works there, e.g. "node, npm and previews work." */
  summary: string;
  /**
   * The system prompt's lines on this environment (Markdown bullets, without the workspace root):
   * what the model can and cannot run there. Specific on purpose: a model that assumes a normal
   * Linux box burns turns on commands that cannot work.
   */
  environment: readonly string[];
  capabilities: SandboxCapabilities;
}

export interface FsChange {
  kind: 'create' | 'update' | 'delete';
  path: string;
}

export interface PreviewEvent {
  type: 'open' | 'close';
  port: number;
  url?: string;
}

/**
 * An error raised by a page in the preview (uncaught exception, unhandled rejection or
 * console.error), forwarded so the agent can see and fix it. Only runtimes that serve previews
 * (WebContainer, with `forwardPreviewErrors`) produce these.
 */
export interface PreviewError {
  kind: 'uncaught-exception' | 'unhandled-rejection' | 'console-error';
  message: string;
  stack?: string;
  /** Port of the server that served the page. */
  port: number;
  /** Path of the page, with its query and hash. */
  location: string;
}

/** Error thrown by sandbox fs calls. `code` mirrors Node's (ENOENT, EISDIR, ENOTDIR, EEXIST, ENOTEMPTY...). */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export interface SandboxFs {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  /** Writes the file, creating parent directories. */
  write(path: string, data: string | Uint8Array): Promise<void>;
  list(path: string): Promise<DirEntry[]>;
  stat(path: string): Promise<FileStat>;
  /** Like stat, but does not follow a final symlink. */
  lstat(path: string): Promise<FileStat>;
  /** Resolved target of a symlink. */
  readlink(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  rm(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Watch the workspace for changes; returns an unsubscribe function. Present where `capabilities.watch`. */
  watch?(listener: (change: FsChange) => void): () => void;
}

export interface Sandbox {
  readonly kind: SandboxKind;
  /** Absolute path of the workspace root, e.g. `/workspace`. */
  readonly root: string;
  readonly capabilities: SandboxCapabilities;
  /** What this sandbox is, for the system prompt, the status bar and notes to the model. */
  describe(): SandboxDescription;
  readonly fs: SandboxFs;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  openShell(options?: { cols?: number; rows?: number }): Promise<ShellSession>;
  /** Every file under root (not directories), paths relative to root. */
  snapshot(): Promise<Snapshot>;
  /** Replace the workspace contents with the snapshot. */
  restore(snapshot: Snapshot): Promise<void>;
  /** Subscribe to preview ports opening and closing; returns an unsubscribe function. */
  onPreview?(listener: (event: PreviewEvent) => void): () => void;
  /** Subscribe to errors raised by preview pages; returns an unsubscribe function. */
  onPreviewError?(listener: (error: PreviewError) => void): () => void;
  dispose(): Promise<void>;
}
