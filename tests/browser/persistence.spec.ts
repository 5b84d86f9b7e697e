import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, runInTerminal, terminalText } from './playground';
import { saved } from './saved';

/**
 * A reload loses nothing: the workspace files and the conversation come back from IndexedDB,
 * "New chat" keeps the files, "Reset workspace" (after a confirm) empties everything, and the
 * saved records never hold an API key.
 */

// Built at runtime: no secret-looking string is committed.
const KEY = ['sk', 'ant', 'persistence', 'check', '7'].join('-');

/** Save a key the way the settings store does: in the secrets store, by provider id. */
async function storeKey(page: Page, key: string): Promise<void> {
  await page.evaluate(async (value) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('glassbox');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('secrets', 'readwrite');
      tx.objectStore('secrets').put(value, 'anthropic');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, key);
}

/** How many model requests the inspector lists (it is left open). */
async function inspectorRequests(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  // The inspector panel is loaded on first use: wait for its first request before counting.
  const requests = page.getByRole('region', { name: /^Model request \d+$/ });
  await expect(requests.first()).toBeVisible();
  return requests.count();
}

const messageCount = (page: Page): Promise<number> => page.evaluate(() => window.__glassbox?.session.messages.length ?? -1);
const cardStatuses = (page: Page): Promise<string[]> => page.locator('article[data-status]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-status') ?? ''));
const userBubbles = (page: Page): Promise<string[]> => page.locator('.user .bubble').allInnerTexts();

test('the workspace and the conversation survive a reload; New chat keeps files; Reset workspace empties them', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openPlayground(page);
  await storeKey(page, KEY);

  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await expect(page.locator('.end').last()).toContainText('Done', { timeout: 60_000 });

  const tree = page.getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  const messages = await messageCount(page);
  const statuses = await cardStatuses(page);
  const prompts = await userBubbles(page);
  expect(statuses.length).toBeGreaterThanOrEqual(5);
  const requests = await inspectorRequests(page);
  expect(requests).toBeGreaterThanOrEqual(5);
  const tokens = await page.getByTestId('status-tokens').innerText();
  expect(tokens).not.toMatch(/^Tokens\s*0\b/);
  await page.getByRole('tab', { name: 'Chat' }).click();
  const transcript = page.getByRole('log', { name: 'Transcript' });
  const liveChat = await transcript.innerText();
  expect(liveChat).toContain('Done: the model finished its answer');

  // Saved in the background (debounced): wait until the records match what the page shows.
  await expect.poll(async () => (await saved(page)).messages).toBe(messages);
  await expect.poll(async () => (await saved(page)).files).toEqual(['slugify.js', 'test.js']);
  expect((await saved(page)).permissionMode).toBe('bypass');
  // What the saved work takes of the site's quota, in the status bar.
  await expect(page.getByTestId('status-storage-usage')).toHaveText(/Saved\s+[\d.]+ (B|kB|MB) of [\d.]+ (MB|GB|TB)/);
  await expect(page.getByTestId('status-storage-usage')).toHaveAttribute('title', /used of what this site may store/);

  await page.reload();
  await openPlayground(page);

  // The same files, in the tree and in the terminal.
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'test.js' })).toBeVisible();
  await runInTerminal(page, 'ls');
  await expect.poll(() => terminalText(page)).toContain('slugify.js');
  expect(await page.evaluate(() => window.__glassbox?.sandbox.fs.readText('/workspace/slugify.js'))).toContain('/g');

  // The same conversation, word for word: prompts, tool cards with their durations, the run-end line;
  // and the model's history.
  // The saved conversation is read back after the sandbox is up: on a slow machine that takes a while.
  await expect(transcript).toContainText('Done: the model finished its answer', { timeout: 60_000 });
  expect(await transcript.innerText()).toBe(liveChat);
  expect(await userBubbles(page)).toEqual(prompts);
  expect(await cardStatuses(page)).toEqual(statuses);
  await expect(page.getByRole('log', { name: 'Transcript' })).toContainText('Summary');
  expect(await messageCount(page)).toBe(messages);
  // "Never ask" is never restored silently: the page opens asking again.
  await expect(page.getByRole('combobox', { name: 'Permission mode' })).toHaveValue('default');
  await expect(page.getByTestId('status-storage')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('restored-after-reload.png') });
  // The inspector still shows every request the run made, and the token count is the same.
  await expect(page.getByTestId('status-tokens')).toHaveText(tokens);
  expect(await inspectorRequests(page)).toBe(requests);
  const newest = page.getByRole('region', { name: `Model request ${requests}` });
  await expect(newest).toContainText('Bash');
  await page.screenshot({ path: testInfo.outputPath('restored-inspector.png') });
  await page.getByRole('tab', { name: 'Chat' }).click();

  // No key in anything saved with the workspace or the conversation (it is still in its own store).
  const afterReload = await saved(page);
  expect(afterReload.raw).toContain('slugify');
  expect(afterReload.raw).not.toContain(KEY);
  expect(afterReload.raw).not.toMatch(/sk-ant-/);

  // New chat: a new conversation (the saved one replaced), the same files.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.locator('article[data-status]')).toHaveCount(0);
  await expect.poll(async () => (await saved(page)).messages).toBe(0);
  await page.reload();
  await openPlayground(page);
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(page.locator('.user .bubble')).toHaveCount(0);
  expect(await messageCount(page)).toBe(0);

  // Reset workspace asks first; Cancel keeps everything.
  await page.getByRole('button', { name: 'Reset workspace' }).click();
  const confirm = page.getByRole('dialog', { name: 'Reset workspace?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();

  await page.getByRole('button', { name: 'Reset workspace' }).click();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('reset-confirm.png') });
  expect(await axeViolations(page), 'the reset confirmation').toEqual([]);
  await confirm.getByRole('button', { name: 'Delete files and conversation' }).click();
  await expect(page.getByText('The workspace is empty.')).toBeVisible();
  await expect.poll(async () => (await saved(page)).files).toEqual([]);

  await page.reload();
  await openPlayground(page);
  await expect(page.getByText('The workspace is empty.')).toBeVisible();
  expect(await page.evaluate(() => window.__glassbox?.sandbox.snapshot().then((snapshot) => Object.keys(snapshot.files)))).toEqual([]);
  expect(await messageCount(page)).toBe(0);
  const final = await saved(page);
  expect(final.raw).not.toContain(KEY);
});

