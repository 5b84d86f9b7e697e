import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ensureCrossOriginIsolation, type CoiEnvironment } from '../../../src/sandbox/webcontainer/coi';

const WORKER_SOURCE = readFileSync(new URL('../../../public/coi-serviceworker.js', import.meta.url), 'utf8');

/** A page on a static host (no COOP/COEP headers) with a working service worker API. */
function page(options: { isolated?: boolean; attempts?: string; register?: () => Promise<unknown> } = {}) {
  const storage = new Map<string, string>();
  if (options.attempts) storage.set('glassbox:coi-attempts', options.attempts);
  const worker = { state: 'installing', listeners: [] as Array<() => void>, addEventListener: (_: 'statechange', l: () => void) => worker.listeners.push(l) };
  const register = vi.fn(async (_url: string, _options: { scope: string }) => {
    if (options.register) await options.register();
    setTimeout(() => {
      worker.state = 'activated';
      for (const listener of worker.listeners) listener();
    }, 10);
    return { installing: worker, waiting: null, active: null };
  });
  const reload = vi.fn();
  const env: Partial<CoiEnvironment> = {
    isCrossOriginIsolated: () => options.isolated ?? false,
    isSecureContext: () => true,
    isDev: false,
    baseUrl: '/glassbox/',
    serviceWorker: { register },
    storage: {
      get: (key) => storage.get(key) ?? null,
      set: (key, value) => void storage.set(key, value),
      remove: (key) => void storage.delete(key),
    },
    reload,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
  };
  return { env, storage, register, reload };
}

describe('ensureCrossOriginIsolation', () => {
  it('does nothing on an isolated page, and forgets earlier attempts', async () => {
    const tab = page({ isolated: true, attempts: '1' });
    expect(await ensureCrossOriginIsolation(tab.env)).toBe('isolated');
    expect(tab.register).not.toHaveBeenCalled();
    expect(tab.storage.has('glassbox:coi-attempts')).toBe(false);
  });

  it('does nothing in dev (the dev server sends the headers)', async () => {
    const tab = page();
    expect(await ensureCrossOriginIsolation({ ...tab.env, isDev: true })).toBe('dev');
    expect(tab.register).not.toHaveBeenCalled();
  });

  it('needs a secure context with service workers', async () => {
    const tab = page();
    expect(await ensureCrossOriginIsolation({ ...tab.env, isSecureContext: () => false })).toBe('unsupported');
    expect(await ensureCrossOriginIsolation({ ...tab.env, serviceWorker: undefined })).toBe('unsupported');
  });

  it('registers the worker in credentialless mode under the base URL, waits for it, then reloads once', async () => {
    const tab = page();
    expect(await ensureCrossOriginIsolation(tab.env)).toBe('reloading');
    expect(tab.register).toHaveBeenCalledWith('/glassbox/coi-serviceworker.js?coep=credentialless', { scope: '/glassbox/' });
    expect(tab.reload).toHaveBeenCalledTimes(1);
    expect(tab.storage.get('glassbox:coi-attempts')).toBe('1');
  });

  it('tries require-corp when credentialless did not isolate the page (Safari)', async () => {
    const tab = page({ attempts: '1' });
    expect(await ensureCrossOriginIsolation(tab.env)).toBe('reloading');
    expect(tab.register).toHaveBeenCalledWith('/glassbox/coi-serviceworker.js?coep=require-corp', { scope: '/glassbox/' });
    expect(tab.storage.get('glassbox:coi-attempts')).toBe('2');
  });

  it('gives up after both modes, never looping', async () => {
    const tab = page({ attempts: '2' });
    expect(await ensureCrossOriginIsolation(tab.env)).toBe('gave-up');
    expect(tab.register).not.toHaveBeenCalled();
    expect(tab.reload).not.toHaveBeenCalled();
  });

  it('reports a failed registration without reloading', async () => {
    const tab = page({ register: () => Promise.reject(new Error('SecurityError')) });
    expect(await ensureCrossOriginIsolation(tab.env)).toBe('failed');
    expect(tab.reload).not.toHaveBeenCalled();
  });
});

type FetchHandler = (event: { request: Request; respondWith(response: Promise<Response>): void }) => void;

