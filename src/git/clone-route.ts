/**
 * Whether a clone reaches its host directly or through the CORS proxy. A page may only read a
 * git server's answers when it sends CORS headers: local servers (a dev's own `git http-backend`,
 * the tests') and hosts known to send them are reached directly; GitHub, GitLab, Bitbucket and most
 * others send none for git, so they go through the proxy when one is set. No DOM.
 */

/** Hosts whose smart-HTTP endpoints answer cross-origin requests. */
const HOSTS_WITH_CORS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isDirectHost(url: URL): boolean {
  return HOSTS_WITH_CORS.has(url.hostname) || url.hostname.endsWith('.localhost');
}

/** The proxy to go through for `url`, or undefined to reach it directly. */
export function proxyFor(url: URL, corsProxy: string | undefined): string | undefined {
  const proxy = corsProxy?.trim().replace(/\/+$/, '');
  if (!proxy || isDirectHost(url)) return undefined;
  return proxy;
}

/** Basic-auth credentials for a token, in the form each big host expects (others take any user name). */
export function tokenCredentials(url: URL, token: string): { username: string; password: string } {
  const host = url.hostname;
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return { username: 'oauth2', password: token };
  if (host === 'bitbucket.org') return { username: 'x-token-auth', password: token };
  return { username: 'x-access-token', password: token };
}
