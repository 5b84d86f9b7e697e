import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, runInTerminal } from './playground';
import { saved } from './saved';

/**
 * Glassbox open in two tabs: only the first saves. The second works in memory, says it is not
 * saving, and "Use this tab instead" moves saving to it: the first tab saves what is pending
 * and stops, the second reloads from that save and saves from then on.
 */

const tree = (page: Page) => page.getByRole('tree', { name: 'Workspace files' });
const banner = (page: Page) => page.getByRole('region', { name: 'Open in another tab' });

test('a second tab does not save over the first, and "Use this tab instead" moves saving to it', async ({ page: first, context }, testInfo) => {
  test.setTimeout(120_000);
  await openPlayground(first);
  await first.getByRole('combobox', { name: 'Permission mode' }).selectOption('acceptEdits');
  await runInTerminal(first, 'echo one > first.txt');
  await expect.poll(async () => (await saved(first)).files).toEqual(['first.txt']);
  await expect.poll(async () => (await saved(first)).permissionMode).toBe('acceptEdits');

  // The second tab opens on what the first saved, and says plainly that it does not save.
  const second = await context.newPage();
  await openPlayground(second);
  await expect(tree(second).getByRole('treeitem', { name: 'first.txt' })).toBeVisible();
  await expect(banner(second)).toContainText('Glassbox is open in another tab, so changes in this tab are not being saved.');
  await expect(banner(second).getByRole('button', { name: 'Use this tab instead', exact: true })).toBeEnabled();
  await expect(second.getByTestId('status-storage')).toContainText('Not saved: kept in this tab only');
  await expect(banner(first)).toHaveCount(0);
  await expect(first.getByTestId('status-storage')).toHaveCount(0);

  // It still works, in memory: a file and a mode change, neither of them saved.
  await runInTerminal(second, 'echo two > second.txt');
  await expect(tree(second).getByRole('treeitem', { name: 'second.txt' })).toBeVisible();
  await second.getByRole('combobox', { name: 'Permission mode' }).selectOption('plan');
  // What a closing tab does (save what is pending), then a few quiet periods of the debounce.
  await second.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await second.waitForTimeout(1_500);
  expect((await saved(first)).files).toEqual(['first.txt']);
  expect((await saved(first)).permissionMode).toBe('acceptEdits');
  await second.screenshot({ path: testInfo.outputPath('second-tab-not-saving.png') });
  expect(await axeViolations(second), 'the other-tab notice').toEqual([]);

  // A change in the first tab right before the hand-over (inside the save debounce) is not lost.
  await runInTerminal(first, 'echo late > late.txt');
  await expect(tree(first).getByRole('treeitem', { name: 'late.txt' })).toBeVisible();
  const reloaded = second.waitForEvent('load');
  await banner(second).getByRole('button', { name: 'Use this tab instead', exact: true }).click();
  await reloaded;
  await expect(second.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });

  // The second tab now continues from the first tab's save, and saves.
  await expect(tree(second).getByRole('treeitem', { name: 'late.txt' })).toBeVisible();
  await expect(tree(second).getByRole('treeitem', { name: 'first.txt' })).toBeVisible();
  await expect(tree(second).getByRole('treeitem', { name: 'second.txt' })).toHaveCount(0);
  await expect(second.getByRole('combobox', { name: 'Permission mode' })).toHaveValue('acceptEdits');
  await expect(banner(second)).toHaveCount(0);
  await expect(second.getByTestId('status-storage')).toHaveCount(0);
  await runInTerminal(second, 'echo three > third.txt');
  await expect.poll(async () => (await saved(second)).files).toEqual(['first.txt', 'late.txt', 'third.txt']);

  // The first tab says the workspace moved, offers it back, and no longer saves.
  await expect(banner(first)).toContainText('The workspace moved to another tab, so changes in this tab are not being saved.');
  await expect(banner(first).getByRole('button', { name: 'Use this tab instead', exact: true })).toBeEnabled();
  await expect(first.getByTestId('status-storage')).toContainText('Not saved: kept in this tab only');
  await runInTerminal(first, 'echo stale > stale.txt');
  await expect(tree(first).getByRole('treeitem', { name: 'stale.txt' })).toBeVisible();
  await first.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await first.waitForTimeout(1_500);
  expect((await saved(second)).files).toEqual(['first.txt', 'late.txt', 'third.txt']);

  await second.screenshot({ path: testInfo.outputPath('second-tab-owner.png') });
  await first.bringToFront();
  await first.screenshot({ path: testInfo.outputPath('first-tab-moved.png') });
});
