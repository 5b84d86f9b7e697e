import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { transcriptProblems } from '../../../src/agent/transcript';
import { ToolError } from '../../../src/tools/port';
import { eventsOf, fakeTool, resultTextOf, runLoop, type LoopRun } from './fakes';

const echo = fakeTool({ name: 'Echo' });

/** One turn calling the given tools, then a closing answer; returns the run and the result texts. */
async function oneRound(
  calls: Array<{ name: string; input?: Record<string, unknown>; rawJson?: string }>,
  tools = [echo],
  extra: Parameters<typeof runLoop>[0] = {},
): Promise<LoopRun & { texts: string[] }> {
  const run = await runLoop({ tools, script: [{ toolCalls: calls }, { text: 'done' }], ...extra });
  const texts = eventsOf(run.events, 'tool_result').map((event) => resultTextOf(event.result.content));
  return { ...run, texts };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('malformed tool calls become error results the model can act on', () => {
  it('unknown tool: names the available tools', async () => {
    const run = await oneRound([{ name: 'Nope', input: {} }], [echo, fakeTool({ name: 'Other' })]);
    expect(run.texts[0]).toBe('Unknown tool "Nope". Available tools: Echo, Other.');
    expect(eventsOf(run.events, 'tool_result')[0]!.result.is_error).toBe(true);
    expect(run.reason).toBe('completed');
  });

  it('bad JSON: quotes the parse error and what was received', async () => {
    const run = await oneRound([{ name: 'Echo', rawJson: '{"value": oops}' }]);
    expect(run.texts[0]).toMatch(/^The input of Echo is not valid JSON: .*JSON.*\. Received: "\{\\"value\\": oops\}"/);
  });

  it('JSON that is not an object is refused', async () => {
    const run = await oneRound([{ name: 'Echo', rawJson: '[1,2]' }]);
    expect(run.texts[0]).toContain('expected a JSON object, got an array');
  });

  it('wrong types: lists the field, the expected and the actual type', async () => {
    const run = await oneRound([{ name: 'Echo', input: { value: 42 } }]);
    expect(run.texts[0]).toBe('Invalid input for Echo:\n- "value" must be string, but got a number');
  });

  it('missing field: says it is required', async () => {
    const tool = fakeTool({ name: 'Pair', schema: z.object({ file_path: z.string(), content: z.string() }) });
    const run = await oneRound([{ name: 'Pair', input: { content: 'x' } }], [tool]);
    expect(run.texts[0]).toBe('Invalid input for Pair:\n- "file_path" is required (expected string)');
  });

  it('several issues and nested paths are all listed', async () => {
    const tool = fakeTool({
      name: 'Nested',
      schema: z.object({ items: z.array(z.object({ n: z.number() })), mode: z.enum(['a', 'b']) }),
    });
    const run = await oneRound([{ name: 'Nested', input: { items: [{ n: 'one' }], mode: 'c' } }], [tool]);
    expect(run.texts[0]).toContain('- "items[0].n" must be number, but got a string');
    expect(run.texts[0]).toContain('- "mode": ');
  });

  it('a tool throwing ToolError: its message as is', async () => {
    const tool = fakeTool({ name: 'Boom', run: () => { throw new ToolError('File not found: a.txt'); } });
    const run = await oneRound([{ name: 'Boom', input: { value: 'a' } }], [tool]);
    expect(run.texts[0]).toBe('File not found: a.txt');
    expect(run.reason).toBe('completed');
  });

  it('a tool throwing any other error: an error result with its message, never a crashed run', async () => {
    const tool = fakeTool({ name: 'Boom', run: () => { throw new TypeError('x is undefined'); } });
    const run = await oneRound([{ name: 'Boom', input: { value: 'a' } }], [tool]);
    expect(run.texts[0]).toBe('Boom failed: x is undefined');
    expect(eventsOf(run.events, 'tool_result')[0]!.result.is_error).toBe(true);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('a valid call next to invalid ones still runs, and results keep the requested order', async () => {
    const run = await oneRound([
      { name: 'Nope', input: {} },
      { name: 'Echo', input: { value: 'ok' } },
      { name: 'Echo', input: { value: 1 } },
    ]);
    const answer = run.messages[2]!;
    expect(answer.role).toBe('user');
    const ids = (answer.content as Array<{ tool_use_id: string }>).map((block) => block.tool_use_id);
    const uses = (run.messages[1]!.content as Array<{ type: string; id?: string }>).filter((b) => b.type === 'tool_use').map((b) => b.id);
    expect(ids).toEqual(uses);
    expect(run.texts[1]).toBe('Echo: {"value":"ok"}');
  });
});

describe('tool results', () => {
  it('are truncated in the middle to the limit', async () => {
    const tool = fakeTool({ name: 'Big', run: () => ({ content: 'a'.repeat(500) + 'b'.repeat(500) }) });
    const run = await oneRound([{ name: 'Big', input: { value: 'x' } }], [tool], { settings: { truncateLimit: 200 } });
    expect(run.texts[0]!.length).toBeLessThanOrEqual(200);
    expect(run.texts[0]).toMatch(/^a+\n… \[.* characters truncated\] …\nb+$/);
  });

  it('are truncated by default at 30,000 characters, text blocks included', async () => {
    const tool = fakeTool({ name: 'Big', run: () => ({ content: [{ type: 'text', text: 'x'.repeat(50_000) }] }) });
    const run = await oneRound([{ name: 'Big', input: { value: 'x' } }], [tool]);
    expect(run.texts[0]!.length).toBeLessThanOrEqual(30_000);
  });

  it('empty output is reported as such', async () => {
    const tool = fakeTool({ name: 'Quiet', run: () => ({ content: '' }) });
    const run = await oneRound([{ name: 'Quiet', input: { value: 'x' } }], [tool]);
    expect(run.texts[0]).toBe('(no output)');
  });

  it('carry isError, a duration and streamed progress', async () => {
    const tool = fakeTool({
      name: 'Slow',
      run: async (_input, context) => {
        context.onProgress?.('half way');
        await sleep(15);
        return { content: 'exit 1', isError: true };
      },
    });
    const run = await oneRound([{ name: 'Slow', input: { value: 'x' } }], [tool]);
    const result = eventsOf(run.events, 'tool_result')[0]!;
    expect(result.result.is_error).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(10);
    expect(eventsOf(run.events, 'tool_progress')).toEqual([{ type: 'tool_progress', callId: result.callId, text: 'half way' }]);
  });

  it('tool_call events come once per call, in order, before any result', async () => {
    const run = await oneRound([
      { name: 'Echo', input: { value: '1' } },
      { name: 'Echo', input: { value: '2' } },
    ]);
    const order = run.events.filter((e) => e.type === 'tool_call' || e.type === 'tool_result').map((e) => e.type);
    expect(order).toEqual(['tool_call', 'tool_call', 'tool_result', 'tool_result']);
  });
});

describe('tool_start', () => {
  it('is emitted once per executed call, after the permission decision and before its progress and result', async () => {
    const tool = fakeTool({
      name: 'Slow',
      run: async (_input, context) => {
        context.onProgress?.('half way');
        await sleep(5);
        return { content: 'ok' };
      },
    });
    const before = Date.now();
    const run = await oneRound([{ name: 'Slow', input: { value: 'x' } }], [tool], {
      permissionMode: 'default',
      askPermission: async () => ({ kind: 'allow_once' }),
    });
    const id = eventsOf(run.events, 'tool_call')[0]!.call.id;
    const order = run.events
      .filter((e) => 'callId' in e && e.callId === id)
      .map((e) => e.type);
    expect(order).toEqual(['permission_request', 'permission_decision', 'tool_start', 'tool_progress', 'tool_result']);
    const start = eventsOf(run.events, 'tool_start')[0]!;
    expect(start.callId).toBe(id);
    expect(start.at).toBeGreaterThanOrEqual(before);
    expect(start.at).toBeLessThanOrEqual(Date.now());
  });

  it('is not emitted for calls that never run: invalid input, unknown tool, denied, refused by plan mode', async () => {
    const writer = fakeTool({ name: 'Writer' });
    const denied = await oneRound([{ name: 'Writer', input: { value: 'a' } }], [writer], {
      permissionMode: 'default',
      askPermission: async () => ({ kind: 'deny', reason: 'no' }),
    });
    expect(eventsOf(denied.events, 'tool_start')).toEqual([]);
    const plan = await oneRound([{ name: 'Writer', input: { value: 'a' } }], [writer], { permissionMode: 'plan' });
    expect(eventsOf(plan.events, 'tool_start')).toEqual([]);
    const malformed = await oneRound([
      { name: 'Nope', input: {} },
      { name: 'Echo', input: { value: 1 } },
      { name: 'Echo', rawJson: '{oops' },
    ]);
    expect(eventsOf(malformed.events, 'tool_start')).toEqual([]);
    expect(eventsOf(malformed.events, 'tool_result')).toHaveLength(3);
  });

  it('marks every member of a parallel read-only batch as started before any of them finishes', async () => {
    const reader = fakeTool({
      name: 'Look',
      readOnly: true,
      concurrencySafe: true,
      run: async (input) => {
        await sleep(input.value === 'slow' ? 20 : 5);
        return { content: String(input.value) };
      },
    });
    const run = await oneRound(
      [
        { name: 'Look', input: { value: 'slow' } },
        { name: 'Look', input: { value: 'b' } },
        { name: 'Echo', input: { value: 'after' } },
      ],
      [reader, echo],
    );
    const ids = eventsOf(run.events, 'tool_call').map((e) => e.call.id);
    const sequence = run.events.flatMap((e) =>
      e.type === 'tool_start' ? [`start ${ids.indexOf(e.callId)}`] : e.type === 'tool_result' ? [`result ${ids.indexOf(e.callId)}`] : [],
    );
    // Both reads start together; the write waits for the batch, then starts.
    expect(sequence).toEqual(['start 0', 'start 1', 'result 1', 'result 0', 'start 2', 'result 2']);
  });

  it('is not emitted for calls skipped after an interrupt', async () => {
    const controller = new AbortController();
    const stopper = fakeTool({
      name: 'Stopper',
      run: () => {
        controller.abort();
        return { content: 'stopped' };
      },
    });
    const run = await oneRound(
      [
        { name: 'Stopper', input: { value: 'a' } },
        { name: 'Echo', input: { value: 'b' } },
      ],
      [stopper, echo],
      { signal: controller.signal },
    );
    expect(run.reason).toBe('interrupted');
    expect(eventsOf(run.events, 'tool_start')).toHaveLength(1);
    expect(eventsOf(run.events, 'tool_result')).toHaveLength(2);
  });
});

describe('tool execution order', () => {
  it('runs consecutive read-only, concurrency-safe calls in parallel', async () => {
    let active = 0;
    let peak = 0;
    const spans: Array<[number, number]> = [];
    const reader = fakeTool({
      name: 'Look',
      readOnly: true,
      concurrencySafe: true,
      run: async (input) => {
        const start = performance.now();
        active++;
        peak = Math.max(peak, active);
        await sleep(Number(input.value === 'slow' ? 30 : 10));
        active--;
        spans.push([start, performance.now()]);
        return { content: String(input.value) };
      },
    });
    const run = await oneRound(
      [
        { name: 'Look', input: { value: 'slow' } },
        { name: 'Look', input: { value: 'b' } },
        { name: 'Look', input: { value: 'c' } },
      ],
      [reader],
    );
    expect(peak).toBe(3);
    // Every call started before the first one finished.
    const firstEnd = Math.min(...spans.map(([, end]) => end));
    expect(spans.every(([start]) => start < firstEnd)).toBe(true);
    // Results are reported as they finish (the slow one last) but answered in the requested order.
    expect(run.texts.at(-1)).toBe('slow');
    const contents = (run.messages[2]!.content as Array<{ content: string }>).map((block) => block.content);
    expect(contents).toEqual(['slow', 'b', 'c']);
  });

  it('runs writes one at a time, in order, and never alongside reads', async () => {
    let active = 0;
    let peak = 0;
    const log: string[] = [];
    const track = (readOnly: boolean, name: string) =>
      fakeTool({
        name,
        readOnly,
        concurrencySafe: readOnly,
        run: async (input) => {
          active++;
          peak = Math.max(peak, active);
          log.push(`start ${String(input.value)}`);
          await sleep(5);
          log.push(`end ${String(input.value)}`);
          active--;
          return { content: String(input.value) };
        },
      });
    const run = await oneRound(
      [
        { name: 'Write', input: { value: 'w1' } },
        { name: 'Write', input: { value: 'w2' } },
        { name: 'Look', input: { value: 'r1' } },
        { name: 'Look', input: { value: 'r2' } },
        { name: 'Write', input: { value: 'w3' } },
      ],
      [track(false, 'Write'), track(true, 'Look')],
    );
    expect(run.texts).toEqual(['w1', 'w2', 'r1', 'r2', 'w3']);
    expect(log.slice(0, 4)).toEqual(['start w1', 'end w1', 'start w2', 'end w2']);
    expect(log.slice(4, 6).sort()).toEqual(['start r1', 'start r2']);
    expect(log.slice(8)).toEqual(['start w3', 'end w3']);
    expect(peak).toBe(2);
  });

  it('a read-only tool that is not concurrency-safe runs alone', async () => {
    let active = 0;
    let peak = 0;
    const tool = fakeTool({
      name: 'Serial',
      readOnly: true,
      concurrencySafe: false,
      run: async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(5);
        active--;
        return { content: 'ok' };
      },
    });
    await oneRound(
      [
        { name: 'Serial', input: { value: 'a' } },
        { name: 'Serial', input: { value: 'b' } },
      ],
      [tool],
    );
    expect(peak).toBe(1);
  });
});
