import { describe, expect, it } from 'vitest';
import { compactionThreshold } from '../../../src/agent/context-budget';
import { transcriptOf } from '../../../src/agent/event-log';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import { SUMMARY_INSTRUCTIONS, SUMMARY_PREAMBLE } from '../../../src/agent/compaction';
import { messageText, type Message } from '../../../src/models/messages';
import type { ModelClient, ModelEvent, ModelRequest } from '../../../src/models/port';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { estimateRequestTokens } from '../../../src/models/token-estimate';
import { LogPacker, LogReader } from '../../../src/store/event-log-codec';
import { createDefaultTools } from '../../../src/tools/registry';
import { foldLog } from '../../../src/app/state/fold';
import { eventsOf, fakeTool, stubSandbox } from './fakes';
import { expectedTodos, LONG_TASK, longSessionSandbox, runLongSession } from './long-session';

const WINDOW = 24_000;

function requestsOf(events: AgentEvent[]): ModelRequest[] {
  return eventsOf(events, 'model_request').map((event) => event.request);
}

function firstText(message: Message | undefined): string {
  return message === undefined ? '' : messageText(message);
}

describe('auto-compaction on a long session', () => {
  it('crosses the threshold several times, keeps every request under the window and still finishes the task', async () => {
    const run = await runLongSession({ turns: 240, context: { contextWindow: WINDOW, keepToolResults: 4 }, simulateCache: true });
    expect(run.reason).toBe('completed');
    const compactions = eventsOf(run.events, 'compaction');
    expect(compactions.length).toBeGreaterThanOrEqual(3);
    expect(compactions.every((event) => event.trigger === 'auto' && event.tokensAfter < event.tokensBefore)).toBe(true);
    const requests = requestsOf(run.events);
    for (const request of requests) expect(estimateRequestTokens(request)).toBeLessThanOrEqual(WINDOW);
    // One summary request per compaction, shown as its own request.
    expect(requests.filter((request) => request.purpose === 'summary')).toHaveLength(compactions.length);
    expect(requests.find((request) => request.purpose === 'summary')?.messages.at(-1)).toSatisfy((m: Message) => messageText(m).includes(SUMMARY_INSTRUCTIONS));
    // The task is done: every file was counted.
    expect(await run.sandbox.fs.readText('/workspace/report.txt')).toBe(`TODO lines: ${expectedTodos()}\n`);
    // After each compaction the model sees the summary (with the user's request verbatim) first.
    const normal = requests.filter((request) => request.purpose === undefined);
    const afterCompaction = normal.filter((request) => firstText(request.messages[0]).startsWith(SUMMARY_PREAMBLE));
    expect(afterCompaction.length).toBeGreaterThan(0);
    for (const request of afterCompaction) expect(firstText(request.messages[0])).toContain(LONG_TASK);
    // The full history stays in the log; the transcript is what the model sees.
    expect(eventsOf(run.events, 'tool_result').length).toBeGreaterThan(240);
    expect(transcriptOf(run.session.log)).toEqual(run.session.messages);
    expect(transcriptProblems(run.session.messages)).toEqual([]);
  }, 60_000);

  it('re-attaches the most recently read files within a budget', async () => {
    const run = await runLongSession({ turns: 30, context: { contextWindow: WINDOW, keepToolResults: 4, reattachTokens: 3_500 }, simulateCache: false });
    const compaction = eventsOf(run.events, 'compaction')[0];
    expect(compaction).toBeDefined();
    const blocks = typeof compaction?.message.content === 'string' ? [] : (compaction?.message.content ?? []);
    const attached = blocks.filter((block) => block.type === 'text' && block.text.startsWith('Recently read file'));
    expect(attached.length).toBe(2); // each file is ~1,600 tokens: two fit in 3,500
    expect(messageText({ role: 'user', content: attached })).toContain('TODO: item');
  }, 30_000);
});

