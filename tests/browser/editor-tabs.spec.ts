import { expect, test, type Page } from '@playwright/test';
import { openPlayground, seedFiles } from './playground';

/** Files open as tabs, each with its unsaved marker; closing unsaved work asks Save / Discard / Cancel. */

const tree = (page: Page) => page.getByRole('tree', { name: 'Workspace files' });
const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open files' });
const readFile = (page: Page, path: string) => page.evaluate((p) => window.__glassbox?.sandbox.fs.readText(p), path);

test('open files as tabs, keep unsaved edits across switches, and ask before closing them', async ({ page }, testInfo) => {
  await openPlayground(page);
  await seedFiles(page, { 'slugify.js': 'export const slugify = (s) => s;\n', 'test.js': 'import { slugify } from "./slugify.js";\n' });
  await tree(page).getByRole('treeitem', { name: 'slugify.js' }).click();
  await tree(page).getByRole('treeitem', { name: 'test.js' }).click();
  await expect(tabs(page).getByRole('tab')).toHaveCount(2);
  await expect(tabs(page).getByRole('tab', { name: 'test.js' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'test.js' })).toBeVisible();

  // Edit slugify.js: its tab says it is unsaved; switching away and back keeps the edit.
  await tabs(page).getByRole('tab', { name: 'slugify.js' }).click();
  const editor = page.getByRole('textbox', { name: 'Contents of /workspace/slugify.js' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// unsaved line');
  await expect(tabs(page).getByRole('tab', { name: 'slugify.js (unsaved changes)' })).toBeVisible();
  await tabs(page).getByRole('tab', { name: 'slugify.js' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs(page).getByRole('tab', { name: 'test.js' })).toBeFocused();
  await expect(tabs(page).getByRole('tab', { name: 'test.js' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.cm-content')).toContainText('// unsaved line');
  await page.screenshot({ path: testInfo.outputPath('tabs-dirty.png') });

  // Close it: Cancel keeps it open and unsaved.
  await page.getByRole('button', { name: 'Close slugify.js' }).click();
  let dialog = page.getByRole('dialog', { name: 'Save changes to slugify.js?' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('tabs-close-prompt.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(tabs(page).getByRole('tab', { name: 'slugify.js (unsaved changes)' })).toBeVisible();

  // Discard closes it and leaves the disk alone.
  await tabs(page).getByRole('tab', { name: /slugify\.js/ }).focus();
  await page.keyboard.press('Delete');
  dialog = page.getByRole('dialog', { name: 'Save changes to slugify.js?' });
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(tabs(page).getByRole('tab')).toHaveCount(1);
  expect(await readFile(page, '/workspace/slugify.js')).not.toContain('// unsaved line');

  // Save writes, then closes.
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('// kept');
  await page.getByRole('button', { name: 'Close test.js' }).click();
  await page.getByRole('dialog', { name: 'Save changes to test.js?' }).getByRole('button', { name: 'Save' }).click();
  await expect(tabs(page)).toHaveCount(0);
  await expect.poll(() => readFile(page, '/workspace/test.js')).toContain('// kept');

  // A clean tab closes without a question.
  await tree(page).getByRole('treeitem', { name: 'slugify.js' }).click();
  await page.getByRole('button', { name: 'Close slugify.js' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(tabs(page)).toHaveCount(0);
});
