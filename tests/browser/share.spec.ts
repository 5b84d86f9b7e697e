import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { startMockProvider, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';
import { decodePayload, payloadOf } from '../../src/share/share-link';
import { axeViolations } from './axe';
import { allowBash, configureModel, MOCK_KEY } from './model-setup';
import { seedFiles } from './playground';

/**
 * Sharing a playground (issue 13): by link (the state in the URL fragment), by `.glassbox` file
 * (Export session / Import… / drag-and-drop), and `?prompt=`. Every open happens in a fresh
 * browser context with empty storage, as someone receiving the link would.
 */

const SCRIPT: MockTurn[] = [
  { text: "I'll run a command in the sandbox.", toolCalls: [{ name: 'Bash', input: { command: 'echo $((6*7))-from-the-sandbox' } }] },
  { text: 'The sandbox printed 42-from-the-sandbox. All done.' },
];

const PLAN = '# Plan\n<img src=x onerror="window.__pwned=1"> <b>not bold</b>\n';

let mock: MockProviderServer;
/** Booting a sandbox in a fresh context is slow on a loaded machine: the waits below are on state, with room. */
const BOOT = { timeout: 90_000 };
test.describe.configure({ timeout: 300_000 });

test.beforeEach(async () => {
  mock = await startMockProvider({ script: SCRIPT, apiKey: MOCK_KEY, models: ['mock-model'] });
});

test.afterEach(async () => {
  await mock.close();
});

async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible(BOOT);
}

async function runEnd(page: Page, count: number): Promise<void> {
  await expect(page.locator('.end')).toHaveCount(count, { timeout: 240_000 });
}

function transcript(page: Page) {
  return page.getByRole('log', { name: 'Transcript' });
}

function shareDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Share playground' });
}

