import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import type { AgentEvent } from '../../../src/agent/events';
import { sessionCost } from '../../../src/agent/session-cost';
import type { ModelPricing } from '../../../src/models/model-pricing';
import type { ModelRequest } from '../../../src/models/port';

const pricing: ModelPricing = { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };
const priceOf = (id: string): ModelPricing | undefined => (id === 'priced' ? pricing : undefined);
const request = (model: string): ModelRequest => ({ model, system: '', messages: [], tools: [], maxTokens: 100 });
const logOf = (events: AgentEvent[]): LoggedEvent[] => events.map((event, i) => ({ at: i, event }));

describe('sessionCost', () => {
  it('adds tokens, prices them, and says what caching saved', () => {
    const cost = sessionCost(
      logOf([
        { type: 'model_request', turn: 1, request: request('priced') },
        { type: 'usage', turn: 1, usage: { inputTokens: 1000, outputTokens: 100, cacheWriteTokens: 10_000 } },
        { type: 'model_request', turn: 2, request: request('priced') },
        { type: 'usage', turn: 2, usage: { inputTokens: 500, outputTokens: 200, cacheReadTokens: 10_000 } },
      ]),
      priceOf,
    );
    expect(cost).toMatchObject({ requests: 2, inputTokens: 1500, outputTokens: 300, cacheReadTokens: 10_000, cacheWriteTokens: 10_000, unpricedRequests: 0 });
    const paid = (1500 * 3 + 300 * 15 + 10_000 * 0.3 + 10_000 * 3.75) / 1e6;
    expect(cost.costUsd).toBeCloseTo(paid, 10);
    const full = (21_500 * 3 + 300 * 15) / 1e6;
    expect(cost.cacheSavingsUsd).toBeCloseTo(full - paid, 10);
    expect(cost.cacheSavingsUsd).toBeGreaterThan(0);
  });

  it('a cache write alone costs more than it saves', () => {
    const cost = sessionCost(
      logOf([
        { type: 'model_request', turn: 1, request: request('priced') },
        { type: 'usage', turn: 1, usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 1_000_000 } },
      ]),
      priceOf,
    );
    expect(cost.cacheSavingsUsd).toBeCloseTo(3 - 3.75, 10);
  });

  it('counts requests to unpriced models apart, keeping a cost the run logged', () => {
    const cost = sessionCost(
      logOf([
        { type: 'model_request', turn: 1, request: request('local-model') },
        { type: 'usage', turn: 1, usage: { inputTokens: 10, outputTokens: 5 } },
        { type: 'model_request', turn: 2, request: request('other') },
        { type: 'usage', turn: 2, usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.5 },
      ]),
      priceOf,
    );
    expect(cost.unpricedRequests).toBe(1);
    expect(cost.costUsd).toBe(0.5);
    expect(cost.inputTokens).toBe(20);
  });
});
