import { expect, test } from '@playwright/test';
import { runInTerminal, terminalText } from './playground';

/**
 * The offline path, as a user on a machine that cannot reach the WebContainer runtime meets it:
 * the app falls back quickly (never waiting on WebContainer's silent hang), says why and what
 * still works, and the terminal runs real JavaScript through the offline `node`.
 */

/** The fallback must show within this long of navigation (the probe fails in ~100 ms offline). */
const FALLBACK_BUDGET_MS = 5000;

interface GlassboxHook {
  sandbox: {
    kind: string;
    root: string;
    fs: { write(path: string, data: string): Promise<void> };
  };
}

/**
 * The window with the app's browser-test hook (typed here: the app's declaration is not part of
 * this project). Functions passed to page.evaluate run in the page, so they name it inline.
 */
type HookWindow = Window & { __glassbox?: GlassboxHook; __sandboxBeforeRetry?: unknown };

const MATH_JS = `exports.add = (a, b) => a + b;
exports.mul = (a, b) => a + b; // bug: adds
`;

const TEST_JS = `const assert = require('assert');
const { add, mul } = require('./math');
assert.strictEqual(add(2, 3), 5);
console.log('ok 1 - add(2, 3) is 5');
assert.strictEqual(mul(2, 3), 6, 'mul(2, 3) should be 6');
console.log('ok 2 - mul(2, 3) is 6');
`;

test('offline: the fallback banner shows within seconds, the terminal runs node test.js for real', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // The probe's failed request to the runtime origin is logged by Chromium; it is the expected
    // offline outcome. Anything else is a bug.
    if (message.type() === 'error' && !message.location().url.startsWith('https://stackblitz.com/')) consoleErrors.push(message.text());
  });
  const started = Date.now();
  await page.goto('/');
  const banner = page.getByTestId('fallback-banner');
  await expect(banner).toBeVisible({ timeout: FALLBACK_BUDGET_MS });
  const fallbackMs = Date.now() - started;
  console.log(`navigation → fallback banner: ${fallbackMs} ms`);
  expect(fallbackMs).toBeLessThan(FALLBACK_BUDGET_MS);

  // Why, and what still works.
  await expect(banner).toContainText('WebContainer could not start: the runtime at https://stackblitz.com could not be reached');
  await expect(banner).toContainText('Still works offline:');
  await expect(banner).toContainText('node script.js');
  await expect(banner).toContainText('the agent');
  await expect(banner.getByRole('button', { name: 'Retry' })).toBeEnabled();

  // A usable sandbox: the offline one, and the status bar says so.
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible();
  const status = page.getByTestId('status-sandbox');
  await expect(status).toHaveAttribute('data-webcontainer-state', 'fallback');
  await expect(status).toContainText('Offline sandbox');
  expect(await page.evaluate(() => (window as HookWindow).__glassbox?.sandbox.kind)).toBe('offline');

  // A project with a plain assert-based test file, written into the workspace.
  await page.evaluate(
    async ([math, test]) => {
      const sandbox = (window as HookWindow).__glassbox?.sandbox;
      if (!sandbox) throw new Error('no sandbox');
      await sandbox.fs.write(`${sandbox.root}/math.js`, math);
      await sandbox.fs.write(`${sandbox.root}/test.js`, test);
    },
    [MATH_JS, TEST_JS] as const,
  );

  // The terminal shows only its visible rows: make it as tall as it goes, so whole outputs fit.
  await page.getByRole('separator', { name: 'Resize terminal' }).focus();
  await page.keyboard.press('End');

  await runInTerminal(page, 'ls');
  await expect.poll(() => terminalText(page)).toMatch(/math\.js\s+test\.js/);

  // The real test output: the passing check (stdout), then the failing assertion with its message
  // (stderr, which with Node 20.20's value diff fills the terminal's visible rows on its own).
  await runInTerminal(page, 'clear; node test.js 2>/dev/null; echo "done=$?"');
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('done=1');
  const passed = await terminalText(page);
  expect(passed).toContain('ok 1 - add(2, 3) is 5');
  expect(passed).not.toContain('ok 2 - mul(2, 3) is 6');
  await runInTerminal(page, 'clear; node test.js');
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('mul(2, 3) should be 6');
  const output = await terminalText(page);
  expect(output).toMatch(/AssertionError( \[ERR_ASSERTION\])?: mul\(2, 3\) should be 6/);
  expect(output).toContain('test.js:5');
  expect(output).not.toContain('ok 2 - mul(2, 3) is 6');
  await page.screenshot({ path: testInfo.outputPath('offline-banner-terminal.png') });
  // ... and it fails like Node: exit status 1.
  await runInTerminal(page, 'clear; node test.js >/dev/null 2>&1; echo "exit=$?"');
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('exit=1');

  // Fix the bug from the terminal and run again: the suite passes.
  await runInTerminal(page, `clear; sed -i 's/a + b; \\/\\/ bug: adds/a * b;/' math.js && node test.js; echo "exit=$?"`);
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('exit=0');
  expect(await terminalText(page)).toContain('ok 2 - mul(2, 3) is 6');
  await page.screenshot({ path: testInfo.outputPath('offline-terminal-pass.png') });
  expect(consoleErrors).toEqual([]);
});

test('offline: Retry probes again, falls back without hanging, and keeps the workspace; Dismiss hides the banner', async ({ page }) => {
  await page.goto('/');
  const banner = page.getByTestId('fallback-banner');
  await expect(banner).toBeVisible({ timeout: FALLBACK_BUDGET_MS });
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible();
  await page.evaluate(async () => {
    const sandbox = (window as HookWindow).__glassbox?.sandbox;
    await sandbox?.fs.write(`${sandbox.root}/keep.txt`, 'still here');
  });
  const before = await page.evaluate(() => {
    const sandbox = (window as HookWindow).__glassbox?.sandbox;
    (window as HookWindow).__sandboxBeforeRetry = sandbox;
    return sandbox?.kind;
  });
  expect(before).toBe('offline');

  const started = Date.now();
  await banner.getByRole('button', { name: 'Retry' }).click();
  // Back to a clickable Retry with the reason: the retry finished (offline: it fell back again).
  await expect(banner.getByRole('button', { name: 'Retry' })).toBeEnabled({ timeout: FALLBACK_BUDGET_MS });
  console.log(`Retry → fallback again: ${Date.now() - started} ms`);
  expect(Date.now() - started).toBeLessThan(FALLBACK_BUDGET_MS);
  await expect(banner).toContainText('could not be reached');
  await expect(page.getByTestId('status-sandbox')).toHaveAttribute('data-webcontainer-state', 'fallback');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible();

  // Same sandbox, same files: nothing was swapped or lost.
  const same = await page.evaluate(
    () => (window as HookWindow).__glassbox?.sandbox === (window as HookWindow).__sandboxBeforeRetry,
  );
  expect(same).toBe(true);
  await runInTerminal(page, 'cat keep.txt');
  await expect.poll(() => terminalText(page)).toContain('still here');

  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('status-sandbox')).toContainText('Offline sandbox');
});