describe('the compacted transcript survives a reload', () => {
  it('a session restored from the stored log resumes with the compacted transcript', async () => {
    const run = await runLongSession({ turns: 30, context: { contextWindow: WINDOW, keepToolResults: 4 }, simulateCache: false });
    expect(eventsOf(run.events, 'compaction').length).toBeGreaterThan(0);
    const packer = new LogPacker();
    const reader = new LogReader();
    // Saved in two chunks, as the save queue does.
    const half = Math.floor(run.session.log.length / 2);
    reader.read(JSON.parse(JSON.stringify(packer.pack(run.session.log.slice(0, half)))));
    reader.read(JSON.parse(JSON.stringify(packer.pack(run.session.log.slice(half)))));
    const { log, dropped } = reader.finish();
    expect(dropped).toEqual({ count: 0, chunks: 0 });
    expect(transcriptOf(log)).toEqual(run.session.messages);
    // The chat still shows everything: every tool card and the compaction divider.
    const view = foldLog(log);
    expect(view.items.filter((item) => item.kind === 'tool').length).toBeGreaterThan(30);
    expect(view.items.some((item) => item.kind === 'compaction')).toBe(true);
    expect(view.requests.some((entry) => entry.request.purpose === 'summary')).toBe(true);

    const seen: ModelRequest[] = [];
    const model = new ScriptedModelClient({ script: [(context) => (seen.push(context.request), { text: 'Resumed.' })] });
    const restored = new Session({ sandbox: run.sandbox, model, tools: createDefaultTools(), systemPrompt: 'x', permissionMode: 'bypass', log, settings: { context: { contextWindow: WINDOW } } });
    expect(await restored.send('What next?')).toBe('completed');
    const last = eventsOf(run.events, 'compaction').at(-1);
    expect(seen[0]?.messages[0]).toEqual(last?.message);
    expect(firstText(seen[0]?.messages[0])).toMatch(new RegExp(`^${SUMMARY_PREAMBLE}`));
    expect(seen[0]?.messages.slice(0, -1)).toEqual(run.session.messages);
    expect(firstText(seen[0]?.messages.at(-1))).toBe('What next?');
  }, 30_000);
});

describe('session.compact (for /compact [focus])', () => {
  it('summarizes on demand with the focus, shows a divider and sends the summary from then on', async () => {
    const seen: ModelRequest[] = [];
    const model = new ScriptedModelClient({
      script: [{ text: 'First answer.' }, (context) => (seen.push(context.request), { text: 'Second answer.' })],
      summarize: (request) => ({ text: `<analysis>thinking</analysis><summary>Summary of ${request.messages.length} messages.</summary>` }),
    });
    const session = new Session({ sandbox: stubSandbox(), model, tools: [fakeTool({ name: 'Echo' })], systemPrompt: 'sys', permissionMode: 'bypass' });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    await session.send('Build the thing.');
    const compaction = await session.compact('  the build errors ');
    expect(compaction?.trigger).toBe('manual');
    expect(compaction?.focus).toBe('the build errors');
    expect(compaction?.summary).toBe('Summary of 3 messages.');
    const summaryRequest = requestsOf(events).find((request) => request.purpose === 'summary');
    expect(firstText(summaryRequest?.messages.at(-1))).toContain('Focus the summary on: the build errors');
    // The summary's text never streams into the chat.
    expect(eventsOf(events, 'text_delta').map((event) => event.text).join('')).not.toContain('Summary of');
    expect(session.messages).toHaveLength(1);
    await session.send('Go on.');
    expect(seen[0]?.messages).toHaveLength(1);
    expect(firstText(seen[0]?.messages[0])).toContain('Summary of 3 messages.');
    expect(firstText(seen[0]?.messages[0])).toContain('Go on.');
    const divider = foldLog(session.log).items.find((item) => item.kind === 'compaction');
    expect(divider).toMatchObject({ kind: 'compaction', trigger: 'manual', summary: 'Summary of 3 messages.' });
  });

  it('does nothing on an empty conversation and refuses during a run', async () => {
    const model = new ScriptedModelClient({ script: [{ text: 'slow answer' }], chunkDelayMs: 5 });
    const session = new Session({ sandbox: stubSandbox(), model, tools: [], systemPrompt: 'sys' });
    expect(await session.compact()).toBeUndefined();
    const running = session.send('hi');
    await expect(session.compact()).rejects.toThrow(/while a run is in progress/);
    await running;
  });

  it('writes a summary itself when the model cannot', async () => {
    const failing: ModelClient = {
      provider: 'failing',
      label: 'Failing',
      async *stream(request: ModelRequest): AsyncIterable<ModelEvent> {
        if (request.purpose === 'summary') {
          yield { type: 'error', error: { kind: 'invalid_request', message: 'nope', retryable: false } };
          return;
        }
        yield { type: 'text_start', index: 0 };
        yield { type: 'text_delta', index: 0, text: 'ok' };
        yield { type: 'block_end', index: 0 };
        yield { type: 'stop', reason: 'end_turn' };
      },
    };
    const session = new Session({ sandbox: stubSandbox(), model: failing, tools: [], systemPrompt: 'sys' });
    await session.send('Please keep this request.');
    const compaction = await session.compact();
    expect(compaction?.summary).toContain('"Please keep this request."');
    expect(firstText(session.messages[0])).toContain('Please keep this request.');
  });
});

