import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground } from './playground';
import { allowBash, configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/** The todo list: the agent's TodoWrite calls show live above the chat input, and survive a reload. */

let mock: MockProviderServer;

test.afterEach(async () => {
  await mock.close();
});

test('the todo list updates live as the agent works, and is still there after a reload', async ({ page }, testInfo) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    script: [
      {
        text: 'Planning first.',
        toolCalls: [
          {
            name: 'TodoWrite',
            input: {
              todos: [
                { content: 'Check the workspace', status: 'in_progress', activeForm: 'Checking the workspace' },
                { content: 'Report back', status: 'pending', activeForm: 'Reporting back' },
              ],
            },
          },
          { name: 'Bash', input: { command: 'echo checked' } },
        ],
      },
      {
        toolCalls: [
          {
            name: 'TodoWrite',
            input: {
              todos: [
                { content: 'Check the workspace', status: 'completed', activeForm: 'Checking the workspace' },
                { content: 'Report back', status: 'completed', activeForm: 'Reporting back' },
              ],
            },
          },
        ],
      },
      { text: 'All checked.' },
    ],
  });
  await openPlayground(page);
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await expect(page.getByRole('list', { name: 'Todo list' })).toHaveCount(0);
  await sendMessage(page, 'Check the workspace and report');

  // While the run waits on the Bash prompt, the first list shows.
  await expect(page.getByRole('group', { name: 'Permission request for Bash' })).toBeVisible();
  const todos = page.getByRole('region', { name: 'Todos' });
  const list = page.getByRole('list', { name: 'Todo list' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').nth(0)).toHaveText(/In progress:\s*Checking the workspace/);
  await expect(list.getByRole('listitem').nth(1)).toHaveText(/Pending:\s*Report back/);
  await expect(todos).toContainText('0 of 2 done');
  expect(await axeViolations(page, 'section.todos')).toEqual([]);
  await todos.screenshot({ path: testInfo.outputPath('todos-live.png') });

  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expect(todos).toContainText('2 of 2 done');
  await expect(list.getByRole('listitem').nth(0)).toHaveText(/Completed:\s*Check the workspace/);

  // Collapsible, and folded from the stored log after a reload.
  await todos.getByRole('button', { name: 'Hide todos' }).click();
  await expect(list).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Todo list' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Todos' })).toContainText('2 of 2 done');
});
