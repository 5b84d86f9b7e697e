import { describe, expect, it } from 'vitest';
import { MessageAssembler } from '../../../src/agent/message-assembler';
import type { ModelEvent } from '../../../src/models/port';

function assemble(events: ModelEvent[]): MessageAssembler {
  const assembler = new MessageAssembler();
  for (const event of events) assembler.apply(event);
  return assembler;
}

describe('MessageAssembler', () => {
  it('builds thinking (with signature), text and tool calls from deltas', () => {
    const assembler = assemble([
      { type: 'message_start' },
      { type: 'thinking_start', index: 0 },
      { type: 'thinking_delta', index: 0, thinking: 'Let me ' },
      { type: 'thinking_delta', index: 0, thinking: 'see.' },
      { type: 'thinking_signature', index: 0, signature: 'sig' },
      { type: 'block_end', index: 0 },
      { type: 'text_start', index: 1 },
      { type: 'text_delta', index: 1, text: 'Hi ' },
      { type: 'text_delta', index: 1, text: 'there' },
      { type: 'block_end', index: 1 },
      { type: 'tool_use_start', index: 2, id: 't1', name: 'Read' },
      { type: 'tool_use_delta', index: 2, partialJson: '{"file_' },
      { type: 'tool_use_delta', index: 2, partialJson: 'path":"a.ts"}' },
      { type: 'block_end', index: 2 },
      { type: 'tool_use_start', index: 3, id: 't2', name: 'Glob' },
      { type: 'block_end', index: 3 },
      { type: 'usage', usage: { inputTokens: 100, outputTokens: 1 } },
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 42, cacheReadTokens: 7 } },
      { type: 'stop', reason: 'tool_use' },
    ]);
    expect(assembler.finish()).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me see.', signature: 'sig' },
        { type: 'text', text: 'Hi there' },
        { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a.ts' } },
        { type: 'tool_use', id: 't2', name: 'Glob', input: {} },
      ],
    });
    expect(assembler.usage).toEqual({ inputTokens: 100, outputTokens: 42, cacheReadTokens: 7 });
    expect(assembler.stopReason).toBe('tool_use');
  });

  it('keeps unparseable or unfinished tool JSON in rawInput', () => {
    const assembler = assemble([
      { type: 'tool_use_start', index: 0, id: 't1', name: 'Write' },
      { type: 'tool_use_delta', index: 0, partialJson: '{"content": "abc' },
      { type: 'stop', reason: 'max_tokens' },
    ]);
    expect(assembler.finish().content[0]).toEqual({ type: 'tool_use', id: 't1', name: 'Write', input: {}, rawInput: '{"content": "abc' });
  });

  it('handles redacted thinking and reports whether anything streamed', () => {
    expect(assemble([{ type: 'message_start' }]).hasOutput).toBe(false);
    const assembler = assemble([{ type: 'thinking_start', index: 0, redacted: true, data: 'opaque' }, { type: 'block_end', index: 0 }]);
    expect(assembler.hasOutput).toBe(true);
    expect(assembler.finish().content).toEqual([{ type: 'redacted_thinking', data: 'opaque' }]);
  });

  it('partialText keeps non-empty text only', () => {
    const assembler = assemble([
      { type: 'thinking_start', index: 0 },
      { type: 'thinking_delta', index: 0, thinking: 'unsigned' },
      { type: 'text_start', index: 1 },
      { type: 'text_delta', index: 1, text: 'Kept' },
      { type: 'tool_use_start', index: 2, id: 't', name: 'Bash' },
      { type: 'tool_use_delta', index: 2, partialJson: '{"comm' },
    ]);
    expect(assembler.partialText()).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Kept' }] });
    expect(assemble([{ type: 'text_start', index: 0 }, { type: 'text_delta', index: 0, text: '  ' }]).partialText()).toBeNull();
  });
});
