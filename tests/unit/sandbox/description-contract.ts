import { expect } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/port';

/**
 * What every sandbox's describe() must hold, so the prompt, the status bar and the model's
 * "the sandbox changed" note never need to know the kind: non-empty words, prompt lines that are
 * Markdown bullets without the workspace root (the prompt adds it), and the sandbox's own capabilities.
 */
export function expectCompleteDescription(sandbox: Pick<Sandbox, 'describe' | 'capabilities' | 'root'>): void {
  const description = sandbox.describe();
  expect(description.label.trim()).not.toBe('');
  expect(description.name.trim()).not.toBe('');
  expect(description.name).not.toMatch(/^[A-Z]/); // It sits mid-sentence: "you now run in <name>".
  expect(description.summary.trim()).not.toBe('');
  expect(description.environment.length).toBeGreaterThan(0);
  for (const line of description.environment) expect(line).toMatch(/^- \S/);
  expect(description.environment.join('\n')).not.toContain('Workspace root');
  expect(description.capabilities).toEqual(sandbox.capabilities);
}
