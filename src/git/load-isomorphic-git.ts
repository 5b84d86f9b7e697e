// isomorphic-git is large: it loads the first time git is used (a clone, a `git` command, the
// Source Control panel), never with the first paint. Both the clone and the git command share
// this one loader so the library is fetched once.
import type * as IsomorphicGit from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git/http/web';

export type Git = typeof IsomorphicGit;

export interface LoadedGit {
  readonly git: Git;
  /** The fetch-based smart-HTTP client; it works in the page and in Node ≥ 18 alike. */
  readonly http: HttpClient;
}

let loading: Promise<LoadedGit> | undefined;

export function loadIsomorphicGit(): Promise<LoadedGit> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a failed chunk fetch (offline, a redeploy) may succeed next time
    throw error;
  });
  return loading;
}

async function load(): Promise<LoadedGit> {
  // isomorphic-git expects Node's Buffer as a global; the page has none.
  if (!('Buffer' in globalThis)) {
    const { Buffer } = await import('buffer');
    Object.assign(globalThis, { Buffer });
  }
  const [git, http] = await Promise.all([import('isomorphic-git'), import('isomorphic-git/http/web')]);
  return { git, http: http.default };
}
