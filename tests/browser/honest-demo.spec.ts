import { expect, test } from '@playwright/test';
import { openPlayground } from './playground';
import { configureModel, MOCK_KEY, sendMessage, settingsDialog } from './model-setup';
import { startMockProvider } from '../mock-provider/server.mjs';

/** Honest without a key: the demo model says it ignores a typed task; the demo button says where it sends. */

test('a task typed for the demo model: the chat says the demo only plays its script, with a way to set up a model', async ({ page }, testInfo) => {
  await openPlayground(page);
  await sendMessage(page, 'Fix the flaky test in my project');
  const log = page.getByRole('log', { name: 'Transcript' });
  const notice = log.getByRole('status').filter({ hasText: 'the demo model only plays its script' });
  await expect(notice).toContainText('set up a model to run your own task');
  // Before the demo's first words.
  await expect(log.locator('.notice.info + *')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('demo-notice.png') });
  await notice.getByRole('button', { name: 'Set up a model' }).click();
  await expect(settingsDialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Stop' }).click().catch(() => undefined);

  // It is part of the conversation's log: a reload shows it again.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('log', { name: 'Transcript' }).getByRole('status').filter({ hasText: 'only plays its script' })).toBeVisible();
});

test('the demo prompt itself gets no such notice', async ({ page }) => {
  await openPlayground(page);
  const demo = page.getByRole('button', { name: 'Run demo task' });
  await expect(demo).toHaveAccessibleDescription(/scripted demo: no model provider, no key/);
  await demo.click();
  await expect(page.getByRole('log', { name: 'Transcript' }).locator('.text, .thinking').first()).toBeVisible();
  await expect(page.getByRole('log', { name: 'Transcript' }).getByText('only plays its script')).toHaveCount(0);
});

test('with a real provider, Run demo task says it sends the demo prompt to that provider', async ({ page }) => {
  const mock = await startMockProvider({ apiKey: MOCK_KEY });
  try {
    await openPlayground(page);
    await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
    const demo = page.getByRole('button', { name: 'Run demo task' });
    await expect(demo).toHaveAccessibleDescription(/Sends the demo task's prompt to OpenAI-compatible · mock-model, using your key/);
    await expect(demo).toHaveAttribute('title', /Sends the demo task's prompt to/);
  } finally {
    await mock.close();
  }
});
