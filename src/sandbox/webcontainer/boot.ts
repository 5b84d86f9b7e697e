import type { Sandbox } from '../port';
import { createWebContainerSandbox, type WebContainerSandboxOptions } from './adapter';
import { BootStateStore, describeFallback, type BootState, type FallbackCause } from './boot-state';
import { keptAcrossHotReload } from './hot-reload-keep';
import { pageEmbedderPolicy, type EmbedderPolicy } from './page-coep';
import { DEFAULT_RUNTIME_ORIGIN, probeRuntime } from './probe';
import type { WebContainerApiLike, WebContainerLike } from './types';

/** Everything environment-specific the boot needs, injectable so it runs under Node tests. */
export interface BootEnvironment {
  isCrossOriginIsolated(): boolean;
  hasSharedArrayBuffer(): boolean;
  fetch(url: string, init: RequestInit): Promise<unknown>;
  /** Loads @webcontainer/api; a dynamic import, so first paint never pays for it. */
  loadApi(): Promise<WebContainerApiLike>;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  /**
   * The page's Cross-Origin-Embedder-Policy, which boot()'s `coep` must match (page-coep.ts).
   * Absent: credentialless, what our headers and COI worker serve by default.
   */
  embedderPolicy?(): Promise<EmbedderPolicy>;
}

export interface WebContainerBootOptions {
  /** WebContainer API key (commercial production use); passed to configureAPIKey before boot. */
  apiKey?: string;
  /** How long boot() may take before we fall back (default 20 s). */
  timeoutMs?: number;
  /** How long the reachability probe may take (default 3 s). */
  probeTimeoutMs?: number;
  /** Workdir folder name: `/home/<name>` (default `project`). */
  workdirName?: string;
  /** Where the runtime loads from (default https://stackblitz.com). */
  runtimeOrigin?: string;
  /** Skip the network probe (e.g. a site served with COEP require-corp, where it cannot work). */
  skipProbe?: boolean;
}

export type BootOutcome =
  | { ok: true; container: WebContainerLike; state: BootState }
  | { ok: false; state: Extract<BootState, { status: 'fallback' }> };

export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

/**
 * Boots WebContainer at most once, as a visible state machine.
 *
 * Why never twice: WebContainer.boot() inserts the stackblitz.com iframe once and caches the
 * promise for it; while a boot is pending it holds a lock, and a second boot() just waits on
 * that lock. Offline that first boot never settles, so a second call can never finish sooner,
 * and if the first one does finish late the second throws "Only a single WebContainer instance
 * can be booted". So a Retry races the same pending boot() promise against a fresh timeout
 * (after a fresh probe); boot() is called again only after the previous call has rejected.
 * Concurrent callers share one attempt.
 */
export class WebContainerBooter {
  private attempt: Promise<BootOutcome> | undefined;
  private bootCall: Promise<WebContainerLike> | undefined;
  private container: WebContainerLike | undefined;
  private configuredKey: string | undefined;
  private calls = 0;

  constructor(
    private readonly env: BootEnvironment,
    readonly state: BootStateStore = new BootStateStore(),
  ) {}

  /** How many times WebContainer.boot() was called (diagnostics and tests). */
  get bootCallCount(): number {
    return this.calls;
  }

  boot(options: WebContainerBootOptions = {}): Promise<BootOutcome> {
    this.attempt ??= this.run(options).finally(() => {
      this.attempt = undefined;
    });
    return this.attempt;
  }

  /** Records that WebContainer is off by choice (nothing is loaded or probed). */
  disable(): BootOutcome {
    return this.fallback('disabled');
  }

