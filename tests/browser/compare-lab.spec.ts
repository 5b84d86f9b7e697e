import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';

/**
 * Workshop mode's lab and presenting: `/compare` runs one task under two harness settings and shows
 * both verdicts and measures side by side with the request diff; the presenter view shows the chat
 * and the inspector together and Esc leaves it; `?cap=` shows the workshop's spend cap and holds it.
 */

// Two scripted demo runs in offline sandboxes: slow on a loaded 2-core box.
test.describe.configure({ timeout: 300_000 });

const input = (page: Page) => page.getByRole('textbox', { name: 'Message the agent' });

/** The cell of a results row under lane A (1) or B (2). */
const cell = (table: Locator, row: string, lane: 1 | 2): Locator => table.getByRole('row', { name: new RegExp(`^${row}`) }).getByRole('cell').nth(lane - 1);

test('/compare runs the task under two settings and shows both verdicts, the measures and the request diff', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, { 'README.md': '# Workshop\n' });
  await input(page).fill('/compare');
  await input(page).press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Compare' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Check: file').fill('slugify.js');
  await dialog.getByLabel('contains').fill("/g, '')");
  await expect(dialog.getByLabel('Model')).toHaveValue('demo');
  await dialog.getByRole('combobox', { name: 'Setting A' }).selectOption({ label: 'As is' });
  await dialog.getByRole('combobox', { name: 'Setting B' }).selectOption({ label: 'A tool removed' });
  await dialog.getByRole('combobox', { name: 'Tool lane B leaves out' }).selectOption('Write');
  await expect(dialog.getByText(/answered “allow once”/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Run both' }).click();
  await expect(dialog.getByRole('button', { name: 'Stop' })).toBeVisible();

  const table = dialog.getByRole('table', { name: 'Results' });
  await expect(dialog.getByRole('status').filter({ hasText: 'Both settings ran.' })).toBeVisible({ timeout: 240_000 });
  await expect(table.getByRole('columnheader', { name: 'Setting A: As is' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Setting B: Without Write' })).toBeVisible();
  await expect(cell(table, 'Check', 1)).toHaveText(/^Passed: slugify\.js is as asked/);
  await expect(cell(table, 'Check', 2)).toHaveText(/^Failed: slugify\.js does not exist yet/);
  for (const lane of [1, 2] as const) {
    await expect(cell(table, 'Turns', lane)).toHaveText(/^[1-9]\d*$/);
    await expect(cell(table, 'Input tokens', lane)).toHaveText(/^[1-9][\d,]*$/);
    await expect(cell(table, 'Output tokens', lane)).toHaveText(/^[1-9][\d,]*$/);
    await expect(cell(table, 'Cost', lane)).toHaveText('not priced');
    await expect(cell(table, 'Time', lane)).toHaveText(/^\d+(\.\d+)? s$/);
  }
  expect(await cell(table, 'Turns', 1).innerText()).not.toBe(await cell(table, 'Turns', 2).innerText());
  const diff = dialog.getByRole('region', { name: 'Request diff' });
  await expect(diff.getByText('Tools only in A: Write').first()).toBeVisible();
  expect(await axeViolations(page, 'dialog.compare-lab')).toEqual([]);

  // The lanes ran in their own sandboxes: the user's workspace is as it was.
  const touched = await page.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    return sandbox ? sandbox.fs.exists(`${sandbox.root}/slugify.js`) : true;
  });
  expect(touched).toBe(false);
  expect(await page.evaluate(() => window.__glassbox?.session.log.length)).toBe(0);

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(input(page)).toBeVisible();
});

test('the presenter view shows the chat and the inspector side by side; Esc or the toggle leaves it', async ({ page }) => {
  await openPlayground(page);
  const toggle = page.getByRole('button', { name: 'Presenter view' });
  const chat = page.getByRole('tabpanel', { name: 'Chat' });
  const inspector = page.getByRole('tabpanel', { name: 'Inspector' });
  const editor = page.getByRole('main', { name: 'Editor and terminal' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(inspector).toBeHidden();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(chat).toBeVisible();
  await expect(inspector).toBeVisible();
  await expect(input(page)).toBeVisible();
  await expect(editor).toBeHidden();
  const [chatBox, inspectorBox] = [await chat.boundingBox(), await inspector.boundingBox()];
  expect(chatBox && inspectorBox && inspectorBox.x >= chatBox.x + chatBox.width - 1).toBe(true);

  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(inspector).toBeHidden();
  await expect(editor).toBeVisible();

  // The link turns it on; the toggle turns it off and takes it out of the address.
  await page.goto('/?present=1');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Presenter view' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Inspector' })).toBeVisible();
  await page.getByRole('button', { name: 'Presenter view' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Inspector' })).toBeHidden();
  expect(new URL(page.url()).searchParams.has('present')).toBe(false);
});

test('?cap= shows the workshop spend cap, a later link cannot raise it, and a bad cap is refused', async ({ page, browser }) => {
  await page.goto('/?cap=0.50');
  // The link is read once the page has loaded; the sandbox is ready after that.
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  const notice = page.getByRole('region', { name: 'Workshop spend cap' });
  await expect(notice.getByRole('status')).toHaveText('This workshop caps spending at $0.50');

  // Model settings say so, and refuse a higher cap of the learner's own.
  await input(page).fill('/model');
  await input(page).press('Enter');
  const settings = page.getByRole('dialog', { name: 'Model settings' });
  await expect(settings.getByText('This workshop caps spending at $0.50: empty or higher keeps that cap.')).toBeVisible();
  await settings.getByLabel('Spend cap per session (USD)').fill('5');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert').filter({ hasText: 'workshop' })).toContainText('This workshop caps spending at $0.50 in this tab: the spend cap cannot be higher');
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/?cap=5');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Workshop spend cap' }).getByRole('status')).toHaveText('This workshop caps spending at $0.50');

  const fresh = await browser.newPage();
  await fresh.goto('/?cap=lots');
  await expect(fresh.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await expect(fresh.getByRole('alert').filter({ hasText: 'spend cap' })).toContainText('"lots" is not an amount in US dollars');
  await expect(fresh.getByText(/This workshop caps spending/)).toHaveCount(0);
  await fresh.close();
});
