import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { openPlayground, seedFiles } from './playground';

/**
 * Slash commands in the chat input: completion as `/` is typed (an ARIA listbox the textarea
 * controls), the built-ins (/help, /context, /cost, /clear), an unknown command answered with the
 * close ones, a custom command from `.glassbox/commands/`, and the context meter in the status bar.
 */

// Runs the scripted demo and several dialogs: on a loaded 2-core box that takes a while.
test.describe.configure({ timeout: 600_000 });

const input = (page: Page) => page.getByRole('textbox', { name: 'Message the agent' });
const menu = (page: Page) => page.getByRole('listbox', { name: 'Slash commands' });
const meter = (page: Page) => page.getByRole('meter', { name: 'Context used' });

/** Let the running demo finish, allowing each change for the session. */
async function finishDemo(page: Page): Promise<void> {
  const prompt = page.getByRole('group', { name: /Permission request for/ }).first();
  const end = page.locator('.end').last();
  for (;;) {
    await expect(prompt.or(end)).toBeVisible({ timeout: 180_000 });
    if (await end.isVisible()) break;
    await prompt.getByRole('button', { name: 'Allow for this session' }).click();
  }
  await expect(end).toContainText('Done');
}

test('typing / offers the commands; the keyboard and the mouse pick one', async ({ page }) => {
  await openPlayground(page);
  await input(page).click();
  await page.keyboard.type('/co');
  await expect(menu(page)).toBeVisible();
  const options = menu(page).getByRole('option');
  await expect(options).toHaveText([/^\/compact \[focus\]/, /^\/context/, /^\/cost/, /^\/compare/]);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(input(page)).toHaveAttribute('aria-controls', await menu(page).getAttribute('id') ?? '');
  expect(await axeViolations(page, '[role="listbox"]')).toEqual([]);

  // Arrow keys move the active option (the focus stays in the textarea); Tab completes it.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const cost = options.filter({ hasText: '/cost' });
  await expect(cost).toHaveAttribute('aria-selected', 'true');
  await expect(input(page)).toHaveAttribute('aria-activedescendant', (await cost.getAttribute('id')) ?? '');
  await expect(input(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(input(page)).toHaveValue('/cost ');
  await expect(menu(page)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Cost' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Cost' })).toHaveCount(0);
  await expect(input(page)).toHaveValue('');

  // Escape closes the list and keeps the text; typing opens it again.
  await input(page).click();
  await page.keyboard.type('/he');
  await expect(menu(page).getByRole('option')).toHaveText([/^\/help/]);
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);
  await expect(input(page)).toHaveValue('/he');
  await page.keyboard.press('Backspace');
  await expect(menu(page)).toBeVisible();

  // A click picks an option and runs a command that takes nothing.
  await menu(page).getByRole('option', { name: /\/help/ }).click();
  const help = page.getByRole('dialog', { name: 'Help: slash commands' });
  await expect(help).toBeVisible();
  for (const usage of ['/help', '/clear', '/compact [focus]', '/context', '/cost', '/model', '/init', '/permissions']) {
    await expect(help.getByRole('cell', { name: usage, exact: true })).toBeVisible();
  }
  expect(await axeViolations(page, 'dialog.command-view')).toEqual([]);
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
});

test('an unknown command says so, names the close ones and sends nothing', async ({ page }) => {
  await openPlayground(page);
  await input(page).fill('/contxt');
  await input(page).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Unknown command: /contxt' })).toContainText('Did you mean /context?');
  // Kept, to correct; nothing reached the model.
  await expect(input(page)).toHaveValue('/contxt');
  expect(await page.evaluate(() => window.__glassbox?.session.log.length)).toBe(0);
});

