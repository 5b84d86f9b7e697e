/** Defaults and exit codes of the offline `node`. */

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * QuickJS's own stack check must trip before the host engine's native stack overflows: each
 * QuickJS call costs wasm frames on the host stack (~1 MB in V8), and a host overflow inside the
 * wasm leaves the module unusable. 256 KiB allows ~1,300 nested JS calls (measured), with a margin.
 */
export const MAX_STACK_BYTES = 256 * 1024;

/** Extra heap granted while printing a fatal error, so an out-of-memory run can still report. */
export const REPORTING_HEAP_HEADROOM_BYTES = 16 * 1024 * 1024;

export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_PRELOAD_BYTES = 64 * 1024 * 1024;
export const DEFAULT_SKIP_NAMES = ['.git'];
export const DEFAULT_SKIP_PATHS = ['/bin', '/usr', '/dev', '/proc', '/sys'];

/** Captured output per stream in the shell command; more is dropped with a notice. */
export const MAX_CAPTURED_OUTPUT_CHARS = 8 * 1024 * 1024;

/** Shown by `node -v`: the Node API level it imitates, tagged so nobody mistakes it for Node. */
export const NODE_VERSION = 'v20.0.0-quickjs';
/** The QuickJS release inside quickjs-emscripten 0.32. */
export const QUICKJS_VERSION = '2025-09-13';

export const EXIT_UNCAUGHT = 1;
/** Like GNU `timeout`. */
export const EXIT_TIMEOUT = 124;
/** Node aborts (SIGABRT) when its heap is exhausted. */
export const EXIT_OUT_OF_MEMORY = 134;
/** 128 + SIGINT. */
export const EXIT_ABORTED = 130;
/** Node's exit code for a bad command-line option. */
export const EXIT_BAD_OPTION = 9;
