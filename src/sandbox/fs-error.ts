import { SandboxError } from './port';

/** just-bash's fs errors carry no `.code`; their message starts with it: `ENOENT: no such file…`. */
const CODE_AT_START = /^(E[A-Z0-9]+):/;

/** The Node-style code of an fs error, read from `.code` or from the start of its message. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof SandboxError) return error.code;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? CODE_AT_START.exec(message)?.[1] : undefined;
}

/** Turns any error thrown by an fs call into a SandboxError; unknown failures become EIO. */
export function toSandboxError(error: unknown, path?: string): SandboxError {
  if (error instanceof SandboxError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SandboxError(errorCode(error) ?? 'EIO', message, path);
}

/** A SandboxError with a message shaped like Node's (`ENOENT: no such file or directory, open '/x'`). */
export function fsError(code: string, description: string, operation: string, path: string): SandboxError {
  return new SandboxError(code, `${code}: ${description}, ${operation} '${path}'`, path);
}
