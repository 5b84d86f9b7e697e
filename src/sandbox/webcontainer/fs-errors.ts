import { errorCode } from '../fs-error';
import { SandboxError } from '../port';

/**
 * WebContainer's fs errors carry no `.code` (stackblitz/webcontainer-core#1171): the code is only
 * in the message, Node-style (`ENOENT: no such file or directory, open '/home/project/x'`). The
 * message arrives through a postMessage bridge, so we also look for the code past the start.
 */
const CODE_ANYWHERE = /\b(E[A-Z][A-Z0-9]+)\b(?=[:\s,]|$)/;

const DESCRIPTIONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'illegal operation on a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file already exists',
  ENOTEMPTY: 'directory not empty',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EINVAL: 'invalid argument',
  EBUSY: 'resource busy or locked',
};

/** The Node-style code of a WebContainer fs error, or undefined when it has none. */
export function webContainerErrorCode(error: unknown): string | undefined {
  const direct = errorCode(error);
  if (direct) return direct;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  return message === undefined ? undefined : CODE_ANYWHERE.exec(message)?.[1];
}

/** A SandboxError whose message names the sandbox path (not WebContainer's internal one). */
export function sandboxFsError(code: string, operation: string, path: string, description?: string): SandboxError {
  description ??= DESCRIPTIONS[code] ?? 'i/o error';
  return new SandboxError(code, `${code}: ${description}, ${operation} '${path}'`, path);
}

/** Maps anything a WebContainer fs call threw to a SandboxError (unknown failures become EIO). */
export function toWebContainerSandboxError(error: unknown, operation: string, path: string): SandboxError {
  if (error instanceof SandboxError) return error;
  const code = webContainerErrorCode(error) ?? 'EIO';
  // Known codes get Node's wording; an unknown failure keeps WebContainer's own message.
  const detail = DESCRIPTIONS[code] ? undefined : error instanceof Error ? error.message : String(error);
  return sandboxFsError(code, operation, path, detail);
}
