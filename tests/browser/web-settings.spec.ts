import { expect, test } from '@playwright/test';
import { configureModel, MOCK_KEY, sendMessage, settingsDialog } from './model-setup';
import { openPlayground } from './playground';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * Web access in Model settings: the CORS proxy (checked to be an http(s) URL) and the web search
 * API with its key, kept across a reload with the key masked; WebSearch is offered to the model
 * only once a key is set, and the key never goes to the model.
 */

// Built at runtime: no secret-looking string is committed.
const SEARCH_KEY = ['search', 'key', '456'].join('-');
const PROXY = 'https://proxy.example/?url=';

test('the CORS proxy and search API key are set in Model settings and kept after a reload', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();

  const proxy = dialog.getByRole('textbox', { name: 'CORS proxy' });
  await expect(proxy).toHaveValue('');
  await expect(proxy).toHaveAccessibleDescription(/Empty by default\..*pass through it/);
  // Not a URL: the dialog stays open with the reason, and nothing is lost.
  await proxy.fill('proxy.example');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/The CORS proxy must be an http\(s\) URL/);
  await expect(proxy).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toBeVisible();
  await expect(proxy).toHaveValue('proxy.example');

  await proxy.fill(PROXY);
  await dialog.getByRole('combobox', { name: 'Search API' }).selectOption({ label: 'Brave Search' });
  const key = dialog.getByLabel('Search API key', { exact: true });
  await expect(key).toHaveAttribute('type', 'password');
  await key.fill(SEARCH_KEY);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeVisible();
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'CORS proxy' })).toHaveValue(PROXY);
  await expect(dialog.getByRole('combobox', { name: 'Search API' })).toHaveValue('brave');
  const keptKey = dialog.getByLabel('Search API key', { exact: true });
  await expect(keptKey).toHaveValue(SEARCH_KEY);
  await expect(keptKey).toHaveAttribute('type', 'password');
  // The key is in no page storage a share or export reads: only in the secrets store.
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(local).toContain(PROXY);
  expect(local).not.toContain(SEARCH_KEY);

  // Emptied, the proxy is gone again.
  await dialog.getByRole('textbox', { name: 'CORS proxy' }).fill('');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('glassbox:cors-proxy'))).toBeNull();
});

let mock: MockProviderServer;

test.afterEach(async () => {
  await mock?.close();
});

test('WebSearch is offered to the model only once a search API key is set', async ({ page }) => {
  mock = await startMockProvider({ script: [{ text: 'First answer.' }, { text: 'Second answer.' }], apiKey: MOCK_KEY, models: ['mock-model'] });
  await openPlayground(page);
  await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
  const toolNames = (): string[] => {
    const body = mock.requests.filter((request) => request.method === 'POST').at(-1)?.body as { tools?: Array<{ function?: { name: string }; name?: string }> };
    return (body.tools ?? []).map((tool) => tool.function?.name ?? tool.name ?? '');
  };

  await sendMessage(page, 'hello');
  await expect(page.getByText('First answer.')).toBeVisible();
  expect(toolNames()).toContain('WebFetch');
  expect(toolNames()).not.toContain('WebSearch');

  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await dialog.getByLabel('Search API key', { exact: true }).fill(SEARCH_KEY);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  await sendMessage(page, 'again');
  await expect(page.getByText('Second answer.')).toBeVisible();
  expect(toolNames()).toContain('WebSearch');
  expect(JSON.stringify(mock.requests)).not.toContain(SEARCH_KEY);
});
