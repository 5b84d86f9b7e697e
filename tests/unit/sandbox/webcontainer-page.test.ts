import { describe, expect, it } from 'vitest';
import { WebContainerBooter, type BootEnvironment } from '../../../src/sandbox/webcontainer/boot';
import { keptAcrossHotReload, type HotDataHolder } from '../../../src/sandbox/webcontainer/hot-reload-keep';
import { pageEmbedderPolicy } from '../../../src/sandbox/webcontainer/page-coep';
import type { WebContainerApiLike, WebContainerLike } from '../../../src/sandbox/webcontainer/types';
import { FakeWebContainer } from './fake-webcontainer';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe("the page's COEP", () => {
  it("is the COI service worker's mode when the worker serves the page", async () => {
    const fetchPageHeaders = () => Promise.reject(new Error('not asked'));
    expect(await pageEmbedderPolicy({ controllerScriptUrl: () => 'https://x.example/app/coi-serviceworker.js?coep=require-corp', fetchPageHeaders })).toBe('require-corp');
    expect(await pageEmbedderPolicy({ controllerScriptUrl: () => 'https://x.example/coi-serviceworker.js?coep=credentialless', fetchPageHeaders })).toBe('credentialless');
  });

  it("is the host's header otherwise (Safari on a host sending require-corp included)", async () => {
    const policy = (value: string | undefined) =>
      pageEmbedderPolicy({
        controllerScriptUrl: () => undefined,
        fetchPageHeaders: async () => headers(value === undefined ? {} : { 'cross-origin-embedder-policy': value }),
      });
    expect(await policy('require-corp')).toBe('require-corp');
    expect(await policy('require-corp; report-to="coep"')).toBe('require-corp');
    expect(await policy('credentialless')).toBe('credentialless');
    expect(await policy(undefined)).toBe('credentialless');
  });

  it('is credentialless when the page cannot be asked', async () => {
    expect(await pageEmbedderPolicy({ controllerScriptUrl: () => 'https://x.example/other-worker.js', fetchPageHeaders: () => Promise.reject(new Error('offline')) })).toBe(
      'credentialless',
    );
  });
});

describe('a dev-server hot reload of the boot module', () => {
  /** boot() as the library does it: a second one on the page throws. */
  function singleInstanceApi(): WebContainerApiLike & { calls: number } {
    const api = {
      calls: 0,
      WebContainer: {
        boot: async (): Promise<WebContainerLike> => {
          api.calls += 1;
          if (api.calls > 1) throw new Error('Only a single WebContainer instance can be booted');
          return new FakeWebContainer();
        },
      },
      configureAPIKey: () => undefined,
    };
    return api;
  }

  function environment(api: WebContainerApiLike): BootEnvironment {
    return {
      isCrossOriginIsolated: () => true,
      hasSharedArrayBuffer: () => true,
      fetch: async () => ({}),
      loadApi: async () => api,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    };
  }

  it('keeps the booted container: the re-run module does not call boot() again', async () => {
    const api = singleInstanceApi();
    const hot: HotDataHolder = { data: {} };
    // The module's first run, then its re-run after a hot update (same hot.data).
    const first = keptAcrossHotReload(hot, 'booter', () => new WebContainerBooter(environment(api)));
    expect((await first.boot()).ok).toBe(true);
    const rerun = keptAcrossHotReload(hot, 'booter', () => new WebContainerBooter(environment(api)));
    expect(rerun).toBe(first);
    expect((await rerun.boot()).ok).toBe(true);
    expect(api.calls).toBe(1);
  });

  it('without the guard, the second run would have failed as the issue describes', async () => {
    const api = singleInstanceApi();
    expect((await new WebContainerBooter(environment(api)).boot()).ok).toBe(true);
    const outcome = await new WebContainerBooter(environment(api)).boot();
    expect(outcome.ok).toBe(false);
    expect(outcome.state).toMatchObject({ cause: 'boot-error', reason: expect.stringContaining('Only a single WebContainer instance') });
  });

  it('makes a fresh value where there is no hot reloading (production)', () => {
    expect(keptAcrossHotReload(undefined, 'k', () => 1)).toBe(1);
    expect(keptAcrossHotReload(undefined, 'k', () => 2)).toBe(2);
  });
});
