import { expect, test } from '@playwright/test';
import { openPlayground, runInTerminal, terminalText } from './playground';
import { allowBash, configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * What the model writes is shown as written (HTML it mentions stays text), a failed command's
 * card shows the line that matters, and the offline terminal says what it lacks in our words.
 */

let mock: MockProviderServer;

test.afterEach(async () => {
  await mock?.close();
});

test('an answer that mentions <style>, <title> and <textarea> shows every word of it', async ({ page }) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    script: [{ text: 'Put a <style> element in the page.\n\nThen a <title>, and a <textarea> for notes.\n\nThat is all.' }],
  });
  await openPlayground(page);
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'How do I style the page?');
  await expect(await runEnd(page, 1)).toContainText('Done');
  const log = page.getByRole('log', { name: 'Transcript' });
  await expect(log).toContainText('Put a <style> element in the page.');
  await expect(log).toContainText('Then a <title>, and a <textarea> for notes.');
  await expect(log).toContainText('That is all.');
  await expect(log.locator('style, textarea, title')).toHaveCount(0);
});

test('a failed command: the collapsed card shows the failing line, not the first one', async ({ page }) => {
  const command = "printf 'ok 1 - trims\\nnot ok 2 - strips accents\\n# pass 1\\n# fail 1\\n'; exit 1";
  mock = await startMockProvider({ apiKey: MOCK_KEY, script: [{ text: 'Running the tests.', toolCalls: [{ name: 'Bash', input: { command } }] }, { text: 'One test fails.' }] });
  await openPlayground(page);
  await configureModel(page, { provider: 'openai-compatible', baseUrl: `${mock.url}/v1`, model: 'mock-model' });
  await sendMessage(page, 'Run the tests');
  await allowBash(page);
  await expect(await runEnd(page, 1)).toContainText('Done');
  const card = page.getByRole('article', { name: 'Tool call Bash' });
  await expect(card).toHaveAttribute('data-status', 'error');
  await expect(card.locator('.error-line')).toHaveText('not ok 2 - strips accents');
});

test('the offline terminal: python3 says what is missing and what works; git answers as git does', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('textbox', { name: 'Terminal input' }).waitFor();
  await runInTerminal(page, 'python3 --version');
  await expect.poll(() => terminalText(page)).toContain('there is no Python in the offline sandbox');
  await runInTerminal(page, 'git status');
  await expect.poll(() => terminalText(page)).toContain('fatal: not a git repository (or any of the parent directories): .git');
  const text = await terminalText(page);
  expect(text).toContain('What works here: shell built-ins');
  expect(text).not.toContain('Exclude');
  expect(text).not.toContain('command not found');
});
