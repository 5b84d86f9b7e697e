import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { describeStop, foldLog } from '../../../src/app/state/fold';
import { eventsOf, fakeTool, stubSandbox } from './fakes';

function looping(costOf?: (usage: { inputTokens: number; outputTokens: number }) => number | undefined) {
  const model = new ScriptedModelClient({ script: Array.from({ length: 40 }, () => ({ text: 'more', toolCalls: [{ name: 'Echo', input: { text: 'x'.repeat(2000) } }] })) });
  const session = new Session({
    sandbox: stubSandbox(),
    model,
    tools: [fakeTool({ name: 'Echo' })],
    systemPrompt: 'sys',
    permissionMode: 'bypass',
    settings: { maxTurns: 100, ...(costOf ? { costOf } : {}) },
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, events };
}

describe('the spend cap', () => {
  it('stops a priced model at its money cap with a named reason and the way on', async () => {
    const { session, events } = looping((usage) => (usage.inputTokens + usage.outputTokens) / 1000);
    session.setLimits({ spendCapUsd: 2 });
    expect(await session.send('go')).toBe('spend_cap');
    const end = eventsOf(events, 'run_end')[0];
    expect(end?.detail).toMatch(/^This session has spent \$\d+\.\d\d of its \$2\.00 spend cap\. Raise the spend cap in Model settings/);
    expect(session.usdSpent).toBeGreaterThanOrEqual(2);
    // The cap is the session's: the next run stops before calling the model.
    const requests = eventsOf(events, 'model_request').length;
    expect(await session.send('continue')).toBe('spend_cap');
    expect(eventsOf(events, 'model_request').length).toBe(requests);
    expect(foldLog(session.log).items.at(-1)).toMatchObject({ kind: 'run_end', reason: 'spend_cap', text: describeStop('spend_cap') });
    // Raising it lets the session go on.
    session.setLimits({ spendCapUsd: 1_000_000 });
    expect(await session.send('continue')).not.toBe('spend_cap');
  });

  it('caps an unpriced model in tokens', async () => {
    const { session, events } = looping();
    session.setLimits({ spendCapUsd: 0.01, spendCapTokens: 5_000 });
    expect(await session.send('go')).toBe('spend_cap');
    expect(eventsOf(events, 'run_end')[0]?.detail).toMatch(/of its 5,000-token cap \(the model has no known price\)/);
    expect(session.tokensUsed).toBeGreaterThanOrEqual(5_000);
  });

  it('counts what a restored session spent, and a new conversation starts from zero', async () => {
    const first = looping((usage) => (usage.inputTokens + usage.outputTokens) / 1000);
    first.session.setLimits({ spendCapUsd: 1 });
    await first.session.send('go');
    const restored = new Session({ sandbox: stubSandbox(), model: new ScriptedModelClient({ script: [{ text: 'hi' }] }), tools: [], systemPrompt: 's', log: first.session.log, settings: { costOf: () => 1 } });
    restored.setLimits({ spendCapUsd: 1 });
    expect(await restored.send('again')).toBe('spend_cap');
    restored.reset();
    expect(await restored.send('fresh')).toBe('completed');
  });
});

describe('the turn limit', () => {
  it('names the limit and says how to go on', async () => {
    const { session, events } = looping();
    session.setLimits({ maxTurns: 3 });
    expect(await session.send('go')).toBe('max_turns');
    expect(eventsOf(events, 'run_end')[0]?.detail).toBe('Stopped after 3 model turns (the limit per run). Send "continue" to go on, or raise the turn limit in Model settings.');
    expect(eventsOf(events, 'model_request')).toHaveLength(3);
  });
});