test('the context meter, /context and /cost after the demo run; /context works during a run; /clear starts over', async ({ page }, testInfo) => {
  await openPlayground(page);
  await expect(meter(page)).toHaveAttribute('aria-valuenow', '0');
  await expect(meter(page)).toHaveAttribute('aria-valuemax', '128000');

  // During a run (waiting on a permission): /context shows, /clear waits.
  await page.getByRole('button', { name: 'Run demo task' }).click();
  await expect(page.getByRole('group', { name: /Permission request for/ }).first()).toBeVisible({ timeout: 60_000 });
  await input(page).fill('/clear');
  await input(page).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '/clear waits for the agent to finish' })).toBeVisible();
  await expect(input(page)).toHaveValue('/clear');
  await input(page).fill('/context');
  await input(page).press('Enter');
  await expect(page.getByRole('dialog', { name: 'Context' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Context' })).toHaveCount(0);
  await expect(page.getByRole('status', { name: /Run state: Waiting for permission/ })).toBeVisible();
  await finishDemo(page);

  // The meter: the last response's exact usage (input + cache + output), nothing estimated after the final answer.
  const expected = await page.evaluate(() => {
    const log = window.__glassbox?.session.log ?? [];
    const usage = [...log].reverse().find((entry) => entry.event.type === 'usage')?.event;
    if (usage?.type !== 'usage') return -1;
    const u = usage.usage;
    return u.inputTokens + (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0) + u.outputTokens;
  });
  expect(expected).toBeGreaterThan(0);
  await expect(meter(page)).toHaveAttribute('aria-valuenow', String(expected));
  await expect(meter(page)).toHaveAttribute('aria-valuetext', /of 128k tokens .*compaction at 95k/);

  await input(page).fill('/context');
  await input(page).press('Enter');
  const context = page.getByRole('dialog', { name: 'Context' });
  await expect(context).toBeVisible();
  const table = context.getByRole('table', { name: 'Context window by part' });
  await expect(table.getByRole('row', { name: /System prompt/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Tool definitions/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Messages \(\d+\)/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Free space/ })).toBeVisible();
  await expect(context).toContainText(`${expected.toLocaleString('en-US')} of 128,000 tokens used`);
  await expect(context).toContainText('Compaction starts at 95,200 tokens');
  expect(await axeViolations(page, 'dialog.command-view')).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('context-view.png') });
  await context.getByRole('button', { name: 'Close' }).click();

  await input(page).fill('/cost');
  await input(page).press('Enter');
  const cost = page.getByRole('dialog', { name: 'Cost' });
  await expect(cost).toBeVisible();
  const totals = await page.evaluate(() => {
    let input = 0;
    let output = 0;
    for (const { event } of window.__glassbox?.session.log ?? []) {
      if (event.type !== 'usage') continue;
      input += event.usage.inputTokens;
      output += event.usage.outputTokens;
    }
    return { input, output };
  });
  await expect(cost.getByRole('row', { name: /Input tokens \(not cached\)/ })).toContainText(totals.input.toLocaleString('en-US'));
  await expect(cost.getByRole('row', { name: /Output tokens/ })).toContainText(totals.output.toLocaleString('en-US'));
  await expect(cost.getByRole('row', { name: /Saved by caching/ })).toBeVisible();
  expect(await axeViolations(page, 'dialog.command-view')).toEqual([]);
  await page.keyboard.press('Escape');

  // /clear: a new conversation, the meter back at nothing.
  await input(page).fill('/clear');
  await input(page).press('Enter');
  await expect(page.locator('.end')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run the demo task' })).toBeVisible();
  await expect(meter(page)).toHaveAttribute('aria-valuenow', '0');
  expect(await page.evaluate(() => window.__glassbox?.session.messages.length)).toBe(0);
});

test('a custom command from .glassbox/commands: listed, completed, its prompt sent with the arguments; a broken file is reported', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, {
    '.glassbox/commands/greet.md': '---\ndescription: Say hello to someone\nargument-hint: <name>\n---\nSay hello to $ARGUMENTS in one line.\n',
    '.glassbox/commands/frontend/component.md': '---\ndescription: Make a component\n---\nCreate the component $1.',
    '.glassbox/commands/broken.md': '---\ndescription: [unclosed\n---\nNever runs',
  });
  await input(page).click();
  await page.keyboard.type('/gr');
  const greet = menu(page).getByRole('option', { name: /\/greet <name>/ });
  await expect(greet).toContainText('Say hello to someone');
  await page.keyboard.press('Tab');
  await expect(input(page)).toHaveValue('/greet ');
  await input(page).fill('/fro');
  await expect(menu(page).getByRole('option', { name: /\/frontend:component/ })).toContainText('Make a component');

  await input(page).fill('/help');
  await input(page).press('Enter');
  const help = page.getByRole('dialog', { name: 'Help: slash commands' });
  await expect(help.getByRole('table', { name: 'Custom commands' }).getByRole('row', { name: /\/greet <name> Say hello to someone/ })).toBeVisible();
  await expect(help.getByRole('region', { name: 'Command files that cannot be used' })).toContainText('.glassbox/commands/broken.md: the frontmatter is not valid YAML');
  await page.keyboard.press('Escape');

  await input(page).fill('/broken');
  await input(page).press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: '/broken cannot run' })).toBeVisible();

  await input(page).fill('/greet Ada Lovelace');
  await input(page).press('Enter');
  await expect(page.locator('.user').filter({ hasText: 'Say hello to Ada Lovelace in one line.' })).toBeVisible();
  const prompt = await page.evaluate(() => window.__glassbox?.session.log.find((entry) => entry.event.type === 'run_start')?.event);
  expect(prompt).toMatchObject({ prompt: 'Say hello to Ada Lovelace in one line.' });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.locator('.end').last()).toContainText('interrupted');

  // Changed on disk: read again.
  await seedFiles(page, { '.glassbox/commands/greet.md': '---\ndescription: Greet warmly\n---\nHello!' });
  await input(page).fill('/gre');
  await expect(menu(page).getByRole('option', { name: /\/greet/ })).toContainText('Greet warmly');
});
