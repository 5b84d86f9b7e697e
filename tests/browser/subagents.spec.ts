import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * Sub-agents in the page: an Agent call's sub-agent runs live, nested and collapsible under the
 * call (its tool calls and text, its type, turns and tokens), its requests show in the inspector
 * under the parent's, labelled with the agent, and its permission prompts say which agent asks.
 */

let mock: MockProviderServer;

test.afterEach(async () => {
  await mock.close();
});

const subagent = (page: Page, name: string) => page.getByRole('region', { name: `Sub-agent ${name}` });

test('an Explore sub-agent runs nested under its Agent call, collapsible, and its requests show in the inspector', async ({ page }, testInfo) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    chunkDelayMs: 25,
    script: [
      {
        text: 'I will send an explorer.',
        toolCalls: [{ name: 'Agent', input: { description: 'Find the greeting', prompt: 'Find the file that defines the greeting and report its path.', subagent_type: 'Explore' } }],
      },
      { text: 'The explorer found the greeting in greeting.txt.' },
    ],
    routes: [
      {
        match: 'You are an Explore sub-agent',
        script: [
          { text: 'Searching the workspace for the greeting.', toolCalls: [{ name: 'Grep', input: { pattern: 'hello there' } }] },
          { text: 'Report: the greeting is defined in greeting.txt, a single line that says hello there to everyone reading this report.' },
        ],
      },
    ],
  });
  await openPlayground(page);
  await seedFiles(page, { 'greeting.txt': 'hello there\n' });
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'Where is the greeting?');

  const run = subagent(page, 'Explore: Find the greeting');
  await expect(run.getByRole('article', { name: 'Tool call Grep' })).toBeVisible();
  await expect(await runEnd(page, 1)).toContainText('Done');

  const agentCard = page.getByRole('article', { name: 'Tool call Agent' });
  await expect(agentCard).toHaveAttribute('data-status', 'done');
  await expect(run.getByTestId('subagent-stats')).toContainText('Done');
  await expect(run.getByTestId('subagent-stats')).toContainText('2 turns');
  await expect(run.getByTestId('subagent-stats')).toContainText(/\d+(\.\d)?k? tokens/);
  await expect(run).toContainText('Searching the workspace for the greeting.');
  await expect(run).toContainText('Report: the greeting is defined in greeting.txt');
  // The sub-agent's steps are not the session's own: one top-level tool card, the Agent call.
  await expect(page.locator('.log > article')).toHaveCount(1);
  await expect(page.getByText('The explorer found the greeting in greeting.txt.')).toBeVisible();

  expect(await axeViolations(page, 'section.subagent')).toEqual([]);
  await agentCard.screenshot({ path: testInfo.outputPath('subagent-nested.png') });

  // Collapsible.
  const toggle = run.getByRole('button', { name: "Hide the Explore agent's steps" });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(run.getByRole('article', { name: 'Tool call Grep' })).toHaveCount(0);
  await run.getByRole('button', { name: "Show the Explore agent's steps" }).click();
  await expect(run.getByRole('article', { name: 'Tool call Grep' })).toBeVisible();

  // The inspector: the sub-agent's two requests under the parent's first, labelled with the agent.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const group = page.getByRole('group', { name: 'Sub-agent requests after request 1' });
  await expect(group.getByRole('region', { name: /^Model request \d \(sub-agent Explore: Find the greeting\)$/ })).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Model request 4' })).toBeVisible();
  await group.getByText('Request 2 · sub-agent Explore: Find the greeting').click();
  await expect(group.getByRole('region', { name: /Model request 2/ })).toContainText('You are an Explore sub-agent');
  expect(await axeViolations(page, '#panel-inspector')).toEqual([]);

  // A reload folds the stored log back to the same nesting.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  // The reload brings back the side tab that was open (the inspector): back to the chat.
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(subagent(page, 'Explore: Find the greeting').getByRole('article', { name: 'Tool call Grep' })).toBeVisible();
  await expect(subagent(page, 'Explore: Find the greeting').getByTestId('subagent-stats')).toContainText('2 turns');
});

test("a sub-agent's permission prompt shows in its nested run and says which agent asks", async ({ page }) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    script: [
      { toolCalls: [{ name: 'Agent', input: { description: 'Make a note', prompt: 'Create notes.txt with the word ok.', subagent_type: 'general-purpose' } }] },
      { text: 'The helper made the note.' },
    ],
    routes: [
      {
        match: 'You are a sub-agent of Glassbox',
        script: [{ toolCalls: [{ name: 'Bash', input: { command: 'echo ok > notes.txt' } }] }, { text: 'Created notes.txt.' }],
      },
    ],
  });
  await openPlayground(page);
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'Have a helper make a note');

  const run = subagent(page, 'general-purpose: Make a note');
  const prompt = run.getByRole('group', { name: 'Permission request for Bash' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('Asked by the sub-agent general-purpose: Make a note');
  // Live: the nested run shows while the sub-agent works, before the session's run ends.
  await expect(run.getByTestId('subagent-stats')).toContainText('Working');
  await expect(run.getByTestId('subagent-stats')).toContainText('1 turn');
  await expect(page.locator('.end')).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Run state: Waiting for permission' })).toBeVisible();
  expect(await axeViolations(page, 'section.subagent')).toEqual([]);
  await prompt.getByRole('button', { name: 'Allow once' }).click();
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expect(page.getByText('The helper made the note.')).toBeVisible();
  expect(await page.evaluate(async () => window.__glassbox!.sandbox.fs.readText(`${window.__glassbox!.sandbox.root}/notes.txt`))).toBe('ok\n');
});
