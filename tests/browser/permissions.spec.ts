import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground } from './playground';

/**
 * Permission rules in the page: the Permissions view lists and edits them, a prompt's "Always allow"
 * writes a rule the view shows and that allows the same call later without asking, and Shift+Tab in
 * the chat input cycles the mode.
 */

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Permissions' });
const allowList = (page: Page) => dialog(page).getByRole('list', { name: 'Allow rules' });

test('the Permissions view adds and removes rules, in the order they are checked', async ({ page }, testInfo) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Permissions' }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('heading', { name: /Deny rules/ })).toBeVisible();

  await dialog(page).getByRole('textbox', { name: 'Rule' }).fill('Bash(npm run test:*)');
  await dialog(page).getByRole('combobox', { name: 'List' }).selectOption('allow');
  await dialog(page).getByRole('button', { name: 'Add rule' }).click();
  await expect(allowList(page).getByRole('listitem').filter({ hasText: 'Bash(npm run test:*)' })).toContainText('This browser');
  await expect(page.getByRole('status').filter({ hasText: 'Added Bash(npm run test:*)' })).toBeAttached();

  // Not a rule: said so, nothing added.
  await dialog(page).getByRole('textbox', { name: 'Rule' }).fill('Bash(npm');
  await dialog(page).getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('is not a rule');

  expect(await axeViolations(page, 'dialog.permissions')).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('permissions-view.png') });

  // The rule is in the session's rule book, and saved: it is still there after a reload.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Permissions' }).click();
  await expect(allowList(page).getByRole('listitem').filter({ hasText: 'Bash(npm run test:*)' })).toBeVisible();

  await dialog(page).getByRole('button', { name: 'Remove allow rule Bash(npm run test:*) (This browser)' }).click();
  await expect(dialog(page).getByRole('listitem').filter({ hasText: 'Bash(npm run test:*)' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
});

test('"Always allow" on a prompt writes a visible rule that allows the same command later', async ({ page }, testInfo) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Run demo task' }).click();

  const prompt = page.getByRole('group', { name: /Permission request for/ }).first();
  const end = page.locator('.end').last();
  let alwaysAllowed = 0;
  for (;;) {
    await expect(prompt.or(end)).toBeVisible();
    if (await end.isVisible()) break;
    const title = (await prompt.innerText()).split('\n')[0] ?? '';
    if (title.includes('node test.js') && alwaysAllowed === 0) {
      await prompt.screenshot({ path: testInfo.outputPath('prompt-always-allow.png') });
      await prompt.getByRole('button', { name: 'Always allow' }).click();
      alwaysAllowed += 1;
    } else {
      await prompt.getByRole('button', { name: 'Allow once' }).click();
    }
    await expect(prompt.filter({ hasText: title })).toHaveCount(0);
  }
  expect(alwaysAllowed).toBe(1);
  await expect(page.getByText('Always allowed: Bash(node test.js) saved in your settings')).toBeVisible();
  // The second test run did not ask: the rule allowed it, and its card says so.
  await expect(page.getByText('Allowed by the rule Bash(node test.js) (your settings)')).toBeVisible();

  // `/permissions` in the chat input opens the view, where the rule is listed as this browser's.
  const input = page.getByRole('textbox', { name: 'Message the agent' });
  await input.fill('/permissions');
  await input.press('Enter');
  await expect(allowList(page).getByRole('listitem').filter({ hasText: 'Bash(node test.js)' })).toContainText('This browser');
  await expect(input).toHaveValue('');
});

test('Shift+Tab in the chat input cycles the mode and says so', async ({ page }) => {
  await openPlayground(page);
  const input = page.getByRole('textbox', { name: 'Message the agent' });
  const mode = page.getByRole('combobox', { name: 'Permission mode' });
  await input.focus();
  await expect(mode).toHaveValue('default');
  await input.press('Shift+Tab');
  await expect(mode).toHaveValue('acceptEdits');
  await expect(page.getByRole('status').filter({ hasText: 'Permission mode: Accept edits' })).toBeAttached();
  await expect(input).toBeFocused();
  await input.press('Shift+Tab');
  await expect(mode).toHaveValue('plan');
  await input.press('Shift+Tab');
  await expect(mode).toHaveValue('default');
  await expect(page.getByRole('status').filter({ hasText: 'Permission mode: Default' })).toBeAttached();
});
