/**
 * What a session cost, folded from its event log: tokens in and out, cache reads and writes,
 * the money (from the price table, or the cost the run logged) and what prompt caching saved
 * (the same tokens at full input price, minus what was paid). Pure; `/cost` shows it.
 */
import { costUsd } from '../models/catalogue';
import type { ModelPricing } from '../models/model-pricing';
import type { Usage } from '../models/port';
import type { LoggedEvent } from './event-log';

export interface SessionCost {
  /** Model requests that reported usage. */
  requests: number;
  /** Fresh (uncached) input tokens. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Dollars for the priced requests. */
  costUsd: number;
  /** Dollars caching saved on the priced requests (negative when cache writes cost more than reads saved). */
  cacheSavingsUsd: number;
  /** Requests whose model has no known price: not in the dollar figures. */
  unpricedRequests: number;
}

export type PriceOf = (modelId: string) => ModelPricing | undefined;

export function sessionCost(log: readonly LoggedEvent[], priceOf: PriceOf): SessionCost {
  const cost: SessionCost = {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    cacheSavingsUsd: 0,
    unpricedRequests: 0,
  };
  let model = '';
  for (const { event } of log) {
    if (event.type === 'model_request') model = event.request.model;
    if (event.type !== 'usage') continue;
    const usage = event.usage;
    cost.requests += 1;
    cost.inputTokens += usage.inputTokens;
    cost.outputTokens += usage.outputTokens;
    cost.cacheReadTokens += usage.cacheReadTokens ?? 0;
    cost.cacheWriteTokens += usage.cacheWriteTokens ?? 0;
    const pricing = priceOf(model);
    if (pricing === undefined) {
      if (event.costUsd !== undefined) cost.costUsd += event.costUsd;
      else cost.unpricedRequests += 1;
      continue;
    }
    const paid = event.costUsd ?? costUsd(model, usage, pricing) ?? 0;
    const uncached: Usage = {
      inputTokens: usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0),
      outputTokens: usage.outputTokens,
    };
    cost.costUsd += paid;
    cost.cacheSavingsUsd += (costUsd(model, uncached, pricing) ?? 0) - (costUsd(model, usage, pricing) ?? 0);
  }
  return cost;
}
