import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPlayground } from './playground';
import { saved } from './saved';
import { configureModel, MOCK_KEY, runEnd, sendMessage, settingsDialog } from './model-setup';
import { startMockProvider } from '../mock-provider/server.mjs';

/** Errors that help: one updating card for a refused connection, and a reload during a retry said as such. */

/** A loopback port nothing listens on (opened, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a local server that refuses the connection: one card, retried once, then the error in its place', async ({ page }, testInfo) => {
  const port = await closedPort();
  await openPlayground(page);
  await configureModel(page, { provider: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'local-model' });
  await sendMessage(page, 'Hello');
  const log = page.getByRole('log', { name: 'Transcript' });
  await expect(await runEnd(page, 1)).toContainText('Stopped: the model provider failed');
  // One card in all: the retry card became the error.
  await expect(page.getByTestId('retry-notice')).toHaveCount(0);
  await expect(log.getByRole('alert')).toHaveCount(1);
  await expect(log.getByRole('alert')).toContainText(`Could not reach OpenAI-compatible at http://127.0.0.1:${port}/v1`);
  await page.screenshot({ path: testInfo.outputPath('refused-connection.png') });
  // Two tries in all (the first and one retry), as the inspector shows.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const request = page.getByRole('region', { name: 'Model request 1' });
  await expect(request.getByRole('region', { name: 'Attempt 1 of request 1' })).toContainText('failed (network)');
  await expect(request.getByRole('region', { name: 'Response to request 1' })).toContainText('failed (network)');
  await expect(request.getByRole('region', { name: /Attempt/ })).toHaveCount(1);
});

test('a retry card counts its attempts and updates in place', async ({ page }, testInfo) => {
  const mock = await startMockProvider({ apiKey: MOCK_KEY, faults: [{ kind: 'status', status: 503 }, { kind: 'status', status: 503, retryAfter: 300 }] });
  try {
    await openPlayground(page);
    await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
    await sendMessage(page, 'Hello');
    const card = page.getByTestId('retry-notice');
    await expect(card).toContainText('attempt 2 of 5 failed');
    await expect(card).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('retry-card.png') });
    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect(await runEnd(page, 1)).toContainText('you interrupted the run');
    await expect(card).toContainText('(attempt 2 of 5)');
  } finally {
    await mock.close();
  }
});

test('a reload during a retry wait: the chat says the run was interrupted by the reload', async ({ page }) => {
  const mock = await startMockProvider({ apiKey: MOCK_KEY, faults: [{ kind: 'status', status: 429, retryAfter: 300 }] });
  try {
    await openPlayground(page);
    await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
    await sendMessage(page, 'Run a command in the sandbox');
    await expect(page.getByTestId('retry-notice')).toContainText(/retrying in \d+\ss…/);
    // Reload once the retry is saved (a save still under way when the page goes is another issue's).
    await expect.poll(async () => (await saved(page)).raw.includes('"type":"retry"')).toBe(true);
    await page.reload();
    await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
    const end = await runEnd(page, 1);
    await expect(end).toContainText('interrupted by a reload');
    await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('The page was closed or reloaded while this run was going on.');
    // The user's message is still there, above it.
    await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('Run a command in the sandbox');
  } finally {
    await mock.close();
  }
});

test('Model settings: a local model is free, the hint names the provider’s own port, List models says plainly what failed', async ({ page }, testInfo) => {
  const port = await closedPort();
  await openPlayground(page);
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await dialog.getByLabel('Provider', { exact: true }).selectOption('ollama');
  await expect(dialog.getByLabel('Model', { exact: true })).toHaveAccessibleDescription(/Runs on your machine: free/);

  await dialog.getByLabel('Provider', { exact: true }).selectOption('openai-compatible');
  await expect(dialog.getByLabel('Base URL', { exact: true })).toHaveAccessibleDescription(/e\.g\. http:\/\/localhost:8000\/v1/);
  await dialog.getByLabel('Base URL', { exact: true }).fill(`http://127.0.0.1:${port}/v1`);
  await dialog.getByRole('button', { name: 'List models' }).click();
  const model = dialog.getByLabel('Model', { exact: true });
  await expect(model).toHaveAccessibleDescription(/Could not list the models/);
  const hint = (await dialog.locator('#ms-model-hint').textContent()) ?? '';
  expect(hint).toContain(`allow the origin ${new URL(page.url()).origin}`);
  expect(hint).not.toContain("this page's origin");
  expect(hint).not.toMatch(/\.\./);
  expect(hint).not.toContain('built-in list');
  await page.screenshot({ path: testInfo.outputPath('list-models-unreachable.png') });
});
