import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { allowBash, configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { runInTerminal, seedFiles, terminalText } from './playground';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * Git in the offline sandbox as a user meets it: `git init`, `git add` and `git commit` in the
 * terminal; the Source Control panel shows the changes, stages one and commits it; `git log` in
 * the terminal shows that commit; and the agent's Bash tool runs `git status` too.
 */

test.beforeEach(() => {
  test.setTimeout(300_000);
});

let mock: MockProviderServer | undefined;
test.afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeVisible();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 90_000 });
}

function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'Source Control' });
}

async function openTerminal(page: Page): Promise<void> {
  const tab = page.getByRole('tab', { name: 'Terminal' });
  if (await tab.count()) await tab.first().click();
  await expect(page.getByRole('textbox', { name: 'Terminal input' })).toBeAttached();
}

test('git in the terminal and the Source Control panel work on the same repository', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('tab', { name: 'Source Control' }).click();
  await expect(panel(page)).toContainText('Not a git repository');
  await expect(panel(page).getByRole('button', { name: 'Initialize repository' })).toBeVisible();

  await openTerminal(page);
  await runInTerminal(page, 'git init');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('Initialized empty Git repository in /workspace/.git/');
  await seedFiles(page, { 'notes.txt': 'first line\n', 'app.js': 'console.log(1);\n' });
  await runInTerminal(page, 'git add notes.txt && git commit -m "Add notes"');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/\[main \(root-commit\) [0-9a-f]{7}\] Add notes/);

  await seedFiles(page, { 'notes.txt': 'first line\nsecond line\n' });
  await page.getByRole('tab', { name: 'Source Control' }).click();
  const source = panel(page);
  await expect(source).toContainText('main');
  const changes = source.getByRole('region', { name: 'Changes' });
  await expect(changes.getByRole('button', { name: 'notes.txt, modified' })).toBeVisible();
  await expect(changes.getByRole('button', { name: 'app.js, untracked' })).toBeVisible();

  await changes.getByRole('button', { name: 'notes.txt, modified' }).click();
  const diff = source.getByRole('region', { name: 'Diff of notes.txt' });
  await expect(diff).toContainText('@@ -1 +1,2 @@');
  await expect(diff).toContainText('+second line');

  const commit = source.getByRole('button', { name: 'Commit' });
  await expect(commit).toBeDisabled();
  await source.getByRole('button', { name: 'Stage notes.txt' }).click();
  const staged = source.getByRole('region', { name: 'Staged Changes' });
  await expect(staged.getByRole('button', { name: 'notes.txt, modified' })).toBeVisible();
  await expect(source.getByRole('button', { name: 'Unstage notes.txt' })).toBeVisible();
  await expect(commit).toBeDisabled();
  await source.getByRole('textbox', { name: 'Commit message' }).fill('Second line from the panel');
  await expect(commit).toBeEnabled();
  await commit.click();
  await expect(staged.getByRole('button', { name: 'notes.txt, modified' })).toHaveCount(0);
  await expect(changes.getByRole('button', { name: 'app.js, untracked' })).toBeVisible();
  expect(await axeViolations(page, '[aria-labelledby="source-control-heading"]')).toEqual([]);

  await openTerminal(page);
  await runInTerminal(page, 'git log --oneline');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/[0-9a-f]{7} Second line from the panel\s+[0-9a-f]{7} Add notes/);
});

test("the agent's Bash tool runs git status", async ({ page }) => {
  mock = await startMockProvider({
    script: [{ text: 'Checking the repository.', toolCalls: [{ name: 'Bash', input: { command: 'git status', description: 'Show the working tree status' } }] }, { text: 'The repository has one untracked file.' }],
    apiKey: MOCK_KEY,
    models: ['mock-model'],
  });
  await openPlayground(page);
  await openTerminal(page);
  await runInTerminal(page, 'git init');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('Initialized empty Git repository');
  await seedFiles(page, { 'todo.txt': 'ship it\n' });
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await page.getByRole('tab', { name: 'Chat' }).click();
  await sendMessage(page, 'What is the git status?');
  await allowBash(page);
  await expect(await runEnd(page, 1, 60_000)).toBeVisible();
  const sent = JSON.stringify(mock.requests.at(-1)?.body ?? {});
  expect(sent).toContain('On branch main');
  expect(sent).toContain('Untracked files:');
  expect(sent).toContain('todo.txt');
  // The system prompt says the workspace is a repository.
  expect(sent).toContain('The workspace is a git repository, on branch `main`.');
});

test('the author set in Settings → Git signs commits, and the token field hides its value', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Model settings' });
  const git = dialog.getByRole('group', { name: 'Git' });
  await git.getByLabel('Author name').fill('Grace Hopper');
  await git.getByLabel('Author email').fill('grace@example.com');
  await expect(git.getByLabel('Proxy for git (CORS)')).toHaveAccessibleDescription(/Default: https:\/\/cors\.isomorphic-git\.org/);
  const token = git.getByLabel('Git token');
  await expect(token).toHaveAttribute('type', 'password');
  await git.getByRole('button', { name: 'Show' }).click();
  await expect(token).toHaveAttribute('type', 'text');
  await git.getByLabel('Proxy for git (CORS)').fill('not a url');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(git.getByRole('alert')).toContainText('is not an http(s) URL');
  await git.getByLabel('Proxy for git (CORS)').fill('');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  await openTerminal(page);
  await runInTerminal(page, 'git init && echo hi > a.txt && git add a.txt && git commit -m signed && git log -1');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('Author: Grace Hopper <grace@example.com>');
});
