import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { seedFiles } from './playground';
import { startMockProvider, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';

/**
 * Memory the agent uses: "remember that …" makes the model call the Memory tool, the entry
 * outlives the session (and a reload), and the next session's request carries it in its Memory
 * part; the Memory panel reads, adds, edits and deletes entries; the workspace's AGENTS.md is a
 * part of its own in the inspector.
 */

let mock: MockProviderServer | undefined;

async function serve(script: MockTurn[], port?: number): Promise<MockProviderServer> {
  await mock?.close();
  mock = await startMockProvider({ script, apiKey: MOCK_KEY, models: ['mock-model'], ...(port === undefined ? {} : { port }) });
  return mock;
}

// The machine running the suite may be busy: give each flow room (every wait is still on state).
test.beforeEach(() => {
  test.setTimeout(300_000);
});

/** Open the app and wait for the sandbox (longer than usual: the machine may be busy). */
async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeVisible();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 90_000 });
}

test.afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const SAVE_CALL = {
  name: 'Memory',
  input: { action: 'save', name: 'test-runner', description: 'The user runs tests with vitest', type: 'user', body: 'Always run tests with vitest, never jest.' },
};

/** The newest request in the inspector, with its system prompt's part `label` opened. */
async function systemPart(page: Page, label: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const request = page.locator('section[aria-label^="Model request"]').first();
  await request.getByText('System prompt', { exact: true }).click();
  const part = partOf(page, request, label);
  await part.locator('summary').click();
  return part;
}

/** A part of a request's system prompt: its own collapsible, titled by the part's label. */
function partOf(page: Page, request: Locator, label: string): Locator {
  const system = request.locator('details.level2').filter({ has: page.locator('summary .title', { hasText: /^System prompt$/ }) });
  return system.locator('details.level3').filter({ has: page.locator('summary .title', { hasText: new RegExp(`^${label}$`) }) });
}

function memoryPanel(page: Page): Locator {
  return page.locator('#panel-memory');
}

