import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';
import { saved } from './saved';

/**
 * Sessions and workspaces: a reload returns to the open session exactly (transcript, inspector,
 * open files, side tab, mode); two workspaces keep their own files and sessions; sessions are
 * renamed, deleted with Undo and forked; Rewind puts a file and the conversation back.
 */

const DEMO_TITLE = /Build a tiny slugify library/;
const ORIGINAL = '// original slugify, before the agent\n';

const readFile = (page: Page, path: string): Promise<string | null> =>
  page.evaluate((p) => window.__glassbox?.sandbox.fs.readText(`/workspace/${p}`).catch(() => null) ?? null, path);

/** Run the demo until it has written both files, then stop it (the rest of it is not needed here). */
async function runDemo(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await expect(page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'test.js' })).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('.end')).toHaveCount(1, { timeout: 60_000 });
}

async function openSessions(page: Page) {
  await page.getByRole('button', { name: 'Sessions' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sessions' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a reload returns to the open session exactly: transcript, inspector, open file, side tab, mode', async ({ page }) => {
  test.setTimeout(400_000);
  await openPlayground(page);
  await runDemo(page);
  const transcript = page.getByRole('log', { name: 'Transcript' });
  const chat = await transcript.innerText();
  await page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'slugify.js' }).click();
  await expect(page.getByRole('tab', { name: /slugify\.js/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('plan');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  // The inspector panel loads on first use: count once its first request shows.
  await expect(page.getByRole('region', { name: /^Model request \d+$/ }).first()).toBeVisible();
  const requests = await page.getByRole('region', { name: /^Model request \d+$/ }).count();
  expect(requests).toBeGreaterThan(3);
  await expect.poll(async () => (await saved(page)).permissionMode).toBe('plan');
  await expect.poll(() => page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.open('glassbox');
    request.onsuccess = () => {
      const get = request.result.transaction('sessions').objectStore('sessions').getAll();
      get.onsuccess = () => resolve(JSON.stringify(get.result));
    };
  }))).toContain('"sideTab":"inspector"');

  await page.reload();
  await openPlayground(page);
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: /^Model request \d+$/ })).toHaveCount(requests);
  await expect(page.getByRole('tab', { name: /slugify\.js/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Permission mode' })).toHaveValue('plan');
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.locator('.end')).toHaveCount(1);
  expect(await transcript.innerText()).toBe(chat);
});

