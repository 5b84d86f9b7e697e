import { effortForBudget } from '../../thinking-controls';

/**
 * Gemini 3 and later: thinking levels, and function calls that must carry their thought signatures.
 * Gemini 1.x and 2.x (a budget) are named as such; a model not named as one of those counts as 3 or later.
 */
export function isGemini3OrLater(model: string): boolean {
  const generation = /gemini-(\d+)/i.exec(model);
  return generation === null || Number(generation[1]) >= 3;
}

/** What the settings dialog says the budget becomes; undefined when it is sent as a budget. */
export function geminiThinkingHint(model: string, budget: number): string | undefined {
  if (!isGemini3OrLater(model)) return undefined;
  return `Sent as thinking level "${effortForBudget(budget)}" (under 4,096 low, under 16,384 medium, else high).`;
}
