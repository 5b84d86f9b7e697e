// Runs the Playwright browser tests against the built app. It finds a Chromium, or sets one up
// where it can (../support/setup-chromium.mjs), and only then stops with a one-line install hint.
import { spawnSync } from 'node:child_process';
import { INSTALL_HINT } from '../support/find-chromium.mjs';
import { ensureChromium } from '../support/setup-chromium.mjs';

const executable = ensureChromium();
if (!executable) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

const result = spawnSync('npx', ['playwright', 'test', '--config', 'playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: executable },
});
process.exit(result.status ?? 1);
