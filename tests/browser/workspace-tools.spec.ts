import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles, transcriptIsValid } from './playground';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer } from '../mock-provider/server.mjs';

/**
 * A workspace tool: `.glassbox/tools/word_count.json` describes it, a shell command is its
 * program (a shell one: the first `node` run of a page boots its worker, which a busy machine can
 * stretch past the offline node's time limit; the unit tests run JavaScript tools). The model is
 * offered it, calls it, the user allows it, the sandbox runs it with the input on stdin, and its
 * card shows what it printed. A broken definition file is named in the chat with its problem.
 */

let mock: MockProviderServer;

// Boots the app, sets up a model and runs an agent turn: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

test.afterEach(async () => {
  await mock?.close();
});

const WORD_COUNT = {
  description: 'Counts the words of a text file in the workspace.',
  input_schema: { type: 'object', properties: { path: { type: 'string', description: 'The file, relative to the workspace root.' } }, required: ['path'] },
  // The input arrives as JSON on stdin: jq takes the path out of it.
  command: 'echo "$(jq -r .path | xargs cat | wc -w) words"',
};

test('the agent uses a tool defined by a file in the workspace, and its card shows the result', async ({ page }, testInfo) => {
  mock = await startMockProvider({
    apiKey: MOCK_KEY,
    script: [
      { text: 'Counting with the workspace tool.', toolCalls: [{ name: 'word_count', input: { path: 'notes.md' } }] },
      { text: 'notes.md has 5 words.' },
    ],
  });
  await openPlayground(page);
  await seedFiles(page, {
    'notes.md': 'one two three\nfour five\n',
    '.glassbox/tools/word_count.json': JSON.stringify(WORD_COUNT, null, 2),
    '.glassbox/tools/broken.json': '{ "description": "Half written", "cmd": "true" }',
  });
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
  await sendMessage(page, 'How many words are in notes.md?');

  const transcript = page.getByRole('log', { name: 'Transcript' });
  await expect(transcript.getByRole('status').filter({ hasText: 'Workspace tools offered to the model: word_count (.glassbox/tools/word_count.json).' })).toBeVisible();
  await expect(transcript.getByRole('status').filter({ hasText: 'Workspace tool not offered: .glassbox/tools/broken.json has "cmd" where this format says "command"' })).toBeVisible();

  // It runs code, so it asks like Bash; the prompt names the tool, its input and its command.
  const prompt = page.getByRole('group', { name: 'Permission request for word_count' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('Run the workspace tool word_count (notes.md)');
  await prompt.getByRole('button', { name: 'Allow once' }).click();

  await expect(await runEnd(page, 1, 120_000)).toContainText('Done');
  const card = page.getByRole('article', { name: 'Tool call word_count' });
  await expect(card).toHaveAttribute('data-status', 'done');
  await expect(card).toHaveAttribute('data-category', 'runs-commands');
  await card.getByRole('button', { name: 'Show details of word_count' }).click();
  // What the command printed is the card's output (its progress showed it live, too).
  await expect(card.getByText('Output', { exact: true }).locator('..')).toHaveText(/^Output\s*5 words$/);

  // The model was offered the tool with its author's schema, and got what the program printed.
  const firstTools = (mock.requests[0]?.body as { tools?: Array<{ name: string; input_schema: unknown }> }).tools ?? [];
  expect(firstTools.find((tool) => tool.name === 'word_count')?.input_schema).toEqual(WORD_COUNT.input_schema);
  expect(firstTools.map((tool) => tool.name)).not.toContain('broken');
  expect(JSON.stringify(mock.requests.at(-1)?.body)).toContain('5 words');
  expect(await transcriptIsValid(page)).toBe(true);

  expect(await axeViolations(page, '[role="log"]')).toEqual([]);
  await card.screenshot({ path: testInfo.outputPath('workspace-tool-card.png') });
});
