import { DEFAULT_CONTEXT_SETTINGS } from '../../../src/agent/context-budget';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../../src/agent/retry';
import { DEFAULT_RUN_SETTINGS, resolveRunSettings } from '../../../src/agent/run-settings';
import { Session } from '../../../src/agent/session';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { DEFAULT_MAX_RESULT_CHARS } from '../../../src/tools/truncate';
import { eventsOf, stubSandbox } from './fakes';
import type { AgentEvent } from '../../../src/agent/events';

describe('run settings', () => {
  it('have their defaults in one place', () => {
    expect(resolveRunSettings()).toEqual({
      maxTurns: 50,
      maxTokens: 8192,
      maxContinuations: 3,
      retry: DEFAULT_RETRY_POLICY,
      truncateLimit: DEFAULT_MAX_RESULT_CHARS,
      context: DEFAULT_CONTEXT_SETTINGS,
    });
    expect(resolveRunSettings()).toEqual(DEFAULT_RUN_SETTINGS);
  });

  it('keep what the caller set, and merge a partial retry policy into the default one', () => {
    const costOf = (): number => 1;
    const settings = resolveRunSettings({ maxTurns: 3, thinkingBudget: 1024, tokenBudget: 10, costOf, retry: { maxRetries: 0 } });
    expect(settings).toMatchObject({ maxTurns: 3, maxTokens: 8192, thinkingBudget: 1024, tokenBudget: 10, costOf });
    expect(settings.retry).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 0 });
  });

  it('leave optional settings out when unset, even when given as undefined', () => {
    const settings = resolveRunSettings({ thinkingBudget: undefined, tokenBudget: undefined, costOf: undefined, maxTokens: undefined });
    expect(Object.keys(settings).sort()).toEqual(['context', 'maxContinuations', 'maxTokens', 'maxTurns', 'retry', 'truncateLimit']);
    expect(settings.maxTokens).toBe(8192);
  });

  it('flow from the session to the request: limits, thinking and the rest of the session’s budget', async () => {
    const model = new ScriptedModelClient({ script: [{ text: 'one' }, { text: 'two' }], chunkDelayMs: 0 });
    const session = new Session({ sandbox: stubSandbox(), model, tools: [], settings: { maxTokens: 1000, thinkingBudget: 500, tokenBudget: 1_000_000 } });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    await session.send('Hi');
    expect(eventsOf(events, 'model_request')[0]?.request).toMatchObject({ maxTokens: 1000, thinkingBudget: 500 });
    session.setRequestLimits({ maxTokens: 2000 });
    await session.send('Again');
    const second = eventsOf(events, 'model_request')[1]?.request;
    expect(second?.maxTokens).toBe(2000);
    expect(second?.thinkingBudget).toBeUndefined();
  });
});
