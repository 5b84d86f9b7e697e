/**
 * Clone a repository with isomorphic-git into a staging filesystem (./staging-fs.ts) and hand back
 * the complete tree, working files and `.git` alike, for the caller to swap into the workspace in
 * one go. Nothing here touches the workspace, so a clone that fails or is cancelled leaves it as it
 * was. Failures are CloneErrors with a kind and a sentence (./clone-error.ts). No DOM.
 *
 * Cancel: isomorphic-git takes no AbortSignal, so the signal aborts the HTTP client's fetch (the
 * download stops at once) and is checked at every progress event and every staged write after it.
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git/http/web';
import { CloneError, formatBytes, PROXY_HINT } from './clone-error';
import { isDirectHost, proxyFor, tokenCredentials } from './clone-route';
import { loadIsomorphicGit } from './load-isomorphic-git';
import { StagingFs } from './staging-fs';

export interface CloneProgress {
  /** isomorphic-git's phase ("Receiving objects", "Updating workdir", …) or ours ("Connecting"). */
  phase: string;
  loaded: number;
  /** 0 when the phase does not say. */
  total: number;
}

export interface CloneOptions {
  url: string;
  /** A branch, a tag or a commit (a full or abbreviated sha); the default branch when empty. */
  ref?: string;
  depth?: number;
  singleBranch?: boolean;
  /** isomorphic-git's corsProxy; used only for hosts that need it (./clone-route.ts). */
  corsProxy?: string;
  token?: string;
  onProgress?: (progress: CloneProgress) => void;
  /** Said once when the download passes `warnBytes`: the clone goes on, the user may cancel. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /** Above this (downloaded, or written while checking out) the clone is refused. */
  maxBytes?: number;
  warnBytes?: number;
}

export interface ClonedRepository {
  /** Every file, paths relative to the repository root, `.git/…` included; contents as bytes. */
  files: Record<string, Uint8Array>;
  /** Files outside `.git`. */
  workingFileCount: number;
  /** The commit checked out. */
  commit: string;
  /** The branch checked out, or undefined for a detached commit or tag. */
  branch: string | undefined;
  /** "repo" for …/owner/repo.git: a name for a new workspace. */
  name: string;
  /** Bytes downloaded. */
  downloadedBytes: number;
}

export const DEFAULT_MAX_BYTES = 500 * 1000 * 1000;
export const DEFAULT_WARN_BYTES = 100 * 1000 * 1000;

const SHA = /^[0-9a-f]{7,40}$/i;

