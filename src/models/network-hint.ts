/** The page's own origin, when running in a browser (undefined under Node). */
export function currentPageOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: unknown } }).location;
  return typeof location?.origin === 'string' && location.origin !== 'null' ? location.origin : undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

export function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * What to tell a user whose fetch failed with a bare TypeError ("Failed to fetch").
 * In a browser a missing CORS header and a stopped server look the same, so for
 * local servers we name the exact setting that allows this page's origin.
 */
export function networkHint(baseUrl: string, pageOrigin: string | undefined): string {
  // Without the page's origin (no browser), name it in words: never "the origin <placeholder>".
  const origin = pageOrigin ?? "<this page's origin>";
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `The base URL "${baseUrl}" is not a valid URL.`;
  }
  if (isLocalUrl(baseUrl)) {
    if (url.port === '11434') {
      return (
        `Is Ollama running? If it is, it is refusing requests from this page (CORS): ` +
        `set OLLAMA_ORIGINS=${origin} in Ollama's environment and restart it ` +
        `(for example: OLLAMA_ORIGINS=${origin} ollama serve).`
      );
    }
    if (url.port === '1234') {
      return (
        `Is LM Studio's server running? If it is, it is refusing requests from this page (CORS): ` +
        `turn on "Enable CORS" in LM Studio's server settings (Developer tab) and restart the server.`
      );
    }
    return (
      `Is the local server running? If it is, it must allow requests from this page (CORS): ` +
      `${pageOrigin ? `allow the origin ${origin}` : "allow this page's origin"} (for example vLLM: --allowed-origins '["${origin}"]').`
    );
  }
  if (pageOrigin?.startsWith('https:') && url.protocol === 'http:') {
    return `This page is served over https, so the browser blocks the plain-http URL ${url.origin} (mixed content); use an https URL.`;
  }
  return 'Check the base URL and your connection. If the server is reachable, it may not allow requests from a browser page (CORS).';
}
