import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/**
 * `dist/` on a static host. A tiny Node static server (no Vite, no isolation headers unless we
 * add them) stands in for the host:
 * - with the headers of `dist/_headers` (what Netlify and Cloudflare Pages apply), the page is
 *   cross-origin isolated from its first load, and no service worker is involved;
 * - with no headers at all (GitHub Pages), the COI service worker registers, the page reloads
 *   once, and comes back isolated; the boot then gets past the isolation check (it falls back
 *   only because the runtime origin is unreachable here).
 * http://127.0.0.1 is a secure context in Chromium, so service workers work on it.
 */

const DIST = resolve('dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

type HeaderRule = { pattern: string; headers: Array<[string, string]> };

/** Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines. */
function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

async function startStaticServer(rules: HeaderRule[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      let file = normalize(join(DIST, path));
      if (!file.startsWith(DIST)) {
        response.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
        for (const rule of rules) if (matches(rule.pattern, path)) for (const [name, value] of rule.headers) headers[name] = value;
        response.writeHead(200, headers).end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function isolated(page: Page): Promise<boolean> {
  // The page may be mid-reload: a destroyed context reads as "not yet".
  return page.evaluate(() => globalThis.crossOriginIsolated === true).catch(() => false);
}

async function serviceWorkerScripts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registrations = await navigator.serviceWorker.getRegistrations();
    return registrations.map((registration) => registration.active?.scriptURL ?? registration.installing?.scriptURL ?? '');
  });
}

test.beforeAll(async () => {
  // The build must exist: run `npm run build` first (tests/browser/run.mjs runs against dist/).
  await stat(join(DIST, 'index.html'));
});

test('hosting: the headers in dist/_headers make the page cross-origin isolated on first load', async ({ page }) => {
  const rules = parseHeadersFile(await readFile(join(DIST, '_headers'), 'utf8'));
  const all = rules.find((rule) => rule.pattern === '/*');
  expect(all?.headers).toEqual(
    expect.arrayContaining([
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Embedder-Policy', 'credentialless'],
    ]),
  );
  const { server, origin } = await startStaticServer(rules);
  try {
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.goto(`${origin}/`);
    await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 15_000 });
    expect(await isolated(page)).toBe(true);
    expect(await serviceWorkerScripts(page)).toEqual([]);
    expect(navigations).toBe(1);
    // Isolated, so the boot got as far as the network probe.
    await expect(page.getByTestId('fallback-banner')).toContainText('could not be reached');
  } finally {
    server.close();
  }
});

test('hosting: with no headers at all, the COI service worker isolates the page after one reload', async ({ page }) => {
  const { server, origin } = await startStaticServer([]);
  try {
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    const response = await page.goto(`${origin}/`);
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();

    await expect.poll(() => isolated(page), { timeout: 15_000 }).toBe(true);
    expect(navigations).toBe(2); // the first load, and the one reload through the worker
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${origin}/coi-serviceworker.js?coep=credentialless`,
    );
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

    // The app boots past the isolation check: it falls back only because stackblitz.com is
    // unreachable here, not with "not cross-origin isolated".
    await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 15_000 });
    const banner = page.getByTestId('fallback-banner');
    await expect(banner).toContainText('could not be reached');
    await expect(banner).not.toContainText('not cross-origin isolated');

    // Later visits are isolated from the first request, with no further reload.
    await page.reload();
    expect(await isolated(page)).toBe(true);
    expect(navigations).toBe(3);
  } finally {
    server.close();
  }
});
