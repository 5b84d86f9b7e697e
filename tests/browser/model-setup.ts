import { expect, type Locator, type Page } from '@playwright/test';

/** Helpers for specs that point the app at the mock provider (tests/mock-provider) and run a turn. */

// Built at runtime: no secret-looking string is committed.
export const MOCK_KEY = 'test-' + 'key-123';

export interface ModelSetup {
  provider: 'openai-compatible' | 'anthropic' | 'gemini';
  baseUrl: string;
  model: string;
}

export function settingsDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Model settings' });
}

/** Choose a provider in Model settings, test the connection and save. */
export async function configureModel(page: Page, setup: ModelSetup): Promise<void> {
  await page.getByRole('button', { name: 'Model settings', exact: true }).click();
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Provider', { exact: true }).selectOption(setup.provider);
  if (setup.provider !== 'openai-compatible') await dialog.getByText('Custom base URL').click();
  await dialog.getByLabel('Base URL', { exact: true }).fill(setup.baseUrl);
  await dialog.getByLabel('Model', { exact: true }).fill(setup.model);
  await dialog.getByLabel('API key', { exact: true }).fill(MOCK_KEY);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('group', { name: 'Model' })).toContainText(setup.model);
}

export async function sendMessage(page: Page, prompt: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Message the agent' });
  await input.fill(prompt);
  await input.press('Enter');
}

export async function allowBash(page: Page): Promise<void> {
  const prompt = page.getByRole('group', { name: 'Permission request for Bash' }).last();
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Allow once' }).click();
}

/** The run's end line, once there are `count` of them (a whole demo run on a slow machine takes a while). */
export async function runEnd(page: Page, count: number, timeout = 30_000): Promise<Locator> {
  const ends = page.locator('.end');
  await expect(ends).toHaveCount(count, { timeout });
  return ends.last();
}