/** Runs public/coi-serviceworker.js as a service worker with the given script URL. */
function serviceWorker(scriptUrl: string, upstream: (request: Request) => Promise<Response>) {
  const handlers = new Map<string, (event: unknown) => void>();
  const self = {
    location: new URL(scriptUrl),
    addEventListener: (type: string, handler: (event: unknown) => void) => handlers.set(type, handler),
    skipWaiting: vi.fn(),
    clients: { claim: vi.fn(async () => {}) },
  };
  new Function('self', 'fetch', WORKER_SOURCE)(self, upstream);
  const fetchHandler = handlers.get('fetch') as FetchHandler;
  return {
    self,
    handlers,
    /** The response the worker gives, or undefined when it lets the browser handle the request. */
    async handle(request: Request): Promise<Response | undefined> {
      let responded: Promise<Response> | undefined;
      fetchHandler({ request, respondWith: (response) => void (responded = response) });
      return responded;
    },
  };
}

/** A navigation request (Node's Request cannot be built with mode 'navigate'). */
function navigation(url: string): Request {
  const request = new Request(url);
  Object.defineProperty(request, 'mode', { value: 'navigate' });
  return request;
}

describe('coi-serviceworker.js', () => {
  const upstream = vi.fn(async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));

  it('re-serves navigations with COOP same-origin and COEP credentialless by default', async () => {
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js', upstream);
    const response = await worker.handle(navigation('https://user.github.io/glassbox/'));
    expect(response?.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response?.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(response?.headers.get('Content-Type')).toBe('text/html');
    expect(await response?.text()).toBe('<!doctype html>');
  });

  it('uses require-corp when its script URL asks for it', async () => {
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js?coep=require-corp', upstream);
    const response = await worker.handle(navigation('https://user.github.io/glassbox/'));
    expect(response?.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('leaves cross-origin requests and plain subresources alone', async () => {
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js', upstream);
    expect(await worker.handle(navigation('https://api.anthropic.com/v1/messages'))).toBeUndefined();
    expect(await worker.handle(new Request('https://user.github.io/glassbox/assets/app.js'))).toBeUndefined();
  });

  it('adds the headers to worker scripts, which need COEP too', async () => {
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js', upstream);
    const request = new Request('https://user.github.io/glassbox/assets/worker.js');
    Object.defineProperty(request, 'destination', { value: 'worker' });
    const response = await worker.handle(request);
    expect(response?.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
  });

  it('passes opaque redirects through untouched', async () => {
    const redirect = Response.error();
    Object.defineProperty(redirect, 'type', { value: 'opaqueredirect' });
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js', async () => redirect);
    expect(await worker.handle(navigation('https://user.github.io/glassbox/old'))).toBe(redirect);
  });

  it('takes control at once on install and activate', () => {
    const worker = serviceWorker('https://user.github.io/glassbox/coi-serviceworker.js', upstream);
    worker.handlers.get('install')?.({});
    let waited: Promise<unknown> | undefined;
    worker.handlers.get('activate')?.({ waitUntil: (promise: Promise<unknown>) => void (waited = promise) });
    expect(worker.self.skipWaiting).toHaveBeenCalled();
    expect(worker.self.clients.claim).toHaveBeenCalled();
    expect(waited).toBeInstanceOf(Promise);
  });

  it('as a page script, registers itself next to its own URL and reloads once', async () => {
    const storage = new Map<string, string>();
    const worker = { state: 'installing', listener: undefined as undefined | (() => void) };
    const register = vi.fn(async () => ({
      installing: { ...worker, addEventListener: (_: string, listener: () => void) => (worker.listener = listener) },
      waiting: null,
    }));
    const reload = vi.fn();
    const window = {
      crossOriginIsolated: false,
      isSecureContext: true,
      sessionStorage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => storage.set(key, value),
        removeItem: (key: string) => storage.delete(key),
      },
      location: { href: 'https://user.github.io/glassbox/', reload },
    };
    const navigator = { serviceWorker: { register } };
    const document = { currentScript: { src: 'https://user.github.io/glassbox/coi-serviceworker.js' } };
    new Function('window', 'navigator', 'document', WORKER_SOURCE)(window, navigator, document);
    await vi.waitFor(() => expect(register).toHaveBeenCalled());
    expect(register).toHaveBeenCalledWith('https://user.github.io/glassbox/coi-serviceworker.js?coep=credentialless', {
      scope: '/glassbox/',
    });
    await vi.waitFor(() => expect(worker.listener).toBeTypeOf('function'));
    worker.listener?.(); // Still installing: no reload yet.
    expect(reload).not.toHaveBeenCalled();
    const installing = (await register.mock.results[0]?.value) as { installing: { state: string } };
    installing.installing.state = 'activated';
    worker.listener?.();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(storage.get('glassbox:coi-attempts')).toBe('1');
  });
});
