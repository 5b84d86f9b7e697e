import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { makeRepository, startGitServer, type GitServer } from '../support/git-server.mjs';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';
import { axeViolations } from './axe';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { openPlayground, runInTerminal, terminalText } from './playground';
import { saved } from './saved';

/**
 * Issue #10 end to end, as a user meets it: open `?repo=<url>` in an empty profile and watch the
 * clone; browse the files; ask the agent (the mock provider, scripted) to change a file, which it
 * does with the Edit tool; see the diff in Source Control and commit it there; `git log` in the
 * terminal shows the commit; a reload keeps the files and the commit; Push in Source Control
 * sends it, and native git on the server's bare repository finds it. A real `git http-backend`.
 */

let root: string;
let server: GitServer;
let mock: MockProviderServer;
const GREETING = "export const greeting = 'Hello';\n";
const EDITED = "export const greeting = 'Hello from the agent';\n";

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-flow-spec-'));
  makeRepository(root, 'project', { commits: [{ 'README.md': '# Project\n', 'src/greeting.js': GREETING }] });
  // The pack is held back until the test has seen the clone's progress.
  server = await startGitServer({ root, stallPack: true });
  mock = await startMockProvider({
    script: [
      { text: 'Reading the greeting first.', toolCalls: [{ name: 'Read', input: { file_path: 'src/greeting.js' } }] },
      { text: 'Changing it.', toolCalls: [{ name: 'Edit', input: { file_path: 'src/greeting.js', old_string: "'Hello'", new_string: "'Hello from the agent'" } }] },
      { text: 'The greeting now says hello from the agent.' },
    ],
    apiKey: MOCK_KEY,
    models: ['mock-model'],
  });
});

test.afterAll(async () => {
  await Promise.all([server?.close(), mock?.close()]);
  rmSync(root, { recursive: true, force: true });
});

/** Native git on the server's bare repository (no network: it reads the repository directly). */
const onServer = (...args: string[]) => execFileSync('git', ['--git-dir', join(root, 'project.git'), ...args], { encoding: 'utf8' });

function sourceControl(page: Page): Locator {
  return page.getByRole('region', { name: 'Source Control' });
}

async function openTerminal(page: Page): Promise<void> {
  const tab = page.getByRole('tab', { name: 'Terminal' });
  if (await tab.count()) await tab.first().click();
  await expect(page.getByRole('textbox', { name: 'Terminal input' })).toBeAttached();
}

async function openFile(page: Page, folder: string, file: string): Promise<void> {
  const tree = page.getByRole('tree', { name: 'Workspace files' });
  const item = tree.getByRole('treeitem', { name: file });
  if (!(await item.isVisible())) await tree.getByRole('treeitem', { name: folder }).click();
  await item.click();
}

