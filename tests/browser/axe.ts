import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** xterm draws its own screen (rows of spans and a hidden textarea) that axe cannot judge. */
const NOT_OURS = ['.xterm'];

/**
 * WCAG 2.1 A and AA violations on the page (or inside `within`), one line each: rule, impact,
 * where, and why. An empty list is a pass.
 */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of NOT_OURS) builder = builder.exclude(selector);
  if (within) builder = builder.include(within);
  const { violations } = await builder.analyze();
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'n/a'}): ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? violation.help}`),
  );
}
