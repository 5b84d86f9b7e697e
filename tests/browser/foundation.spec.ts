import { expect, test } from '@playwright/test';
import { openPlayground, terminalText, transcriptIsValid } from './playground';

/**
 * The foundation flow, as a new user meets it: open the page with no key and no
 * network, run the demo, answer permission prompts, see the agent's work in the
 * file tree and the terminal, interrupt a second run, and open the inspector.
 */

test('a new user runs the demo, approves its prompts and sees the work everywhere', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // Offline, the WebContainer probe's request to its runtime origin fails, and Chromium logs
    // every failed request as a console error; that one is expected (the app falls back and says so).
    if (message.location().url.startsWith('https://stackblitz.com/')) return;
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await openPlayground(page);
  await expect(page.getByTestId('status-sandbox')).toContainText('Offline sandbox');
  await expect(page.getByTestId('status-model')).toContainText('Demo model (scripted)');

  await page.getByRole('button', { name: 'Run demo task' }).click();

  // The first change asks: approve it once, then allow the rest for the session.
  const firstPrompt = page.getByRole('group', { name: /Permission request for/ }).first();
  await expect(firstPrompt).toBeVisible();
  await expect(page.getByRole('status', { name: /Run state: Waiting for permission/ })).toBeVisible();
  await firstPrompt.getByRole('button', { name: 'Allow once' }).click();
  const end = page.locator('.end').last();
  while (!(await end.isVisible())) {
    const allow = page.getByRole('button', { name: 'Allow for this session' }).first();
    if (await allow.isVisible()) await allow.click();
    else await page.waitForTimeout(100);
  }
  await expect(end).toContainText('Done');

  // Tool cards: real tools ran. The only card allowed to fail is the first test run, before the fix.
  const cards = page.getByRole('article', { name: /Tool call/ });
  expect(await cards.count()).toBeGreaterThanOrEqual(5);
  expect(await page.locator('article[data-status="error"]').count()).toBeLessThanOrEqual(1);
  await expect(page.getByRole('article', { name: 'Tool call Edit' })).toHaveAttribute('data-status', 'done');
  await expect(cards.last()).toHaveAttribute('data-status', 'done');

  // The file tree shows what the agent wrote, read from the same sandbox.
  const tree = page.getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'slugify.js' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'test.js' })).toBeVisible();
  const fixed = await page.evaluate(() => window.__glassbox?.sandbox.fs.readText('/workspace/slugify.js'));
  expect(fixed).toContain('/g');

  // The terminal is a shell on that sandbox.
  await page.getByRole('textbox', { name: 'Terminal input' }).focus();
  await page.keyboard.type('ls');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toContain('slugify.js');
  await page.keyboard.type('echo made-by-user > note.txt && cat note.txt');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toContain('made-by-user');
  await expect(tree.getByRole('treeitem', { name: 'note.txt' })).toBeVisible();

  // A file edited in the editor is what the agent sees.
  await tree.getByRole('treeitem', { name: 'note.txt' }).click();
  const editor = page.getByRole('textbox', { name: 'Contents of /workspace/note.txt' });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('edited in the editor');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(() => page.evaluate(() => window.__glassbox?.sandbox.fs.readText('/workspace/note.txt')))
    .toContain('edited in the editor');

  expect(await transcriptIsValid(page)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('demo-finished.png') });
  expect(consoleErrors).toEqual([]);
});

test('Esc interrupts a run and leaves the transcript valid; the inspector shows each request', async ({ page }, testInfo) => {
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();

  // Let the agent get some tool calls done, then interrupt mid-run.
  await expect(page.locator('article[data-status="done"]').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.keyboard.press('Escape');
  const end = page.locator('.end').last();
  await expect(end).toContainText('you interrupted the run');
  await expect(page.getByRole('status', { name: 'Run state: Idle' })).toBeVisible();
  expect(await transcriptIsValid(page)).toBe(true);

  // The conversation goes on after an interrupt.
  await page.getByRole('textbox', { name: 'Message the agent' }).fill('What did you do so far?');
  await page.getByRole('textbox', { name: 'Message the agent' }).press('Enter');
  // The scripted model plays the rest of its demo here: on a loaded 2-core box that takes a while.
  await expect(page.locator('.end')).toHaveCount(2, { timeout: 60_000 });
  expect(await transcriptIsValid(page)).toBe(true);

  // The inspector lays open every model request, part by part, with token estimates.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const firstRequest = page.getByRole('region', { name: 'Model request 1', exact: true });
  await expect(firstRequest).toBeVisible();
  // The newest request is open; older ones open on a click.
  await firstRequest.getByText('Request 1', { exact: true }).click();
  await expect(firstRequest).toContainText('System prompt');
  await expect(firstRequest).toContainText('Tools');
  await expect(firstRequest).toContainText(/tokens/i);
  await firstRequest.getByText('System prompt').first().click();
  await expect(firstRequest).toContainText('/workspace');
  await page.screenshot({ path: testInfo.outputPath('inspector.png') });
});

test('hostile model output is rendered as text, never as live HTML', async ({ page }) => {
  await openPlayground(page);
  const hostile =
    'Here you go <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> ' +
    '[click me](javascript:window.__pwned=3) <iframe src="https://example.com"></iframe> **bold**';
  // Swap in a model that streams hostile markdown, through the real session and UI.
  await page.evaluate((text) => {
    const session = window.__glassbox?.session;
    if (!session) throw new Error('no session');
    session.setModel({
      provider: 'test',
      label: 'Hostile test model',
      async *stream() {
        yield { type: 'message_start' };
        yield { type: 'text_start', index: 0 };
        yield { type: 'text_delta', index: 0, text };
        yield { type: 'block_end', index: 0 };
        yield { type: 'stop', reason: 'end_turn' };
      },
    });
  }, hostile);
  const input = page.getByRole('textbox', { name: 'Message the agent' });
  await input.fill('say something');
  await input.press('Enter');
  const transcript = page.getByRole('log', { name: 'Transcript' });
  await expect(transcript.locator('strong', { hasText: 'bold' })).toBeVisible();
  await expect(transcript.locator('script, iframe, img[onerror], [onerror]')).toHaveCount(0);
  await expect(transcript.locator('a[href^="javascript:"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
