import { describe, expect, it } from 'vitest';
import { microCompact, MIN_CLEARED_CHARS } from '../../../src/agent/micro-compaction';
import { contextCalls } from '../../../src/agent/context-calls';
import type { Message } from '../../../src/models/messages';
import { createDefaultTools } from '../../../src/tools/registry';
import { eventsOf } from './fakes';
import { runLongSession } from './long-session';

const calls = contextCalls(createDefaultTools(), '/workspace');
const big = 'x'.repeat(MIN_CLEARED_CHARS + 100);

/** A transcript of `count` rounds of one call each, alternating the tools given. */
function rounds(count: number, tools: Array<{ name: string; input: Record<string, unknown> }>, result = big): Message[] {
  const messages: Message[] = [{ role: 'user', content: 'go' }];
  for (let i = 0; i < count; i++) {
    const tool = tools[i % tools.length] ?? { name: 'Read', input: {} };
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: tool.name, input: tool.input }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: `${i}:${result}` }] });
  }
  return messages;
}

function results(messages: readonly Message[]): string[] {
  return messages.flatMap((message) =>
    message.role === 'user' && typeof message.content !== 'string'
      ? message.content.flatMap((block) => (block.type === 'tool_result' && typeof block.content === 'string' ? [block.content] : []))
      : [],
  );
}

describe('micro-compaction', () => {
  it('replaces old read, search and command results by a placeholder naming the call and its size, keeping the recent ones', () => {
    const messages = rounds(10, [
      { name: 'Read', input: { file_path: 'src/a.ts' } },
      { name: 'Grep', input: { pattern: 'TODO' } },
      { name: 'Bash', input: { command: 'npm test' } },
    ]);
    const sent = results(microCompact(messages, { keep: 3, describe: calls.describe }));
    // 10 results, keep 3: 6 cleared (two batches of 3), 4 whole.
    expect(sent.filter((text) => text.startsWith('[Old tool result cleared'))).toHaveLength(6);
    expect(sent[0]).toBe(`[Old tool result cleared to save context: Read(src/a.ts) returned ${(big.length + 2).toLocaleString('en-US')} characters. Call the tool again if you need it.]`);
    expect(sent[1]).toContain('Grep(');
    expect(sent[2]).toContain('Bash(npm test)');
    expect(sent.slice(6)).toEqual(results(messages).slice(6));
    // The transcript itself is untouched.
    expect(results(messages)[0]).toBe(`0:${big}`);
  });

  it('leaves edits, writes, unknown tools and short results alone', () => {
    expect(results(microCompact(rounds(12, [{ name: 'Edit', input: { file_path: 'a', old_string: 'x', new_string: 'y' } }, { name: 'Write', input: { file_path: 'a', content: 'x' } }, { name: 'Mystery', input: {} }]), { keep: 2, describe: calls.describe })).every((text) => !text.startsWith('[Old'))).toBe(true);
    const short = rounds(12, [{ name: 'Read', input: { file_path: 'a' } }], 'short');
    expect(microCompact(short, { keep: 2, describe: calls.describe })).toBe(short);
  });

  it('clears in batches, so the sent prefix stays byte-identical between batches', () => {
    const all = rounds(20, [{ name: 'Read', input: { file_path: 'src/a.ts' } }]);
    let changes = 0;
    let previous: string[] | undefined;
    for (let n = 3; n <= all.length; n += 2) {
      const sent = microCompact(all.slice(0, n), { keep: 4, describe: calls.describe }).map((message) => JSON.stringify(message));
      if (previous && sent.slice(0, previous.length - 1).some((line, i) => line !== previous?.[i])) changes += 1;
      previous = sent;
    }
    // 20 results, batches of 4: the prefix changes only when a batch is cleared (4 times), not every turn.
    expect(changes).toBe(4);
  });

  it('shows in the inspector: the request holds the placeholder while the chat keeps the whole result', async () => {
    const run = await runLongSession({ turns: 20, context: { contextWindow: 200_000, keepToolResults: 3 }, simulateCache: false });
    const last = eventsOf(run.events, 'model_request').at(-1)?.request;
    expect(results(last?.messages ?? []).filter((text) => text.startsWith('[Old tool result cleared')).length).toBeGreaterThan(10);
    expect(eventsOf(run.events, 'tool_result').every((event) => !String(event.result.content).startsWith('[Old'))).toBe(true);
    expect(eventsOf(run.events, 'compaction')).toHaveLength(0);
  }, 30_000);

  it('is off when the setting is off', async () => {
    const run = await runLongSession({ turns: 12, context: { contextWindow: 200_000, keepToolResults: 2, microCompact: false }, simulateCache: false });
    const last = eventsOf(run.events, 'model_request').at(-1)?.request;
    expect(results(last?.messages ?? []).some((text) => text.startsWith('[Old'))).toBe(false);
  }, 30_000);
});
