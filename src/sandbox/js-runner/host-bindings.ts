import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, VmCallResult } from 'quickjs-emscripten-core';
import { CORE_SOURCES } from './guest-sources';
import { MemoryVolume, VolumeError } from './memory-volume';
import { trackAsync } from './track-async';
import { MODULE_PREFIX, SCRIPT_PREFIX } from './wrapper-prefixes';

/** What the bindings share with the run: set by `exit`, read by the interrupt handler and the loop. */
export interface RunState {
  /** Set by process.exit(); from then on output and fs changes are ignored and the program is stopped. */
  exitCode: number | undefined;
  /**
   * Set when the host engine itself failed inside a nested call (its native stack overflowed in
   * the wasm, e.g. JSON.parse of very deep input): the program is stopped and the instance dropped.
   */
  engineFailure: string | undefined;
}

export interface HostDeps {
  vm: QuickJSContext;
  runtime: QuickJSRuntime;
  volume: MemoryVolume;
  state: RunState;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: string;
  memoryLimitBytes: number;
  /** acorn's parse, for the unhandled-rejection transform. */
  parse: Parameters<typeof trackAsync>[1];
}

const encoder = new TextEncoder();
// Keeps a leading BOM: Buffer#toString keeps it, as in Node; the guest TextDecoder drops it itself.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Builds the `host` object handed to the guest bootstrap: the program's only way out of QuickJS.
 * Every function is synchronous (QuickJS calls them mid-expression) and works on the run's
 * MemoryVolume, never on the page. fs failures become guest errors with Node's `code`.
 */
