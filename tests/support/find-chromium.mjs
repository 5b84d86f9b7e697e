// Finds a Chromium for the browser tests and benchmarks, in this order:
// $CHROMIUM_PATH, Playwright's own downloaded Chromium, then the system's.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const INSTALL_HINT =
  'No Chromium found: install Debian\'s (`sudo apt-get install -y chromium`), or Playwright\'s (`npx playwright install chromium`), or set CHROMIUM_PATH.';

/** @returns {string | null} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core throws when its own browser is not installed; fall through.
  }
  return SYSTEM_CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** Flags for running as root on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
