import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { MOCK_KEY, sendMessage, settingsDialog } from './model-setup';
import { openPlayground, transcriptIsValid } from './playground';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockProvider, type MockFault, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';

/**
 * Real models through the UI: a user opens Model settings, points Glassbox at a local
 * mock provider (OpenAI-compatible or Anthropic wire format), tests the connection, saves,
 * and runs a tool-using turn end to end, with faults injected at the provider.
 */

// Built at runtime: no secret-looking string is committed.
const KEY = MOCK_KEY;

const SCRIPT: MockTurn[] = [
  { text: "I'll run a command in the sandbox.", toolCalls: [{ name: 'Bash', input: { command: 'echo $((6*7))-from-the-sandbox' } }] },
  { text: 'The sandbox printed 42-from-the-sandbox. All done.' },
];

/** The parts of the page's test hook this spec reads (src/app is outside the node tsconfig). */
interface Hook {
  session: {
    messages: ReadonlyArray<{ role: string; content: string | ReadonlyArray<{ type: string; id?: string; tool_use_id?: string }> }>;
    model: { provider: string; label: string };
  };
}

interface Setup {
  provider: 'openai-compatible' | 'anthropic' | 'gemini';
  baseUrl: string;
  model: string;
}

let mock: MockProviderServer;
const consoleLines: string[] = [];

test.beforeEach(async ({ page }) => {
  mock = await startMockProvider({ script: SCRIPT, apiKey: KEY, models: ['mock-model', 'mock-model-large'] });
  consoleLines.length = 0;
  page.on('console', (message) => consoleLines.push(message.text()));
});

test.afterEach(async () => {
  await mock.close();
});

async function configure(page: Page, setup: Setup): Promise<void> {
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Provider', { exact: true }).selectOption(setup.provider);
  if (setup.provider !== 'openai-compatible') await dialog.getByText('Custom base URL').click();
  await dialog.getByLabel('Base URL', { exact: true }).fill(setup.baseUrl);
  await dialog.getByLabel('Model', { exact: true }).fill(setup.model);
  const key = dialog.getByLabel('API key', { exact: true });
  await key.fill(KEY);
  await expect(key).toHaveAttribute('type', 'password');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.locator('#ms-test-result')).toContainText(`Connected: ${setup.model} answered`);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('group', { name: 'Model' })).toContainText(setup.model);
}


async function allowBash(page: Page): Promise<void> {
  const prompt = page.getByRole('group', { name: 'Permission request for Bash' }).last();
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Allow once' }).click();
}

/** The run's end line, once there are `count` of them. */
async function runEnd(page: Page, count: number): Promise<Locator> {
  const ends = page.locator('.end');
  await expect(ends).toHaveCount(count, { timeout: 30_000 });
  return ends.last();
}

function chatRequests(): MockProviderServer['requests'] {
  return mock.requests.filter((r) => r.method === 'POST');
}

/** The key travelled only in the provider's key header: not in URLs, bodies or other headers. */
function expectKeyOnlyInHeader(header: 'authorization' | 'x-api-key' | 'x-goog-api-key'): void {
  expect(mock.requests.length).toBeGreaterThan(0);
  for (const request of mock.requests) {
    const expected = header === 'authorization' ? `Bearer ${KEY}` : KEY;
    expect(request.headers[header]).toBe(expected);
    expect(request.path).not.toContain(KEY);
    expect(JSON.stringify(request.body ?? null)).not.toContain(KEY);
    const others = Object.entries(request.headers).filter(([name]) => name !== header);
    expect(JSON.stringify(others)).not.toContain(KEY);
  }
}

/** Nowhere the page keeps or shows things may hold the key (the key field itself aside). */
async function expectKeyNotLeaked(page: Page): Promise<void> {
  const leaks = await page.evaluate(async (key) => {
    const found: string[] = [];
    const storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    if (storage.includes(key)) found.push('web storage');
    if (location.href.includes(key)) found.push('URL');
    if ((document.body.textContent ?? '').includes(key)) found.push('page text');
    const settings = await new Promise<string>((resolve, reject) => {
      const open = indexedDB.open('glassbox');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const all = db.transaction('settings').objectStore('settings').getAll();
        all.onsuccess = () => {
          db.close();
          resolve(JSON.stringify(all.result));
        };
        all.onerror = () => reject(all.error);
      };
    });
    if (settings.includes(key)) found.push('IndexedDB settings store');
    return found;
  }, KEY);
  expect(leaks).toEqual([]);
  const inspector = (await page.locator('#panel-inspector').textContent()) ?? '';
  expect(inspector).not.toContain(KEY);
  expect(consoleLines.filter((line) => line.includes(KEY))).toEqual([]);
}

