import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session, type SessionOptions } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import { messageText, type Message } from '../../../src/models/messages';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { eventsOf, fakeTool, resultTextOf, stubSandbox } from './fakes';
import { transcriptOf, type LoggedEvent } from '../../../src/agent/event-log';

function sessionWith(script: ScriptStep[], options: Partial<SessionOptions> & { chunkDelayMs?: number } = {}) {
  const { chunkDelayMs, ...rest } = options;
  const model = new ScriptedModelClient({ script, chunkDelayMs: chunkDelayMs ?? 0 });
  const session = new Session({
    sandbox: stubSandbox(),
    model,
    tools: [fakeTool({ name: 'Echo' })],
    permissionMode: 'bypass',
    today: () => new Date('2025-01-02T00:00:00Z'),
    ...rest,
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, model, events };
}

function toolResults(messages: readonly Message[]): string[] {
  return messages.flatMap((message) =>
    typeof message.content === 'string'
      ? []
      : message.content.flatMap((block) => (block.type === 'tool_result' ? [resultTextOf(block.content)] : [])),
  );
}

describe('Session', () => {
  it('send appends the prompt, runs the loop and keeps the transcript across sends', async () => {
    const { session, events } = sessionWith([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    expect(await session.send('one')).toBe('completed');
    expect(await session.send('two')).toBe('completed');
    expect(session.messages.map(messageText)).toEqual(['one', 'First answer.', 'two', 'Second answer.']);
    expect(eventsOf(events, 'run_start').map((event) => event.prompt)).toEqual(['one', 'two']);
    expect(session.running).toBe(false);
    expect(session.systemPrompt).toContain('2025-01-02');
    expect(session.tokensUsed).toBeGreaterThan(0);
  });

  it('runs one loop at a time', async () => {
    const { session } = sessionWith([{ text: 'A slow answer with several words in it.' }], { chunkDelayMs: 2 });
    const first = session.send('one');
    expect(session.running).toBe(true);
    await expect(session.send('two')).rejects.toThrow(/already in progress/);
    expect(await first).toBe('completed');
  });

  it('decidePermission resolves the pending request', async () => {
    const { session, events } = sessionWith(
      [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }, { text: 'done' }],
      { permissionMode: 'default' },
    );
    session.subscribe((event) => {
      if (event.type === 'permission_request') {
        expect(session.pendingPermissionIds).toEqual([event.callId]);
        session.decidePermission(event.callId, { kind: 'allow_session' });
      }
    });
    expect(await session.send('go')).toBe('completed');
    expect(session.sessionAllowedRules.has('Echo(a)')).toBe(true);
    expect(toolResults(session.messages)).toEqual(['Echo: {"value":"a"}']);
    expect(eventsOf(events, 'permission_decision')[0]!.decision).toEqual({ kind: 'allow_session' });
    // Unknown or stale ids are ignored.
    session.decidePermission('nope', { kind: 'allow_once' });
  });

  it('interrupt during streaming keeps the streamed text only; the next send works', async () => {
    const { session, model } = sessionWith(
      [
        {
          thinking: 'Let me think about this for a while.',
          text: 'Here is a long answer that streams word by word and gets cut off somewhere in the middle.',
          toolCalls: [{ name: 'Echo', input: { value: 'x' } }],
        },
        { text: 'Fresh start.' },
      ],
      { chunkDelayMs: 3 },
    );
    let deltas = 0;
    session.subscribe((event) => {
      if (event.type === 'text_delta' && ++deltas === 3) session.interrupt();
    });
    expect(await session.send('go')).toBe('interrupted');
    const kept = session.messages[1]!;
    expect(kept.role).toBe('assistant');
    expect(kept.content).toHaveLength(1);
    expect(messageText(kept)).toBe('Here is a ');
    expect(transcriptProblems(session.messages)).toEqual([]);
    // The scripted step was not finished, so the model plays it again next time.
    expect(model.position).toBe(0);
    expect(await session.send('again')).toBe('completed');
    expect(transcriptProblems(session.messages)).toEqual([]);
  });

  it('interrupt during a tool call stream drops the unfinished call', async () => {
    const { session } = sessionWith(
      [{ text: 'Writing.', toolCalls: [{ name: 'Echo', input: { value: 'x'.repeat(2000) } }] }],
      { chunkDelayMs: 1 },
    );
    session.subscribe((event) => {
      if (event.type === 'text_delta') setTimeout(() => session.interrupt(), 15);
    });
    expect(await session.send('go')).toBe('interrupted');
    expect(session.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Writing.' }] });
  });

  it('interrupt before any text drops the partial message; the next prompt merges into the user turn', async () => {
    const { session } = sessionWith([{ thinking: 'Hmm, let me think about this very carefully indeed.', text: 'x' }, { text: 'ok' }], {
      chunkDelayMs: 3,
    });
    session.subscribe((event) => {
      if (event.type === 'thinking_delta') session.interrupt();
    });
    expect(await session.send('first')).toBe('interrupted');
    expect(session.messages).toEqual([{ role: 'user', content: 'first' }]);
    expect(await session.send('second')).toBe('interrupted'); // same listener interrupts again on thinking
    expect(session.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'first' },
          { type: 'text', text: 'second' },
        ],
      },
    ]);
  });

  it('interrupt during a permission prompt answers the call as interrupted; the next send works', async () => {
    const { session, events } = sessionWith(
      [
        {
          toolCalls: [
            { name: 'Echo', input: { value: 'a' } },
            { name: 'Echo', input: { value: 'b' } },
          ],
        },
        { text: 'After the interruption.' },
      ],
      { permissionMode: 'default' },
    );
    session.subscribe((event) => {
      if (event.type === 'permission_request') queueMicrotask(() => session.interrupt());
    });
    expect(await session.send('go')).toBe('interrupted');
    expect(toolResults(session.messages)).toEqual(['Interrupted by the user', 'Interrupted by the user']);
    expect(transcriptProblems(session.messages)).toEqual([]);
    expect(session.pendingPermissionIds).toEqual([]);
    expect(eventsOf(events, 'permission_decision')).toHaveLength(0);
    session.setPermissionMode('bypass');
    expect(await session.send('continue')).toBe('completed');
    expect(messageText(session.messages.at(-1)!)).toBe('After the interruption.');
    // The prompt joined the tool results in one user message, results first.
    const merged = session.messages[2]!;
    expect(Array.isArray(merged.content) && merged.content.map((block) => block.type)).toEqual(['tool_result', 'tool_result', 'text']);
    expect(transcriptProblems(session.messages)).toEqual([]);
  });

  it('interrupt during a tool run answers it as interrupted, even if the tool ignores the signal', async () => {
    const stubborn = fakeTool({ name: 'Hang', run: () => new Promise(() => undefined) });
    let signalSeen: AbortSignal | undefined;
    const polite = fakeTool({
      name: 'Wait',
      run: (_input, context) =>
        new Promise((resolve) => {
          signalSeen = context.signal;
          context.signal.addEventListener('abort', () => resolve({ content: 'stopped early', isError: true }));
        }),
    });
    for (const name of ['Hang', 'Wait']) {
      const { session } = sessionWith(
        [{ toolCalls: [{ name, input: { value: 'a' } }, { name: 'Echo', input: { value: 'b' } }] }, { text: 'next' }],
        { tools: [stubborn, polite, fakeTool({ name: 'Echo' })] },
      );
      session.subscribe((event) => {
        if (event.type === 'tool_call' && event.call.name === name) setTimeout(() => session.interrupt(), 5);
      });
      expect(await session.send('go')).toBe('interrupted');
      expect(toolResults(session.messages)).toEqual(['Interrupted by the user', 'Interrupted by the user']);
      expect(transcriptProblems(session.messages)).toEqual([]);
      expect(await session.send('again')).toBe('completed');
    }
    expect(signalSeen?.aborted).toBe(true);
  });

  it('a throwing subscriber does not break the run', async () => {
    const errors: unknown[] = [];
    const { session } = sessionWith([{ text: 'fine' }], { onListenerError: (error) => errors.push(error) });
    session.subscribe(() => {
      throw new Error('bad listener');
    });
    expect(await session.send('go')).toBe('completed');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('unsubscribe stops delivery', async () => {
    const { session } = sessionWith([{ text: 'a' }, { text: 'b' }]);
    const seen: AgentEvent[] = [];
    const unsubscribe = session.subscribe((event) => seen.push(event));
    await session.send('one');
    const count = seen.length;
    unsubscribe();
    await session.send('two');
    expect(seen.length).toBe(count);
  });

  it('the token budget spans the whole session', async () => {
    const { session } = sessionWith([{ text: 'one' }, { text: 'two' }], { settings: { tokenBudget: 1 } });
    expect(await session.send('a')).toBe('completed');
    expect(await session.send('b')).toBe('budget_exceeded');
  });

  it('reset forgets the transcript and the read ledger, keeping session rules', async () => {
    const { session } = sessionWith([{ text: 'a' }]);
    await session.send('one');
    session.readLedger.set('/workspace/a', { mtimeMs: 1, contentHash: 'x' });
    session.sessionAllowedRules.add('Bash(ls)');
    session.reset();
    expect(session.messages).toEqual([]);
    expect(session.readLedger.size).toBe(0);
    expect(session.sessionAllowedRules.has('Bash(ls)')).toBe(true);
  });

  it('setModel switches the client and model id; a custom system prompt is used as is', async () => {
    const { session } = sessionWith([], { systemPrompt: 'Custom.' });
    const other = new ScriptedModelClient({ script: [{ text: 'from other' }] });
    session.setModel(other, 'other-model');
    const requests: string[] = [];
    session.subscribe((event) => {
      if (event.type === 'model_request') requests.push(`${event.request.model}|${event.request.system}`);
    });
    await session.send('hi');
    expect(session.model).toBe(other);
    expect(requests).toEqual(['other-model|Custom.']);
    expect(messageText(session.messages[1]!)).toBe('from other');
  });

  it('continues a restored log: its transcript is the history, and the new run appends to the same log', async () => {
    const log: LoggedEvent[] = [
      { at: 1, event: { type: 'user_message', message: { role: 'user', content: 'earlier' } } },
      { at: 2, event: { type: 'assistant_message', turn: 1, message: { role: 'assistant', content: [{ type: 'text', text: 'earlier answer' }] } } },
    ];
    const { session, model } = sessionWith([{ text: 'continuing' }], { log });
    expect(session.messages).toHaveLength(2);
    await session.send('now');
    expect(session.messages).toHaveLength(4);
    const request = session.log.find((entry) => entry.event.type === 'model_request')?.event;
    expect(request?.type === 'model_request' && request.request.messages).toHaveLength(3);
    expect(model.finished).toBe(true);
    expect(session.log.slice(0, 2)).toEqual(log);
    expect(transcriptOf(session.log)).toEqual(session.messages);
  });
});