  private async run(options: WebContainerBootOptions): Promise<BootOutcome> {
    const startedAt = this.env.now();
    if (this.container) return this.ready(this.container, startedAt);

    this.state.set({ status: 'probing', since: startedAt });
    if (!this.env.isCrossOriginIsolated()) return this.fallback('not-isolated');
    if (!this.env.hasSharedArrayBuffer()) return this.fallback('no-shared-array-buffer');
    const runtimeOrigin = options.runtimeOrigin ?? DEFAULT_RUNTIME_ORIGIN;
    const coep: EmbedderPolicy = (await this.env.embedderPolicy?.().catch(() => undefined)) ?? 'credentialless';
    // Under require-corp the no-cors probe's opaque answer (no CORP header) is blocked and would
    // read as unreachable: there the boot timeout alone bounds the wait.
    if (!options.skipProbe && coep !== 'require-corp') {
      const probe = await probeRuntime(runtimeOrigin, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, this.env);
      if (!probe.reachable) return this.fallback('unreachable', { runtimeOrigin });
    }

    this.state.set({ status: 'booting', since: this.env.now() });
    let warning: string | undefined;
    let call: Promise<WebContainerLike>;
    try {
      ({ call, warning } = await this.startBoot(options, coep));
    } catch (error) {
      return this.fallback('boot-error', { error: `the WebContainer library could not be loaded (${messageOf(error)})` });
    }

    const timeoutMs = options.timeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
    const result = await this.raceTimeout(call, timeoutMs);
    if (result.kind === 'ready') return this.ready(result.container, startedAt, warning);
    if (result.kind === 'timeout') return this.fallback('timeout', { timeoutMs });
    return this.fallback('boot-error', { error: `boot failed (${messageOf(result.error)})` });
  }

  /** The one boot() promise: the pending one if there is one, else a new call. */
  private async startBoot(options: WebContainerBootOptions, coep: EmbedderPolicy): Promise<{ call: Promise<WebContainerLike>; warning?: string }> {
    let warning: string | undefined;
    if (this.bootCall) {
      if (options.apiKey && options.apiKey !== this.configuredKey) warning = 'The new API key takes effect after reloading the page.';
      return { call: this.bootCall, warning };
    }
    const api = await this.env.loadApi();
    if (options.apiKey && this.configuredKey === undefined) {
      try {
        api.configureAPIKey(options.apiKey); // Must precede the first boot() call of the page.
        this.configuredKey = options.apiKey;
      } catch (error) {
        warning = `The API key could not be applied (${messageOf(error)}).`;
      }
    } else if (options.apiKey && options.apiKey !== this.configuredKey) {
      warning = 'The new API key takes effect after reloading the page.';
    }

    this.calls += 1;
    const call = (async () =>
      api.WebContainer.boot({
        // The page's own policy: the typings say it must match the page's COEP header. Usually
        // credentialless (previews can then load third-party assets without CORP headers);
        // require-corp where the COI worker had to fall back to it (Safari).
        coep,
        workdirName: options.workdirName ?? 'project',
        // Errors thrown in preview pages come back as 'preview-message' events for the agent.
        forwardPreviewErrors: true,
      }))();
    this.bootCall = call;
    call.then(
      (container) => {
        this.container = container;
        this.updateLateBoot(); // A boot that finished after we fell back: Retry is now instant.
      },
      () => {
        // A rejected boot released WebContainer's lock: the next attempt may call boot() again.
        if (this.bootCall === call) this.bootCall = undefined;
        this.updateLateBoot();
      },
    );
    return { call, warning };
  }

  private async raceTimeout(
    call: Promise<WebContainerLike>,
    timeoutMs: number,
  ): Promise<{ kind: 'ready'; container: WebContainerLike } | { kind: 'timeout' } | { kind: 'error'; error: unknown }> {
    let timer: unknown;
    const timeout = new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = this.env.setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    });
    try {
      return await Promise.race([
        call.then(
          (container) => ({ kind: 'ready' as const, container }),
          (error: unknown) => ({ kind: 'error' as const, error }),
        ),
        timeout,
      ]);
    } finally {
      this.env.clearTimeout(timer);
    }
  }

  private ready(container: WebContainerLike, startedAt: number, warning?: string): BootOutcome {
    const state: BootState = { status: 'ready', workdir: container.workdir, ms: this.env.now() - startedAt };
    if (warning) state.warning = warning;
    this.state.set(state);
    return { ok: true, container, state };
  }

  private fallback(cause: FallbackCause, details: Parameters<typeof describeFallback>[1] = {}): Extract<BootOutcome, { ok: false }> {
    const { reason, hint } = describeFallback(cause, details);
    const state: Extract<BootState, { status: 'fallback' }> = { status: 'fallback', cause, reason };
    if (hint) state.hint = hint;
    const late = cause === 'disabled' ? undefined : this.lateBoot();
    if (late) state.lateBoot = late;
    state.remedy = remedyFor(cause, late);
    this.state.set(state);
    return { ok: false, state };
  }

  private lateBoot(): 'pending' | 'ready' | undefined {
    if (this.container) return 'ready';
    return this.bootCall ? 'pending' : undefined;
  }

  private updateLateBoot(): void {
    const current = this.state.get();
    if (current.status !== 'fallback' || current.cause === 'disabled' || this.attempt) return;
    const { lateBoot: _previous, ...rest } = current;
    const late = this.lateBoot();
    const remedy = remedyFor(current.cause, late);
    this.state.set(late ? { ...rest, lateBoot: late, remedy } : { ...rest, remedy });
  }
}

