/** Public types of the offline JS runner (`node` on QuickJS). */
import type { RunnerTransport } from './runner-transport';

export type WorkspaceEntryKind = 'file' | 'directory' | 'symlink';

/**
 * The async view of the workspace the runner reads before a run and writes back to after it.
 * The Sandbox port's `SandboxFs` satisfies it as is; `justBashWorkspaceFs` adapts just-bash's fs.
 * Paths are absolute POSIX paths.
 */
export interface WorkspaceFs {
  list(path: string): Promise<Array<{ name: string; kind: WorkspaceEntryKind }>>;
  /** Follows symlinks. */
  stat(path: string): Promise<{ kind: WorkspaceEntryKind; size: number; mtimeMs: number }>;
  readBytes(path: string): Promise<Uint8Array>;
  /** Writes a file; the parent directory exists (the runner creates directories first). */
  write(path: string, data: Uint8Array): Promise<void>;
  /** mkdir -p */
  mkdir(path: string): Promise<void>;
  /** rm -r */
  rm(path: string): Promise<void>;
}

/** Which part of the workspace is copied into the run, and how much of it. */
export interface PreloadOptions {
  /** Directories to copy (recursively); default `['/']`. */
  roots?: string[];
  /** Directory names skipped wherever they appear (default: `.git`). */
  skipNames?: string[];
  /** Absolute directories skipped (default: just-bash's system stubs /bin, /usr, /dev, /proc, /sys). */
  skipPaths?: string[];
  /** Files larger than this are listed but not loaded; reading one fails with EFBIG. */
  maxFileBytes?: number;
  /** Once this many bytes are loaded, further files are listed but not loaded. */
  maxTotalBytes?: number;
}

export interface RunNodeOptions {
  /** Full argv as Node sees it after the executable: `['script.js', 'a']`, `['-e', 'code']`, `['-v']`. */
  argv: string[];
  /** Absolute working directory. */
  cwd: string;
  env?: Record<string, string>;
  fs: WorkspaceFs;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** What the program reads from fd 0 (`fs.readFileSync(0)`, `/dev/stdin`). */
  stdin?: string;
  /** Wall-clock limit for the whole run, default 10 s. */
  timeoutMs?: number;
  /** QuickJS heap limit, default 64 MiB. */
  memoryLimitBytes?: number;
  preload?: PreloadOptions;
  /** Stops the run: a worker is terminated at once; in-process, checked while JavaScript runs and between timers. */
  signal?: AbortSignal;
  /** Where the program runs; default: a Web Worker in a browser, in-process in Node (select-transport.ts). */
  transport?: RunnerTransport;
}

export interface RunNodeResult {
  exitCode: number;
  /** Why the run ended early, if it did. */
  stoppedBy?: 'timeout' | 'memory' | 'abort';
}
