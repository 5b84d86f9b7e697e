import { expect, test } from '@playwright/test';
import { openPlayground } from './playground';
import { runEnd, settingsDialog } from './model-setup';

async function openSettings(page: import('@playwright/test').Page) {
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

test('/compact after the demo run: the divider, its summary, the summary request, and a reload keeps them', async ({ page }, testInfo) => {
  test.setTimeout(300_000); // a whole demo run, a summary and a reload
  await openPlayground(page);
  const dialog = await openSettings(page);
  const limits = dialog.getByRole('group', { name: 'Limits and context' });
  await expect(limits.getByRole('checkbox', { name: 'Auto-compact' })).toBeChecked();
  await limits.getByLabel('Context window (tokens)').fill('64000');
  await expect(limits.getByText(/Compaction starts at [\d,]+ tokens of a 64,000-token window/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  // No questions: this test is about the context, not the permission prompts.
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await expect((await runEnd(page, 1, 180_000)).getByText(/^Done/)).toBeVisible();
  const log = page.getByRole('log', { name: 'Transcript' });
  await expect(log.getByRole('button', { name: /^Conversation compacted/ })).toHaveCount(0);

  const input = page.getByRole('textbox', { name: 'Message the agent' });
  await input.fill('/compact the slugify tests');
  await input.press('Enter');
  const divider = log.getByRole('button', { name: /^Conversation compacted · \S+ → \S+ tokens$/ }).first();
  await expect(divider).toBeVisible({ timeout: 60_000 });
  await expect(divider).toHaveAttribute('aria-expanded', 'false');
  await divider.click();
  const summary = log.getByRole('region', { name: 'Compaction summary' }).first();
  await expect(summary).toContainText('User requests');
  await expect(summary).toContainText('Next step');
  await page.screenshot({ path: testInfo.outputPath('compaction-divider.png') });

  await page.getByRole('tab', { name: 'Inspector' }).click();
  const summaryRequest = page.getByText(/^Summary request \d+$/).first();
  await expect(summaryRequest).toBeVisible();
  // The newest request (the summary) is the one open.
  await expect(page.getByText('The harness asked the model to summarize the conversation').first()).toBeVisible();

  // The model now sees the summary first; the chat still shows the whole history.
  const first = await page.evaluate(() => {
    const message = window.__glassbox?.session.messages[0];
    return typeof message?.content === 'string' ? message.content : (message?.content[0] as { text?: string } | undefined)?.text ?? '';
  });
  expect(first).toMatch(/^This session is being continued from a previous conversation/);

  await page.reload();
  await openPlayground(page);
  // The reload comes back to the Inspector tab it left; the chat is one tab over.
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.getByRole('log', { name: 'Transcript' }).getByRole('button', { name: /^Conversation compacted/ }).first()).toBeVisible();
  const restored = await page.evaluate(() => {
    const message = window.__glassbox?.session.messages[0];
    return typeof message?.content === 'string' ? message.content : (message?.content[0] as { text?: string } | undefined)?.text ?? '';
  });
  expect(restored).toBe(first);
  // The setting was saved with the others.
  const again = await openSettings(page);
  await expect(again.getByLabel('Context window (tokens)')).toHaveValue('64000');
});

test('the spend cap stops a run with a named reason and says how to go on', async ({ page }) => {
  await openPlayground(page);
  const dialog = await openSettings(page);
  // The demo model has no price: its cap is in tokens.
  await dialog.getByLabel('Token cap for unpriced models').fill('4000');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Run demo task' }).click();
  const end = await runEnd(page, 1);
  await expect(end).toContainText('Stopped: the session reached its spend cap');
  await expect(page.getByText(/of its 4,000-token cap .* Raise the cap in Model settings, then send "continue" to go on\./)).toBeVisible();
});

test('a bad cap is refused with a clear message and nothing is lost', async ({ page }) => {
  await openPlayground(page);
  const dialog = await openSettings(page);
  await dialog.getByLabel('Spend cap per session (USD)').fill('-3');
  await dialog.getByLabel('Context window (tokens)').fill('5000');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'spend cap' })).toHaveText('The spend cap must be an amount above $0, or empty for no cap.');
  await expect(dialog.getByLabel('Context window (tokens)')).toHaveValue('5000');
});