async function expectToolRanInSandbox(page: Page): Promise<void> {
  const card = page.getByRole('article', { name: 'Tool call Bash' }).last();
  await expect(card).toHaveAttribute('data-status', 'done');
  await card.getByRole('button', { name: 'Show details of Bash' }).click();
  // 42 comes from the sandbox's shell doing the arithmetic, not from the model.
  await expect(card).toContainText('42-from-the-sandbox');
}

test('OpenAI-compatible: set up in the settings, run a tool-using turn, key stays private, choice survives a reload', async ({ page }, testInfo) => {
  await openPlayground(page);
  await expect(page.getByTestId('status-model')).toContainText('Demo model (scripted)');

  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  await settingsDialog(page).getByLabel('Provider', { exact: true }).selectOption('openai-compatible');
  await page.screenshot({ path: testInfo.outputPath('settings-dialog-empty.png') });
  await settingsDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(settingsDialog(page)).toBeHidden();

  await configure(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
  await expect(page.getByTestId('status-model')).toContainText('OpenAI-compatible · mock-model');

  await sendMessage(page, 'Run a command in the sandbox');
  await allowBash(page);
  const end = await runEnd(page, 1);
  await expect(end).toContainText('Done');
  await expectToolRanInSandbox(page);
  await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('The sandbox printed 42-from-the-sandbox. All done.');
  expect(await transcriptIsValid(page)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('openai-run-done.png') });

  // The inspector shows the HTTP request as sent, with the key redacted.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const latest = page.getByRole('region', { name: 'Model request 2' });
  await latest.getByText('HTTP request', { exact: true }).click();
  const http = latest.getByTestId('http-request');
  await expect(http).toContainText(`POST ${mock.url}/v1/chat/completions`);
  await expect(http).toContainText('authorization: [redacted]');
  await expect(http).toContainText('"tool_calls"');
  await page.screenshot({ path: testInfo.outputPath('openai-inspector.png') });

  expectKeyOnlyInHeader('authorization');
  await expectKeyNotLeaked(page);
  expect(chatRequests().length).toBe(3); // the connection test, then two turns

  // A reload keeps the provider and model; the key comes back from IndexedDB.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-model')).toContainText('OpenAI-compatible · mock-model');
  expect(await page.evaluate(() => (window as unknown as { __glassbox?: Hook }).__glassbox?.session.model.provider)).toBe('openai-compatible');
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog.getByLabel('Provider', { exact: true })).toHaveValue('openai-compatible');
  await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('mock-model');
  await expect(dialog.getByLabel('Base URL', { exact: true })).toHaveValue(`${mock.url}/v1`);
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveValue(KEY);
  await dialog.getByRole('button', { name: 'Show', exact: true }).first().click();
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveAttribute('type', 'text');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectKeyNotLeaked(page);
});

test('Anthropic wire format: same flow, key only in x-api-key, cost shown', async ({ page }) => {
  await openPlayground(page);
  await configure(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'Run a command in the sandbox');
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expectToolRanInSandbox(page);
  await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('All done.');
  // Known model: the status bar shows an estimated cost.
  await expect(page.getByTestId('status-tokens')).toContainText('$');

  await page.getByRole('tab', { name: 'Inspector' }).click();
  const latest = page.getByRole('region', { name: 'Model request 2' });
  await latest.getByText('HTTP request', { exact: true }).click();
  await expect(latest.getByTestId('http-request')).toContainText(`POST ${mock.url}/v1/messages`);
  await expect(latest.getByTestId('http-request')).toContainText('x-api-key: [redacted]');

  expectKeyOnlyInHeader('x-api-key');
  expect(chatRequests().every((r) => r.headers['anthropic-dangerous-direct-browser-access'] === 'true')).toBe(true);
  await expectKeyNotLeaked(page);
});

test('Gemini wire format: a two-step tool run works against a server that checks thought signatures like Gemini 3', async ({ page }) => {
  await openPlayground(page);
  await configure(page, { provider: 'gemini', baseUrl: mock.url, model: 'gemini-3-flash' });
  await expect(page.getByTestId('status-model')).toContainText('gemini-3-flash');
  await sendMessage(page, 'Run a command in the sandbox');
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expectToolRanInSandbox(page);
  await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('All done.');
  expect(await transcriptIsValid(page)).toBe(true);

  // The second turn carried the call's signature back (the mock answers 400 without it).
  const turns = chatRequests().filter((r) => r.path.includes(':streamGenerateContent'));
  expect(turns.map((r) => r.fault)).toEqual([undefined, undefined, undefined]); // the connection test, then two turns
  expect(JSON.stringify(turns[2]?.body)).toContain('"thoughtSignature"');
  expectKeyOnlyInHeader('x-goog-api-key');
  await expectKeyNotLeaked(page);
});

