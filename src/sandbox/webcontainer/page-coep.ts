/**
 * The Cross-Origin-Embedder-Policy this page was really loaded with. WebContainer.boot's `coep`
 * must match it (the runtime iframe is embedded under the page's policy), and it cannot change
 * after the first boot. It is usually `credentialless` (our headers, our COI service worker's
 * first try), but browsers without COEP credentialless (Safari) get the worker's `require-corp`
 * fallback, and a host may send require-corp itself.
 */
export type EmbedderPolicy = 'credentialless' | 'require-corp';

export interface PageCoepEnvironment {
  /** scriptURL of the service worker controlling the page, if any (ours carries `?coep=`). */
  controllerScriptUrl(): string | undefined;
  /** The page's own response headers, read again (a HEAD of the page). */
  fetchPageHeaders(): Promise<{ get(name: string): string | null }>;
}

/** The page's policy: the COI worker's mode when it serves the page, else the host's header. */
export async function pageEmbedderPolicy(env: PageCoepEnvironment = browserPageCoepEnvironment()): Promise<EmbedderPolicy> {
  const script = env.controllerScriptUrl();
  if (script && /coi-serviceworker\.js/.test(script)) {
    return new URL(script, 'http://page.invalid/').searchParams.get('coep') === 'require-corp' ? 'require-corp' : 'credentialless';
  }
  try {
    const header = (await env.fetchPageHeaders()).get('cross-origin-embedder-policy') ?? '';
    return header.trim().toLowerCase().startsWith('require-corp') ? 'require-corp' : 'credentialless';
  } catch {
    return 'credentialless'; // What we serve by default.
  }
}

function browserPageCoepEnvironment(): PageCoepEnvironment {
  return {
    controllerScriptUrl: () =>
      typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? (navigator.serviceWorker.controller?.scriptURL ?? undefined) : undefined,
    fetchPageHeaders: async () => (await globalThis.fetch(globalThis.location.href, { method: 'HEAD', cache: 'no-store' })).headers,
  };
}
