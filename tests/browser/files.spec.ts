import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';

/**
 * The file tree without the terminal: create a file and a folder, rename (F2), move (drag and
 * the context menu), delete with a confirmation, and upload by dropping files (bytes kept).
 */

const tree = (page: Page) => page.getByRole('tree', { name: 'Workspace files' });
const item = (page: Page, name: string) => tree(page).getByRole('treeitem', { name, exact: true });
const readFile = (page: Page, path: string) => page.evaluate((p) => window.__glassbox?.sandbox.fs.readText(p), path);
const exists = (page: Page, path: string) => page.evaluate((p) => window.__glassbox?.sandbox.fs.exists(p), path);

test('create, rename, move and delete files and folders from the tree', async ({ page }, testInfo) => {
  await openPlayground(page);
  await seedFiles(page, { 'slugify.js': 'export const slugify = (s) => s;\n', 'test.js': 'import { slugify } from "./slugify.js";\n' });
  await expect(item(page, 'slugify.js')).toBeVisible();

  // New file: typed inline, then open in the editor.
  await page.getByRole('button', { name: 'New file', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name of the new file' }).fill('notes.md');
  await page.keyboard.press('Enter');
  await expect(item(page, 'notes.md')).toBeVisible();
  await expect.poll(() => exists(page, '/workspace/notes.md')).toBe(true);
  await expect(page.getByRole('tab', { name: 'notes.md' })).toHaveAttribute('aria-selected', 'true');

  // A name that exists is refused in words, and the field stays open.
  await page.getByRole('button', { name: 'New file', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name of the new file' }).fill('slugify.js');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: 'Name of the new file' })).toHaveCount(0);

  // New folder.
  await item(page, 'notes.md').focus();
  await page.getByRole('button', { name: 'New folder', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name of the new folder' }).fill('docs');
  await page.keyboard.press('Enter');
  await expect(item(page, 'docs')).toBeVisible();
  await expect(item(page, 'docs')).toHaveAttribute('aria-expanded', 'true');

  // F2 renames the focused item; the open tab follows.
  await item(page, 'notes.md').focus();
  await page.keyboard.press('F2');
  const rename = page.getByRole('textbox', { name: 'New name for notes.md' });
  await expect(rename).toBeFocused();
  await rename.fill('readme.md');
  await page.keyboard.press('Enter');
  await expect(item(page, 'readme.md')).toBeVisible();
  await expect(item(page, 'notes.md')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'readme.md' })).toBeVisible();
  expect(await exists(page, '/workspace/readme.md')).toBe(true);

  // Drag a file onto a folder moves it there.
  await item(page, 'readme.md').locator('.row').dragTo(item(page, 'docs').locator('.row').first());
  await expect.poll(() => exists(page, '/workspace/docs/readme.md')).toBe(true);
  await expect(item(page, 'docs').getByRole('treeitem', { name: 'readme.md' })).toBeVisible();
  expect(await exists(page, '/workspace/readme.md')).toBe(false);

  // The context menu renames too.
  await item(page, 'docs').locator('.row').first().click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for docs' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'New file' })).toBeFocused();
  await menu.getByRole('menuitem', { name: /Rename/ }).click();
  await page.getByRole('textbox', { name: 'New name for docs' }).fill('guide');
  await page.keyboard.press('Enter');
  await expect(item(page, 'guide')).toBeVisible();
  await expect(item(page, 'guide').getByRole('treeitem', { name: 'readme.md' })).toBeVisible();
  await expect.poll(() => exists(page, '/workspace/guide/readme.md')).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('files-desktop.png') });
  expect(await axeViolations(page), 'tree with a folder and a tab').toEqual([]);

  // Delete asks first; Cancel keeps the folder, Delete removes it and everything in it.
  await item(page, 'guide').focus();
  await page.keyboard.press('Delete');
  let dialog = page.getByRole('dialog', { name: 'Delete guide?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await exists(page, '/workspace/guide')).toBe(true);
  await item(page, 'guide').focus();
  await page.keyboard.press('Delete');
  dialog = page.getByRole('dialog', { name: 'Delete guide?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(item(page, 'guide')).toHaveCount(0);
  expect(await exists(page, '/workspace/guide')).toBe(false);
  // Its file's tab closed with it.
  await expect(page.getByRole('tab', { name: 'readme.md' })).toHaveCount(0);
});

test('dropping files on the tree uploads them, bytes as they are', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, { 'slugify.js': 'export const slugify = (s) => s;\n', 'test.js': 'import { slugify } from "./slugify.js";\n' });
  await expect(item(page, 'slugify.js')).toBeVisible();
  await page.getByRole('button', { name: 'New folder', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name of the new folder' }).fill('assets');
  await page.keyboard.press('Enter');
  await expect(item(page, 'assets')).toBeVisible();

  // A drop on the folder: a text file and a binary one (not valid UTF-8).
  const row = item(page, 'assets').locator('.row').first();
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['hello from disk\n'], 'hello.txt', { type: 'text/plain' }));
    transfer.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe])], 'pixel.png', { type: 'image/png' }));
    return transfer;
  });
  await row.dispatchEvent('dragenter', { dataTransfer });
  await row.dispatchEvent('dragover', { dataTransfer });
  await row.dispatchEvent('drop', { dataTransfer });
  await expect(item(page, 'assets').getByRole('treeitem', { name: 'hello.txt' })).toBeVisible();
  await expect(item(page, 'assets').getByRole('treeitem', { name: 'pixel.png' })).toBeVisible();
  expect(await readFile(page, '/workspace/assets/hello.txt')).toBe('hello from disk\n');
  const bytes = await page.evaluate(async () => Array.from((await window.__glassbox?.sandbox.fs.readBytes('/workspace/assets/pixel.png')) ?? []));
  expect(bytes).toEqual([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]);
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded 2 files to assets' })).toBeAttached();

  // The Upload files button does the same from a file picker, into the root.
  const chooser = page.waitForEvent('filechooser');
  await tree(page).getByRole('treeitem', { name: 'slugify.js' }).focus();
  await page.getByRole('button', { name: 'Upload files' }).click();
  await (await chooser).setFiles({ name: 'picked.txt', mimeType: 'text/plain', buffer: Buffer.from('picked') });
  await expect(item(page, 'picked.txt')).toBeVisible();
  expect(await readFile(page, '/workspace/picked.txt')).toBe('picked');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('a new file is made from the Files panel and opens in the editor', async ({ page }, testInfo) => {
    await openPlayground(page);
    await seedFiles(page, { 'src/app.js': 'console.log(1);\n', 'README.md': '# hi\n' });
    const panels = page.getByRole('navigation', { name: 'Panels' });
    await panels.getByRole('button', { name: /^Files/ }).tap();
    await expect(item(page, 'src')).toBeVisible();
    await item(page, 'src').locator('.row').first().tap();
    await expect(item(page, 'app.js')).toBeVisible();
    await item(page, 'src').focus();
    await page.getByRole('button', { name: 'New file', exact: true }).tap();
    await page.getByRole('textbox', { name: 'Name of the new file' }).fill('util.js');
    await page.screenshot({ path: testInfo.outputPath('phone-files-new.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => exists(page, '/workspace/src/util.js')).toBe(true);
    await expect(panels.getByRole('button', { name: 'Editor' })).toHaveAttribute('aria-current', 'true');
    await expect(page.getByRole('tab', { name: 'util.js' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
