// Makes sure the browser tests have a Chromium, setting one up where it can, in this order:
// one already here ($CHROMIUM_PATH, Playwright's, the system's); Playwright's own download (where
// the network reaches its CDN); the distribution's package (as root with apt-get, as CI runs).
// Returns the executable, or null when none could be had (the caller prints INSTALL_HINT).
// GLASSBOX_NO_BROWSER_SETUP=1 skips the downloads and installs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

/** A download that cannot reach its server should fail, not hang the test run. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/**
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: DOWNLOAD_TIMEOUT_MS, env: { ...process.env, ...env } });
  return result.status === 0;
}

function canInstallPackages() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root && ['/usr/bin/apt-get', '/bin/apt-get'].some((path) => existsSync(path));
}

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string | null}
 */
export function ensureChromium({ log = (line) => console.error(line) } = {}) {
  const found = findChromium();
  if (found || process.env.CHROMIUM_PATH || process.env.GLASSBOX_NO_BROWSER_SETUP === '1') return found;

  log('No Chromium found: fetching Playwright\'s (npx playwright install chromium)…');
  if (run('npx', ['playwright', 'install', 'chromium'])) {
    const fetched = findChromium();
    if (fetched) return fetched;
  }

  if (canInstallPackages()) {
    log('Playwright\'s Chromium could not be fetched: installing the distribution\'s (apt-get install chromium)…');
    const installed =
      run('apt-get', ['update', '-qq']) &&
      run('apt-get', ['install', '-y', '-qq', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
    if (installed) return findChromium();
  }
  return null;
}
