// Runs the Playwright browser tests against the built app with a Chromium we can find.
// Fails fast with a one-line install hint when there is none.
import { spawnSync } from 'node:child_process';
import { findChromium, INSTALL_HINT } from '../support/find-chromium.mjs';

const executable = findChromium();
if (!executable) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

const result = spawnSync('npx', ['playwright', 'test', '--config', 'playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: executable },
});
process.exit(result.status ?? 1);
