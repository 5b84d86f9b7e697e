/*
 * Glassbox cross-origin-isolation service worker.
 *
 * Why: WebContainer needs SharedArrayBuffer, which browsers only expose on cross-origin
 * isolated pages, i.e. pages served with
 *     Cross-Origin-Opener-Policy: same-origin
 *     Cross-Origin-Embedder-Policy: credentialless   (or require-corp)
 * Static hosts such as GitHub Pages cannot set response headers. This worker adds them: it
 * re-serves this site's navigations (and worker scripts, which need COEP too) with the two
 * headers. A page is only isolated when it was loaded through the worker, so after the first
 * registration the page reloads once.
 *
 * Mode: `?coep=credentialless` (default) or `?coep=require-corp` on the script URL.
 * credentialless lets the page and previews load third-party assets that send no
 * Cross-Origin-Resource-Policy header; browsers without it (Safari) need require-corp.
 *
 * Two ways to use it (either is enough; hosts that send the headers need neither):
 * - the app calls ensureCrossOriginIsolation() (src/sandbox/webcontainer/coi.ts) at start;
 * - or index.html loads it as a classic script, `<script src="coi-serviceworker.js"></script>`,
 *   before the app bundle: in a page it registers itself and reloads once (earliest, no flash).
 * Both count reloads in sessionStorage (at most two: credentialless, then require-corp), so a
 * browser that cannot be isolated never loops.
 *
 * Only same-origin requests are touched; responses are streamed through unchanged apart from
 * the headers, and nothing is cached.
 */
(() => {
  'use strict';

  if (typeof window === 'undefined') {
    // ── Service worker ──────────────────────────────────────────────────────────────
    const requested = new URL(self.location.href).searchParams.get('coep');
    const coep = requested === 'require-corp' ? 'require-corp' : 'credentialless';

    self.addEventListener('install', () => self.skipWaiting());
    self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

    self.addEventListener('fetch', (event) => {
      const request = event.request;
      // A Chromium quirk: devtools issues only-if-cached requests that fail outside same-origin mode.
      if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
      const url = new URL(request.url);
      if (url.origin !== self.location.origin) return;
      // The preview connect page must keep its cross-origin opener: never isolate it.
      if (url.pathname.startsWith('/webcontainer/connect/')) return;
      const needsHeaders =
        request.mode === 'navigate' || request.destination === 'worker' || request.destination === 'sharedworker';
      if (!needsHeaders) return;
      event.respondWith(fetch(request).then(withIsolationHeaders));
    });

    function withIsolationHeaders(response) {
      // Opaque and redirect responses cannot be rebuilt; pass them through.
      if (response.status === 0 || response.type === 'opaqueredirect') return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', coep);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }
    return;
  }

  // ── Page script ───────────────────────────────────────────────────────────────────
  const ATTEMPTS_KEY = 'glassbox:coi-attempts';
  const MODES = ['credentialless', 'require-corp'];
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  })();

  if (window.crossOriginIsolated) {
    if (storage) storage.removeItem(ATTEMPTS_KEY);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || !storage) return;
  const attempts = Number(storage.getItem(ATTEMPTS_KEY) || '0') || 0;
  const mode = MODES[attempts];
  if (!mode) return; // Gave up: the app falls back to the offline sandbox and says why.

  const script = document.currentScript;
  const url = new URL(script && script.src ? script.src : 'coi-serviceworker.js', window.location.href);
  url.search = `?coep=${mode}`;
  const scope = new URL('./', url).pathname;
  navigator.serviceWorker.register(url.href, { scope }).then(
    (registration) => {
      const worker = registration.installing || registration.waiting;
      const reload = () => {
        storage.setItem(ATTEMPTS_KEY, String(attempts + 1));
        window.location.reload();
      };
      if (!worker) return reload();
      let done = false;
      const once = () => {
        if (!done) {
          done = true;
          reload();
        }
      };
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated' || worker.state === 'redundant') once();
      });
      setTimeout(once, 3000);
    },
    (error) => console.warn('Cross-origin isolation service worker could not be registered:', error),
  );
})();
