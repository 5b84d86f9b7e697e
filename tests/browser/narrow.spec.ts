import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, runInTerminal, terminalText } from './playground';

/**
 * A visitor on a phone (390×844, touch): one panel at a time, switched from the bar at the
 * bottom. Nothing runs off the side of the screen, a permission prompt waiting in the chat is
 * marked while another panel shows, opening a file shows the editor, and the terminal works.
 */

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

const panels = (page: Page) => page.getByRole('navigation', { name: 'Panels' });

async function show(page: Page, name: 'Chat' | 'Files' | 'Editor' | 'Terminal'): Promise<void> {
  const button = panels(page).getByRole('button', { name: new RegExp(`^${name}`) });
  await button.tap();
  await expect(button).toHaveAttribute('aria-current', 'true');
}

test('on a phone: one panel at a time, a waiting prompt is marked, files open in the editor, the terminal works', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openPlayground(page);

  // Nothing wider than the screen; the chat shows first.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeInViewport();
  await expect(page.getByRole('tree', { name: 'Workspace files' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Terminal' })).toBeHidden();
  for (const name of ['Run demo task', 'New chat', 'Model settings']) await expect(page.getByRole('button', { name, exact: true })).toBeInViewport();
  await expect(page.getByRole('combobox', { name: 'Permission mode' })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('phone-chat.png') });
  expect(await axeViolations(page), 'phone, first screen').toEqual([]);

  // A prompt waits in the chat: another panel marks the Chat button.
  await page.getByRole('button', { name: 'Run demo task' }).tap();
  const prompt = page.getByRole('group', { name: /^Permission request for / }).first();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await show(page, 'Files');
  await expect(panels(page).getByRole('button', { name: 'Chat (a prompt is waiting for you)' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('phone-files-prompt-waiting.png') });
  await show(page, 'Chat');
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await prompt.getByRole('button', { name: 'Allow once' }).tap();
  await expect(page.locator('.end').last()).toContainText('Done', { timeout: 60_000 });
  await expect(panels(page).getByRole('button', { name: 'Chat', exact: true })).toBeVisible();

  // Files → tapping a file shows it in the editor.
  await show(page, 'Files');
  await page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'slugify.js' }).tap();
  await expect(panels(page).getByRole('button', { name: 'Editor' })).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('.cm-content')).toContainText('function slugify');
  await expect(page.locator('.cm-content')).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('phone-editor.png') });

  // The terminal opens at the phone's width: its prompt is on one line and ls lists the files.
  await show(page, 'Terminal');
  await expect(page.getByRole('region', { name: 'Terminal' }).getByText("shell on the agent's sandbox")).toBeVisible();
  await runInTerminal(page, 'ls');
  await expect.poll(() => terminalText(page)).toContain('slugify.js');
  expect(await terminalText(page)).toMatch(/\/workspace \$ ls/);
  await page.screenshot({ path: testInfo.outputPath('phone-terminal.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
