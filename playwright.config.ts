import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/support/find-chromium.mjs';

// A second checkout (a git worktree) can run its browser tests alongside on another port.
const PORT = Number(process.env.GLASSBOX_TEST_PORT ?? 4179);
// Spec files share nothing (each test has its own browser context; servers listen on free ports), so
// GLASSBOX_TEST_WORKERS=2 runs two at once on a machine with cores to spare. One by default: on a
// two-core box two Chromiums (software rendering) were slower per test than one, and timed out.
const WORKERS = Number(process.env.GLASSBOX_TEST_WORKERS ?? 1);

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: WORKERS,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: findChromium() ?? undefined,
      args: CHROMIUM_ARGS,
    },
    // As a user who asked for less motion: no spinner or pulse repaints the page all the time. On a
    // two-core box with software rendering this took a third off the browser's CPU time.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