test('Thinking on a current Claude model goes out as adaptive thinking, and the dialog says why the budget is not sent', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await dialog.getByLabel('Provider', { exact: true }).selectOption('anthropic');
  await dialog.getByText('Custom base URL').click();
  await dialog.getByLabel('Base URL', { exact: true }).fill(mock.url);
  await dialog.getByLabel('API key', { exact: true }).fill(KEY);
  await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('claude-sonnet-5'); // the provider's default
  await dialog.getByLabel('Thinking').check();
  const budget = dialog.getByLabel('Thinking budget');
  await expect(budget).toHaveAccessibleDescription(/adaptive thinking\); the budget is not sent/);
  await dialog.getByLabel('Model', { exact: true }).fill('claude-haiku-4-5');
  await expect(dialog.locator('#ms-thinking-note')).toHaveCount(0);
  await dialog.getByLabel('Model', { exact: true }).fill('claude-sonnet-5');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  await sendMessage(page, 'Run a command in the sandbox');
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  const turns = chatRequests().filter((r) => r.path === '/v1/messages');
  expect(turns.length).toBe(2);
  for (const turn of turns) expect((turn.body as { thinking?: unknown }).thinking).toEqual({ type: 'adaptive', display: 'summarized' });
});

test('a shut-down model id is flagged in the dialog, with its replacement one click away', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await dialog.getByLabel('Provider', { exact: true }).selectOption('gemini');
  const model = dialog.getByLabel('Model', { exact: true });
  await expect(model).toHaveValue('gemini-3.8-flash');
  await expect(dialog.locator('#ms-model-retired')).toHaveCount(0);
  await model.fill('models/gemini-2.5-flash');
  await expect(model).toHaveAttribute('aria-invalid', 'true');
  await expect(model).toHaveAccessibleDescription(/gemini-2\.5-flash was shut down \(November 2026\)/);
  expect(await axeViolations(page, 'dialog'), 'the shut-down notice').toEqual([]);
  await dialog.getByRole('button', { name: 'Use gemini-3.8-flash' }).click();
  await expect(model).toHaveValue('gemini-3.8-flash');
  await expect(dialog.locator('#ms-model-retired')).toHaveCount(0);
  await expect(model).not.toHaveAttribute('aria-invalid', 'true');
});