export function createHostObject(deps: HostDeps): QuickJSHandle {
  const { vm, volume, state } = deps;
  const host = vm.newObject();
  const str = (handle: QuickJSHandle) => vm.getString(handle);
  const stopped = () => state.exitCode !== undefined || state.engineFailure !== undefined;

  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | VmCallResult<QuickJSHandle> | undefined) => {
    const handle = vm.newFunction(name, (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        if (error instanceof VolumeError) return { error: codedError(vm, error.code) };
        // Anything else is the host failing (a native stack overflow inside the wasm leaves
        // QuickJS mid-operation): stop the program rather than let it go on in a broken engine.
        state.engineFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { error: vm.newError({ name: 'InternalError', message: 'interrupted' }) };
      }
    });
    vm.setProp(host, name, handle);
    handle.dispose();
  };

  const bytesOf = (handle: QuickJSHandle): Uint8Array => {
    const lifetime = vm.getArrayBuffer(handle);
    try {
      return lifetime.value.slice();
    } finally {
      lifetime.dispose();
    }
  };
  const newBuffer = (bytes: Uint8Array) =>
    vm.newArrayBuffer(bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer);
  const setOwned = (target: QuickJSHandle, key: number | string, value: QuickJSHandle) => {
    vm.setProp(target, key, value);
    value.dispose();
  };

  define('write', (fd, text) => {
    if (stopped()) return undefined;
    (vm.getNumber(fd) === 2 ? deps.stderr : deps.stdout)(str(text));
    return undefined;
  });
  define('stdin', () => vm.newString(deps.stdin));
  define('encodeUtf8', (text) => newBuffer(encoder.encode(str(text))));
  define('decodeUtf8', (buffer) => vm.newString(decoder.decode(bytesOf(buffer))));

  define('stat', (path) => {
    const entry = volume.stat(str(path));
    const size = entry.kind === 'file' ? entry.size : 4096;
    return vm.newString(JSON.stringify({ kind: entry.kind, size, mtimeMs: entry.mtimeMs }));
  });
  define('readText', (path) => vm.newString(decoder.decode(volume.readBytes(str(path)))));
  define('readBytes', (path) => newBuffer(volume.readBytes(str(path))));
  define('writeFile', (path, data, append) => {
    if (stopped()) return undefined;
    const bytes = vm.typeof(data) === 'string' ? encoder.encode(str(data)) : bytesOf(data);
    volume.writeBytes(str(path), bytes, vm.dump(append) === true);
    return undefined;
  });
  define('readdir', (path) => vm.newString(JSON.stringify(volume.list(str(path)))));
  define('mkdir', (path, recursive) => {
    if (stopped()) return undefined;
    const created = volume.mkdir(str(path), vm.dump(recursive) === true);
    return created === undefined ? undefined : vm.newString(created);
  });
  define('remove', (path, expect) => {
    if (stopped()) return undefined;
    const kind = str(expect);
    volume.remove(str(path), kind === 'file' || kind === 'directory' ? kind : 'any');
    return undefined;
  });
  define('rename', (from, to) => {
    if (stopped()) return undefined;
    volume.rename(str(from), str(to));
    return undefined;
  });

  define('now', () => vm.newNumber(performance.now()));
  // The host's CSPRNG (Web Crypto exists in browsers and in Node 20), for crypto.randomBytes & co.
  define('randomBytes', (size) => {
    const bytes = new Uint8Array(Math.max(0, Math.min(vm.getNumber(size), 1 << 20)));
    for (let offset = 0; offset < bytes.length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, offset + 65536));
    return newBuffer(bytes);
  });
  // WHATWG URL parsing by the host's own URL (QuickJS has none): `new URL(input, base)`, then
  // optionally one setter, as JSON of the parts; undefined when the input does not parse.
  define('urlParts', (input, base, key, value) => {
    const text = (handle: QuickJSHandle | undefined) => (handle !== undefined && vm.typeof(handle) === 'string' ? str(handle) : undefined);
    let url: URL;
    try {
      url = new URL(str(input), text(base));
    } catch {
      return undefined;
    }
    const part = text(key);
    const partValue = text(value) ?? '';
    if (part === 'protocol') url.protocol = partValue;
    else if (part === 'username') url.username = partValue;
    else if (part === 'password') url.password = partValue;
    else if (part === 'host') url.host = partValue;
    else if (part === 'hostname') url.hostname = partValue;
    else if (part === 'port') url.port = partValue;
    else if (part === 'pathname') url.pathname = partValue;
    else if (part === 'search') url.search = partValue;
    else if (part === 'hash') url.hash = partValue;
    const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
    return vm.newString(JSON.stringify({ href, origin, protocol, username, password, host, hostname, port, pathname, search, hash }));
  });
  define('memoryUsage', () => {
    const usage = deps.runtime.computeMemoryUsage();
    try {
      const dumped = vm.dump(usage) as { memory_used_size?: number };
      return vm.newString(JSON.stringify({ used: dumped.memory_used_size ?? 0, limit: deps.memoryLimitBytes }));
    } finally {
      usage.dispose();
    }
  });
  define('promiseState', (promise) => {
    const state = vm.getPromiseState(promise);
    const result = vm.newArray();
    setOwned(result, 0, vm.newString(state.type));
    if (state.type === 'fulfilled' && !state.notAPromise) setOwned(result, 1, state.value);
    else if (state.type === 'rejected') setOwned(result, 1, state.error);
    return result;
  });

  define('coreSource', (name) => {
    const source = CORE_SOURCES.get(str(name));
    return source === undefined ? undefined : vm.newString(source);
  });
  define('compile', (source, filename, mode) => compile(deps, str(source), str(filename), str(mode)));
  define('exit', (code) => {
    state.exitCode = vm.getNumber(code);
    // The interrupt handler now stops the program; this error only unwinds the current call.
    return { error: vm.newError({ name: 'ExitSignal', message: 'process.exit() called' }) };
  });

  return host;
}

/** Wraps and evaluates one unit of code: a CommonJS module, a core module, or `-e` global code. */
function compile(deps: HostDeps, source: string, filename: string, mode: string): VmCallResult<QuickJSHandle> {
  let code: string;
  if (mode === 'internal') {
    code = `(function (exports, require, module, internal) {${source}\n})`;
  } else {
    const body = trackAsync(stripShebang(source), deps.parse);
    code = mode === 'module' ? `${MODULE_PREFIX}${body}\n})` : `${SCRIPT_PREFIX}${body}`;
  }
  // An explicit type: without it quickjs-emscripten guesses, and `import` text would make it a module.
  return deps.vm.evalCode(code, filename, { type: 'global' });
}

function stripShebang(source: string): string {
  return source.startsWith('#!') ? `//${source.slice(2)}` : source;
}

function codedError(vm: QuickJSContext, code: string): QuickJSHandle {
  const error = vm.newError({ name: 'Error', message: code });
  const codeHandle = vm.newString(code);
  vm.setProp(error, 'code', codeHandle);
  codeHandle.dispose();
  return error;
}
