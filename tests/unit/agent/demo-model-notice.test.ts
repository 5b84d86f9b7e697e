/**
 * Honest without a key: a task typed while the scripted demo model is selected gets a plain word
 * in the chat, before the demo plays, with a way to set up a model; the demo's own prompt does not.
 */
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../../../src/app/state/fold';
import { createDemoModel, DEMO_PROMPT } from '../../../src/models/demo-script';
import { runLoop, userPrompt } from './fakes';

describe('the demo model says it only plays its script', () => {
  it('a typed task: the notice comes right after the run starts, before any model request', async () => {
    const { events } = await runLoop({ model: createDemoModel({ chunkDelayMs: 0 }), messages: userPrompt('Fix my flaky test'), settings: { maxTurns: 1 } });
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['run_start', 'model_notice']);
    const view = foldEvents(events);
    const notice = view.items.find((item) => item.kind === 'notice' && item.level === 'info');
    expect(notice).toMatchObject({ text: expect.stringContaining('set up a model to run your own task'), action: 'open_model_settings' });
    expect(view.items.indexOf(notice!)).toBe(1); // right under the user's message
  });

  it('the demo prompt itself: no notice', async () => {
    const { events } = await runLoop({ model: createDemoModel({ chunkDelayMs: 0 }), messages: userPrompt(DEMO_PROMPT), settings: { maxTurns: 1 } });
    expect(events.some((event) => event.type === 'model_notice')).toBe(false);
  });
});
