import { expect, test, type Page } from '@playwright/test';
import { openPlayground, transcriptIsValid } from './playground';
import { runEnd } from './model-setup';

/**
 * "Branch here" in step mode: a what-if run forks off the paused step into a workspace of its own
 * (the files as they were at that step), the original waits at the same step, and each goes its
 * own way from there: the branch with an edit, the original resumed later, unchanged.
 */

// A whole demo run stepped through by hand, twice, on a slow shared box.
test.describe.configure({ timeout: 240_000 });

function stepPanel(page: Page) {
  return page.getByRole('region', { name: 'Step mode' });
}

function fileInTree(page: Page, name: string) {
  return page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name });
}

async function next(page: Page, heading: string | RegExp): Promise<void> {
  await expect(stepPanel(page).getByRole('heading', { name: heading })).toBeVisible();
  await stepPanel(page).getByRole('button', { name: 'Next' }).click();
}

test('branch before a tool runs: the branch takes another path, the original resumes unchanged', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('switch', { name: 'Step mode' }).check();
  await page.getByRole('button', { name: 'Run demo task' }).click();

  // The demo looks for JavaScript files, finds none, then writes slugify.js: stop before that Write.
  await next(page, 'Paused before request 1');
  await next(page, 'Paused before Glob runs');
  await next(page, 'Glob ran: its result, before the model sees it');
  await next(page, 'Paused before request 2');
  const panel = stepPanel(page);
  await expect(panel.getByRole('heading', { name: 'Paused before Write runs' })).toBeVisible();

  await panel.getByRole('button', { name: 'Branch here' }).click();
  await expect(panel.getByRole('status')).toContainText('Saved a what-if branch of this step as workspace “My workspace · branch at Write in turn 2”');
  await panel.getByRole('button', { name: 'Open the branch' }).click();

  // The branch opens in its own workspace, waiting at the very same step, with the files of that moment.
  // (Bypass is never restored from storage: the Write asks again, and this run goes on in bypass.)
  await page.getByRole('group', { name: 'Permission request for Write' }).getByRole('button', { name: 'Allow once' }).click();
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await expect(panel.getByRole('heading', { name: 'Paused before Write runs' })).toBeVisible();
  await expect(panel).toContainText('slugify.js');
  await expect(page.getByText('Resumed from the branch point.')).toBeVisible();
  await expect(fileInTree(page, 'slugify.js')).toHaveCount(0);
  // The original prompt and its first turns came along: one prompt, not two.
  await expect(page.locator('.end')).toHaveCount(1);
  await expect(page.getByRole('article', { name: 'Tool call Glob' })).toBeVisible();

  await panel.getByRole('button', { name: 'Continue' }).click();
  const branchEnd = await runEnd(page, 2, 120_000);
  await expect(branchEnd).toContainText('Done: the model finished its answer');
  await expect(fileInTree(page, 'slugify.js')).toBeVisible();
  expect(await transcriptIsValid(page)).toBe(true);

  // Back to the original: it waits at the branch point, with its own files; Resume takes it on from there.
  await page.getByRole('button', { name: 'Sessions' }).click();
  const sessions = page.getByRole('dialog', { name: 'Sessions' });
  const workspaceSelect = sessions.getByRole('combobox', { name: 'Workspace' });
  await expect(workspaceSelect.getByRole('option')).toHaveCount(2);
  await workspaceSelect.selectOption({ label: 'My workspace' });
  await expect(workspaceSelect).toHaveValue(await workspaceSelect.locator('option', { hasText: /^My workspace$/ }).getAttribute('value') ?? '');
  await sessions.getByRole('button', { name: 'Close' }).click();

  const waiting = await runEnd(page, 1);
  await expect(waiting).toContainText('Paused: left at a branch point');
  await expect(page.getByText(/Left at a branch point, before Write ran\. Resume takes this run on from exactly there\./)).toBeVisible();
  await expect(fileInTree(page, 'slugify.js')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Resume' }).click();
  const originalEnd = await runEnd(page, 2, 120_000);
  await expect(originalEnd).toContainText('Done: the model finished its answer');
  await expect(fileInTree(page, 'slugify.js')).toBeVisible();
  expect(await transcriptIsValid(page)).toBe(true);
});
