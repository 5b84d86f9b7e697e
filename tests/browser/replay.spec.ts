import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { saved } from './saved';
import { openPlayground } from './playground';

/**
 * Replay: a recorded run plays again with no key, the tools running for real; a timeline under
 * the chat plays, pauses, steps and changes speed; where the files make a tool return something
 * else, the replay says so at that step and holds.
 */

async function runDemoToTheEnd(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await expect(page.locator('.end').last()).toContainText('Done', { timeout: 240_000 });
}

function timeline(page: Page) {
  return page.getByRole('region', { name: 'Replay timeline' });
}

function scrubber(page: Page) {
  return timeline(page).getByRole('slider', { name: 'Replay position' });
}

async function totalSteps(page: Page): Promise<number> {
  const text = (await scrubber(page).getAttribute('aria-valuetext')) ?? '';
  const match = /^Step \d+ of (\d+)$/.exec(text);
  if (!match) throw new Error(`unexpected position text: ${text}`);
  return Number(match[1]);
}

test('the demo replays with no key: pause, step, speed, to the end, the inspector follows; on changed files it shows the divergence at its step', async ({ page }, testInfo) => {
  // The demo runs node in the offline sandbox, and the replays run it again: slow on a loaded machine.
  test.setTimeout(600_000);
  await openPlayground(page);
  await runDemoToTheEnd(page);
  const recorded = await page.evaluate(() => window.__glassbox?.session.log.filter(({ event }) => event.type === 'model_response').length ?? 0);

  await page.getByRole('button', { name: 'Replay this run' }).click();
  await expect(timeline(page)).toBeVisible();
  const log = page.getByRole('log', { name: 'Transcript' });
  await expect(log.getByText('Replaying a recorded run')).toBeVisible();
  const total = await totalSteps(page);
  expect(total).toBe(recorded);

  // Pause holds the run itself: the position stays while paused, and Step plays exactly one answer.
  await timeline(page).getByRole('button', { name: 'Pause' }).click();
  await expect(timeline(page).getByRole('status')).toHaveText('Paused.');
  const held = Number(/Step (\d+)/.exec((await scrubber(page).getAttribute('aria-valuetext')) ?? '')?.[1]);
  await timeline(page).getByRole('button', { name: 'Step' }).click();
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', `Step ${held + 1} of ${total}`);
  await expect(timeline(page).getByRole('status')).toHaveText('Paused.');
  await expect(timeline(page).getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await timeline(page).getByRole('button', { name: 'Step' }).click();
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', `Step ${held + 2} of ${total}`);

  // The inspector follows the step: its request is the open one.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const current = page.locator('section[aria-current="step"]');
  await expect(current).toHaveAttribute('aria-label', `Model request ${held + 2}`);
  await expect(current.locator('details').first()).toHaveAttribute('open', '');
  await page.getByRole('tab', { name: 'Chat' }).click();

  expect(await axeViolations(page, 'section[aria-label="Replay timeline"]')).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('replay-paused.png') });

  await timeline(page).getByLabel('Speed').selectOption({ label: 'Instant' });
  await timeline(page).getByRole('button', { name: 'Play', exact: true }).click();
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', `Step ${total} of ${total}`, { timeout: 120_000 });
  await expect(timeline(page).getByRole('status')).toContainText('The replay ended. Done');
  await expect(page.locator('.end').last()).toContainText('Done');
  // The run's own starting files (an empty workspace): nothing diverged, and the demo's files are back.
  await expect(log.getByText(/Replay diverged/)).toHaveCount(0);
  const files = await page.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    return sandbox ? Object.keys((await sandbox.snapshot()).files).sort() : [];
  });
  expect(files).toEqual(['slugify.js', 'test.js']);
  await timeline(page).getByRole('button', { name: 'Close replay' }).click();
  await expect(timeline(page)).toBeHidden();

  // After a reload the run's starting files are not known: the replay runs on the files as they are.
  // The replayed run is saved in the background: reload once it is all saved, as the status bar says.
  const liveMessages = await page.evaluate(() => window.__glassbox?.session.messages.length ?? -1);
  await expect.poll(async () => (await saved(page)).messages, { timeout: 60_000 }).toBe(liveMessages);
  await page.reload();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    // Whichever of the demo's files the reload brought back: this part is about the divergence.
    for (const name of ['slugify.js', 'test.js']) await sandbox.fs.rm(`${sandbox.root}/${name}`).catch(() => undefined);
    // Not a .js file: the first step's Glob does not see it; the listing (ls -la) does.
    await sandbox.fs.write(`${sandbox.root}/NOTES.md`, 'a file the recorded run never had\n');
  });
  // The saved session is read back after the sandbox is ready: wait until its log is there.
  const listingStepOf = (): Promise<number> =>
    page.evaluate(() => {
      const responses = (window.__glassbox?.session.log ?? []).filter(({ event }) => event.type === 'model_response');
      return responses.findIndex(({ event }) => event.type === 'model_response' && JSON.stringify(event.response.message).includes('ls -la')) + 1;
    });
  await expect.poll(listingStepOf, { timeout: 60_000 }).toBeGreaterThan(1);
  const listingStep = await listingStepOf();

  // "Bypass — never ask" is never brought back by a reload: choose it again, as a user would.
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  await page.getByRole('button', { name: 'Replay this run' }).click();
  await timeline(page).getByLabel('Speed').selectOption({ label: 'Instant' });
  const notice = page.getByRole('group', { name: `Replay diverged at step ${listingStep}` });
  await expect(notice).toBeVisible({ timeout: 120_000 });
  await expect(notice).toContainText(`Replay diverged at step ${listingStep} of ${total}`);
  await expect(notice).toContainText('Bash returned something different from the recording');
  await expect(notice).toContainText('NOTES.md');
  // Held: nothing after the divergence plays until the user chooses.
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', `Step ${listingStep} of ${total}`);
  await expect(timeline(page).getByRole('status')).toContainText(`Held at step ${listingStep}`);
  // The demo model cannot continue a run: the button says what is missing.
  const live = notice.getByRole('button', { name: 'Continue with my model' });
  await expect(live).toBeDisabled();
  await expect(live).toHaveAccessibleDescription(/Set up a model/);
  expect(await axeViolations(page, 'section[aria-label="Replay timeline"]')).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('replay-diverged.png') });

  await notice.getByRole('button', { name: 'Keep replaying' }).click();
  await expect(notice.getByRole('button', { name: 'Keep replaying' })).toBeHidden();
  await expect(scrubber(page)).toHaveAttribute('aria-valuetext', `Step ${listingStep + 1} of ${total}`, { timeout: 120_000 });
  await timeline(page).getByRole('button', { name: 'Close replay' }).click();
  await expect(page.locator('.end').last()).toContainText('interrupted');
});
