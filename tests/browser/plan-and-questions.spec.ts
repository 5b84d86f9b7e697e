import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground } from './playground';
import { configureModel, MOCK_KEY, runEnd, sendMessage } from './model-setup';
import { startMockProvider, type MockProviderServer, type MockTurn } from '../mock-provider/server.mjs';

/**
 * Plan mode end to end (ExitPlanMode: approve choosing the mode, or keep planning with feedback
 * that goes back to the model) and AskUserQuestion answered with the keyboard.
 */

let mock: MockProviderServer;

// Each test boots the app, sets up a model and runs an agent turn: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

test.afterEach(async () => {
  await mock?.close();
});

const PLAN = '## Plan\n\n1. Write `hello.txt` with a greeting\n2. Check it\n\n<img src=x onerror="window.__pwned=1">';

async function start(page: Page, script: MockTurn[]): Promise<void> {
  mock = await startMockProvider({ apiKey: MOCK_KEY, script });
  await openPlayground(page);
  await configureModel(page, { provider: 'anthropic', baseUrl: mock.url, model: 'claude-haiku-4-5' });
}

const modeSelect = (page: Page) => page.getByRole('combobox', { name: 'Permission mode' });
const planCard = (page: Page) => page.getByRole('article', { name: 'Tool call ExitPlanMode' });

test('approving the plan switches to the chosen mode and the edit then runs without asking', async ({ page }, testInfo) => {
  await start(page, [
    { text: 'Here is my plan.', toolCalls: [{ name: 'ExitPlanMode', input: { plan: PLAN } }] },
    { toolCalls: [{ name: 'Write', input: { file_path: 'hello.txt', content: 'hello\n' } }] },
    { text: 'Wrote hello.txt.' },
  ]);
  await modeSelect(page).selectOption('plan');
  await sendMessage(page, 'Plan a greeting file');

  const card = planCard(page);
  await expect(card.getByRole('heading', { name: 'Plan for approval' })).toBeVisible();
  const plan = card.getByRole('region', { name: 'The plan' });
  await expect(plan.getByRole('heading', { name: 'Plan' })).toBeVisible();
  await expect(plan.getByRole('listitem').first()).toContainText('Write hello.txt with a greeting');
  // Rendered as sanitized markdown: no live handler from the model's text.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await axeViolations(page, '[role="log"]')).toEqual([]);
  await card.screenshot({ path: testInfo.outputPath('plan-approval.png') });

  await card.getByRole('button', { name: 'Yes, and auto-accept edits' }).click();
  await expect(modeSelect(page)).toHaveValue('acceptEdits');
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expect(card.getByRole('status')).toContainText('Approved: continuing with edits auto-accepted');
  await expect(page.getByRole('article', { name: 'Tool call Write' })).toHaveAttribute('data-status', 'done');
  await expect(page.getByRole('group', { name: /Permission request/ })).toHaveCount(0);
  expect(JSON.stringify(mock.requests.at(-2)?.body)).toContain('User has approved your plan');
});

test('keep planning sends the feedback back to the model and stays in plan mode', async ({ page }) => {
  await start(page, [{ toolCalls: [{ name: 'ExitPlanMode', input: { plan: PLAN } }] }, { text: 'I will revise the plan.' }]);
  await modeSelect(page).selectOption('plan');
  await sendMessage(page, 'Plan a greeting file');

  const card = planCard(page);
  await card.getByRole('button', { name: 'No, keep planning' }).click();
  const feedback = card.getByRole('textbox', { name: 'What should change in the plan?' });
  await expect(feedback).toBeFocused();
  await feedback.fill('Use a Markdown file instead');
  await card.getByRole('button', { name: 'Send feedback' }).click();
  await expect(await runEnd(page, 1)).toContainText('Done');
  await expect(card).toContainText('Sent back with feedback: Use a Markdown file instead');
  await expect(modeSelect(page)).toHaveValue('plan');
  const sent = JSON.stringify(mock.requests.at(-1)?.body);
  expect(sent).toContain('keep planning');
  expect(sent).toContain('Use a Markdown file instead');
});

test('a question is answered with the keyboard: radio group, checkboxes, Other and Submit', async ({ page }, testInfo) => {
  const questions = [
    {
      header: 'Language',
      question: 'Which language should the greeting script use?',
      multiSelect: false,
      options: [
        { label: 'JavaScript', description: 'Runs with node here' },
        { label: 'TypeScript', description: 'Needs a build step' },
      ],
    },
    {
      header: 'Extras',
      question: 'What else should I add?',
      multiSelect: true,
      options: [
        { label: 'Tests', description: 'A small test file' },
        { label: 'README', description: 'How to run it' },
      ],
    },
  ];
  await start(page, [{ toolCalls: [{ name: 'AskUserQuestion', input: { questions } }] }, { text: 'Thanks for the answers.' }]);
  await sendMessage(page, 'Write a greeting script');

  const form = page.getByRole('form', { name: 'Questions from the agent' });
  await expect(form).toBeVisible();
  const language = form.getByRole('group', { name: /Which language should the greeting script use\?/ });
  await expect(language.getByRole('radio')).toHaveCount(3); // two options and Other
  expect(await axeViolations(page, '[role="log"]')).toEqual([]);
  await form.screenshot({ path: testInfo.outputPath('questions.png') });

  // Keyboard only: into the radio group, the arrow chooses the second option.
  await language.getByRole('radio', { name: /JavaScript/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(language.getByRole('radio', { name: /TypeScript/ })).toBeChecked();
  // Tab leaves the radio group for the Other field, then into the checkboxes.
  await page.keyboard.press('Tab');
  await expect(form.getByRole('textbox', { name: 'Other answer to Language' })).toBeFocused();
  await page.keyboard.press('Tab');
  const extras = form.getByRole('group', { name: /What else should I add\?/ });
  await expect(extras.getByRole('checkbox', { name: /Tests/ })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // README
  await page.keyboard.press('Tab'); // Other checkbox
  await page.keyboard.press('Tab'); // Other field
  await page.keyboard.type('a Makefile');
  await expect(extras.getByRole('checkbox', { name: 'Other' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Submit answers' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(await runEnd(page, 1)).toContainText('Done');
  const answers = page.getByRole('definition');
  await expect(answers.filter({ hasText: 'TypeScript' })).toBeVisible();
  await expect(answers.filter({ hasText: 'Tests, a Makefile' })).toBeVisible();
  const sent = JSON.stringify(mock.requests.at(-1)?.body);
  expect(sent).toContain('\\"Which language should the greeting script use?\\"=\\"TypeScript\\"');
  expect(sent).toContain('\\"What else should I add?\\"=\\"Tests, a Makefile\\"');
});

test('Stop during a question cancels it cleanly', async ({ page }) => {
  const questions = [{ header: 'Pick', question: 'Which one?', multiSelect: false, options: [{ label: 'A', description: '' }, { label: 'B', description: '' }] }];
  await start(page, [{ toolCalls: [{ name: 'AskUserQuestion', input: { questions } }] }, { text: 'never' }]);
  await sendMessage(page, 'Ask me');
  await expect(page.getByRole('form', { name: 'Questions from the agent' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(await runEnd(page, 1)).toContainText('interrupted');
  await expect(page.getByRole('form', { name: 'Questions from the agent' })).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'Tool call AskUserQuestion' })).toHaveAttribute('data-status', /error|cancelled/);
});