test('a run shared by link opens in a fresh browser with its files, task and transcript, and the link holds no key', async ({ page, browser }) => {
  await openPlayground(page);
  await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
  await seedFiles(page, { 'notes/plan.md': PLAN });
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await allowBash(page);
  await runEnd(page, 1);
  await expect(transcript(page)).toContainText('42-from-the-sandbox. All done.');

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = shareDialog(page);
  await expect(dialog).toBeVisible();
  const linkBox = dialog.getByRole('textbox', { name: 'Share link' });
  await expect(linkBox).toHaveValue(/#share=2\./);
  for (const name of ['Workspace files', 'Task prompt', 'Model choice and settings', 'Recorded run of this session']) {
    await expect(dialog.getByRole('checkbox', { name })).toBeChecked();
  }
  await expect(dialog.getByRole('checkbox', { name: 'Workspace files' })).toHaveAccessibleName(/1 file/);
  await expect(dialog.getByRole('textbox', { name: 'Task prompt text' })).toHaveValue(/slugify/);
  const link = await linkBox.inputValue();
  await expect(dialog.getByTestId('share-link-length')).toHaveText(`${link.length.toLocaleString('en')} characters`);
  expect(await axeViolations(page), 'the Share dialog').toEqual([]);

  // What the link carries, decoded: the files, the task, the model (no key) and the run.
  expect(link).not.toContain(MOCK_KEY);
  const payload = payloadOf(link);
  expect(payload).toBeDefined();
  const shared = decodePayload(payload ?? '');
  const decoded = JSON.stringify(shared);
  expect(decoded).not.toContain(MOCK_KEY);
  expect(shared.model).toMatchObject({ provider: 'openai-compatible', model: 'mock-model' });
  expect(shared.files?.['notes/plan.md']).toBe(PLAN);
  expect(shared.log?.length).toBeGreaterThan(5);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // Someone else, with empty storage, opens the link.
  const other = await browser.newContext();
  const guest = await other.newPage();
  await guest.goto(link);
  await expect(transcript(guest).getByRole('status').filter({ hasText: 'from a share link' })).toContainText(
    /Opened 1 file .* the task prompt, the model choice \(mock-model\) and a recorded session of \d+ events from a share link/,
    BOOT,
  );
  await expect(transcript(guest)).toContainText('42-from-the-sandbox. All done.');
  await expect(guest.getByRole('textbox', { name: 'Message the agent' })).toHaveValue(/slugify/);
  await expect(guest.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'notes' })).toBeVisible();
  const plan = await guest.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    return sandbox ? sandbox.fs.readText(`${sandbox.root}/notes/plan.md`) : null;
  });
  expect(plan).toBe(PLAN);
  // Shared text is never live HTML; the link is read once (a reload does not open it again) and never sent anything.
  expect(await guest.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(guest.url()).not.toContain('#share=');
  expect(await guest.evaluate(() => window.__glassbox?.session.log.length)).toBeGreaterThan(5);
  await expect(guest.getByRole('combobox', { name: /Permission mode/ })).toHaveValue('default');

  // The recorded run replays with no key, from the files it started with (carried by the link), to its end.
  await guest.getByRole('button', { name: 'Replay this run' }).click();
  const timeline = guest.getByRole('region', { name: 'Replay timeline' });
  await timeline.getByLabel('Speed').selectOption({ label: 'Instant' });
  const position = timeline.getByRole('slider', { name: 'Replay position' });
  // The tools run again for real, so the default mode asks again: the guest allows each call as it comes.
  await expect(async () => {
    const allow = guest.getByRole('button', { name: 'Allow once' });
    if ((await allow.count()) > 0) await allow.first().click();
    await expect(position).toHaveAttribute('aria-valuetext', /^Step (\d+) of \1$/, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await expect(transcript(guest).getByText(/Replay diverged/)).toHaveCount(0);
  await other.close();
});

test('a broken link or one from a newer version says so and loads nothing', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/#share=1.this$is$not$a$link');
  await expect(transcript(page).getByRole('alert')).toContainText('This share link is damaged: it holds characters a share link never has', BOOT);
  await expect(transcript(page).getByRole('alert')).toContainText('Your work is as it was.');
  await page.goto('/#share=7.AAAA');
  await expect(transcript(page).getByRole('alert').last()).toContainText('This link was made by a newer version of Glassbox (link format 7', BOOT);
  expect(await page.evaluate(() => window.__glassbox?.session.log.length)).toBe(0);
  await context.close();
});

test('Export session then Import… into an empty browser restores it; dropping a .glassbox file opens it in a new workspace', async ({ page, browser }) => {
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await runEnd(page, 1);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export session' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('glassbox-session.glassbox');
  const bytes = await readFile((await file.path()) ?? '');
  const lastText = (await transcript(page).locator('.text').last().innerText()).slice(0, 40);

  const other = await browser.newContext();
  const guest = await other.newPage();
  await openPlayground(guest);
  await guest.getByLabel('Glassbox file to import').setInputFiles({ name: 'glassbox-session.glassbox', mimeType: 'application/zip', buffer: bytes });
  await expect(transcript(guest).getByRole('status').filter({ hasText: 'from the file glassbox-session.glassbox' })).toBeVisible(BOOT);
  await expect(transcript(guest)).toContainText(lastText);
  await expect(guest.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(guest.getByRole('combobox', { name: 'Permission mode' })).toHaveValue('default');

  // Dropped on the Files panel while there is work: asked first, and Cancel keeps everything.
  const drop = async (): Promise<void> => {
    await guest.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'again.glassbox'));
      document.querySelector('aside.files')?.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, [...bytes]);
  };
  await drop();
  const ask = guest.getByRole('dialog', { name: 'Open in a new workspace?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(transcript(guest).getByRole('status').filter({ hasText: 'Nothing was opened from the file again.glassbox' })).toBeVisible();
  await drop();
  await ask.getByRole('button', { name: 'Open in a new workspace' }).click();
  await expect(transcript(guest).getByRole('status').filter({ hasText: 'from the file again.glassbox' }).last()).toContainText(
    'in a new workspace “again”',
  );
  // The work that was there is still a workspace of its own.
  await guest.getByRole('button', { name: 'Sessions' }).click();
  await expect(guest.getByRole('dialog', { name: /Sessions/ })).toContainText('again');
  await other.close();
});

test('?prompt= types the task into the chat input and waits', async ({ page }) => {
  await page.goto('/?prompt=Write%20a%20haiku%20about%20sandboxes');
  const input = page.getByRole('textbox', { name: 'Message the agent' });
  await expect(input).toHaveValue('Write a haiku about sandboxes', BOOT);
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible(BOOT);
  await expect(input).toHaveValue('Write a haiku about sandboxes');
  expect(await page.evaluate(() => window.__glassbox?.session.log.length)).toBe(0);
  expect(page.url()).not.toContain('prompt=');
});

test('a playground too big for a link offers the .glassbox file and a secret gist, and ?gist= opens it', async ({ page, browser }) => {
  await openPlayground(page);
  // Random text does not compress: the link passes the 8,000-character limit.
  const noise = Array.from({ length: 12_000 }, (_, i) => ((i * 7919) % 9973).toString(36)).join('');
  await seedFiles(page, { 'data/noise.txt': noise });
  const gistPayloads: string[] = [];
  await page.route('https://api.github.com/gists', async (route) => {
    const body = route.request().postDataJSON() as { public: boolean; files: Record<string, { content: string }> };
    expect(body.public).toBe(false);
    expect(route.request().headers()['authorization']).toBe('Bearer gh-test-token');
    gistPayloads.push(body.files['glassbox-share.txt']?.content ?? '');
    await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ id: 'abc123', html_url: 'https://gist.github.com/abc123' }) });
  });
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = shareDialog(page);
  await expect(dialog.getByRole('note')).toContainText('longer than 8,000 characters', BOOT);
  await expect(dialog.getByRole('note')).toContainText('?import=<url>');
  await expect(dialog.getByRole('button', { name: 'Download .glassbox file' })).toBeVisible();
  await dialog.getByLabel('GitHub token').fill('gh-test-token');
  await dialog.getByRole('button', { name: 'Publish secret gist' }).click();
  const gistLink = dialog.getByRole('textbox', { name: 'Gist link' });
  await expect(gistLink).toHaveValue(/\?gist=abc123$/);
  expect(gistPayloads[0]).not.toContain('gh-test-token');

  const other = await browser.newContext();
  const guest = await other.newPage();
  await guest.route('https://api.github.com/gists/abc123', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ id: 'abc123', files: { 'glassbox-share.txt': { content: gistPayloads[0], truncated: false } } }) }),
  );
  await guest.route('https://api.github.com/gists/deadbeef', (route) => route.fulfill({ status: 404, body: '{}' }));
  await guest.goto('/?gist=abc123');
  await expect(transcript(guest).getByRole('status').filter({ hasText: 'from the GitHub gist abc123' })).toContainText('Opened 1 file', BOOT);
  const text = await guest.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    return sandbox ? sandbox.fs.readText(`${sandbox.root}/data/noise.txt`) : null;
  });
  expect(text).toBe(noise);
  await guest.goto('/?gist=deadbeef');
  await expect(transcript(guest).getByRole('alert')).toContainText('There is no gist deadbeef', BOOT);
  await other.close();
});