test('two workspaces keep their own files and sessions; rename, delete with Undo', async ({ page }) => {
  test.setTimeout(400_000);
  await openPlayground(page);
  await runDemo(page);
  const tree = page.getByRole('tree', { name: 'Workspace files' });
  let dialog = await openSessions(page);
  const list = dialog.getByRole('list', { name: /Sessions in My workspace/ });
  await expect(list.getByRole('button', { name: DEMO_TITLE }).first()).toBeVisible();
  await expect(list).toContainText(/prompt/);
  expect(await axeViolations(page), 'the Sessions view').toEqual([]);

  // Rename.
  await list.getByRole('button', { name: /^Rename Build a tiny slugify/ }).click();
  await dialog.getByRole('textbox', { name: 'Session name' }).fill('Slugify work');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByRole('button', { name: 'Open Slugify work' })).toBeVisible();

  // A second workspace: empty, with its own file.
  await dialog.getByRole('button', { name: 'New workspace' }).click();
  await dialog.getByRole('textbox', { name: 'New workspace name' }).fill('Second project');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Workspace' })).toHaveValue(/workspace-/);
  await expect(dialog.getByRole('heading', { name: 'Sessions in Second project' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toHaveCount(0);
  await seedFiles(page, { 'notes.txt': 'second project notes\n' });
  await expect(tree.getByRole('treeitem', { name: 'notes.txt' })).toBeVisible();
  await expect.poll(async () => (await saved(page)).files).toEqual(['notes.txt']);

  // Back to the first: its files and its session.
  dialog = await openSessions(page);
  await dialog.getByRole('combobox', { name: 'Workspace' }).selectOption({ label: 'My workspace' });
  await expect(dialog.getByRole('button', { name: 'Open Slugify work' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'notes.txt' })).toHaveCount(0);
  await expect(page.locator('.user .bubble')).toHaveText([DEMO_TITLE]);

  // A reload opens the workspace and session last open.
  await page.reload();
  await openPlayground(page);
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(page.locator('.user .bubble')).toHaveText([DEMO_TITLE]);

  // New session, then delete it and Undo.
  dialog = await openSessions(page);
  await dialog.getByRole('button', { name: 'New session' }).click();
  await expect(dialog.getByRole('button', { name: 'Open New session' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete Slugify work' }).click();
  await expect(dialog.getByRole('button', { name: 'Open Slugify work' })).toHaveCount(0);
  await expect(dialog.getByRole('status')).toContainText('Deleted “Slugify work”.');
  await dialog.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByRole('button', { name: 'Open Slugify work' })).toBeVisible();
  // Open it again: the transcript comes back.
  await dialog.getByRole('button', { name: 'Open Slugify work' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.user .bubble')).toHaveText([DEMO_TITLE]);
});

test('Rewind puts a file and the conversation back; Fork continues from a prompt in a new session', async ({ page }, testInfo) => {
  test.setTimeout(400_000);
  await openPlayground(page);
  await seedFiles(page, { 'slugify.js': ORIGINAL });
  await runDemo(page);
  expect(await readFile(page, 'slugify.js')).not.toBe(ORIGINAL);

  // Fork from the first prompt: a new session, the files as they were before it.
  let dialog = await openSessions(page);
  await dialog.getByRole('button', { name: /^Fork Build a tiny slugify/ }).click();
  await dialog.getByRole('button', { name: /^Fork from prompt 1/ }).click();
  await expect(dialog.getByRole('status')).toContainText('Forked into a new session');
  await expect(dialog.getByRole('button', { name: /^Open .*\(fork\)$/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  await expect.poll(() => readFile(page, 'slugify.js')).toBe(ORIGINAL);
  expect(await readFile(page, 'test.js')).toBeNull();

  // Back to the original session (its transcript), run again there, then rewind it.
  dialog = await openSessions(page);
  await dialog.getByRole('button', { name: /^Open Build a tiny slugify.*find\.$/ }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.user .bubble')).toHaveText([DEMO_TITLE]);
  await page.getByRole('button', { name: 'Rewind to before this message' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rewind to before prompt 1?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('list', { name: 'Files that will change' })).toContainText('slugify.js');
  await expect(confirm.getByRole('list', { name: 'Messages that will be removed' })).toContainText(DEMO_TITLE);
  await page.screenshot({ path: testInfo.outputPath('rewind-confirm.png') });
  expect(await axeViolations(page), 'the Rewind confirmation').toEqual([]);
  // The fork already put slugify.js back: nothing of it changes, but the conversation goes.
  await confirm.getByRole('button', { name: 'Rewind', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  expect(await readFile(page, 'slugify.js')).toBe(ORIGINAL);
});

test('Rewind restores the files the run changed', async ({ page }) => {
  test.setTimeout(400_000);
  await openPlayground(page);
  await seedFiles(page, { 'slugify.js': ORIGINAL });
  await runDemo(page);
  expect(await readFile(page, 'test.js')).not.toBeNull();
  await page.getByRole('button', { name: 'Rewind to before this message' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rewind to before prompt 1?' });
  await expect(confirm.getByRole('list', { name: 'Files that will change' })).toContainText('slugify.js: restored to its earlier contents');
  await expect(confirm.getByRole('list', { name: 'Files that will change' })).toContainText('test.js: removed');
  await confirm.getByRole('button', { name: 'Rewind', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rewound to before prompt 1' })).toBeVisible();
  await expect.poll(() => readFile(page, 'slugify.js')).toBe(ORIGINAL);
  expect(await readFile(page, 'test.js')).toBeNull();
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  await expect.poll(async () => (await saved(page)).files).toEqual(['slugify.js']);
  await page.reload();
  await openPlayground(page);
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  expect(await readFile(page, 'slugify.js')).toBe(ORIGINAL);
});
