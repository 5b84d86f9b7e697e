import { errorCode } from '../sandbox/fs-error';

/** True when an fs error means "nothing there" (the path or one of its parents does not exist). */
export function isNotFound(error: unknown): boolean {
  // errorCode also reads the code from just-bash messages (`ENOENT: …`), which carry no `.code`.
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
