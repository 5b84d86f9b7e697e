import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground } from './playground';

/**
 * axe-core (WCAG 2.1 A and AA rules) over the states a new user meets: the first screen with the
 * offline banner, a run waiting on a permission prompt, the finished run with a tool card open,
 * the inspector, and the model settings dialog. Any violation fails, with where and why.
 * (The retry countdown and the provider error lines are checked in settings-models.spec.ts.)
 */

test('the first screen, a permission prompt, a finished run, the inspector and the settings pass axe', async ({ page }) => {
  test.setTimeout(120_000);
  await openPlayground(page);
  await expect(page.getByTestId('fallback-banner')).toBeVisible();
  expect(await axeViolations(page), 'first screen').toEqual([]);

  await page.getByRole('button', { name: 'Run demo task' }).click();
  const prompt = page.getByRole('group', { name: /^Permission request for / }).first();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  expect(await axeViolations(page), 'run waiting on a permission prompt').toEqual([]);

  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await prompt.getByRole('button', { name: 'Allow once' }).click();
  await expect(page.locator('.end').last()).toContainText('Done', { timeout: 60_000 });
  const card = page.getByRole('article', { name: 'Tool call Bash' }).first();
  await card.getByRole('button', { name: 'Show details of Bash' }).click();
  await page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'slugify.js' }).click();
  await expect(page.locator('.cm-content')).toContainText('slugify');
  expect(await axeViolations(page), 'finished run, a tool card and a file open').toEqual([]);

  await page.getByRole('tab', { name: /Inspector/ }).click();
  // The newest request is listed first, and open.
  const newest = page.getByRole('region', { name: /^Model request \d+$/ }).first();
  await newest.getByText('System prompt').click();
  await newest.getByText('Messages', { exact: true }).click();
  expect(await axeViolations(page), 'inspector').toEqual([]);

  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Model settings' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Provider', { exact: true }).selectOption('openai-compatible');
  expect(await axeViolations(page, 'dialog'), 'model settings').toEqual([]);
});