describe('a request refused as too long', () => {
  /** A provider with a small window: refuses what is longer, like the real ones do. */
  function smallWindowModel(limit: number, script: ScriptedModelClient): ModelClient & { refusals: number } {
    const client = {
      provider: 'small',
      label: 'Small window',
      refusals: 0,
      stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
        if (estimateRequestTokens(request) > limit) {
          client.refusals += 1;
          return (async function* (): AsyncGenerator<ModelEvent> {
            yield { type: 'error', error: { kind: 'invalid_request', message: 'prompt is too long', retryable: false, contextOverflow: true } };
          })();
        }
        return script.stream(request, signal);
      },
    };
    return client;
  }

  it('compacts and tries once more instead of ending the run', async () => {
    const sandbox = await longSessionSandbox();
    const read = (n: number) => ({ name: 'Read', input: { file_path: `src/file-00${n}.ts` } });
    const script = new ScriptedModelClient({ script: [{ toolCalls: [read(1)] }, { toolCalls: [read(2)] }, { toolCalls: [read(3)] }, { text: 'All read.' }] });
    const model = smallWindowModel(5_000, script);
    // The harness believes the window is large: only the provider's refusal can save the run.
    const session = new Session({ sandbox, model, tools: createDefaultTools(), systemPrompt: 'sys', permissionMode: 'bypass', settings: { context: { contextWindow: 200_000, microCompact: false } } });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    expect(await session.send('Read three files.')).toBe('completed');
    expect(model.refusals).toBeGreaterThan(0);
    expect(eventsOf(events, 'compaction').map((event) => event.trigger)).toContain('overflow');
    expect(eventsOf(events, 'error')).toEqual([]);
  });

  it('ends with the provider error when the retry is refused too', async () => {
    const script = new ScriptedModelClient({ script: [{ text: 'never' }] });
    const model = smallWindowModel(10, script);
    const session = new Session({ sandbox: stubSandbox(), model, tools: [], systemPrompt: 'a long enough system prompt to pass the tiny limit' });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    await session.send('first');
    // The transcript holds only the prompt: nothing to compact, so the run ends with the error.
    expect(eventsOf(events, 'run_end')[0]?.reason).toBe('model_error');
  });
});

describe('the compaction threshold', () => {
  it('is the window minus the reserve and buffer, scaled down for small windows', () => {
    expect(compactionThreshold(200_000)).toBe(167_000);
    expect(compactionThreshold(24_000)).toBe(16_800);
    expect(compactionThreshold(200_000, { outputReserve: 10_000, buffer: 5_000 })).toBe(185_000);
  });
});
