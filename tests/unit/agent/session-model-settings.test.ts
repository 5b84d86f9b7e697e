import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { costUsd } from '../../../src/models/catalogue';
import { eventsOf, stubSandbox } from './fakes';

/** What the settings dialog changes on a live session: model, model id, output limit, thinking; and cost. */
describe('Session model settings', () => {
  it('sends the chosen model id, output limit and thinking budget from the next run, and prices usage', async () => {
    const first = new ScriptedModelClient({ script: [{ text: 'one' }] });
    const session = new Session({ sandbox: stubSandbox(), model: first, tools: [], settings: { costOf: (usage, modelId) => costUsd(modelId, usage) } });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    await session.send('hi');
    expect(eventsOf(events, 'model_request')[0]?.request).toMatchObject({ model: 'scripted', maxTokens: 8192 });
    expect(eventsOf(events, 'model_request')[0]?.request.thinkingBudget).toBeUndefined();

    session.setModel(new ScriptedModelClient({ script: [{ text: 'two' }] }), 'claude-haiku-4-5');
    session.setRequestLimits({ maxTokens: 2048, thinkingBudget: 1024 });
    await session.send('again');
    const second = eventsOf(events, 'model_request')[1]?.request;
    expect(second).toMatchObject({ model: 'claude-haiku-4-5', maxTokens: 2048, thinkingBudget: 1024 });
    const usage = eventsOf(events, 'usage')[1];
    expect(usage?.costUsd).toBeGreaterThan(0);

    session.setRequestLimits({});
    await session.send('third');
    const third = eventsOf(events, 'model_request')[2]?.request;
    expect(third?.maxTokens).toBe(8192);
    expect(third?.thinkingBudget).toBeUndefined();
  });
});