test('a reload while a prompt waits ends that run honestly and keeps every decision already made', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openPlayground(page);
  await page.getByRole('button', { name: 'Run demo task' }).click();
  const transcript = page.getByRole('log', { name: 'Transcript' });
  // The first change asks; allow it for the session, then wait for the next prompt and reload instead.
  await transcript.getByRole('button', { name: 'Allow once' }).first().click();
  await expect(transcript.getByText('Allowed once')).toHaveCount(1);
  await expect(transcript.getByRole('button', { name: 'Allow once' })).toHaveCount(1, { timeout: 60_000 });
  const waiting = await page.locator('article[data-status="permission"]').getAttribute('data-call-id');
  expect(waiting).not.toBeNull();
  await expect.poll(async () => (await saved(page)).raw).toContain(`"permission_request","callId":"${waiting}"`);

  await page.reload();
  await openPlayground(page);
  await expect(transcript.locator('.end')).toContainText('Stopped: the run was interrupted by a reload of the page');
  await expect(transcript).toContainText('The page was closed or reloaded while this run was going on.');
  await expect(transcript.getByText('Allowed once')).toHaveCount(1);
  await expect(page.locator(`article[data-call-id="${waiting}"]`)).toHaveAttribute('data-status', /error|cancelled/);
  await expect(page.locator(`article[data-call-id="${waiting}"]`)).toContainText('Not run: the page was closed before this call ran.');
  // The model's history answers every call, so the next prompt is accepted by any provider.
  expect(await page.evaluate(() => {
    const messages = window.__glassbox?.session.messages ?? [];
    const last = messages[messages.length - 1];
    return last?.role === 'user' && typeof last.content !== 'string' && last.content.some((block) => block.type === 'tool_result');
  })).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('reload-mid-run.png') });
});

test('a full disk keeps the work in the tab and says so', async ({ page }, testInfo) => {
  // Every write to the workspace store fails as a full disk does.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openPlayground(page);
  await runInTerminal(page, 'echo kept > note.txt');
  const tree = page.getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'note.txt' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: "Your browser's storage is full" })).toContainText(
    "Your browser's storage is full: changes from now on are kept only in this tab. Free space or download the workspace.",
  );
  await expect(page.getByTestId('status-storage')).toContainText('kept in this tab only');
  await page.screenshot({ path: testInfo.outputPath('storage-full.png') });
  expect(await axeViolations(page), 'the storage-full notice').toEqual([]);

  // Still working: the file is there, and Download workspace still offers every file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download workspace' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('glassbox-workspace.zip');
  const path = await file.path();
  const { readFile } = await import('node:fs/promises');
  const { unzipSync, strFromU8 } = await import('fflate');
  const exported = unzipSync(new Uint8Array(await readFile(path)));
  expect(strFromU8(exported['note.txt'] ?? new Uint8Array())).toBe('kept\n');
});
