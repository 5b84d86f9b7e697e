import { describe, expect, it } from 'vitest';
import { CONTINUE_NOTE } from '../../../src/agent/loop';
import { transcriptProblems } from '../../../src/agent/transcript';
import { messageText, type Message } from '../../../src/models/messages';
import type { ModelEvent } from '../../../src/models/port';
import { EventListClient, eventsOf, fakeTool, resultTextOf, runLoop, textAnswer } from './fakes';
import { transcriptOf } from '../../../src/agent/event-log';

const echo = fakeTool({ name: 'Echo' });

function isContinueNote(message: Message | undefined): boolean {
  return message?.role === 'user' && typeof message.content !== 'string' && message.content.some(
    (block) => block.type === 'text' && block.text.startsWith('<system-reminder>') && block.text.includes(CONTINUE_NOTE),
  );
}

describe('runAgentLoop continues a text answer cut off by max_tokens', () => {
  it('cut once, then finished: completed, with the note in a valid transcript', async () => {
    const model = new EventListClient([textAnswer('The first half of', 'max_tokens'), textAnswer(' the answer.')]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('completed');
    expect(run.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messageText(run.messages[1]!)).toBe('The first half of');
    expect(isContinueNote(run.messages[2])).toBe(true);
    expect(messageText(run.messages[3]!)).toBe(' the answer.');
    expect(transcriptProblems(run.messages)).toEqual([]);
    // The second call saw the cut answer and the note; a continuation is just another turn.
    expect(model.requests[1]!.messages).toHaveLength(3);
    expect(eventsOf(run.events, 'turn_start')).toHaveLength(2);
    // Everything the loop appended to the transcript is in its events: the log rebuilds it.
    expect(transcriptOf(run.events.map((event) => ({ at: 0, event })))).toEqual(run.messages.slice(1));
  });

  it('cut more than maxContinuations times: max_tokens with a detail that says so', async () => {
    const cut = textAnswer('more', 'max_tokens');
    const model = new EventListClient([cut, cut, cut, textAnswer('never reached')]);
    const run = await runLoop({ model, settings: { maxContinuations: 2 } });
    expect(run.reason).toBe('max_tokens');
    expect(run.detail).toBe('The answer hit the output token limit again after 2 continuations (the limit per run).');
    expect(model.requests).toHaveLength(3);
    expect(run.messages.filter(isContinueNote)).toHaveLength(2);
    expect(run.messages.at(-1)!.role).toBe('assistant');
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('defaults to 3 continuations', async () => {
    const cut = textAnswer('more', 'max_tokens');
    const model = new EventListClient([cut, cut, cut, cut, textAnswer('never reached')]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('max_tokens');
    expect(run.detail).toContain('3 continuations');
    expect(model.requests).toHaveLength(4);
  });

  it('no continuation when no model turn is left: max_tokens, saying why', async () => {
    const model = new EventListClient([textAnswer('more', 'max_tokens')]);
    const run = await runLoop({ model, settings: { maxTurns: 1 } });
    expect(run.reason).toBe('max_tokens');
    expect(run.detail).toBe('The answer hit the output token limit and no model turn was left to continue it.');
    expect(run.messages.some(isContinueNote)).toBe(false);
  });

  it('pending notes ride along with the continuation note', async () => {
    const model = new EventListClient([textAnswer('Half', 'max_tokens'), textAnswer(' done.')]);
    let notes = ['The preview threw an error.'];
    const drain = (): string[] => {
      const drained = notes;
      notes = [];
      return drained;
    };
    const run = await runLoop({ model, pendingNotes: drain });
    expect(run.reason).toBe('completed');
    const note = run.messages[2]!;
    expect(typeof note.content !== 'string' && note.content.map((block) => (block.type === 'text' ? block.text : ''))).toEqual([
      expect.stringContaining(CONTINUE_NOTE),
      '<system-reminder>\nThe preview threw an error.\n</system-reminder>',
    ]);
  });

  it('a cut with a partial tool call still gets error results, not a continuation note', async () => {
    const cut = { text: 'Writing.', toolCalls: [{ name: 'Echo', rawJson: '{"value": "half a fi' }], stopReason: 'max_tokens' as const };
    const run = await runLoop({ tools: [echo], script: [cut, { text: 'Smaller pieces then.' }] });
    expect(run.reason).toBe('completed');
    const result = eventsOf(run.events, 'tool_result')[0]!.result;
    expect(result.is_error).toBe(true);
    expect(resultTextOf(result.content)).toContain('output token limit');
    expect(run.messages.some(isContinueNote)).toBe(false);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('drops unsigned (cut) thinking from the kept message', async () => {
    const cutInThinking: ModelEvent[] = [
      { type: 'message_start' },
      { type: 'thinking_start', index: 0 },
      { type: 'thinking_delta', index: 0, thinking: 'Let me think about' },
      { type: 'stop', reason: 'max_tokens' },
    ];
    const model = new EventListClient([cutInThinking, textAnswer('Answer.')]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('completed');
    expect(run.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: '(no content)' }] });
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('interrupt during a continuation: interrupted, keeping the partial text', async () => {
    const controller = new AbortController();
    const model = new EventListClient([
      textAnswer('Part one', 'max_tokens'),
      async function* () {
        yield { type: 'message_start' as const };
        yield { type: 'text_start' as const, index: 0 };
        yield { type: 'text_delta' as const, index: 0, text: ' and part two' };
        controller.abort();
      },
    ]);
    const run = await runLoop({ model, signal: controller.signal });
    expect(run.reason).toBe('interrupted');
    expect(run.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(isContinueNote(run.messages[2])).toBe(true);
    expect(messageText(run.messages[3]!)).toBe(' and part two');
    expect(transcriptProblems(run.messages)).toEqual([]);
  });
});
