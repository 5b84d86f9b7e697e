import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, INSTALL_HINT } from '../support/find-chromium.mjs';
import type { BenchResult } from './result';
import { median } from './stats';

const FIRST_PAINT_BUDGET_BYTES = 60 * 1024;
const RUNS = 5;


/**
 * Loads the built app (dist/) in headless Chromium and measures:
 * - the gzip size of every script the page requested before its load event (the first paint's JS; the
 *   app starts loading the sandbox and the agent only after load, and counting "whatever arrived
 *   before the input was seen" made the number depend on how fast the test polled);
 * - the time from navigation to that interactive input;
 * - the time until the sandbox is usable (WebContainer unreachable here, so this is the offline fallback).
 */
export async function benchFirstPaint(): Promise<BenchResult[]> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const interactiveMs: number[] = [];
    const sandboxMs: number[] = [];
    let firstPaintGzip = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const scripts = new Map<string, Promise<Buffer>>();
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.set(response.url(), response.body().catch(() => Buffer.alloc(0))); // a lazy chunk still loading when the page closes
      });
      const started = performance.now();
      await page.goto(url);
      await page.getByRole('textbox', { name: 'Message the agent' }).waitFor({ state: 'visible' });
      await page.waitForFunction(() => {
        const input = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message the agent"]');
        return input !== null && !input.disabled;
      });
      interactiveMs.push(performance.now() - started);
      if (run === 0) {
        const beforeLoad = await page.evaluate(() => {
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const loadAt = navigation?.loadEventStart ?? Number.POSITIVE_INFINITY;
          return performance
            .getEntriesByType('resource')
            .filter((entry) => entry.startTime <= loadAt)
            .map((entry) => entry.name);
        });
        const bodies = await Promise.all([...scripts].filter(([url]) => beforeLoad.includes(url)).map(([, body]) => body));
        firstPaintGzip = bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
      }
      await page.waitForSelector('[data-sandbox-state="ready"]', { timeout: 30_000 });
      sandboxMs.push(performance.now() - started);
      await context.close();
    }
    return [
      {
        name: 'first paint: JS requested before the load event (gzip)',
        value: Math.round(firstPaintGzip / 102.4) / 10,
        unit: 'kB',
        goal: '<= 60 kB',
        pass: firstPaintGzip <= FIRST_PAINT_BUDGET_BYTES,
      },
      {
        name: 'navigation → interactive chat input',
        value: Math.round(median(interactiveMs)),
        unit: 'ms',
        note: `median of ${RUNS}`,
      },
      {
        name: 'navigation → usable sandbox (WebContainer unreachable)',
        value: Math.round(median(sandboxMs)),
        unit: 'ms',
        goal: '< 1500 ms',
        pass: median(sandboxMs) < 1500,
        note: `median of ${RUNS}`,
      },
    ];
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
