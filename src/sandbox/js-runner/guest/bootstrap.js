/*
 * Guest bootstrap, evaluated once per run inside QuickJS. It receives the host bindings (the only
 * way out of the sandbox: stdout/stderr, the in-memory workspace copy, the clock) and returns the
 * `internal` object the host drives: run the main module, run timers, report errors, finish.
 * Nothing here can reach the page: QuickJS has no fetch, DOM or storage, and `host` exposes none.
 */
// The file's value is this function (the host evaluates the file and calls it).
// eslint-disable-next-line @typescript-eslint/no-unused-expressions
(function bootstrap(host, configJson) {
  'use strict';

  const config = JSON.parse(configJson);
  // Captured now: the program may replace JSON.parse, but the runtime's own calls must keep working.
  const jsonParse = JSON.parse;
  const NativePromise = Promise;
  const nativeThen = Promise.prototype.then;
  const resolved = NativePromise.resolve();

  const internal = { config };

  // ---- host bindings, wrapped so guest modules see plain values -------------------------------

  function toArrayBuffer(bytes) {
    if (bytes instanceof ArrayBuffer) return bytes;
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  internal.toArrayBuffer = toArrayBuffer;
  internal.writeOut = (fd, text) => host.write(fd, String(text));
  internal.stdin = () => host.stdin();
  // A lone surrogate would reach the host as invalid UTF-8 (three U+FFFD); Node encodes one U+FFFD.
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
  const wellFormed = (text) => (LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\ufffd') : text);
  internal.encodeUtf8 = (text) => host.encodeUtf8(wellFormed(String(text)));
  internal.decodeUtf8 = (bytes) => host.decodeUtf8(toArrayBuffer(bytes));
  internal.fsStat = (path) => jsonParse(host.stat(path));
  internal.fsReadText = (path) => host.readText(path);
  internal.fsReadBytes = (path) => new Uint8Array(host.readBytes(path));
  internal.fsWrite = (path, data, append) => host.writeFile(path, typeof data === 'string' ? data : toArrayBuffer(data), !!append);
  internal.fsReaddir = (path) => jsonParse(host.readdir(path));
  internal.fsMkdir = (path, recursive) => host.mkdir(path, !!recursive);
  internal.fsRemove = (path, expect) => host.remove(path, expect);
  internal.fsRename = (from, to) => host.rename(from, to);
  internal.readSource = (path) => host.readText(path);
  internal.promiseState = (promise) => host.promiseState(promise);
  internal.now = () => host.now();
  internal.compile = (source, filename, mode) => host.compile(source, filename, mode);
  internal.exit = (code) => host.exit(code);
  internal.memoryUsage = () => jsonParse(host.memoryUsage());
  internal.randomBytes = (size) => host.randomBytes(size);
  internal.urlParts = (input, base, key, value) => host.urlParts(input, base, key, value);

  // ---- core modules ---------------------------------------------------------------------------

  const coreCache = new Map();
  internal.coreExports = new Map();

  function loadCore(request) {
    const preset = internal.coreExports.get(request);
    if (preset !== undefined) return preset();
    // A bundled npm package's own `require('base64-js')` means the bundled copy.
    const deps = `internal/deps/${request}`;
    const cached = coreCache.get(request) || coreCache.get(deps);
    if (cached) return cached.exports;
    let name = request;
    let source = host.coreSource(name);
    if (typeof source !== 'string') {
      name = deps;
      source = host.coreSource(name);
    }
    if (typeof source !== 'string') return undefined;
    const module = { exports: {}, id: `node:${name}`, loaded: false };
    coreCache.set(name, module);
    try {
      const fn = host.compile(source, `node:${name}`, 'internal');
      fn.call(module.exports, module.exports, internalRequire, module, internal);
    } catch (error) {
      coreCache.delete(name);
      throw error;
    }
    module.loaded = true;
    return module.exports;
  }

  function internalRequire(id) {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    const exports = loadCore(name);
    if (exports === undefined) throw new Error(`internal: no core module ${id}`);
    return exports;
  }
  internal.loadCore = loadCore;
  internal.require = internalRequire;

  // ---- unhandled rejections -------------------------------------------------------------------
  // QuickJS's rejection hook is not exposed, so promises are followed here: `then` marks its
  // receiver handled and follows the promise it returns; `await` reads `constructor`, which marks
  // it too; async functions and `new Promise` in user code are wrapped by the host's transform.

  const tracked = new WeakMap();
  const pendingRejections = [];
  let internalCall = false;

  function markHandled(promise) {
    const state = tracked.get(promise);
    if (state) state.handled = true;
  }

  function track(promise) {
    if (!(promise instanceof NativePromise) || tracked.has(promise)) return promise;
    const state = { handled: false };
    tracked.set(promise, state);
    internalCall = true;
    try {
      nativeThen.call(promise, undefined, (reason) => {
        if (!state.handled) pendingRejections.push({ promise, reason, state });
      });
    } finally {
      internalCall = false;
    }
    return promise;
  }
  internal.track = track;

  Object.defineProperty(NativePromise.prototype, 'then', {
    value: function then(onFulfilled, onRejected) {
      markHandled(this);
      return track(nativeThen.call(this, onFulfilled, onRejected));
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.defineProperty(NativePromise.prototype, 'constructor', {
    get() {
      if (!internalCall) markHandled(this);
      return NativePromise;
    },
    set(value) {
      Object.defineProperty(this, 'constructor', { value, writable: true, configurable: true, enumerable: true });
    },
    configurable: true,
    enumerable: false,
  });
  for (const name of ['reject', 'all', 'allSettled', 'any', 'race']) {
    const original = NativePromise[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(NativePromise, name, {
      value: {
        [name](...args) {
          return track(original.apply(this, args));
        },
      }[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  // ---- task queues: nextTick, microtasks, timers, immediates ----------------------------------

  const pendingUncaught = [];
  const tickQueue = [];
  let tickScheduled = false;

  function runTicks() {
    tickScheduled = false;
    while (tickQueue.length > 0) {
      const [fn, args] = tickQueue.shift();
      try {
        fn(...args);
      } catch (error) {
        pendingUncaught.push(error);
      }
    }
  }

  internal.nextTick = function nextTick(fn, ...args) {
    if (typeof fn !== 'function') throw invalidCallback(fn);
    tickQueue.push([fn, args]);
    if (!tickScheduled) {
      tickScheduled = true;
      nativeThen.call(resolved, runTicks);
    }
  };

  function queueMicrotask(fn) {
    if (typeof fn !== 'function') throw invalidCallback(fn);
    nativeThen.call(resolved, () => {
      try {
        fn();
      } catch (error) {
        pendingUncaught.push(error);
      }
    });
  }

  /** Runs `fn` on a later turn (after the current timers/immediates): fs callbacks, stream events. */
  internal.defer = (fn) => setImmediate(fn);

  function invalidCallback(value) {
    const error = new TypeError(`The "callback" argument must be of type function. Received ${value === null ? 'null' : typeof value}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    return error;
  }

  const TIMEOUT_MAX = 2 ** 31 - 1;
  const RAN = -2;
  const NONE = -1;
  let timerSeq = 0;
  let refedTimers = 0;
  const timersById = new Map();
  const heap = [];
  let immediateQueue = [];
  let checkQueue = [];
  let phase = 'timers';
  let phaseNow = 0;

  function heapLess(a, b) {
    return a.when < b.when || (a.when === b.when && a.seq < b.seq);
  }
  function heapPush(entry) {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!heapLess(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }
  function heapPop() {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heapLess(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && heapLess(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
  /** The earliest live entry (stale ones, left by clear/refresh, are dropped). */
  function heapPeek() {
    while (heap.length > 0) {
      const top = heap[0];
      if (!top.timer._destroyed && top.seq === top.timer._seq) return top;
      heapPop();
    }
    return undefined;
  }

  class Timeout {
    constructor(callback, after, args, repeat) {
      after = Number(after);
      if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = repeat ? after : null;
      this._destroyed = false;
      this._refed = true;
      this._id = ++timerSeq;
      refedTimers++;
      timersById.set(this._id, this);
      this._schedule();
    }
    _schedule() {
      this._seq = ++timerSeq;
      heapPush({ timer: this, when: host.now() + this._idleTimeout, seq: this._seq });
    }
    ref() {
      if (!this._refed && !this._destroyed) {
        this._refed = true;
        refedTimers++;
      }
      return this;
    }
    unref() {
      if (this._refed && !this._destroyed) {
        this._refed = false;
        refedTimers--;
      }
      return this;
    }
    hasRef() {
      return this._refed;
    }
    refresh() {
      if (!this._destroyed) this._schedule();
      return this;
    }
    close() {
      clearTimeout(this);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this._id;
    }
  }

  class Immediate {
    constructor(callback, args) {
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      this._refed = true;
    }
    ref() {
      this._refed = true;
      return this;
    }
    unref() {
      this._refed = false;
      return this;
    }
    hasRef() {
      return this._refed;
    }
  }

  function setTimeout(callback, after, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    return new Timeout(callback, after, args, false);
  }
  function setInterval(callback, repeat, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    return new Timeout(callback, repeat, args, true);
  }
  function clearTimeout(timer) {
    if (timer === null || timer === undefined) return;
    const target = timer instanceof Timeout ? timer : timersById.get(Number(timer));
    if (!target || target._destroyed) return;
    target._destroyed = true;
    if (target._refed) refedTimers--;
    timersById.delete(target._id);
  }
  function setImmediate(callback, ...args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    const immediate = new Immediate(callback, args);
    immediateQueue.push(immediate);
    return immediate;
  }
  function clearImmediate(immediate) {
    if (immediate instanceof Immediate) immediate._destroyed = true;
  }

  // util.promisify(setTimeout) resolves after the delay, as in Node.
  const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
  setTimeout[kCustomPromisify] = (delay, value) => new NativePromise((resolve) => setTimeout(resolve, delay, value));
  setImmediate[kCustomPromisify] = (value) => new NativePromise((resolve) => setImmediate(resolve, value));

  internal.timers = { setTimeout, setInterval, clearTimeout, clearInterval: clearTimeout, setImmediate, clearImmediate, Timeout, Immediate };

  function runTimer(timer) {
    if (timer._repeat !== null) {
      timer._schedule();
    } else {
      timer._destroyed = true;
      if (timer._refed) refedTimers--;
      timersById.delete(timer._id);
    }
    timer._onTimeout.apply(timer, timer._timerArgs);
  }

  /**
   * Runs the next due callback, Node's loop order: due timers, then immediates queued before this
   * check phase. Returns RAN (-2) when one ran, NONE (-1) when nothing keeps the loop alive, or the
   * milliseconds until the next timer is due (the host sleeps that long).
   */
  internal.runNextTimer = function runNextTimer() {
    for (;;) {
      if (phase === 'timers') {
        if (phaseNow === 0) phaseNow = host.now();
        const entry = heapPeek();
        if (entry && entry.when <= phaseNow) {
          heapPop();
          runTimer(entry.timer);
          return RAN;
        }
        phase = 'check';
        checkQueue = immediateQueue;
        immediateQueue = [];
      }
      while (checkQueue.length > 0) {
        const immediate = checkQueue.shift();
        if (immediate._destroyed) continue;
        immediate._destroyed = true;
        immediate._onImmediate.apply(immediate, immediate._argv);
        return RAN;
      }
      phase = 'timers';
      phaseNow = 0;
      if (immediateQueue.some((immediate) => !immediate._destroyed)) continue;
      if (refedTimers <= 0) return NONE;
      const entry = heapPeek();
      if (!entry) return NONE;
      const delay = entry.when - host.now();
      if (delay <= 0) continue;
      return delay;
    }
  };

  // ---- errors, the end of the run -------------------------------------------------------------

  let process;
  let exiting = false;

  function toExitCode(value) {
    if (value === undefined || value === null) return 0;
    const code = Number(value);
    return Number.isFinite(code) ? (code | 0) & 0xff : 0;
  }
  internal.toExitCode = toExitCode;

  /** An uncaught exception: 'uncaughtException' listeners, else print it as Node does. */
  internal.handleUncaught = function handleUncaught(error, origin = 'uncaughtException') {
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', error, origin);
      return NONE;
    }
    internal.writeOut(2, internalRequire('internal/errors').formatFatal(error, origin));
    return 1;
  };

  /** After the host drained the job queue: errors from ticks/microtasks, then unhandled rejections. */
  internal.afterJobs = function afterJobs() {
    if (pendingUncaught.length > 0) return internal.handleUncaught(pendingUncaught.shift());
    while (pendingRejections.length > 0) {
      const { promise, reason, state } = pendingRejections.shift();
      if (state.handled) continue;
      state.handled = true;
      if (process.listenerCount('unhandledRejection') > 0) {
        process.emit('unhandledRejection', reason, promise);
        continue;
      }
      return internal.handleUncaught(reason, 'unhandledRejection');
    }
    return NONE;
  };

  internal.hasBeforeExitListeners = () => process.listenerCount('beforeExit') > 0;
  internal.emitBeforeExit = () => process.emit('beforeExit', toExitCode(process.exitCode));

  /** Emits 'exit' once and returns the final exit code. */
  internal.finish = function finish(code) {
    if (code !== undefined && code !== null) process.exitCode = code;
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', toExitCode(process.exitCode));
    }
    return toExitCode(process.exitCode);
  };

  internal.exitProcess = function exitProcess(code) {
    if (code !== undefined) process.exitCode = code;
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', toExitCode(process.exitCode));
    }
    // Never returns: the host stops the program and ignores any output after this.
    host.exit(toExitCode(process.exitCode));
  };

  // ---- globals --------------------------------------------------------------------------------

  function defineGlobal(name, value) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }

  /** A global made on first use (its module loads then), replaced by a plain value. */
  function defineLazyGlobal(name, make) {
    Object.defineProperty(globalThis, name, {
      get() {
        const value = make();
        defineGlobal(name, value);
        return value;
      },
      set(value) {
        defineGlobal(name, value);
      },
      configurable: true,
      enumerable: false,
    });
  }

  defineGlobal('global', globalThis);
  defineGlobal('setTimeout', setTimeout);
  defineGlobal('setInterval', setInterval);
  defineGlobal('clearTimeout', clearTimeout);
  defineGlobal('clearInterval', clearTimeout);
  defineGlobal('setImmediate', setImmediate);
  defineGlobal('clearImmediate', clearImmediate);
  defineGlobal('queueMicrotask', queueMicrotask);

  process = internalRequire('internal/process');
  internal.process = process;
  defineGlobal('process', process);
  internal.coreExports.set('process', () => process);
  defineLazyGlobal('console', () => internalRequire('console'));
  defineLazyGlobal('Buffer', () => internalRequire('buffer').Buffer);
  defineLazyGlobal('atob', () => internalRequire('buffer').atob);
  defineLazyGlobal('btoa', () => internalRequire('buffer').btoa);
  defineLazyGlobal('URL', () => internalRequire('url').URL);
  defineLazyGlobal('URLSearchParams', () => internalRequire('url').URLSearchParams);
  defineLazyGlobal('TextEncoder', () => internalRequire('internal/encoding').TextEncoder);
  defineLazyGlobal('TextDecoder', () => internalRequire('internal/encoding').TextDecoder);
  defineLazyGlobal('structuredClone', () => internalRequire('internal/structured-clone'));
  for (const name of ['Event', 'CustomEvent', 'EventTarget', 'AbortController', 'AbortSignal']) {
    defineLazyGlobal(name, () => internalRequire('internal/event-target')[name]);
  }
  defineLazyGlobal('crypto', () => internalRequire('crypto').webcrypto);

  const timeOrigin = Date.now();
  const startedAt = host.now();
  defineGlobal('performance', {
    timeOrigin,
    now: () => host.now() - startedAt,
    mark() {},
    measure() {},
    toJSON: () => ({ timeOrigin }),
  });
  internal.startedAt = startedAt;

  internal.coreExports.set('assert/strict', () => internalRequire('assert').strict);
  internal.coreExports.set('fs/promises', () => internalRequire('fs').promises);
  internal.coreExports.set('path/posix', () => internalRequire('path'));
  internal.coreExports.set('path/win32', () => internalRequire('path'));
  internal.coreExports.set('timers/promises', () => internalRequire('timers').promises);
  internal.coreExports.set('readline/promises', () => internalRequire('readline').promises);
  internal.coreExports.set('util/types', () => internalRequire('util').types);

  internal.runMain = () => internalRequire('internal/modules').runMain();
  internal.RAN = RAN;
  internal.NONE = NONE;
  return internal;
});
