import type { CustomizeVariantOptions, QuickJSWASMModule } from 'quickjs-emscripten-core';

/**
 * Loads QuickJS (the release-sync wasm variant that ships with quickjs-emscripten 0.32:
 * @jitl/quickjs-wasmfile-release-sync, driven by quickjs-emscripten-core) on first
 * use and keeps it for later runs; each run makes its own runtime and context from it.
 *
 * Where the .wasm comes from:
 * - Node (vitest, benches): the variant's Node build reads `emscripten-module.wasm` next to itself.
 * - Browser (Vite): the variant's browser build would look for the .wasm next to its own URL,
 *   which breaks once Vite pre-bundles the dependency into .vite/deps. So we import the file's
 *   URL with `?url` (Vite serves it in dev and emits it as a hashed asset in a build), compile it
 *   ourselves once, and hand the compiled module to Emscripten. This runs inside the node worker
 *   (node-worker.ts), whose bundle gets the same asset URL: a same-origin path the worker fetches.
 */

let modulePromise: Promise<QuickJSWASMModule> | undefined;
let compiledWasm: Promise<WebAssembly.Module> | undefined;

/** The cached QuickJS module (loading it on first call). */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  if (!modulePromise) {
    modulePromise = createQuickJSModule();
    // A failed load must not stick: the next `node` tries again.
    modulePromise.catch(() => {
      modulePromise = undefined;
    });
  }
  return modulePromise;
}

/**
 * Forgets the cached module. Called after the host engine's stack overflowed inside the wasm or
 * Emscripten aborted: that instance's memory and stack pointer can no longer be trusted.
 */
export function discardQuickJS(): void {
  modulePromise = undefined;
}

/** A new, uncached QuickJS module instance (the benchmark measures cold starts with it). */
export async function createQuickJSModule(): Promise<QuickJSWASMModule> {
  // The core and the one variant we use, not the `quickjs-emscripten` index: that one references
  // all four variants, and Vite would emit all four .wasm files (3.7 MB more) into the build.
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: RELEASE_SYNC }] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  // Emscripten prints its abort notices itself (the type omits `printErr`); the runner reports failures.
  const emscriptenModule = { printErr: () => {} } as CustomizeVariantOptions['emscriptenModule'];
  const variant = isNode()
    ? newVariant(RELEASE_SYNC, { emscriptenModule })
    : newVariant(RELEASE_SYNC, { emscriptenModule, wasmModule: compileBrowserWasm });
  return newQuickJSWASMModuleFromVariant(variant);
}

function compileBrowserWasm(): Promise<WebAssembly.Module> {
  if (!compiledWasm) {
    compiledWasm = (async () => {
      const { default: url } = await import('@jitl/quickjs-wasmfile-release-sync/wasm?url');
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load the QuickJS engine (${url}: HTTP ${response.status})`);
      // compileStreaming needs the application/wasm MIME type, which some static hosts do not send.
      const streamable = response.headers.get('content-type')?.startsWith('application/wasm') ?? false;
      if (streamable) return WebAssembly.compileStreaming(response);
      return WebAssembly.compile(await response.arrayBuffer());
    })();
    compiledWasm.catch(() => {
      compiledWasm = undefined;
    });
  }
  return compiledWasm;
}

/** The same test the variant itself uses to pick its Node code path. */
function isNode(): boolean {
  const host = globalThis as { process?: { versions?: { node?: string }; type?: string } };
  return typeof host.process?.versions?.node === 'string' && host.process.type !== 'renderer';
}