/** The repository's name from its URL ("https://host/owner/repo.git" → "repo"). */
export function repositoryName(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return last.replace(/\.git$/i, '') || 'repository';
  } catch {
    return 'repository';
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CloneError('invalid-url', `“${raw}” is not a repository address: give an https:// URL, e.g. https://github.com/owner/repo.git.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CloneError('invalid-url', `Only http(s) addresses can be cloned in the page (got ${url.protocol}//…): use the repository's https:// URL.`);
  }
  if (url.username || url.password) {
    throw new CloneError('invalid-url', 'Put the token in Settings → Git, not in the address: an address can end up in history and share links.');
  }
  return url;
}

interface HttpErrorShape {
  code: string;
  data?: { statusCode?: number };
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && (error as HttpErrorShape).code === 'HttpError') return (error as HttpErrorShape).data?.statusCode;
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export async function cloneRepository(options: CloneOptions): Promise<ClonedRepository> {
  const url = parseUrl(options.url);
  const host = url.host;
  const ref = options.ref?.trim() || undefined;
  const token = options.token?.trim() || undefined;
  const proxy = proxyFor(url, options.corsProxy);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const warnBytes = options.warnBytes ?? DEFAULT_WARN_BYTES;
  const { signal } = options;
  let downloaded = 0;
  let warned = false;
  /** The first failure we classified ourselves; isomorphic-git may wrap or replace what we throw. */
  let failure: CloneError | undefined;

  const fail = (error: CloneError): CloneError => {
    failure ??= error;
    return failure;
  };
  const cancelled = () => fail(new CloneError('cancelled', 'The clone was cancelled.'));
  const checkCancel = () => {
    if (signal?.aborted) throw cancelled();
  };
  const tooLarge = (bytes: number) =>
    fail(new CloneError('too-large', `This repository is too large for the tab: more than ${formatBytes(bytes)} and the limit is ${formatBytes(maxBytes)}. Clone a smaller repository, or a single branch at depth 1.`));
  const countBytes = (bytes: number) => {
    downloaded += bytes;
    if (downloaded > maxBytes) throw tooLarge(downloaded);
    if (!warned && downloaded > warnBytes) {
      warned = true;
      options.onWarning?.(`This repository is large: ${formatBytes(downloaded)} downloaded so far, which the tab holds in memory. Cancel if that is more than you meant.`);
    }
  };
  const unreachable = (): CloneError => {
    if (downloaded > 0) return new CloneError('network', `The connection to ${host} dropped during the clone (after ${formatBytes(downloaded)}). Check the network and clone again.`);
    if (proxy) return new CloneError('network', `Could not reach ${host} through the CORS proxy ${proxy}: the proxy or the host is unreachable, or refused the request. Check the proxy in Settings → Git.`);
    if (isDirectHost(url)) return new CloneError('network', `Could not reach ${host}: is the server running?`);
    return new CloneError('cors-blocked', `The page could not read ${host}: it sends no CORS headers for git (or cannot be reached), so a CORS proxy is needed. ${PROXY_HINT}`);
  };

  checkCancel();
  options.onProgress?.({ phase: 'Loading git', loaded: 0, total: 0 });
  const { git, http: baseHttp } = await loadIsomorphicGit();
  checkCancel();

  // The fetch-based client with the signal passed in and every byte received counted.
  const http: HttpClient = {
    async request(request: GitHttpRequest): Promise<GitHttpResponse> {
      checkCancel();
      let response: GitHttpResponse;
      try {
        response = await baseHttp.request({ ...request, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (signal?.aborted || isAbort(error)) throw cancelled();
        throw fail(unreachable());
      }
      const body = response.body;
      if (!body) return response;
      async function* counted(): AsyncIterableIterator<Uint8Array> {
        try {
          for await (const chunk of body as AsyncIterable<Uint8Array>) {
            checkCancel();
            countBytes(chunk.byteLength);
            yield chunk;
          }
        } catch (error) {
          if (error instanceof CloneError) throw error;
          if (signal?.aborted || isAbort(error)) throw cancelled();
          throw fail(unreachable());
        }
      }
      return { ...response, body: counted() };
    },
  };

  const fs = new StagingFs({
    beforeWrite: (written, next) => {
      checkCancel();
      if (written + next > maxBytes) throw tooLarge(written + next);
    },
  });
  const dir = '/';
  const common = {
    fs,
    http,
    dir,
    url: url.toString(),
    ...(proxy ? { corsProxy: proxy } : {}),
    // Without a token a 401 stays a 401 (auth required); a refused token is not retried.
    ...(token ? { onAuth: () => tokenCredentials(url, token) } : {}),
    onProgress: (event: { phase: string; loaded: number; total?: number }) => {
      checkCancel();
      options.onProgress?.({ phase: event.phase, loaded: event.loaded, total: event.total ?? 0 });
    },
  };

  let commit: string;
  let branch: string | undefined;
  try {
    options.onProgress?.({ phase: 'Connecting', loaded: 0, total: 0 });
    if (ref !== undefined && SHA.test(ref)) {
      // A commit: fetch the history it is in (a shallow fetch cannot name an arbitrary commit), then check it out.
      await git.clone({ ...common, singleBranch: false, noCheckout: true, noTags: true });
      let oid: string;
      try {
        oid = await git.expandOid({ fs, dir, oid: ref.toLowerCase() });
      } catch {
        throw fail(new CloneError('bad-ref', `${host} has no branch, tag or commit “${ref}” in this repository.`));
      }
      await git.checkout({ fs, dir, ref: oid, force: true, onProgress: common.onProgress });
      commit = oid;
      branch = undefined;
    } else {
      await git.clone({ ...common, ...(ref ? { ref } : {}), depth: options.depth ?? 1, singleBranch: options.singleBranch ?? true });
      commit = await git.resolveRef({ fs, dir, ref: 'HEAD' });
      branch = (await git.currentBranch({ fs, dir })) ?? undefined;
    }
    checkCancel();
  } catch (error) {
    if (failure) throw failure;
    if (error instanceof CloneError) throw error;
    if (signal?.aborted) throw cancelled();
    const status = httpStatus(error);
    if (status === 404) throw new CloneError('not-found', `No repository at ${url.toString()} (${host} answered 404). Check the address; a private repository also needs a token in Settings → Git.`);
    if (status === 401 && !token) throw new CloneError('auth-required', `${host} asks for a login: the repository is private. Add a token that can read it in Settings → Git, then clone again.`);
    if (status === 401 || status === 403) throw new CloneError('auth-refused', `${host} refused the token (${status}): check that it is still valid and may read this repository.`);
    if (status !== undefined) throw new CloneError('failed', `${host} answered ${status} to the clone.`);
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === 'NotFoundError' && ref !== undefined) throw new CloneError('bad-ref', `${host} has no branch or tag “${ref}” in this repository.`);
    if (error instanceof TypeError) throw unreachable();
    throw new CloneError('failed', `The clone failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  const files: Record<string, Uint8Array> = {};
  let workingFileCount = 0;
  for (const [path, data] of fs.files(dir)) {
    files[path] = data;
    if (!path.startsWith('.git/')) workingFileCount++;
  }
  return { files, workingFileCount, commit, branch, name: repositoryName(url.toString()), downloadedBytes: downloaded };
}
