/**
 * The "Thinking" setting holds one number, a token budget. Providers moved on from budgets at
 * different times, so each request gets the control its model accepts, decided by its wire format
 * (see each folder under ./wire: anthropic/thinking.ts, gemini/thinking.ts, openai/thinking.ts).
 * Where a level or an effort replaces the budget, it comes from the budget: under 4,096 low,
 * under 16,384 medium, else high.
 */

export type Effort = 'low' | 'medium' | 'high';

export function effortForBudget(budget: number): Effort {
  if (budget < 4096) return 'low';
  if (budget < 16_384) return 'medium';
  return 'high';
}
