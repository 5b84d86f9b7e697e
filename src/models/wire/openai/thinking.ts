import { effortForBudget } from '../../thinking-controls';
import { isOpenAIApi } from './endpoint';

/** OpenAI's reasoning models (o-series, GPT-5 and later), which take `reasoning_effort` instead of a budget. */
export function openAITakesReasoningEffort(model: string): boolean {
  return /^(o\d|gpt-([5-9]|\d{2}))/.test(model);
}

/** What the settings dialog says the budget becomes; undefined when it is sent as a budget (or not at all). */
export function openAIThinkingHint(model: string, budget: number, baseUrl: string): string | undefined {
  if (!isOpenAIApi(baseUrl) || !openAITakesReasoningEffort(model)) return undefined;
  return `Sent as reasoning effort "${effortForBudget(budget)}" to OpenAI's API (under 4,096 low, under 16,384 medium, else high).`;
}
