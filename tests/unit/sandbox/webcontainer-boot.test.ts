import type { BootOptions } from '@webcontainer/api';
import { describe, expect, it, vi } from 'vitest';
import { SandboxError, type Sandbox } from '../../../src/sandbox/port';
import { BootStateStore, describeFallback, type BootState } from '../../../src/sandbox/webcontainer/boot-state';
import { bootSandbox, WebContainerBooter, type BootEnvironment } from '../../../src/sandbox/webcontainer/boot';
import type { WebContainerLike } from '../../../src/sandbox/webcontainer/types';
import { sleep } from './contract';
import { FakeWebContainer } from './fake-webcontainer';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A browser where everything works unless told otherwise; `log` records the order of calls. */
function fakeBrowser(options: {
  isolated?: boolean;
  sharedArrayBuffer?: boolean;
  fetch?: () => Promise<unknown>;
  boot?: () => Promise<WebContainerLike>;
  loadApi?: () => Promise<never>;
} = {}) {
  const log: string[] = [];
  const bootOptions: Array<BootOptions | undefined> = [];
  const api = {
    WebContainer: {
      boot: vi.fn((bootOption?: BootOptions) => {
        log.push('boot');
        bootOptions.push(bootOption);
        return options.boot ? options.boot() : Promise.resolve(new FakeWebContainer() as WebContainerLike);
      }),
    },
    configureAPIKey: vi.fn((key: string) => {
      log.push(`configureAPIKey:${key}`);
    }),
  };
  const env: BootEnvironment = {
    isCrossOriginIsolated: () => options.isolated ?? true,
    hasSharedArrayBuffer: () => options.sharedArrayBuffer ?? true,
    fetch: vi.fn(async (url: string, init: RequestInit) => {
      log.push(`probe:${url}:${init.mode}`);
      return options.fetch ? options.fetch() : {};
    }),
    loadApi: vi.fn(async () => {
      log.push('loadApi');
      if (options.loadApi) return options.loadApi();
      return api;
    }),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  };
  const store = new BootStateStore();
  const states: BootState[] = [];
  store.subscribe((state) => states.push(state));
  return { env, api, log, bootOptions, store, states, booter: new WebContainerBooter(env, store) };
}

const statuses = (states: BootState[]) => states.map((state) => state.status);