test('"remember that" saves a memory through the Memory tool, and a new session after a reload is told it', async ({ page }) => {
  const first = await serve([{ text: "I'll remember that.", toolCalls: [SAVE_CALL] }, { text: 'Saved: you use vitest.' }]);
  await openPlayground(page);
  await configureModel(page, { provider: 'anthropic', baseUrl: first.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'Remember that I always use vitest, never jest.');
  const prompt = page.getByRole('group', { name: 'Permission request for Memory' });
  await expect(prompt).toContainText('Save the memory "test-runner"');
  await prompt.getByRole('button', { name: 'Allow once' }).click();
  await expect(await runEnd(page, 1)).toContainText('Done');

  // The panel shows what the agent saved.
  await page.getByRole('tab', { name: 'Memory' }).click();
  const entry = memoryPanel(page).getByRole('article', { name: 'test-runner' });
  await expect(entry).toContainText('The user runs tests with vitest');
  await expect(entry).toContainText('Always run tests with vitest, never jest.');

  // A reload and a new chat: the memory is still there and goes into the new session's prompt.
  const port = Number(new URL(first.url).port);
  const second = await serve([{ text: 'You use vitest.' }], port);
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('tab', { name: 'Chat' }).click();
  await sendMessage(page, 'Which test runner do I use?');
  await expect(await runEnd(page, 1)).toContainText('Done');

  const sent = JSON.stringify(second.requests.at(-1)?.body ?? {});
  expect(sent).toContain('- test-runner — The user runs tests with vitest (user)');
  const part = await systemPart(page, 'Memory');
  await expect(part.locator('summary')).toContainText('long-term memory (1 entry)');
  await expect(part.locator('summary')).toContainText(/≈\d+ tok/);
  await expect(part.locator('pre, code').first()).toContainText('test-runner — The user runs tests with vitest');
});

test('the Memory panel adds, edits and deletes entries (with a confirmation), and passes axe', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('tab', { name: 'Memory' }).click();
  const panel = memoryPanel(page);
  await expect(panel).toContainText('No memories yet');

  await panel.getByRole('button', { name: 'Add memory' }).click();
  const form = panel.getByRole('form', { name: 'New memory' });
  await form.getByLabel('Name').fill('deploy');
  await form.getByLabel('Description').fill('How this project is deployed');
  await form.getByLabel('Type').selectOption('project');
  await form.getByLabel('Body').fill('Run npm run deploy from main.');
  expect(await axeViolations(page, '#panel-memory')).toEqual([]);
  await form.getByRole('button', { name: 'Save memory' }).click();
  const entry = panel.getByRole('article', { name: 'deploy' });
  await expect(entry).toContainText('How this project is deployed');
  await expect(entry).toContainText('project');

  // A second entry with the same name is refused, and what was typed stays.
  await panel.getByRole('button', { name: 'Add memory' }).click();
  const again = panel.getByRole('form', { name: 'New memory' });
  await again.getByLabel('Name').fill('deploy');
  await again.getByLabel('Description').fill('duplicate');
  await again.getByLabel('Body').fill('dup');
  await again.getByRole('button', { name: 'Save memory' }).click();
  await expect(again.getByRole('alert')).toContainText('Another memory is already named "deploy".');
  await expect(again.getByLabel('Description')).toHaveValue('duplicate');
  await again.getByRole('button', { name: 'Cancel' }).click();

  await entry.getByRole('button', { name: 'Edit' }).click();
  const edit = panel.getByRole('form', { name: 'Edit memory: deploy' });
  await expect(edit.getByLabel('Body')).toHaveValue('Run npm run deploy from main.');
  await edit.getByLabel('Name').fill('deploy-steps');
  await edit.getByLabel('Body').fill('Run npm run deploy from the release branch.');
  await edit.getByRole('button', { name: 'Save memory' }).click();
  const edited = panel.getByRole('article', { name: 'deploy-steps' });
  await expect(edited).toContainText('release branch');
  await expect(panel.getByRole('article', { name: 'deploy', exact: true })).toHaveCount(0);
  expect(await axeViolations(page, '#panel-memory')).toEqual([]);

  // Survives a reload: it is in its own database.
  await page.reload();
  await page.getByRole('tab', { name: 'Memory' }).click();
  await expect(panel.getByRole('article', { name: 'deploy-steps' })).toContainText('release branch');

  // Delete asks first; Cancel keeps it, Delete removes it.
  await panel.getByRole('article', { name: 'deploy-steps' }).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this memory?' });
  await expect(confirm).toContainText('deploy-steps');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('article', { name: 'deploy-steps' })).toBeVisible();
  await panel.getByRole('article', { name: 'deploy-steps' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this memory?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(panel.getByRole('article')).toHaveCount(0);
  await expect(panel).toContainText('No memories yet');
});

test("the workspace's AGENTS.md and a memory added in the panel are parts of the next request, with token counts", async ({ page }) => {
  const server = await serve([{ text: 'Understood.' }]);
  await openPlayground(page);
  await seedFiles(page, { 'AGENTS.md': 'Always write tests with node:test.\nSee @docs/style.md', 'docs/style.md': 'Two-space indentation.' });
  await configureModel(page, { provider: 'openai-compatible', baseUrl: `${server.url}/v1`, model: 'mock-model' });

  await page.getByRole('tab', { name: 'Memory' }).click();
  await memoryPanel(page).getByRole('button', { name: 'Add memory' }).click();
  const form = memoryPanel(page).getByRole('form', { name: 'New memory' });
  await form.getByLabel('Name').fill('tone');
  await form.getByLabel('Description').fill('The user likes short answers');
  await form.getByLabel('Type').selectOption('feedback');
  await form.getByLabel('Body').fill('Answer in one or two sentences.');
  await form.getByRole('button', { name: 'Save memory' }).click();
  await expect(memoryPanel(page).getByRole('article', { name: 'tone' })).toBeVisible();

  await page.getByRole('tab', { name: 'Chat' }).click();
  await sendMessage(page, 'Hello');
  await expect(await runEnd(page, 1)).toContainText('Done');

  const instructions = await systemPart(page, 'Project instructions');
  await expect(instructions.locator('summary')).toContainText('AGENTS.md, docs/style.md');
  await expect(instructions.locator('summary')).toContainText(/≈\d+ tok/);
  await expect(instructions).toContainText('Always write tests with node:test.');
  await expect(instructions).toContainText('Two-space indentation.');
  const request = page.locator('section[aria-label^="Model request"]').first();
  const memory = partOf(page, request, 'Memory');
  await expect(memory).toContainText('- tone — The user likes short answers (feedback)');
  const sent = JSON.stringify(server.requests.at(-1)?.body ?? {});
  expect(sent).toContain('Always write tests with node:test.');
  expect(sent).toContain('- tone — The user likes short answers (feedback)');
});
