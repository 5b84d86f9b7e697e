import { expect, test, type Page } from '@playwright/test';
import { openPlayground } from './playground';
import { allowBash, configureModel, MOCK_KEY, runEnd, sendMessage, type ModelSetup } from './model-setup';
import { startMockProvider, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';

/**
 * The inspector sees both directions: each request shows the response beside it (the message as
 * received with the tool call's raw input, stop reason, usage, timing, the raw stream events),
 * for every wire format, and the same after a reload (it is a fold of the stored log).
 */

const SCRIPT: MockTurn[] = [
  { thinking: 'A command will tell.', text: "I'll run a command.", toolCalls: [{ name: 'Bash', input: { command: 'echo inspected' } }] },
  { text: 'The command printed inspected.' },
];

let mock: MockProviderServer;

test.beforeEach(async () => {
  mock = await startMockProvider({ script: SCRIPT, apiKey: MOCK_KEY, models: ['mock-model'] });
});

test.afterEach(async () => {
  await mock.close();
});

interface Case {
  name: string;
  setup: () => ModelSetup;
  /** Something only this wire format's raw stream holds. */
  rawMarker: string;
}

const CASES: Case[] = [
  { name: 'Anthropic', setup: () => ({ provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' }), rawMarker: 'event: message_stop' },
  { name: 'OpenAI-compatible', setup: () => ({ provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' }), rawMarker: 'data: [DONE]' },
  { name: 'Gemini', setup: () => ({ provider: 'gemini', baseUrl: mock.url, model: 'gemini-3-flash' }), rawMarker: '"functionCall"' },
];

async function expectResponses(page: Page, rawMarker: string): Promise<void> {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const first = page.getByRole('region', { name: 'Model request 1' });
  // Older requests start closed: open the first one.
  await first.getByText('Request 1', { exact: true }).click();
  const response = first.getByRole('region', { name: 'Response to request 1' });
  await expect(response).toContainText('tool_use');
  await expect(response).toContainText('time to first token');
  await expect(response.getByTestId('response-message')).toContainText("I'll run a command.");
  await expect(response.getByTestId('response-message')).toContainText('tool_use Bash');
  await expect(response.getByTestId('response-message')).toContainText('"command"');
  await expect(response.getByTestId('response-message')).toContainText('echo inspected');
  await response.getByText('Raw stream events').click();
  await expect(response.getByTestId('raw-stream')).toContainText(rawMarker);

  const second = page.getByRole('region', { name: 'Response to request 2' });
  await expect(second).toContainText('end_turn');
  await expect(second.getByTestId('response-message')).toContainText('The command printed inspected.');
  // Request 2 carried the first response's tool call back: request → response → next request.
  await expect(page.getByRole('region', { name: 'Model request 2' })).toContainText('3 messages');
}

for (const { name, setup, rawMarker } of CASES) {
  test(`${name}: each request shows its response, raw stream included, before and after a reload`, async ({ page }, testInfo) => {
    await openPlayground(page);
    await configureModel(page, setup());
    await sendMessage(page, 'Run a command');
    await allowBash(page);
    await expect(await runEnd(page, 1)).toContainText('Done');

    await expectResponses(page, rawMarker);
    await page.screenshot({ path: testInfo.outputPath(`inspector-response-${name}.png`), fullPage: true });

    await page.reload();
    await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
    await expectResponses(page, rawMarker);
    // The key never shows, raw stream or not.
    expect((await page.locator('#panel-inspector').textContent()) ?? '').not.toContain(MOCK_KEY);
  });
}
