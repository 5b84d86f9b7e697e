/**
 * Playgrounds that live elsewhere: `?import=<url>` (a `.glassbox` file or a share link's text on
 * any host that sends CORS, e.g. a raw gist URL), `?gist=<id>` (a secret gist made by "Publish as
 * gist"), and publishing one. `fetch` is passed in (tests fake it). The GitHub token is sent only
 * to api.github.com, only when publishing, and never put in what is published. No DOM.
 */
import { decodeGlassboxFile, looksLikeZip } from './glassbox-file';
import { decodePayload, payloadOf } from './share-link';
import { ShareError, SHARE_LIMITS, type SharedPlayground } from './shared-playground';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** A fetched file larger than this is refused before it is read whole. */
export const MAX_IMPORT_BYTES = SHARE_LIMITS.maxTotalBytes;
export const GIST_FILE_NAME = 'glassbox-share.txt';
const GITHUB_API = 'https://api.github.com';

/** A playground from bytes: a `.glassbox` zip, or text holding a share link (or its payload). */
export function readSharedBytes(bytes: Uint8Array): SharedPlayground {
  if (looksLikeZip(bytes)) return decodeGlassboxFile(bytes).playground;
  const text = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024 * 1024)));
  const payload = payloadOf(text);
  if (payload === undefined) throw new ShareError('This is neither a .glassbox file nor a Glassbox share link');
  return decodePayload(payload);
}

async function readCapped(response: Response, what: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_IMPORT_BYTES) throw new ShareError(`${what} is ${Math.round(declared / (1024 * 1024))} MB, more than the ${MAX_IMPORT_BYTES / (1024 * 1024)} MB an import may be`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ShareError(`${what} is more than the ${MAX_IMPORT_BYTES / (1024 * 1024)} MB an import may be`);
  return bytes;
}

/** `?import=<url>`: fetch and read it; every failure is a ShareError in words. */
export async function importFromUrl(url: string, fetcher: Fetch): Promise<SharedPlayground> {
  return readSharedBytes(await fetchImportBytes(url, fetcher));
}

/** The bytes at an http(s) URL, capped like an import (a lesson from a URL comes this way too); failures are ShareErrors in words. */
export async function fetchImportBytes(url: string, fetcher: Fetch): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ShareError(`Could not import: "${url.slice(0, 200)}" is not a web address`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ShareError(`Could not import: only http and https addresses can be imported, not ${parsed.protocol}`);
  let response: Response;
  try {
    response = await fetcher(parsed.toString(), { credentials: 'omit', redirect: 'follow' });
  } catch {
    throw new ShareError(
      `Could not fetch ${parsed.toString()}: the host did not answer, or it does not let other sites read the file (CORS). A raw gist URL (gist.githubusercontent.com) works`,
    );
  }
  if (!response.ok) throw new ShareError(`Could not fetch ${parsed.toString()}: the host answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  return readCapped(response, 'The file');
}

const gistSchemaFile = (value: unknown): { content?: string; truncated?: boolean; raw_url?: string } | undefined =>
  typeof value === 'object' && value !== null ? (value as { content?: string; truncated?: boolean; raw_url?: string }) : undefined;

/** `?gist=<id>`: read the share link a gist holds (its `glassbox-share.txt`, or its only file). */
export async function importFromGist(id: string, fetcher: Fetch): Promise<SharedPlayground> {
  if (!/^[0-9a-f]{1,64}$/i.test(id)) throw new ShareError(`Could not open the gist: "${id.slice(0, 80)}" is not a gist id`);
  let response: Response;
  try {
    response = await fetcher(`${GITHUB_API}/gists/${id}`, { credentials: 'omit', headers: { Accept: 'application/vnd.github+json' } });
  } catch {
    throw new ShareError('Could not reach GitHub to open the gist (offline, or blocked by the network)');
  }
  if (response.status === 404) throw new ShareError(`There is no gist ${id} (it was deleted, or the id is mistyped)`);
  if (response.status === 403 || response.status === 429) throw new ShareError('GitHub refused to send the gist right now (rate limit): try again in a few minutes');
  if (!response.ok) throw new ShareError(`Could not open the gist: GitHub answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ShareError('Could not open the gist: GitHub sent something that is not JSON');
  }
  const files = (body as { files?: Record<string, unknown> } | null)?.files ?? {};
  const names = Object.keys(files);
  const name = names.includes(GIST_FILE_NAME) ? GIST_FILE_NAME : names.length === 1 ? names[0] : undefined;
  const file = name === undefined ? undefined : gistSchemaFile(files[name]);
  if (!file) throw new ShareError(`The gist ${id} holds no Glassbox playground (no ${GIST_FILE_NAME})`);
  let content = file.content ?? '';
  if (file.truncated && typeof file.raw_url === 'string') {
    // GitHub cuts large files in the API answer; the raw file has all of it.
    const raw = await fetcher(file.raw_url, { credentials: 'omit' }).catch(() => undefined);
    if (!raw?.ok) throw new ShareError(`Could not read the whole gist ${id} from GitHub`);
    content = new TextDecoder().decode(await readCapped(raw, 'The gist'));
  }
  const payload = payloadOf(content);
  if (payload === undefined) throw new ShareError(`The gist ${id} does not hold a Glassbox share link`);
  return decodePayload(payload);
}

export interface PublishedGist {
  id: string;
  /** The gist's page on GitHub. */
  htmlUrl: string;
}

/** Publish a share payload as a secret gist with the user's token. */
export async function publishGist(payload: string, token: string, fetcher: Fetch, description = 'A Glassbox playground'): Promise<PublishedGist> {
  let response: Response;
  try {
    response = await fetcher(`${GITHUB_API}/gists`, {
      method: 'POST',
      credentials: 'omit',
      headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description, public: false, files: { [GIST_FILE_NAME]: { content: payload } } }),
    });
  } catch {
    throw new ShareError('Could not reach GitHub to publish the gist (offline, or blocked by the network)');
  }
  if (response.status === 401) throw new ShareError('GitHub refused the token (it is wrong or expired): check it and try again');
  if (response.status === 403 || response.status === 404) throw new ShareError('GitHub did not let this token create gists: give it the "gist" scope (classic) or "Gists: read and write" (fine-grained)');
  if (!response.ok) throw new ShareError(`Could not publish the gist: GitHub answered ${response.status}`);
  const body = (await response.json().catch(() => undefined)) as { id?: unknown; html_url?: unknown } | undefined;
  if (typeof body?.id !== 'string') throw new ShareError('GitHub made the gist but did not say its id');
  return { id: body.id, htmlUrl: typeof body.html_url === 'string' ? body.html_url : `https://gist.github.com/${body.id}` };
}
