import { expect, test, type Page } from '@playwright/test';
import { openPlayground, terminalText } from './playground';

/**
 * The offline `node` runs each program in a Web Worker: a program that never stops must not
 * freeze the page, and Ctrl+C in the terminal or Esc in the chat must stop it at once, not at the
 * 10 s limit. Against the built app, offline (the fallback sandbox).
 */

/** What "at once" means here: far under the 10 s limit, with room for a slow CI machine. */
const PROMPT_STOP_BUDGET_MS = 2000;
/** A page that answers within this is responsive. */
const RESPONSIVE_BUDGET_MS = 500;
const RUNAWAY = 'node -e "while(true){}"';

async function promptCount(page: Page): Promise<number> {
  return (await terminalText(page)).split('/workspace $').length - 1;
}

/**
 * Round trips into the page while the program spins: script evaluation and an animation frame
 * (rendering) must both come back quickly. Returns the slowest, in ms.
 */
async function slowestRoundTrip(page: Page, samples: number): Promise<number> {
  let slowest = 0;
  for (let i = 0; i < samples; i++) {
    const started = Date.now();
    await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(resolve)));
    slowest = Math.max(slowest, Date.now() - started);
    await page.waitForTimeout(50);
  }
  return slowest;
}

test('a runaway node in the terminal: the page stays responsive, Ctrl+C stops it at once, node works after', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // The offline probe's failed request to the WebContainer runtime is expected (see offline.spec.ts).
    if (message.type() === 'error' && !message.location().url.startsWith('https://stackblitz.com/')) consoleErrors.push(message.text());
  });
  await openPlayground(page);
  const terminal = page.getByRole('textbox', { name: 'Terminal input' });
  await terminal.focus();
  // A first run loads the engine, so the runaway one below starts at once.
  await page.keyboard.type('node -e "console.log(1 + 1)"');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toMatch(/^2\s*$/m);
  const prompts = await promptCount(page);

  await page.keyboard.type(RUNAWAY);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);

  // While it spins: scripts and frames run, and the chat input takes typing.
  const slowest = await slowestRoundTrip(page, 10);
  console.log(`slowest page round trip during the loop: ${slowest} ms`);
  expect(slowest).toBeLessThan(RESPONSIVE_BUDGET_MS);
  const chat = page.getByRole('textbox', { name: 'Message the agent' });
  const typingStarted = Date.now();
  await chat.pressSequentially('still responsive');
  await expect(chat).toHaveValue('still responsive');
  console.log(`typing 16 characters into the chat during the loop: ${Date.now() - typingStarted} ms`);
  // ... and the program is still running: no new prompt.
  expect(await promptCount(page)).toBe(prompts);

  await terminal.focus();
  const interruptedAt = Date.now();
  await page.keyboard.press('Control+C');
  await expect.poll(() => promptCount(page), { intervals: [10] }).toBe(prompts + 1);
  const stopMs = Date.now() - interruptedAt;
  console.log(`Ctrl+C → prompt back: ${stopMs} ms`);
  expect(stopMs).toBeLessThan(PROMPT_STOP_BUDGET_MS);
  expect(await terminalText(page)).toContain('^C');

  // A fresh worker serves the next run.
  await page.keyboard.type('node -e "console.log(6*7)"');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toMatch(/^42\s*$/m);
  expect(consoleErrors).toEqual([]);
});

test("the agent's Bash running a runaway node is interrupted by Esc at once", async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Permission mode' }).selectOption('bypass');
  // A model that runs the runaway program once, then answers in words once it has the result.
  await page.evaluate((command) => {
    const session = window.__glassbox?.session;
    if (!session) throw new Error('no session');
    session.setModel({
      provider: 'test',
      label: 'Runaway test model',
      async *stream(request) {
        const last = request.messages[request.messages.length - 1];
        const answered = last !== undefined && typeof last.content !== 'string' && last.content.some((block) => block.type === 'tool_result');
        yield { type: 'message_start' };
        if (answered) {
          yield { type: 'text_start', index: 0 };
          yield { type: 'text_delta', index: 0, text: 'It was stopped.' };
          yield { type: 'block_end', index: 0 };
          yield { type: 'stop', reason: 'end_turn' };
          return;
        }
        yield { type: 'tool_use_start', index: 0, id: 'toolu_runaway', name: 'Bash' };
        yield { type: 'tool_use_delta', index: 0, partialJson: JSON.stringify({ command, description: 'Spin forever' }) };
        yield { type: 'block_end', index: 0 };
        yield { type: 'stop', reason: 'tool_use' };
      },
    });
  }, RUNAWAY);

  const chat = page.getByRole('textbox', { name: 'Message the agent' });
  await chat.fill('run it');
  await chat.press('Enter');
  const card = page.getByRole('article', { name: 'Tool call Bash' });
  await expect(card).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(500);
  const slowest = await slowestRoundTrip(page, 5);
  console.log(`slowest page round trip while the agent's node spins: ${slowest} ms`);
  expect(slowest).toBeLessThan(RESPONSIVE_BUDGET_MS);

  const interruptedAt = Date.now();
  await page.keyboard.press('Escape');
  await expect(page.locator('.end').last()).toContainText('you interrupted the run');
  await expect(page.getByRole('status', { name: 'Run state: Idle' })).toBeVisible();
  const stopMs = Date.now() - interruptedAt;
  console.log(`Esc → run stopped: ${stopMs} ms`);
  expect(stopMs).toBeLessThan(PROMPT_STOP_BUDGET_MS);
  await expect(card).not.toHaveAttribute('data-status', 'running');

  // The sandbox's node still works for the agent's next command.
  const after = await page.evaluate(() => window.__glassbox?.sandbox.exec('node -e "console.log(6*7)"'));
  expect(after?.stdout).toBe('42\n');
});