test('clone from a link, let the agent edit, commit in Source Control, reload, push: native git sees the commit', async ({ page }) => {
  test.setTimeout(300_000);
  const url = `${server.url}/project.git`;
  const before = onServer('rev-parse', 'HEAD').trim();

  // 1. The link clones, and says so while it does.
  await page.goto(`/?repo=${encodeURIComponent(url)}`);
  const dialog = page.getByRole('dialog', { name: 'Clone repository' });
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('progressbar', { name: 'Clone progress' })).toBeVisible();
  await expect(dialog.getByText(/Receiving objects|Counting objects|Compressing objects|Connecting/)).toBeVisible({ timeout: 60_000 });
  server.release();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByText(/Cloned http:\/\/127\.0\.0\.1:\d+\/project\.git \(branch main, 2 files\)/)).toBeVisible();

  // 2. The files are there to browse.
  await openFile(page, 'src', 'greeting.js');
  await expect(page.getByText("export const greeting = 'Hello';")).toBeVisible();

  // 3. The agent changes the file with its Edit tool (asking first).
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await page.getByRole('tab', { name: 'Chat' }).click();
  await sendMessage(page, 'Make the greeting say hello from the agent');
  const ask = page.getByRole('group', { name: 'Permission request for Edit' });
  await expect(ask).toBeVisible({ timeout: 60_000 });
  await ask.getByRole('button', { name: 'Allow once' }).click();
  await expect(await runEnd(page, 1, 60_000)).toBeVisible();
  await expect(page.getByText('The greeting now says hello from the agent.')).toBeVisible();

  // 4. Source Control shows the change and its diff; commit it from the commit box.
  await page.getByRole('tab', { name: 'Source Control' }).click();
  const panel = sourceControl(page);
  const changes = panel.getByRole('region', { name: 'Changes' });
  await changes.getByRole('button', { name: 'src/greeting.js, modified' }).click();
  const diff = panel.getByRole('region', { name: 'Diff of src/greeting.js' });
  await expect(diff).toContainText("-export const greeting = 'Hello';");
  await expect(diff).toContainText("+export const greeting = 'Hello from the agent';");
  await panel.getByRole('button', { name: 'Stage src/greeting.js' }).click();
  await expect(panel.getByRole('region', { name: 'Staged Changes' }).getByRole('button', { name: 'src/greeting.js, modified' })).toBeVisible();
  await panel.getByRole('textbox', { name: 'Commit message' }).fill('Greet from the agent');
  await panel.getByRole('button', { name: 'Commit' }).click();
  await expect(panel.getByRole('region', { name: 'Staged Changes' })).toContainText('None.');
  const remote = panel.getByRole('group', { name: 'Remote' });
  await expect(remote).toContainText('1 to push, 0 to pull (origin/main)');
  expect(await axeViolations(page, '[aria-labelledby="source-control-heading"]')).toEqual([]);

  // 5. git log in the terminal shows the commit.
  await openTerminal(page);
  await runInTerminal(page, 'git log --oneline');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/[0-9a-f]{7} Greet from the agent\s+[0-9a-f]{7} commit 1/);
  const head = await page.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    return (await sandbox.fs.readText(`${sandbox.root}/.git/refs/heads/main`)).trim();
  });
  expect(head).toMatch(/^[0-9a-f]{40}$/);

  // 6. Saved in the background: once the edit and the new branch tip are stored, reload.
  await expect.poll(async () => {
    const stored = await saved(page);
    return stored.raw.includes(head) && stored.raw.includes('Hello from the agent');
  }, { timeout: 30_000 }).toBe(true);
  await page.reload();
  await openPlayground(page);
  await openFile(page, 'src', 'greeting.js');
  await expect(page.getByText("export const greeting = 'Hello from the agent';")).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  await openTerminal(page);
  await runInTerminal(page, 'git log --oneline && git status');
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toMatch(/[0-9a-f]{7} Greet from the agent\s+[0-9a-f]{7} commit 1/);
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('nothing to commit, working tree clean');

  // 7. Push from Source Control; the server has the commit, as native git reads it.
  expect(onServer('rev-parse', 'HEAD').trim()).toBe(before);
  await page.getByRole('tab', { name: 'Source Control' }).click();
  const afterReload = sourceControl(page).getByRole('group', { name: 'Remote' });
  await expect(afterReload).toContainText('1 to push, 0 to pull (origin/main)');
  await afterReload.getByRole('button', { name: 'Push' }).click();
  await expect(afterReload).toContainText('Up to date with origin/main', { timeout: 60_000 });
  expect(onServer('rev-parse', 'HEAD').trim()).toBe(head);
  expect(onServer('log', '--format=%s|%an', '-n', '2')).toBe('Greet from the agent|Glassbox User\ncommit 1|Test\n');
  expect(onServer('show', 'HEAD:src/greeting.js')).toBe(EDITED);
  expect(execFileSync('git', ['--git-dir', join(root, 'project.git'), 'fsck', '--strict'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
});
