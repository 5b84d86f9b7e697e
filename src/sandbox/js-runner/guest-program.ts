import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { BOOTSTRAP_SOURCE } from './guest-sources';
import { createHostObject, type HostDeps, type RunState } from './host-bindings';
import { MAX_STACK_BYTES, REPORTING_HEAP_HEADROOM_BYTES } from './limits';
import type { MemoryVolume } from './memory-volume';

/** How a run ended. */
export type Outcome =
  | { kind: 'finished'; exitCode: number }
  | { kind: 'exit'; exitCode: number }
  | { kind: 'timeout' }
  | { kind: 'memory' }
  | { kind: 'abort' }
  /** The host engine failed inside QuickJS (see RunState.engineFailure); the module must be dropped. */
  | { kind: 'crash'; message: string };

export interface ProgramOptions {
  module: QuickJSWASMModule;
  volume: MemoryVolume;
  /** JSON handed to the bootstrap (argv, env, cwd, main…). */
  configJson: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  parse: HostDeps['parse'];
  signal?: AbortSignal;
  /** Hands the program's file changes to the host; called while it waits on timers. */
  flush: () => void;
  /**
   * Called from QuickJS's interrupt handler (every few thousand bytecodes) while the program
   * computes: the only moment the engine's own periodic work can run during a busy loop.
   */
  onTick?: () => void;
}

/** `internal.*` results that mean "keep going" / "a callback ran". */
const NONE = -1;
const RAN = -2;
/** A call threw and an 'uncaughtException' listener dealt with it: carry on. */
const HANDLED = -3;
/** Hand the page back its event loop at least this often while timers keep firing. */
const YIELD_EVERY_MS = 50;

type Step = Outcome | undefined;

/**
 * One program in one QuickJS runtime: limits, bootstrap, main module, then Node's event loop
 * (microtasks → unhandled-rejection check → timers/immediates), with the host sleeping between
 * timers. The runtime is thrown away afterwards.
 */
export class GuestProgram {
  private readonly runtime: QuickJSRuntime;
  private readonly vm: QuickJSContext;
  private readonly state: RunState = { exitCode: undefined, engineFailure: undefined };
  private readonly deadline: number;
  private internal: QuickJSHandle | undefined;

  constructor(private readonly options: ProgramOptions) {
    this.deadline = performance.now() + options.timeoutMs;
    this.runtime = options.module.newRuntime();
    this.runtime.setMemoryLimit(options.memoryLimitBytes);
    this.runtime.setMaxStackSize(MAX_STACK_BYTES);
    this.runtime.setInterruptHandler(() => {
      options.onTick?.();
      return (
        this.state.exitCode !== undefined ||
        this.state.engineFailure !== undefined ||
        performance.now() > this.deadline ||
        options.signal?.aborted === true
      );
    });
    this.vm = this.runtime.newContext();
  }

  async run(): Promise<Outcome> {
    const started = this.bootstrap();
    if (started) return started;
    const afterMain = this.callVoid('runMain');
    if (afterMain) return this.end(afterMain);
    return this.end(await this.loop());
  }

  dispose(): void {
    this.internal?.dispose();
    this.vm.dispose();
    this.runtime.dispose();
  }

  private bootstrap(): Step {
    const { vm } = this;
    const host = createHostObject({
      vm,
      runtime: this.runtime,
      volume: this.options.volume,
      state: this.state,
      stdout: this.options.stdout,
      stderr: this.options.stderr,
      stdin: this.options.stdin,
      memoryLimitBytes: this.options.memoryLimitBytes,
      parse: this.options.parse,
    });
    const config = vm.newString(this.options.configJson);
    try {
      const fn = vm.evalCode(BOOTSTRAP_SOURCE, 'node:internal/bootstrap', { type: 'global' });
      if (fn.error) return this.fatal(fn.error);
      const result = vm.callFunction(fn.value, vm.undefined, host, config);
      fn.value.dispose();
      if (result.error) return this.fatal(result.error);
      this.internal = result.value;
      return undefined;
    } finally {
      host.dispose();
      config.dispose();
    }
  }

