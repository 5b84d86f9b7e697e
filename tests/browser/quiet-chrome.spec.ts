import { expect, test, type Page } from '@playwright/test';
import { openPlayground, runInTerminal, seedFiles, terminalText } from './playground';

/**
 * The chrome stays out of the way: the offline banner is one line with Details, and once
 * dismissed stays dismissed across reloads until its cause changes; the terminal completes
 * commands and paths with Tab; on a phone the header's labels are short, never cut mid-word.
 */

const banner = (page: Page) => page.getByTestId('fallback-banner');
const STORAGE_KEY = 'glassbox.fallback-banner.dismissed';

test('the fallback banner is one line with Details, and its dismissal survives a reload', async ({ page }, testInfo) => {
  await openPlayground(page);
  await expect(banner(page)).toBeVisible();
  // One line: about a button's height, however long the reason.
  const height = (await banner(page).boundingBox())?.height ?? 0;
  expect(height).toBeLessThan(44);
  const details = banner(page).getByRole('button', { name: 'Details' });
  await expect(details).toHaveAttribute('aria-expanded', 'false');
  await expect(banner(page).getByText('Still works offline:')).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('banner-one-line.png') });

  await details.click();
  await expect(details).toHaveAttribute('aria-expanded', 'true');
  await expect(banner(page).getByText('Still works offline:')).toBeVisible();
  await expect(banner(page).getByText('Check the network connection')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('banner-details.png') });

  await banner(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner(page)).toBeHidden();
  expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBe('unreachable');

  // Same situation after a reload: the banner stays away, the status bar still says offline.
  await openPlayground(page);
  await expect(page.getByTestId('status-sandbox')).toHaveAttribute('data-webcontainer-state', 'fallback');
  await expect(page.getByTestId('status-sandbox')).toContainText('Offline sandbox');
  await expect(banner(page)).toHaveCount(0);

  // Another cause than the one dismissed: the banner is news again.
  await page.evaluate((key) => localStorage.setItem(key, 'timeout'), STORAGE_KEY);
  await openPlayground(page);
  await expect(banner(page)).toBeVisible();
});

test('the terminal completes commands and paths with Tab', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, { 'notes/today.md': 'tab completion works\n', 'notes/tomorrow.md': 'later\n' });
  await page.getByRole('textbox', { name: 'Terminal input' }).focus();
  // "hea" is only head (cat shares "ca" with cargo, one of the commands that explain they are missing).
  await page.keyboard.type('hea');
  await page.keyboard.press('Tab');
  await page.keyboard.type('no');
  await page.keyboard.press('Tab');
  await expect.poll(() => terminalText(page)).toContain('$ head notes/');
  // Two files share "to": the first Tab completes what they share, the next lists them.
  await page.keyboard.type('to');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => terminalText(page)).toContain('today.md  tomorrow.md');
  await page.keyboard.type('d');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toContain('tab completion works');
  expect(await terminalText(page)).toContain('$ head notes/today.md');
  await runInTerminal(page, 'echo done');
  await expect.poll(() => terminalText(page)).toContain('done');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('the header shows short labels for the mode and the model, and the banner is one line', async ({ page }, testInfo) => {
    await openPlayground(page);
    const mode = page.getByRole('combobox', { name: 'Permission mode' });
    await expect(mode.locator('option:checked')).toHaveText('Default');
    const model = page.getByRole('button', { name: 'Model: Demo model (scripted)' });
    await expect(model).toBeVisible();
    await expect(model.locator('.short')).toHaveText('Demo model');
    await expect(model.locator('.short')).toBeVisible();
    await expect(model.locator('.long')).toBeHidden();
    // Nothing cut: each label fits its box.
    for (const element of [model.locator('.short'), mode]) {
      const fits = await element.evaluate((node) => node.scrollWidth <= node.clientWidth + 1);
      expect(fits).toBe(true);
    }
    await expect(banner(page)).toBeVisible();
    expect((await banner(page).boundingBox())?.height ?? 0).toBeLessThan(44);
    const line = banner(page).getByText('Offline sandbox', { exact: true });
    await expect(line).toBeVisible();
    expect(await line.evaluate((node) => (node.parentElement?.scrollWidth ?? 0) <= (node.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('phone-header-banner.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
