import { expect, test, type Locator, type Page } from '@playwright/test';
import { seedFiles } from './playground';

/**
 * A learner on a machine with no network beyond this site (no key, no provider, no WebContainer
 * runtime) opens the first lesson from the address, watches its run, does the exercise and
 * checks it, moves on to the second lesson, and finds the progress again after a reload.
 */

const LOOP_PROMPT = 'How many tasks in todo.md are still open? Count them with grep to be sure.';
const TOOLS_PROMPT = 'Which port does the server use? Look it up in the config.';

/** The index entry of one lesson, by its title (another lesson's summary may mention it). */
function entry(index: Locator, title: string): Locator {
  return index.getByRole('listitem').filter({ has: index.page().getByRole('button', { name: new RegExp(`^${title}\\b`) }) });
}

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
  await expect(entry(index, 'The loop')).toContainText('Exercise passed');

  // On to lesson 02: it asks before replacing this work.
  await page.getByRole('button', { name: 'Next lesson' }).click();
  const question = page.getByRole('dialog', { name: 'Open in a new workspace?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Replace my work here' }).click();
  await expect(page.getByRole('heading', { name: 'Tools and their schemas', level: 2 })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /README\.md/ })).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /todo\.md/ })).toHaveCount(0);
  await expect(entry(index, 'Tools and their schemas')).toContainText('Opened');
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toHaveValue(TOOLS_PROMPT);

  // A reload: the progress, and the open lesson, come back.
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await expect(page.getByRole('heading', { name: 'Tools and their schemas', level: 2 })).toBeVisible();
  const after = page.getByRole('list', { name: 'Lessons' });
  await expect(entry(after, 'The loop')).toContainText('Exercise passed');
  await expect(entry(after, 'Tools and their schemas')).toContainText('Opened');
});

test('a lesson opens in the Compare lab: two lanes of its task, each scored by its check', async ({ page }) => {
  test.setTimeout(240_000);
  await offline(page);
  await page.goto('/?lesson=the-loop');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'The loop', level: 2 })).toBeVisible();
  await page.getByRole('button', { name: 'Compare…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Compare' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Setting A' }).selectOption({ label: 'As is' });
  await dialog.getByRole('combobox', { name: 'Setting B' }).selectOption({ label: 'A tool removed' });
  await dialog.getByRole('combobox', { name: 'Tool lane B leaves out' }).selectOption('Bash');
  await dialog.getByRole('button', { name: 'Run both' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Both settings ran.' })).toBeVisible({ timeout: 180_000 });

  const table = dialog.getByRole('table', { name: 'Results' });
  await expect(table.getByRole('columnheader', { name: 'Setting A: As is' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Setting B: Without Bash' })).toBeVisible();
  // The lesson's own check scores both lanes (the run alone does not do the learner's exercise).
  const checkRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Check' }) });
  await expect(checkRow.getByRole('cell')).toHaveText([/^Failed: todo\.md does not match/, /^Failed: todo\.md does not match/]);
  await expect(dialog.getByRole('region', { name: 'Request diff' }).getByText('Tools only in A: Bash').first()).toBeVisible();
});

test('every lesson opens from its link and its run plays to the end in the browser, offline', async ({ page }) => {
  test.setTimeout(600_000);
  await offline(page);
  const catalog = (await (await page.request.get('/lessons/index.json')).json()) as { lessons: Array<{ slug: string; title: string }> };
  expect(catalog.lessons.length).toBeGreaterThanOrEqual(8);
  for (const [position, { slug, title }] of catalog.lessons.entries()) {
    await page.goto(`/?lesson=${slug}`);
    await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 60_000 });
    if (position > 0) {
      // The previous lesson's work is here: opening the next one asks first.
      await page.getByRole('dialog', { name: 'Open in a new workspace?' }).getByRole('button', { name: 'Replace my work here' }).click();
    }
    await page.getByRole('tab', { name: 'Lessons' }).click();
    await expect(page.getByRole('heading', { name: title, level: 2 }), slug).toBeVisible();
    await page.getByRole('button', { name: 'Start the run' }).click();
    // The learner allows each prompt as it comes, until the run ends.
    const ended = page.locator('.end');
    await expect
      .poll(
        async () => {
          const allow = page.getByRole('button', { name: 'Allow once' });
          if (await allow.isVisible()) await allow.click();
          return ended.count();
        },
        { message: `${slug}: the run ends`, timeout: 120_000 },
      )
      .toBe(1);
    await expect(ended, slug).toContainText('Done: the model finished its answer');
  }
});
