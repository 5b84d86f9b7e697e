/**
 * How each model family takes the "Thinking" setting. The settings hold one number, a token
 * budget; providers moved on from budgets at different times, so each request gets the control
 * its model accepts:
 * - Claude 3.x and 4.0–4.5: a token budget (`thinking.type: "enabled"`).
 * - Claude 4.6 and later (Opus, Sonnet, Fable, Mythos, …): adaptive thinking; from 4.7 on a
 *   budget is refused with a 400. Their thinking text is omitted unless asked for, and showing
 *   it is the point of Glassbox, so summaries are asked for.
 * - Gemini 3 and later: a thinking level; Gemini 2.x: a budget.
 * - OpenAI reasoning models (o-series, GPT-5 and later): a reasoning effort.
 * Levels and efforts come from the budget: under 4,096 low, under 16,384 medium, else high.
 */

export type Effort = 'low' | 'medium' | 'high';

export function effortForBudget(budget: number): Effort {
  if (budget < 4096) return 'low';
  if (budget < 16_384) return 'medium';
  return 'high';
}

export type ClaudeThinkingMode = 'budget' | 'adaptive';

/** Adaptive unless the id names Claude 3.x or a 4.0–4.5 model: an unknown, newer name thinks adaptively. */
export function claudeThinkingMode(model: string): ClaudeThinkingMode {
  const id = model.toLowerCase();
  if (/claude-3[-.]/.test(id)) return 'budget';
  const named = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?!\d))?/.exec(id);
  if (!named) return 'adaptive';
  const major = Number(named[1]);
  const minor = named[2] === undefined ? 0 : Number(named[2]);
  return major < 4 || (major === 4 && minor <= 5) ? 'budget' : 'adaptive';
}

/**
 * Gemini 3 and later: thinking levels, and function calls that must carry their thought signatures.
 * Gemini 1.x and 2.x are named as such; a model not named as one of those counts as 3 or later.
 */
export function isGemini3OrLater(model: string): boolean {
  const generation = /gemini-(\d+)/i.exec(model);
  return generation === null || Number(generation[1]) >= 3;
}

/** OpenAI's reasoning models, which take `reasoning_effort` instead of a budget. */
export function openAITakesReasoningEffort(model: string): boolean {
  return /^(o\d|gpt-([5-9]|\d{2}))/.test(model);
}

/** What the settings dialog says the budget becomes for this model; undefined when it is sent as a budget. */
export function thinkingControlNote(wire: 'anthropic' | 'openai' | 'gemini', model: string, budget: number): string | undefined {
  const effort = effortForBudget(budget);
  if (wire === 'anthropic' && claudeThinkingMode(model) === 'adaptive') return 'This model decides how much to think (adaptive thinking); the budget is not sent.';
  if (wire === 'gemini' && isGemini3OrLater(model)) return `Sent as thinking level "${effort}" (under 4,096 low, under 16,384 medium, else high).`;
  if (wire === 'openai' && openAITakesReasoningEffort(model)) return `Sent as reasoning effort "${effort}" to OpenAI's API (under 4,096 low, under 16,384 medium, else high).`;
  return undefined;
}
