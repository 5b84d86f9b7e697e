/**
 * Cross-origin isolation for static hosts that cannot send COOP/COEP headers (GitHub Pages…).
 * WebContainer needs SharedArrayBuffer, which needs `crossOriginIsolated`. public/coi-serviceworker.js
 * re-serves this site's pages with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: credentialless`; a page only becomes isolated when it is loaded
 * through the worker, hence one reload after registering it. Browsers without COEP
 * credentialless (Safari) stay unisolated under it: then we try once more with `require-corp`.
 * A counter in sessionStorage caps this at two reloads, so a browser that cannot be isolated is
 * never caught in a reload loop: it lands on the offline sandbox with the "not cross-origin
 * isolated" banner.
 */

export type CoiOutcome =
  /** Already isolated: nothing to do. */
  | 'isolated'
  /** The dev server sends the headers itself. */
  | 'dev'
  /** No service workers here (insecure context, private mode, old browser). */
  | 'unsupported'
  /** The worker is in place and the page is reloading. */
  | 'reloading'
  /** Both modes were tried and the page is still not isolated. */
  | 'gave-up'
  /** Registration failed. */
  | 'failed';

interface WorkerLike {
  state: string;
  addEventListener(type: 'statechange', listener: () => void): void;
}

interface RegistrationLike {
  installing: WorkerLike | null;
  waiting: WorkerLike | null;
  active: WorkerLike | null;
}

export interface CoiEnvironment {
  isCrossOriginIsolated(): boolean;
  isSecureContext(): boolean;
  isDev: boolean;
  /** The app's base URL (Vite's BASE_URL), where coi-serviceworker.js is served. */
  baseUrl: string;
  serviceWorker: { register(url: string, options: { scope: string }): Promise<RegistrationLike> } | undefined;
  storage: { get(key: string): string | null; set(key: string, value: string): void; remove(key: string): void };
  reload(): void;
  setTimeout(callback: () => void, ms: number): unknown;
}

const ATTEMPTS_KEY = 'glassbox:coi-attempts';
const MODES = ['credentialless', 'require-corp'] as const;
/** How long a freshly installed worker may take to activate before we reload anyway. */
const ACTIVATION_WAIT_MS = 3000;

/** Call once at start, before booting the sandbox. Resolves 'reloading' when the page is about to reload. */
export async function ensureCrossOriginIsolation(overrides: Partial<CoiEnvironment> = {}): Promise<CoiOutcome> {
  const env: CoiEnvironment = { ...browserCoiEnvironment(), ...overrides };
  if (env.isCrossOriginIsolated()) {
    env.storage.remove(ATTEMPTS_KEY);
    return 'isolated';
  }
  if (env.isDev) return 'dev';
  if (!env.isSecureContext() || !env.serviceWorker) return 'unsupported';

  const attempts = Number(env.storage.get(ATTEMPTS_KEY) ?? '0') || 0;
  const mode = MODES[attempts];
  if (mode === undefined) return 'gave-up';
  try {
    const registration = await env.serviceWorker.register(`${env.baseUrl}coi-serviceworker.js?coep=${mode}`, {
      scope: env.baseUrl,
    });
    await activated(registration, env);
  } catch {
    return 'failed';
  }
  env.storage.set(ATTEMPTS_KEY, String(attempts + 1));
  env.reload();
  return 'reloading';
}

/** Resolves when the registration's newest worker is active (or after a bounded wait). */
function activated(registration: RegistrationLike, env: CoiEnvironment): Promise<void> {
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (worker.state === 'activated' || worker.state === 'redundant') resolve();
    };
    worker.addEventListener('statechange', done);
    env.setTimeout(resolve, ACTIVATION_WAIT_MS);
    done();
  });
}

/** The real browser, read at call time (nothing here runs at module load). */
function browserCoiEnvironment(): CoiEnvironment {
  const navigatorRef: Navigator | undefined = typeof navigator === 'undefined' ? undefined : navigator;
  const sessionStore = (): Storage | undefined => {
    try {
      return globalThis.sessionStorage;
    } catch {
      return undefined; // Storage can be blocked.
    }
  };
  return {
    isCrossOriginIsolated: () => globalThis.crossOriginIsolated === true,
    isSecureContext: () => globalThis.isSecureContext === true,
    isDev: import.meta.env.DEV,
    baseUrl: import.meta.env.BASE_URL,
    serviceWorker: navigatorRef && 'serviceWorker' in navigatorRef ? navigatorRef.serviceWorker : undefined,
    storage: {
      get: (key) => sessionStore()?.getItem(key) ?? null,
      set: (key, value) => sessionStore()?.setItem(key, value),
      remove: (key) => sessionStore()?.removeItem(key),
    },
    reload: () => globalThis.location.reload(),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  };
}
