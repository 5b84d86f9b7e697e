import { expect, test, type Page } from '@playwright/test';
import { runEnd, sendMessage, settingsDialog } from './model-setup';
import { openPlayground, seedFiles, transcriptIsValid } from './playground';

/** "You are the model": the person answers each request the agent sends, through the answer panel in the chat. */

async function chooseHumanModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Provider', { exact: true }).selectOption({ label: 'You are the model' });
  await expect(dialog.getByText('You play the model')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('group', { name: 'Model' })).toContainText('You are the model');
}

function answerPanel(page: Page) {
  return page.getByRole('region', { name: 'Your turn: you are the model' });
}

test('the person answers as the model: a tool call through the schema form, then text', async ({ page }) => {
  test.setTimeout(180_000); // two requests answered by hand on a slow shared machine
  await openPlayground(page);
  await seedFiles(page, { 'notes.txt': 'The meeting moved to Thursday.\n' });
  await chooseHumanModel(page);
  await sendMessage(page, 'What do my notes say?');

  // The request as the model gets it: the prompt, the system prompt and the tools.
  const panel = answerPanel(page);
  await expect(panel).toBeVisible();
  const request = panel.getByRole('region', { name: 'Request to answer' });
  await expect(request).toContainText('What do my notes say?');
  await expect(request.getByText('System prompt')).toBeVisible();
  await expect(request.getByText('Tools', { exact: true })).toBeVisible();

  // A Read call through the form; sent without its required path, it is refused with the reason by the field.
  await panel.getByLabel('Tool', { exact: true }).selectOption('Read');
  await panel.getByRole('button', { name: 'Add tool call' }).click();
  const call = panel.getByRole('group', { name: 'Tool call 1: Read' });
  await expect(call).toBeVisible();
  const path = call.getByLabel('file_path');
  await panel.getByRole('button', { name: 'Send answer' }).click();
  await expect(panel.getByRole('alert')).toContainText('Not sent: fix tool call 1 (Read): file_path.');
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(path).toHaveAccessibleDescription(/Required: it cannot be empty\./);
  // A number field refuses words.
  await call.getByLabel('limit').fill('ten');
  await path.fill('notes.txt');
  await panel.getByRole('button', { name: 'Send answer' }).click();
  await expect(call.getByText('Not a number.')).toBeVisible();
  await call.getByLabel('limit').fill('');
  await panel.getByRole('button', { name: 'Send answer' }).click();

  // The harness runs the call, and comes back with the next request, the tool's result in it.
  await expect(page.getByRole('article', { name: 'Tool call Read' })).toHaveAttribute('data-status', 'done');
  await expect(panel.getByRole('region', { name: 'Request to answer' })).toContainText('The meeting moved to Thursday.');
  await expect(panel.getByRole('region', { name: 'Request to answer' })).toContainText('tool_result');
  const sent = await page.evaluate(() => {
    const messages = window.__glassbox?.session.messages ?? [];
    const assistant = messages.find((message) => message.role === 'assistant');
    return assistant && typeof assistant.content !== 'string' ? assistant.content.map((block) => (block.type === 'tool_use' ? { name: block.name, input: block.input } : block.type)) : [];
  });
  expect(sent).toEqual([{ name: 'Read', input: { file_path: 'notes.txt' } }]);

  // The last answer is text only: the run ends.
  await expect(panel.getByText('end_turn')).toBeVisible();
  await panel.getByLabel('Assistant text').fill('Your notes say the meeting moved to Thursday.');
  await panel.getByRole('button', { name: 'Send answer' }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByText('Your notes say the meeting moved to Thursday.')).toBeVisible();
  const end = await runEnd(page, 1);
  await expect(end).toHaveClass(/ok/);
  expect(await transcriptIsValid(page)).toBe(true);
});

test('Stop while the person is writing ends the run cleanly', async ({ page }) => {
  test.setTimeout(120_000);
  await openPlayground(page);
  await chooseHumanModel(page);
  await sendMessage(page, 'Say hello');
  const panel = answerPanel(page);
  await expect(panel).toBeVisible();
  await panel.getByLabel('Assistant text').fill('Hel');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(panel).toBeHidden();
  await runEnd(page, 1);
  expect(await transcriptIsValid(page)).toBe(true);
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeEnabled();
});
