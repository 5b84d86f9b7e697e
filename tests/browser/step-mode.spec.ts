import { expect, test, type Page } from '@playwright/test';
import { openPlayground, seedFiles, transcriptIsValid } from './playground';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';

/**
 * Step mode: the run pauses before each model request (shown and editable before it is sent),
 * before each tool call and before its result goes back; Next takes one step, Continue leaves step
 * mode; the edits are what the provider and the model get, and they are marked in the chat and the
 * inspector. Stop works while paused.
 */

const SCRIPT: MockTurn[] = [
  { text: "I'll read the notes.", toolCalls: [{ name: 'Read', input: { file_path: 'notes.txt' } }] },
  { text: 'The notes are read.' },
];

let mock: MockProviderServer;

// A whole run stepped through by hand, on a slow shared box.
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async () => {
  mock = await startMockProvider({ script: SCRIPT, apiKey: MOCK_KEY, models: ['mock-model'] });
});

test.afterEach(async () => {
  await mock.close();
});

/** The bodies of the model requests the provider received, as JSON text. */
function sentRequests(): string[] {
  return mock.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/v1/messages')).map((request) => JSON.stringify(request.body));
}

function stepPanel(page: Page) {
  return page.getByRole('region', { name: 'Step mode' });
}

test('step through a run: edit the request and a tool result, then Continue to the end', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, { 'notes.txt': 'Buy milk.\n' });
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });

  const toggle = page.getByRole('switch', { name: 'Step mode' });
  await toggle.check();
  await expect(toggle).toBeChecked();

  await sendMessage(page, 'Read notes.txt');
  const panel = stepPanel(page);
  await expect(panel.getByRole('heading', { name: 'Paused before request 1' })).toBeVisible();
  // Held before it was sent: the provider has not heard of it.
  expect(sentRequests()).toHaveLength(0);
  await expect(panel).toContainText('tokens in all');
  await expect(panel.getByText(/^Tools \(\d+\)/)).toBeVisible();

  // Edit the system prompt and the user's message.
  const system = panel.getByRole('textbox', { name: 'System prompt' });
  await system.fill(`${await system.inputValue()}\nAlways answer like a pirate.`);
  await expect(system).toHaveValue(/Always answer like a pirate\.$/);
  const message = panel.getByRole('textbox', { name: /^Message 1 \(user\)/ }).last();
  await expect(message).toHaveValue('Read notes.txt');
  await message.fill('Read notes.txt, matey');
  await panel.getByRole('button', { name: 'Next' }).click();

  // The edited request is what the provider got.
  await expect.poll(() => sentRequests().length).toBe(1);
  expect(sentRequests()[0]).toContain('Always answer like a pirate.');
  expect(sentRequests()[0]).toContain('Read notes.txt, matey');

  // Before the tool runs: the call is shown.
  await expect(panel.getByRole('heading', { name: 'Paused before Read runs' })).toBeVisible();
  await expect(panel).toContainText('notes.txt');
  await panel.getByRole('button', { name: 'Next' }).click();

  // After it ran: its result, editable before the model sees it.
  const result = panel.getByRole('textbox', { name: 'Result of Read' });
  await expect(result).toBeVisible();
  await expect(result).toHaveValue(/Buy milk\./);
  await result.fill('The notes say: bring a parrot.');
  await panel.getByRole('button', { name: 'Next' }).click();

  await expect(panel.getByRole('heading', { name: 'Paused before request 2' })).toBeVisible();
  expect(sentRequests()).toHaveLength(1);
  // The second request carries the edited result (and the edited message stays the transcript).
  await expect(panel.getByRole('textbox', { name: /^Message 1 \(user\)/ }).last()).toHaveValue('Read notes.txt, matey');
  await expect(panel).toContainText('The notes say: bring a parrot.');

  await panel.getByRole('button', { name: 'Continue' }).click();
  await expect(toggle).not.toBeChecked();
  await expect(await runEnd(page, 1)).toContainText('Done: the model finished its answer');
  await expect(panel).toBeHidden();
  expect(sentRequests()).toHaveLength(2);
  expect(sentRequests()[1]).toContain('The notes say: bring a parrot.');
  expect(sentRequests()[1]).toContain('Always answer like a pirate.');
  expect(await transcriptIsValid(page)).toBe(true);

  // Marked in the chat…
  await expect(page.getByText('Request 1 was edited in step mode (system prompt and messages) before it was sent.')).toBeVisible();
  await expect(page.getByRole('article', { name: 'Tool call Read' })).toContainText('Result edited in step mode before the model saw it');
  // …and in the inspector, which shows the request as sent.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const first = page.getByRole('region', { name: 'Model request 1' });
  await expect(first).toContainText('edited in step mode');
  await first.getByText('Request 1 · edited in step mode', { exact: true }).click();
  await expect(first).toContainText('Edited in step mode: the system prompt and the messages changed before it was sent.');
  await expect(first).toContainText('Read notes.txt, matey');
  await expect(page.getByRole('region', { name: 'Model request 2' })).not.toContainText('edited in step mode');
});

test('Stop while paused ends the run as interrupted (the scripted demo)', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('switch', { name: 'Step mode' }).check();
  await page.getByRole('button', { name: 'Run demo task' }).click();
  const panel = stepPanel(page);
  await expect(panel.getByRole('heading', { name: 'Paused before request 1' })).toBeVisible();
  await panel.getByRole('button', { name: 'Next' }).click();
  // The demo's first step is a tool call: held before it runs.
  await expect(panel.getByRole('heading', { name: /^Paused before \w+ runs$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(await runEnd(page, 1)).toContainText('Stopped: you interrupted the run');
  await expect(panel).toBeHidden();
  expect(await transcriptIsValid(page)).toBe(true);
  // Still on: the next run pauses again.
  await expect(page.getByRole('switch', { name: 'Step mode' })).toBeChecked();
});
