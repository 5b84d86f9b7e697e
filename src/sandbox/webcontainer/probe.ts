/** The origin WebContainer loads its runtime from (its `/headless` page, in a hidden iframe). */
export const DEFAULT_RUNTIME_ORIGIN = 'https://stackblitz.com';

export type ProbeResult = { reachable: true; ms: number } | { reachable: false; ms: number; why: 'network' | 'timeout'; detail: string };

export interface ProbeDependencies {
  fetch: (url: string, init: RequestInit) => Promise<unknown>;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
}

/**
 * Can the runtime origin be reached? WebContainer.boot() never fails when it cannot (it waits
 * forever for the iframe), so we ask first. A `no-cors` GET needs no CORS headers from
 * stackblitz.com: any answer, even an opaque one, means reachable; offline it rejects within
 * ~100 ms. The timeout covers networks that swallow packets instead of refusing them.
 * Under COEP `require-corp` (not ours: we use credentialless) an opaque response without a
 * CORP header is blocked and would read as unreachable; we probe `/headless`, the page
 * WebContainer itself embeds, which must be embeddable under COEP.
 */
export async function probeRuntime(origin: string, timeoutMs: number, deps: ProbeDependencies): Promise<ProbeResult> {
  const startedAt = deps.now();
  const controller = new AbortController();
  let timer: unknown;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = deps.setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      deps
        .fetch(`${origin.replace(/\/+$/, '')}/headless`, {
          mode: 'no-cors',
          cache: 'no-store',
          credentials: 'omit',
          signal: controller.signal,
        })
        .then(() => 'ok' as const),
      timedOut,
    ]);
    const ms = deps.now() - startedAt;
    if (outcome === 'ok') return { reachable: true, ms };
    return { reachable: false, ms, why: 'timeout', detail: `no answer within ${timeoutMs} ms` };
  } catch (error) {
    const ms = deps.now() - startedAt;
    return { reachable: false, ms, why: 'network', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    deps.clearTimeout(timer);
  }
}
