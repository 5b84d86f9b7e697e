import { readFile } from 'node:fs/promises';
import { defineConfig, minifySync, type Plugin } from 'vite';
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

// Cross-origin isolation is required by WebContainer (SharedArrayBuffer).
// `credentialless` (rather than `require-corp`) lets previews and the page load
// third-party assets that do not send CORP headers.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  plugins: [svelte(), minifyGuestLibraries(), webContainerConnectPage()],
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