async function setUpOpenAI(page: Page): Promise<void> {
  await openPlayground(page);
  await configure(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
}

function inject(fault: MockFault): void {
  mock.injectFault(fault);
}

test('429 with retry-after: the chat counts down, then the run completes', async ({ page }, testInfo) => {
  await setUpOpenAI(page);
  inject({ kind: 'status', status: 429, retryAfter: 2 });
  await sendMessage(page, 'Run a command in the sandbox');
  const notice = page.getByTestId('retry-notice');
  await expect(notice).toContainText(/Provider busy \(rate limited\) — retrying (in [12]\ss…|now…)/);
  await expect(notice.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('retry-countdown.png') });
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expect(notice.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  expect(chatRequests().filter((r) => r.fault === 'status 429')).toHaveLength(1);
  expect(await transcriptIsValid(page)).toBe(true);
});

test('Cancel during a retry wait interrupts the run', async ({ page }) => {
  await setUpOpenAI(page);
  inject({ kind: 'status', status: 429, retryAfter: 300 });
  await sendMessage(page, 'Run a command in the sandbox');
  const notice = page.getByTestId('retry-notice');
  await expect(notice).toContainText(/retrying in (300|299|298|297|296|295)\ss…/);
  // A five-minute wait holds the page still while axe reads it (a slow machine may take long), then Cancel ends it.
  expect(await axeViolations(page), 'the retry countdown').toEqual([]);
  await notice.getByRole('button', { name: 'Cancel' }).click();
  await expect(await runEnd(page, 1)).toContainText('you interrupted the run');
  expect(await transcriptIsValid(page)).toBe(true);
});

test('401: a clear "key was refused" line, and no retry', async ({ page }) => {
  await setUpOpenAI(page);
  const before = chatRequests().length;
  inject({ kind: 'status', status: 401, message: 'invalid api key' });
  await sendMessage(page, 'Run a command in the sandbox');
  const end = await runEnd(page, 1);
  await expect(end).toContainText('Stopped: the model provider failed');
  await expect(page.getByRole('alert').filter({ hasText: 'The key was refused' })).toContainText('Check the API key in Model settings.');
  await expect(page.getByTestId('retry-notice')).toHaveCount(0);
  expect(await axeViolations(page), 'the refused-key error').toEqual([]);
  expect(chatRequests().length - before).toBe(1);
  await expectKeyNotLeaked(page);
});

test('a stream that drops mid-answer is retried; the transcript stays valid and the next prompt works', async ({ page }) => {
  await setUpOpenAI(page);
  inject({ kind: 'drop', afterEvents: 3 });
  await sendMessage(page, 'Run a command in the sandbox');
  await expect(page.getByTestId('retry-notice')).toContainText('Connection dropped mid-answer');
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  // The half-streamed first attempt was discarded, not shown twice.
  const transcript = page.getByRole('log', { name: 'Transcript' });
  await expect(transcript.getByText("I'll run a command in the sandbox.", { exact: true })).toHaveCount(1);
  expect(await transcriptIsValid(page)).toBe(true);

  await sendMessage(page, 'Thanks, anything else?');
  await expect(await runEnd(page, 2)).toContainText('Done');
  expect(await transcriptIsValid(page)).toBe(true);
});

test('Forget key removes the key from this browser and puts the agent back on the demo model', async ({ page }) => {
  await openPlayground(page);
  await configure(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveValue(KEY);
  await dialog.getByRole('button', { name: 'Forget key' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'key is forgotten' })).toContainText('demo model');
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveValue('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('status-model')).toContainText('Demo model (scripted)');
  const secrets = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('glassbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('secrets').objectStore('secrets').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(secrets).toBe(0);
  // After a reload the saved provider is still chosen, but without a key it waits on the demo model.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-model')).toContainText('Demo model (scripted)');
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  await expect(settingsDialog(page).getByLabel('Provider', { exact: true })).toHaveValue('anthropic');
  await expect(settingsDialog(page).getByRole('alert')).toContainText('Anthropic needs an API key.');
});

test('a local server without CORS: the test and the run say exactly what to allow', async ({ page }) => {
  test.setTimeout(90_000);
  const closed = await startMockProvider({ script: SCRIPT, cors: false });
  try {
    await openPlayground(page);
    const origin = new URL(page.url()).origin;
    await page.getByRole('button', { name: 'Model settings', exact: true }).click();
    const dialog = settingsDialog(page);
    await dialog.getByLabel('Provider', { exact: true }).selectOption('openai-compatible');
    await dialog.getByLabel('Base URL', { exact: true }).fill(`${closed.url}/v1`);
    await dialog.getByLabel('Model', { exact: true }).fill('mock-model');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const fix = `it must allow requests from this page (CORS): allow the origin ${origin}`;
    await expect(dialog.locator('#ms-test-result')).toContainText(fix);
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await expect(dialog).toBeHidden();

    await sendMessage(page, 'Run a command in the sandbox');
    // A local server gets one retry; its card then becomes the error (tests/browser/errors-that-help.spec.ts).
    const end = await runEnd(page, 1);
    await expect(end).toContainText('Stopped: the model provider failed');
    await expect(page.getByRole('alert').filter({ hasText: 'Could not reach OpenAI-compatible' })).toContainText(fix);
    expect(await transcriptIsValid(page)).toBe(true);
  } finally {
    await closed.close();
  }
});

test('a server that never answers: Test connection can be cancelled at once, and the dialog keeps its fields', async ({ page }) => {
  // Accepts connections and never answers anything, like a hung local model server.
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
  try {
    await openPlayground(page);
    await page.getByRole('button', { name: 'Model settings', exact: true }).click();
    const dialog = settingsDialog(page);
    await dialog.getByLabel('Provider', { exact: true }).selectOption('openai-compatible');
    await dialog.getByLabel('Base URL', { exact: true }).fill(url);
    await dialog.getByLabel('Model', { exact: true }).fill('stuck-model');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const cancel = dialog.getByRole('button', { name: 'Cancel test' });
    await expect(cancel).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    const cancelledAt = Date.now();
    await cancel.click();
    await expect(dialog.locator('#ms-test-result')).toContainText('Connection test cancelled.', { timeout: 2_000 });
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    await expect(cancel).toBeHidden();
    await expect(dialog.getByRole('button', { name: 'Test connection' })).toBeEnabled();
    await expect(dialog.getByLabel('Base URL', { exact: true })).toHaveValue(url);
    await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('stuck-model');
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