  /** The event loop; returns when nothing is left to run or the program is stopped. */
  private async loop(): Promise<Step> {
    let lastYield = performance.now();
    for (;;) {
      const drained = this.drainJobs();
      if (drained) return drained;

      let next = this.callNumber('runNextTimer');
      if (typeof next !== 'number') return next;
      if (next === NONE) {
        // 'beforeExit' listeners may schedule more work, as in Node.
        const hasListeners = this.callNumber('hasBeforeExitListeners');
        if (typeof hasListeners !== 'number') return hasListeners;
        if (hasListeners !== 1) return undefined;
        const emitted = this.callVoid('emitBeforeExit') ?? this.drainJobs();
        if (emitted) return emitted;
        next = this.callNumber('runNextTimer');
        if (typeof next !== 'number') return next;
        if (next === NONE) return undefined;
      }
      if (next === RAN || next === HANDLED) {
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          this.options.flush();
          await this.sleep(0);
          lastYield = performance.now();
        }
        continue;
      }
      const remaining = this.deadline - performance.now();
      this.options.flush();
      await this.sleep(Math.min(next, Math.max(0, remaining)));
      lastYield = performance.now();
      if (this.options.signal?.aborted) return { kind: 'abort' };
      if (performance.now() > this.deadline) return { kind: 'timeout' };
    }
  }

  /** Runs promise jobs until none are left, checking after each batch for uncaught errors. */
  private drainJobs(): Step {
    for (;;) {
      const jobs = this.runtime.executePendingJobs(-1);
      if (jobs.error) {
        const step = this.onError(jobs.error);
        if (step) return step;
      }
      const after = this.callNumber('afterJobs');
      if (typeof after !== 'number') return after;
      if (after >= 0) return { kind: 'finished', exitCode: after };
      if (!this.runtime.hasPendingJob()) return undefined;
    }
  }

  /** After the loop: 'exit' listeners and the exit code (unless the program was stopped). */
  private end(step: Step): Outcome {
    if (step && step.kind !== 'finished') return step;
    const code = this.callNumber('finish', step?.exitCode);
    if (typeof code !== 'number') return code ?? { kind: 'finished', exitCode: 1 };
    return { kind: 'finished', exitCode: code === HANDLED ? 1 : code };
  }

  private callVoid(name: string): Step {
    const result = this.call(name, undefined);
    return typeof result === 'object' ? result : undefined;
  }

  /** Calls `internal[name](arg)`; a number, or how the program stopped (undefined: an error was handled). */
  private callNumber(name: string, arg?: number): number | Step {
    return this.call(name, arg);
  }

  private call(name: string, arg: number | undefined): number | Step {
    const { vm } = this;
    if (!this.internal) return { kind: 'finished', exitCode: 1 };
    const fn = vm.getProp(this.internal, name);
    const argument = arg === undefined ? vm.undefined : vm.newNumber(arg);
    try {
      const result = vm.callFunction(fn, this.internal, argument);
      if (result.error) return this.onError(result.error) ?? HANDLED;
      const type = vm.typeof(result.value);
      const value = type === 'number' ? vm.getNumber(result.value) : type === 'boolean' ? Number(vm.dump(result.value)) : NONE;
      result.value.dispose();
      return value;
    } finally {
      fn.dispose();
      if (arg !== undefined) argument.dispose();
    }
  }

  /** An error escaped into the host: a stop (exit, limits), else Node's uncaught-exception path. */
  private onError(error: QuickJSHandle): Step {
    try {
      const stop = this.stopReason(error);
      if (stop) return stop;
      if (!this.internal) return this.fatal(error);
      const { vm } = this;
      // Printing must not fail for lack of memory: allow a little more while reporting.
      this.runtime.setMemoryLimit(this.options.memoryLimitBytes + REPORTING_HEAP_HEADROOM_BYTES);
      const fn = vm.getProp(this.internal, 'handleUncaught');
      const result = vm.callFunction(fn, this.internal, error);
      fn.dispose();
      this.runtime.setMemoryLimit(this.options.memoryLimitBytes);
      if (result.error) {
        const nested = this.stopReason(result.error);
        if (!nested) this.options.stderr(`${this.describe(error)}\n(node: the error handler failed as well: ${this.describe(result.error)})\n`);
        result.error.dispose();
        return nested ?? { kind: 'finished', exitCode: 7 };
      }
      const code = vm.getNumber(result.value);
      result.value.dispose();
      return code === NONE ? undefined : { kind: 'finished', exitCode: code };
    } finally {
      error.dispose();
    }
  }

  /** Before `internal` exists (bootstrap failed): print what we can. */
  private fatal(error: QuickJSHandle): Outcome {
    const stop = this.stopReason(error);
    if (!stop) this.options.stderr(`node: the offline runtime failed to start: ${this.describe(error)}\n`);
    error.dispose();
    return stop ?? { kind: 'finished', exitCode: 1 };
  }

  private stopReason(error: QuickJSHandle): Outcome | undefined {
    if (this.state.engineFailure !== undefined) return { kind: 'crash', message: this.state.engineFailure };
    if (this.state.exitCode !== undefined) return { kind: 'exit', exitCode: this.state.exitCode };
    if (this.options.signal?.aborted) return { kind: 'abort' };
    const { name, message } = this.errorFields(error);
    if (name === 'InternalError' && message === 'out of memory') return { kind: 'memory' };
    if (performance.now() > this.deadline || (name === 'InternalError' && message === 'interrupted')) return { kind: 'timeout' };
    return undefined;
  }

  private errorFields(error: QuickJSHandle): { name: string; message: string } {
    const { vm } = this;
    if (vm.typeof(error) !== 'object') return { name: '', message: '' };
    const read = (key: string) => {
      const handle = vm.getProp(error, key);
      try {
        return vm.typeof(handle) === 'string' ? vm.getString(handle) : '';
      } finally {
        handle.dispose();
      }
    };
    try {
      return { name: read('name'), message: read('message') };
    } catch {
      return { name: '', message: '' };
    }
  }

  private describe(error: QuickJSHandle): string {
    const { name, message } = this.errorFields(error);
    return name || message ? `${name}: ${message}` : 'unknown error';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.options.signal;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
