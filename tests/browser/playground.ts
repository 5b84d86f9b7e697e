import { expect, type Page } from '@playwright/test';

/** Helpers every browser spec shares: open the app, drive the terminal, check the transcript. */

/** Open the app and wait until the chat input shows and the sandbox is usable. */
export async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Message the agent' })).toBeVisible();
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
}

/** Write files into the workspace through the sandbox (paths relative to /workspace); the tree follows. */
export async function seedFiles(page: Page, files: Record<string, string>): Promise<void> {
  await page.evaluate(async (entries) => {
    const sandbox = window.__glassbox?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    for (const [path, text] of entries) await sandbox.fs.write(`${sandbox.root}/${path}`, text);
  }, Object.entries(files));
}

/** What the xterm screen shows, with its non-breaking spaces made plain. */
export async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

/** Type a command line into the terminal and press Enter. */
export async function runInTerminal(page: Page, command: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Terminal input' }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/**
 * The session's transcript is one a provider would accept: every tool_use is answered by a
 * tool_result in the next user message, and roles alternate (no half message left behind).
 */
export async function transcriptIsValid(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const messages = window.__glassbox?.session.messages ?? [];
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      if (!message || message.role !== 'assistant') continue;
      const ids = message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));
      if (ids.length === 0) continue;
      const next = messages[i + 1];
      if (!next || next.role !== 'user' || typeof next.content === 'string') return false;
      const answered = new Set(next.content.flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : [])));
      if (!ids.every((id) => answered.has(id))) return false;
    }
    return messages.every((message, i) => i === 0 || message.role !== messages[i - 1]?.role);
  });
}
