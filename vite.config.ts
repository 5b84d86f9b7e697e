import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, minifySync, runnerImport, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The npm packages the offline node's guest loads as text (`import … from 'events/events.js?raw'`
 * in src/sandbox/js-runner/guest-sources.ts) lose comments and whitespace in the build, about 40%
 * of their size. Names are kept (no mangling or compression), so guest stack traces still read.
 */
function minifyGuestLibraries(): Plugin {
  return {
    name: 'glassbox:minify-guest-libraries',
    apply: 'build',
    enforce: 'pre',
    async load(id) {
      const [file = '', query] = id.split('?');
      if (query !== 'raw' || !file.includes('/node_modules/') || !file.endsWith('.js')) return null;
      const source = await readFile(file, 'utf8');
      const { code, errors } = minifySync(file, source, {
        module: false,
        compress: false,
        mangle: false,
        codegen: { removeWhitespace: true, legalComments: 'inline' },
      });
      if (errors.length > 0) this.error(`minifying ${file}: ${errors.map((error) => error.message).join('; ')}`);
      return `export default ${JSON.stringify(code)};`;
    },
  };
}

/**
 * `/webcontainer/connect/<id>` (src/app/preview/connect-page.ts) is one HTML page for every id,
 * served WITHOUT the isolation headers: it is opened by a preview tab of another origin, and
 * COOP same-origin would cut it from its opener, which setupConnect relays to. The static
 * hosts' equivalents are public/_redirects, public/_headers and the COI worker's exception.
 */
function webContainerConnectPage(): Plugin {
  const rewrite = (request: { url?: string }, response: { setHeader: (name: string, value: string) => unknown; removeHeader: (name: string) => void }) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/webcontainer/connect/')) return;
    request.url = '/webcontainer/connect/index.html';
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) => (/^cross-origin-(opener|embedder)-policy$/i.test(name) ? response : setHeader(name, value));
    response.removeHeader('Cross-Origin-Opener-Policy');
    response.removeHeader('Cross-Origin-Embedder-Policy');
  };
  return {
    name: 'glassbox:webcontainer-connect-page',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        rewrite(request, response);
        next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        rewrite(request, response);
        next();
      });
    },
  };
}

/**
 * The lessons (src/lessons/lesson-format.ts): every `lessons/NN-slug/` folder packed into
 * `/lessons/NN-slug.glassbox`, plus `/lessons/index.json` (order, titles, summaries), written into
 * the build and served fresh on each request in dev. A lesson with a problem fails the build
 * (and answers 500 in dev) with every problem listed. The packing code is the app's own
 * (src/lessons/pack-lessons.ts), loaded with Vite's module runner when needed, so this config
 * does not bundle the app's sources.
 */
function lessonFiles(): Plugin {
  const root = resolve('lessons');
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  async function readFolder(folder: string): Promise<Record<string, string | Uint8Array>> {
    const entries: Record<string, string | Uint8Array> = {};
    for (const entry of await readdir(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const bytes = new Uint8Array(await readFile(path));
      let contents: string | Uint8Array = bytes;
      try {
        contents = strictUtf8.decode(bytes);
      } catch {
        // Not text: kept as bytes.
      }
      entries[relative(join(root, folder), path).split(sep).join('/')] = contents;
    }
    return entries;
  }
  async function packAll(): Promise<Map<string, Uint8Array | string>> {
    const { module } = await runnerImport<typeof import('./src/lessons/pack-lessons')>('/src/lessons/pack-lessons.ts', { configFile: false, logLevel: 'silent' });
    const folders: Record<string, Record<string, string | Uint8Array>> = {};
    for (const entry of await readdir(root, { withFileTypes: true })) if (entry.isDirectory() && /^\d{2}-/.test(entry.name)) folders[entry.name] = await readFolder(entry.name);
    const index = await readFile(join(root, 'index.json'), 'utf8').catch(() => undefined);
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    return module.packLessons({ index, folders }, version);
  }
  return {
    name: 'glassbox:lessons',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0] ?? '';
        if (!path.startsWith('/lessons/')) return next();
        const name = decodeURIComponent(path.slice('/lessons/'.length));
        packAll().then(
          (files) => {
            const file = files.get(name);
            if (file === undefined) return next();
            response.setHeader('Content-Type', typeof file === 'string' ? 'application/json' : 'application/vnd.glassbox+zip');
            response.setHeader('Cache-Control', 'no-store');
            response.end(file);
          },
          (error: unknown) => {
            response.statusCode = 500;
            response.setHeader('Content-Type', 'text/plain; charset=utf-8');
            response.end(error instanceof Error ? error.message : String(error));
          },
        );
      });
    },
    async generateBundle() {
      let files: Map<string, Uint8Array | string>;
      try {
        files = await packAll();
      } catch (error) {
        this.error(error instanceof Error ? error.message : String(error));
      }
      for (const [name, source] of files) this.emitFile({ type: 'asset', fileName: `lessons/${name}`, source });
    },
  };
}

// Cross-origin isolation is required by WebContainer (SharedArrayBuffer).
// `credentialless` (rather than `require-corp`) lets previews and the page load
// third-party assets that do not send CORP headers.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  plugins: [svelte(), minifyGuestLibraries(), webContainerConnectPage(), lessonFiles()],
  server: { headers: isolationHeaders, port: 5173, strictPort: false },
  preview: { headers: isolationHeaders, port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // The app, and the page a preview opened in a new tab connects through.
    rollupOptions: { input: { main: 'index.html', 'webcontainer-connect': 'webcontainer/connect/index.html' } },
  },
  worker: { format: 'es', plugins: () => [minifyGuestLibraries()] },
  // Found at first use otherwise, which makes the dev server reload the page once.
  optimizeDeps: { include: ['quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync', 'acorn'] },
});
