/**
 * The words a run ends with when it reaches one of its limits: what stopped it and how to go on.
 */
import type { Usage } from '../models/port';
import type { SpendCap } from './run-settings';

export function turnLimitDetail(maxTurns: number): string {
  return `Stopped after ${maxTurns} model turns (the limit per run). Send "continue" to go on, or raise the turn limit in Model settings.`;
}

function usd(amount: number): string {
  return `$${amount < 1 ? amount.toFixed(4).replace(/0{1,2}$/, '') : amount.toFixed(2)}`;
}

/**
 * Why the session may not call the model again, or undefined while it is under its cap. A priced
 * model is capped in money; an unpriced one (a local model, an unlisted id) in tokens.
 */
export function spendCapDetail(cap: SpendCap | undefined, priced: boolean, runUsd: number, runTokens: number): string | undefined {
  if (cap === undefined) return undefined;
  if (priced && cap.usd !== undefined) {
    const spent = cap.spentUsd + runUsd;
    if (spent >= cap.usd) {
      return `This session has spent ${usd(spent)} of its ${usd(cap.usd)} spend cap. Raise the spend cap in Model settings, then send "continue" to go on.`;
    }
  }
  if (!priced && cap.tokens !== undefined) {
    const spent = cap.spentTokens + runTokens;
    if (spent >= cap.tokens) {
      return `This session has used ${spent.toLocaleString('en-US')} of its ${cap.tokens.toLocaleString('en-US')}-token cap (the model has no known price). Raise the cap in Model settings, then send "continue" to go on.`;
    }
  }
  return undefined;
}

/**
 * What a call cost and what prompt caching saved on it (the cached tokens priced as fresh input,
 * minus what they did cost), when the model's price is known.
 */
export function priceOf(costOf: ((usage: Usage, modelId: string) => number | undefined) | undefined, usage: Usage, modelId: string): { costUsd?: number; savedUsd?: number } {
  const costUsd = costOf?.(usage, modelId);
  if (costUsd === undefined) return {};
  const cached = usage.cacheReadTokens ?? 0;
  if (cached === 0) return { costUsd };
  const uncached = costOf?.({ ...usage, inputTokens: usage.inputTokens + cached, cacheReadTokens: 0 }, modelId);
  return uncached === undefined ? { costUsd } : { costUsd, savedUsd: Math.max(0, uncached - costUsd) };
}