export interface BootSandboxOptions extends WebContainerBootOptions {
  /** The user's setting; false skips WebContainer entirely (default true). */
  preferWebContainer?: boolean;
  /** Makes the offline sandbox (the app passes createOfflineSandbox). */
  createOffline: () => Sandbox | Promise<Sandbox>;
  /** Options for the WebContainer adapter. */
  sandboxOptions?: WebContainerSandboxOptions;
  /** Defaults to the page-wide booter (see getWebContainerBooter). */
  booter?: WebContainerBooter;
}

/**
 * Picks the sandbox for the session: WebContainer when it boots, else the offline sandbox.
 * Never waits on a hang: the probe and the boot timeout bound the time to a usable sandbox.
 * Call it again for Retry (the booter never boots twice). The state is also published on the
 * booter's store for the UI.
 */
export async function bootSandbox(options: BootSandboxOptions): Promise<{ sandbox: Sandbox; state: BootState }> {
  const booter = options.booter ?? getWebContainerBooter();
  if (options.preferWebContainer === false) {
    const { state } = booter.disable();
    return { sandbox: await options.createOffline(), state };
  }
  const outcome = await booter.boot(options);
  if (outcome.ok) return { sandbox: createWebContainerSandbox(outcome.container, options.sandboxOptions), state: outcome.state };
  return { sandbox: await options.createOffline(), state: outcome.state };
}

/** The real browser: globals read at call time, @webcontainer/api imported on first use. */
export function browserBootEnvironment(): BootEnvironment {
  return {
    isCrossOriginIsolated: () => globalThis.crossOriginIsolated === true,
    hasSharedArrayBuffer: () => typeof globalThis.SharedArrayBuffer === 'function',
    fetch: (url, init) => globalThis.fetch(url, init),
    loadApi: () => import('@webcontainer/api'),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
    embedderPolicy: () => pageEmbedderPolicy(),
  };
}

/** The page-wide boot state, for the UI (`$webContainerBootState` in Svelte); survives hot reloads. */
export const webContainerBootState = keptAcrossHotReload(import.meta.hot, 'glassbox:webcontainer-boot-state', () => new BootStateStore());

let pageBooter: WebContainerBooter | undefined;

/** The page-wide booter: one per page, like WebContainer itself, hot reloads included. */
export function getWebContainerBooter(): WebContainerBooter {
  pageBooter ??= keptAcrossHotReload(
    import.meta.hot,
    'glassbox:webcontainer-booter',
    () => new WebContainerBooter(browserBootEnvironment(), webContainerBootState),
  );
  return pageBooter;
}

/**
 * Retry, unless a boot() is still pending: the library then keeps that one pending iframe promise
 * (and its lock) for the page's lifetime, so no Retry can start a fresh boot; a hang (a content
 * blocker, a blocked third-party iframe) is only undone by reloading. A boot that finished late
 * makes Retry instant; a boot that failed released the lock, so Retry boots anew.
 */
function remedyFor(cause: FallbackCause, late: 'pending' | 'ready' | undefined): 'retry' | 'reload' | 'none' {
  if (cause === 'disabled') return 'none';
  return late === 'pending' ? 'reload' : 'retry';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
