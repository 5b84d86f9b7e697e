import { expect, test, type Page } from '@playwright/test';
import { seedFiles } from './playground';

/**
 * A learner on a machine with no network beyond this site (no key, no provider, no WebContainer
 * runtime) opens the first lesson from the address, watches its run, does the exercise and
 * checks it, moves on to the second lesson, and finds the progress again after a reload.
 */

const LOOP_PROMPT = 'How many tasks in todo.md are still open? Count them with grep to be sure.';
const TOOLS_PROMPT = 'Which port does the server use? Look it up in the config.';

/** Only this site answers: every other host is unreachable, as offline. */
async function offline(page: Page): Promise<void> {
  const site = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').host;
  await page.context().route('**/*', (route) => (new URL(route.request().url()).host === site ? route.continue() : route.abort('internetdisconnected')));
}

test('lessons: open the-loop offline, watch the run, pass the exercise, go on to 02, progress survives a reload', async ({ page }) => {
  // A whole lesson and a reload on a slow, shared CI box.
  test.setTimeout(240_000);
  await offline(page);
  await page.goto('/?lesson=the-loop');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });

  // The lesson opens in its tab: its text, and its task typed into the chat input (not sent).
  const lessonsTab = page.getByRole('tab', { name: 'Lessons' });
  await expect(lessonsTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'The loop', level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start the run' })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Lesson text' })).toContainText('A coding agent is not one big answer');
  await expect(page.getByRole('treeitem', { name: /todo\.md/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toHaveValue(LOOP_PROMPT);
  await lessonsTab.click();

  // The scripted run: Read, then Bash (asks first), then the answer, in the chat.
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.getByRole('tab', { name: 'Chat' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('article', { name: 'Tool call Read' })).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'Allow once' }).click();
  await expect(page.getByRole('article', { name: 'Tool call Bash' })).toHaveAttribute('data-status', 'done');
  await expect(page.getByText('3 tasks are still open')).toBeVisible();
  await expect(page.getByRole('article', { name: 'Tool call Bash' })).toContainText("grep -c '^- \\[ \\]' todo.md");

  // The inspector has one request per turn of the loop.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByRole('region', { name: /^Model request \d+$/ })).toHaveCount(3);

  // The exercise: Check fails first, then passes once todo.md is changed.
  await lessonsTab.click();
  const verdict = page.getByRole('status').filter({ hasText: /^(Passed|Not yet):/ });
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict).toHaveText(/^Not yet: todo\.md does not match/);
  await seedFiles(page, { 'todo.md': '# Garden chores\n\n- [x] Buy seeds\n- [x] Water the plants\n- [x] Fix the fence\n- [ ] Mow the lawn\n- [ ] Rake the leaves\n' });
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict).toHaveText('Passed: todo.md is as asked');
  const index = page.getByRole('list', { name: 'Lessons' });
  await expect(index.getByRole('listitem').filter({ hasText: 'The loop' })).toContainText('Exercise passed');

  // On to lesson 02: it asks before replacing this work.
  await page.getByRole('button', { name: 'Next lesson' }).click();
  const question = page.getByRole('dialog', { name: 'Open in a new workspace?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Replace my work here' }).click();
  await expect(page.getByRole('heading', { name: 'Tools and their schemas', level: 2 })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /README\.md/ })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /todo\.md/ })).toHaveCount(0);
  await expect(index.getByRole('listitem').filter({ hasText: 'Tools and their schemas' })).toContainText('Opened');
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toHaveValue(TOOLS_PROMPT);

  // A reload: the progress, and the open lesson, come back.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await expect(page.getByRole('heading', { name: 'Tools and their schemas', level: 2 })).toBeVisible();
  const after = page.getByRole('list', { name: 'Lessons' });
  await expect(after.getByRole('listitem').filter({ hasText: 'The loop' })).toContainText('Exercise passed');
  await expect(after.getByRole('listitem').filter({ hasText: 'Tools and their schemas' })).toContainText('Opened');
});
