import { describe, expect, it } from 'vitest';
import { appendUserContent, transcriptProblems } from '../../../src/agent/transcript';
import type { Message } from '../../../src/models/messages';

describe('transcript helpers', () => {
  it('appendUserContent pushes after an assistant message and merges into a user message (results first)', () => {
    const messages: Message[] = [];
    appendUserContent(messages, 'hi');
    expect(messages).toEqual([{ role: 'user', content: 'hi' }]);
    const before = messages[0];
    appendUserContent(messages, [{ type: 'tool_result', tool_use_id: 't', content: 'r' }]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toBe(before); // replaced, never mutated
    expect(before).toEqual({ role: 'user', content: 'hi' });
    expect(messages[0]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 't', content: 'r' },
      { type: 'text', text: 'hi' },
    ]);
    messages.push({ role: 'assistant', content: [{ type: 'text', text: 'a' }] });
    appendUserContent(messages, 'next');
    expect(messages).toHaveLength(3);
  });

  it('transcriptProblems finds role errors, empty messages and unanswered tool calls', () => {
    expect(
      transcriptProblems([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'X', input: {} }] },
        { role: 'user', content: 'no result' },
        { role: 'user', content: 'twice' },
        { role: 'assistant', content: [] },
      ]),
    ).toEqual([
      'tool_use t1 (X) in message 1 has no tool_result',
      'message 3 is user, like the one before it',
      'message 4 is an empty assistant message',
    ]);
  });
});
