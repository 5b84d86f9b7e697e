/**
 * Why a clone failed, as a kind the UI can act on and a sentence a user can act on. Every message
 * ends by saying the workspace is as it was: a clone is staged, so a failure never touches it.
 */

export type CloneErrorKind = 'invalid-url' | 'not-found' | 'auth-required' | 'auth-refused' | 'cors-blocked' | 'network' | 'cancelled' | 'too-large' | 'bad-ref' | 'failed';

export class CloneError extends Error {
  constructor(
    readonly kind: CloneErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CloneError';
  }
}

/** "12.3 MB", "850 kB": sizes in the words people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export const PROXY_HINT = 'Set a CORS proxy in Settings → Git (e.g. https://cors.isomorphic-git.org, or your own: `npx @isomorphic-git/cors-proxy start`).';
