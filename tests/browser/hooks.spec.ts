import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * Hooks from the workspace's `.glassbox/settings.json`, in Claude Code's shape: a blocking
 * PreToolUse hook stops the model's call and its stderr shows (and reaches the model); the Hooks
 * view lists the hooks by event with their matcher, command, file and last run, and a problem.
 */

let mock: MockProviderServer;

// Each test boots the app, sets up a model and runs an agent turn: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

test.afterEach(async () => {
  await mock?.close();
});

const BLOCKING_SETTINGS = {
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo "No shell commands on Fridays" >&2; exit 2', timeout: 10 }] }],
    PostToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'cat > /dev/null' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'true' }] }],
    OnSave: [{ hooks: [] }],
  },
};

const hooksDialog = (page: Page) => page.getByRole('dialog', { name: 'Hooks' });

test('a blocking PreToolUse hook stops the call and shows its stderr', async ({ page }, testInfo) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    script: [{ text: 'Listing the files.', toolCalls: [{ name: 'Bash', input: { command: 'ls -la' } }] }, { text: 'The hook refused the command.' }],
  });
  await openPlayground(page);
  await seedFiles(page, { '.glassbox/settings.json': JSON.stringify(BLOCKING_SETTINGS) });
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'List the files');
  await expect(await runEnd(page, 1)).toContainText('Done');

  const card = page.getByRole('article', { name: 'Tool call Bash' });
  await expect(card).toHaveAttribute('data-status', 'denied');
  // No permission prompt: the hook refused the call before the gate asked.
  await expect(page.getByRole('group', { name: /Permission request/ })).toHaveCount(0);
  const hookRun = card.getByRole('group', { name: 'PreToolUse hook run' });
  await expect(hookRun).toContainText('denied (exit 2)');
  await expect(hookRun).toContainText('No shell commands on Fridays');

  await hookRun.getByRole('button', { name: 'Details of the PreToolUse hook run' }).click();
  await expect(hookRun.getByRole('definition').filter({ hasText: '"tool_name": "Bash"' })).toBeVisible();
  await expect(hookRun.getByRole('definition').filter({ hasText: '"command": "ls -la"' })).toBeVisible();
  await expect(hookRun.getByRole('definition').filter({ hasText: /^No shell commands on Fridays\s*$/ })).toBeVisible();

  // The model was told why: the second request carries the hook's words in the tool result.
  expect(JSON.stringify(mock.requests.at(-1)?.body)).toContain('No shell commands on Fridays');
  // A Stop hook ran when the model was done, on a line of its own.
  await expect(page.getByRole('log', { name: 'Transcript' }).getByRole('group', { name: 'Stop hook run' })).toContainText('ok (exit 0)');

  expect(await axeViolations(page, '[role="log"]')).toEqual([]);
  await card.screenshot({ path: testInfo.outputPath('blocked-by-hook.png') });

  // The run is in the saved log: after a reload the hook line is still under its call.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('article', { name: 'Tool call Bash' }).getByRole('group', { name: 'PreToolUse hook run' })).toContainText('No shell commands on Fridays');
});

test('the Hooks view lists hooks by event with matcher, command, file and last run, and reports a bad entry', async ({ page }, testInfo) => {
  mock = await startMockProvider({ apiKey: MOCK_KEY, script: [{ toolCalls: [{ name: 'Bash', input: { command: 'ls' } }] }, { text: 'Done.' }] });
  await openPlayground(page);
  await seedFiles(page, { '.glassbox/settings.json': JSON.stringify(BLOCKING_SETTINGS) });

  await page.getByRole('button', { name: 'Hooks', exact: true }).click();
  const dialog = hooksDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText('"hooks.OnSave" is not a hook event');
  const pre = dialog.getByRole('list', { name: /PreToolUse/ });
  await expect(pre.getByRole('listitem')).toHaveCount(1);
  await expect(pre.getByRole('listitem')).toContainText('Bash');
  await expect(pre.getByRole('listitem')).toContainText('echo "No shell commands on Fridays" >&2; exit 2');
  await expect(pre.getByRole('listitem')).toContainText('.glassbox/settings.json');
  await expect(pre.getByRole('listitem')).toContainText('Not run yet');
  await expect(dialog.getByRole('list', { name: /PostToolUse/ }).getByRole('listitem')).toContainText('Write|Edit');
  expect(await axeViolations(page, 'dialog.hooks')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'List the files');
  await expect(await runEnd(page, 1)).toContainText('Done');
  await page.getByRole('button', { name: 'Hooks', exact: true }).click();
  await expect(hooksDialog(page).getByRole('list', { name: /PreToolUse/ }).getByRole('listitem')).toContainText('Last run: denied (exit 2)');
  await page.screenshot({ path: testInfo.outputPath('hooks-view.png') });
});