describe('WebContainer boot state machine', () => {
  it('boots: idle → probing → booting → ready, with credentialless COEP and forwarded preview errors', async () => {
    const browser = fakeBrowser();
    const outcome = await browser.booter.boot();
    expect(outcome.ok).toBe(true);
    expect(statuses(browser.states)).toEqual(['idle', 'probing', 'booting', 'ready']);
    expect(browser.states.at(-1)).toMatchObject({ status: 'ready', workdir: '/home/project' });
    expect(browser.bootOptions).toEqual([{ coep: 'credentialless', workdirName: 'project', forwardPreviewErrors: true }]);
    expect(browser.log).toEqual(['probe:https://stackblitz.com/headless:no-cors', 'loadApi', 'boot']);
  });

  it('falls back quickly when the runtime origin cannot be reached, without loading or booting', async () => {
    const browser = fakeBrowser({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const startedAt = Date.now();
    const outcome = await browser.booter.boot({ timeoutMs: 10_000 });
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(outcome.ok).toBe(false);
    expect(outcome.state).toMatchObject({
      status: 'fallback',
      cause: 'unreachable',
      reason: 'WebContainer could not start: the runtime at https://stackblitz.com could not be reached (offline?)',
    });
    expect(statuses(browser.states)).toEqual(['idle', 'probing', 'fallback']);
    expect(browser.env.loadApi).not.toHaveBeenCalled();
    expect(browser.booter.bootCallCount).toBe(0);
  });

  it('gives the probe a bounded time on a network that swallows packets', async () => {
    const browser = fakeBrowser({ fetch: () => new Promise(() => {}) });
    const startedAt = Date.now();
    const outcome = await browser.booter.boot({ probeTimeoutMs: 100, runtimeOrigin: 'https://runtime.example/' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(90);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(outcome.state).toMatchObject({
      cause: 'unreachable',
      reason: 'WebContainer could not start: the runtime at https://runtime.example/ could not be reached (offline?)',
    });
    expect(browser.log[0]).toBe('probe:https://runtime.example/headless:no-cors');
  });

  it('falls back when the page is not cross-origin isolated, before any network call', async () => {
    const browser = fakeBrowser({ isolated: false });
    const outcome = await browser.booter.boot();
    expect(outcome.state).toMatchObject({
      cause: 'not-isolated',
      reason: 'WebContainer could not start: this page is not cross-origin isolated',
      hint: expect.stringContaining('Cross-Origin-Embedder-Policy'),
    });
    expect(browser.env.fetch).not.toHaveBeenCalled();
  });

  it('falls back when the browser lacks SharedArrayBuffer', async () => {
    const browser = fakeBrowser({ sharedArrayBuffer: false });
    const outcome = await browser.booter.boot();
    expect(outcome.state).toMatchObject({
      cause: 'no-shared-array-buffer',
      reason: 'WebContainer could not start: this browser does not support SharedArrayBuffer',
    });
  });

  it('falls back after the timeout when boot() never settles (the offline behaviour)', async () => {
    const browser = fakeBrowser({ boot: () => new Promise(() => {}) });
    const startedAt = Date.now();
    const outcome = await browser.booter.boot({ timeoutMs: 150 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(outcome.state).toMatchObject({
      status: 'fallback',
      cause: 'timeout',
      reason: 'WebContainer could not start: the runtime did not answer within 0.2 s',
      lateBoot: 'pending',
      // A hang: the library keeps this boot's iframe promise, so only a reload can start anew.
      remedy: 'reload',
    });
    expect(statuses(browser.states)).toEqual(['idle', 'probing', 'booting', 'fallback']);
  });

  it('says the timeout in seconds', () => {
    expect(describeFallback('timeout', { timeoutMs: 20_000 }).reason).toBe('WebContainer could not start: the runtime did not answer within 20 s');
    expect(describeFallback('timeout', { timeoutMs: 20_000 }).hint).toContain('reload the page');
  });

  it('a retry after a timeout reuses the pending boot() instead of calling it again', async () => {
    const boot = deferred<WebContainerLike>();
    const browser = fakeBrowser({ boot: () => boot.promise });
    expect((await browser.booter.boot({ timeoutMs: 50 })).ok).toBe(false);
    expect((await browser.booter.boot({ timeoutMs: 50 })).ok).toBe(false);
    expect(browser.api.WebContainer.boot).toHaveBeenCalledTimes(1);

    const retry = browser.booter.boot({ timeoutMs: 5_000 });
    boot.resolve(new FakeWebContainer());
    const outcome = await retry;
    expect(outcome.ok).toBe(true);
    expect(browser.api.WebContainer.boot).toHaveBeenCalledTimes(1);
    expect(browser.booter.bootCallCount).toBe(1);
    expect(browser.env.loadApi).toHaveBeenCalledTimes(1);
  });

  it('marks a boot that finished after the fallback, so Retry is instant', async () => {
    const boot = deferred<WebContainerLike>();
    const browser = fakeBrowser({ boot: () => boot.promise });
    await browser.booter.boot({ timeoutMs: 30 });
    boot.resolve(new FakeWebContainer());
    await vi.waitFor(() => expect(browser.store.get()).toMatchObject({ status: 'fallback', lateBoot: 'ready' }));
    const fetches = vi.mocked(browser.env.fetch).mock.calls.length;
    const outcome = await browser.booter.boot();
    expect(outcome.ok).toBe(true);
    expect(vi.mocked(browser.env.fetch).mock.calls.length).toBe(fetches); // No probe needed any more.
    expect(browser.booter.bootCallCount).toBe(1);
  });

  it('a retry while the runtime is unreachable does not call boot() again either', async () => {
    let online = true;
    const browser = fakeBrowser({
      boot: () => new Promise(() => {}),
      fetch: () => (online ? Promise.resolve({}) : Promise.reject(new TypeError('offline'))),
    });
    await browser.booter.boot({ timeoutMs: 30 });
    online = false;
    const outcome = await browser.booter.boot({ timeoutMs: 30 });
    expect(outcome.state).toMatchObject({ cause: 'unreachable', lateBoot: 'pending' });
    expect(browser.booter.bootCallCount).toBe(1);
  });

  it('calls boot() again only after the previous call rejected', async () => {
    let attempt = 0;
    const browser = fakeBrowser({
      boot: () => (++attempt === 1 ? Promise.reject(new Error('Unable to create more instances')) : Promise.resolve(new FakeWebContainer())),
    });
    const first = await browser.booter.boot();
    expect(first.state).toMatchObject({
      cause: 'boot-error',
      reason: 'WebContainer could not start: boot failed (Unable to create more instances)',
    });
    expect(first.state.status === 'fallback' && first.state.lateBoot).toBeFalsy();
    expect((await browser.booter.boot()).ok).toBe(true);
    expect(browser.booter.bootCallCount).toBe(2);
  });

  it('shares one attempt between concurrent callers', async () => {
    const browser = fakeBrowser();
    const [a, b] = await Promise.all([browser.booter.boot(), browser.booter.boot()]);
    expect(a).toBe(b);
    expect(browser.booter.bootCallCount).toBe(1);
    expect(browser.env.fetch).toHaveBeenCalledTimes(1);
  });

  it('passes the API key to configureAPIKey before boot(), once', async () => {
    const browser = fakeBrowser({ boot: () => Promise.reject(new Error('first boot fails')) });
    await browser.booter.boot({ apiKey: 'wc_api_key_123' });
    await browser.booter.boot({ apiKey: 'wc_api_key_123' });
    expect(browser.log.filter((entry) => entry !== 'loadApi' && !entry.startsWith('probe'))).toEqual([
      'configureAPIKey:wc_api_key_123',
      'boot',
      'boot',
    ]);
  });

  it('warns that a changed API key needs a reload (WebContainer only takes it before the first boot)', async () => {
    const boot = deferred<WebContainerLike>();
    const other = fakeBrowser({ boot: () => boot.promise });
    await other.booter.boot({ apiKey: 'first', timeoutMs: 20 });
    const retry = other.booter.boot({ apiKey: 'second', timeoutMs: 1_000 });
    boot.resolve(new FakeWebContainer());
    expect((await retry).state).toMatchObject({ status: 'ready', warning: 'The new API key takes effect after reloading the page.' });
    expect(other.api.configureAPIKey).toHaveBeenCalledTimes(1);
  });

  it('reports a library that fails to load', async () => {
    const browser = fakeBrowser({ loadApi: () => Promise.reject(new Error('Failed to fetch dynamically imported module')) });
    const outcome = await browser.booter.boot();
    expect(outcome.state).toMatchObject({
      cause: 'boot-error',
      reason: 'WebContainer could not start: the WebContainer library could not be loaded (Failed to fetch dynamically imported module)',
    });
  });

  it('can skip the probe', async () => {
    const browser = fakeBrowser();
    expect((await browser.booter.boot({ skipProbe: true })).ok).toBe(true);
    expect(browser.env.fetch).not.toHaveBeenCalled();
  });

  it('publishes the state as a Svelte-style store', () => {
    const store = new BootStateStore();
    const seen: BootState[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state));
    store.set({ status: 'probing', since: 1 });
    unsubscribe();
    store.set({ status: 'booting', since: 2 });
    expect(seen).toEqual([{ status: 'idle' }, { status: 'probing', since: 1 }]);
  });
});

describe('bootSandbox', () => {
  const offline = (): Sandbox => ({ kind: 'offline' }) as Sandbox; // Only its identity is checked here.

  it('returns the WebContainer sandbox when the boot succeeds', async () => {
    const browser = fakeBrowser();
    const createOffline = vi.fn(offline);
    const { sandbox, state } = await bootSandbox({ booter: browser.booter, createOffline });
    expect(sandbox.kind).toBe('webcontainer');
    expect(sandbox.root).toBe('/home/project');
    expect(state.status).toBe('ready');
    expect(createOffline).not.toHaveBeenCalled();
    await sandbox.dispose();
  });

  it('falls back to the offline sandbox with the reason', async () => {
    const browser = fakeBrowser({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const { sandbox, state } = await bootSandbox({ booter: browser.booter, createOffline: offline });
    expect(sandbox.kind).toBe('offline');
    expect(state).toMatchObject({ status: 'fallback', cause: 'unreachable' });
  });

  it('does not touch WebContainer when the user turned it off', async () => {
    const browser = fakeBrowser();
    const { sandbox, state } = await bootSandbox({ booter: browser.booter, preferWebContainer: false, createOffline: offline });
    expect(sandbox.kind).toBe('offline');
    expect(state).toEqual({ status: 'fallback', cause: 'disabled', reason: 'WebContainer is turned off in settings.', remedy: 'none' });
    expect(browser.env.fetch).not.toHaveBeenCalled();
    expect(browser.env.loadApi).not.toHaveBeenCalled();
  });

  it('passes adapter options through', async () => {
    const browser = fakeBrowser();
    const { sandbox } = await bootSandbox({
      booter: browser.booter,
      createOffline: offline,
      sandboxOptions: { excludedDirectories: ['node_modules', 'dist'] },
    });
    await sandbox.fs.write('/home/project/dist/x.js', 'x');
    expect((await sandbox.snapshot()).files).toEqual({});
    await expect(sandbox.fs.readText('/etc/hosts')).rejects.toBeInstanceOf(SandboxError);
    await sandbox.dispose();
  });
});

describe('lazy loading', () => {
  it('does not load @webcontainer/api until the boot asks for it', async () => {
    vi.resetModules();
    const loaded = vi.fn();
    vi.doMock('@webcontainer/api', () => {
      loaded();
      return { WebContainer: { boot: () => new Promise(() => {}) }, configureAPIKey: () => {} };
    });
    try {
      const boot = await import('../../../src/sandbox/webcontainer/boot');
      await import('../../../src/sandbox/webcontainer/adapter');
      await import('../../../src/sandbox/webcontainer/coi');
      await import('../../../src/sandbox/webcontainer/index');
      expect(loaded).not.toHaveBeenCalled();
      await boot.browserBootEnvironment().loadApi();
      expect(loaded).toHaveBeenCalledTimes(1);
    } finally {
      vi.doUnmock('@webcontainer/api');
    }
  });

  it('the page-wide booter is a single instance publishing to webContainerBootState', async () => {
    const boot = await import('../../../src/sandbox/webcontainer/boot');
    expect(boot.getWebContainerBooter()).toBe(boot.getWebContainerBooter());
    expect(boot.getWebContainerBooter().state).toBe(boot.webContainerBootState);
    expect(boot.webContainerBootState.get()).toEqual({ status: 'idle' });
  });
});

describe('hang or failure: what can bring WebContainer back', () => {
  it('a boot() that failed released the lock: Retry, and it boots anew', async () => {
    let calls = 0;
    const browser = fakeBrowser({
      boot: () => (++calls === 1 ? Promise.reject(new Error('iframe said no')) : Promise.resolve(new FakeWebContainer() as WebContainerLike)),
    });
    const failed = await browser.booter.boot();
    expect(failed.state).toMatchObject({ cause: 'boot-error', remedy: 'retry' });
    expect(failed.state).not.toHaveProperty('lateBoot');
    expect((await browser.booter.boot()).ok).toBe(true);
    expect(browser.booter.bootCallCount).toBe(2);
  });

  it('a hang offers a reload until the pending boot() finishes by itself, then Retry again', async () => {
    const boot = deferred<WebContainerLike>();
    const browser = fakeBrowser({ boot: () => boot.promise });
    expect((await browser.booter.boot({ timeoutMs: 30 })).state).toMatchObject({ cause: 'timeout', remedy: 'reload' });
    // A retry probes again and still cannot start a second boot().
    expect((await browser.booter.boot({ timeoutMs: 30 })).state).toMatchObject({ remedy: 'reload', lateBoot: 'pending' });
    boot.resolve(new FakeWebContainer() as WebContainerLike);
    await sleep(0);
    expect(browser.store.get()).toMatchObject({ status: 'fallback', lateBoot: 'ready', remedy: 'retry' });
    expect((await browser.booter.boot()).ok).toBe(true);
    expect(browser.booter.bootCallCount).toBe(1);
  });

  it('a probe that fails while a boot() hangs still needs a reload', async () => {
    let reachable = true;
    const browser = fakeBrowser({
      boot: () => new Promise(() => {}),
      fetch: () => (reachable ? Promise.resolve({}) : Promise.reject(new TypeError('offline'))),
    });
    await browser.booter.boot({ timeoutMs: 30 });
    reachable = false;
    expect((await browser.booter.boot({ timeoutMs: 30 })).state).toMatchObject({ cause: 'unreachable', remedy: 'reload' });
  });
});

describe('booting with the page\'s own COEP', () => {
  it('boots with require-corp where the page has it, and skips the probe that cannot work there', async () => {
    const browser = fakeBrowser();
    browser.env.embedderPolicy = async () => 'require-corp';
    expect((await browser.booter.boot()).ok).toBe(true);
    expect(browser.bootOptions[0]).toMatchObject({ coep: 'require-corp' });
    expect(browser.env.fetch).not.toHaveBeenCalled();
  });

  it('boots with credentialless where the page has it, or when the policy cannot be read', async () => {
    for (const embedderPolicy of [async () => 'credentialless' as const, () => Promise.reject(new Error('no'))]) {
      const browser = fakeBrowser();
      browser.env.embedderPolicy = embedderPolicy;
      expect((await browser.booter.boot()).ok).toBe(true);
      expect(browser.bootOptions[0]).toMatchObject({ coep: 'credentialless' });
      expect(browser.env.fetch).toHaveBeenCalled();
    }
  });
});
