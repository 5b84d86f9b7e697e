/**
 * A session is its event log: the view folded from the live events and the view folded from the
 * log as stored and read back (in chunks, coalesced, pooled, validated) are the same, for a run
 * ending with every stop reason; and the transcript the model sees is the log's fold as well.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { transcriptOf, type LoggedEvent } from '../../../src/agent/event-log';
import type { AgentEvent, StopReason } from '../../../src/agent/events';
import { Session, type SessionOptions } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import { foldEvent, foldLog, initialView, type ViewState } from '../../../src/app/state/fold';
import type { ModelClient } from '../../../src/models/port';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { openGlassboxDb } from '../../../src/store/db';
import { coalesceDeltas } from '../../../src/store/event-log-codec';
import { WorkspaceStore } from '../../../src/store/workspace-store';
import { EventListClient, fakeTool, stubSandbox, textAnswer } from '../agent/fakes';

let counter = 0;
function freshStore(): { store: () => WorkspaceStore } {
  counter += 1;
  const name = `glassbox-log-test-${counter}-${Date.now()}`;
  return { store: () => new WorkspaceStore({ open: () => openGlassboxDb({ name }) }) };
}

const read = fakeTool({ name: 'Look', readOnly: true, concurrencySafe: true });
const write = fakeTool({ name: 'Change' });

interface Scenario {
  name: string;
  reason: StopReason;
  model: () => ModelClient;
  options?: Partial<SessionOptions>;
  /** How the "user" answers a permission prompt. */
  decide?: 'allow_once' | 'allow_session' | 'deny_stop' | 'interrupt';
  /** Interrupt once this many text deltas have streamed. */
  interruptAfterDeltas?: number;
}

const scripted = (script: ScriptStep[], chunkDelayMs = 0) => () => new ScriptedModelClient({ script, chunkDelayMs });

const SCENARIOS: Scenario[] = [
  {
    name: 'completed, with thinking, parallel reads, a change asked and allowed for the session',
    reason: 'completed',
    decide: 'allow_session',
    model: scripted([
      { thinking: 'Let me look first.', text: 'Looking around.', toolCalls: [{ name: 'Look', input: { value: 'a' } }, { name: 'Look', input: { value: 'b' } }] },
      { text: 'Changing it.', toolCalls: [{ name: 'Change', input: { value: 'x' } }] },
      { text: 'Changing again.', toolCalls: [{ name: 'Change', input: { value: 'x' } }] },
      { text: 'All done: both looks and the change went through.' },
    ]),
  },
  {
    name: 'interrupted while the answer streams',
    reason: 'interrupted',
    interruptAfterDeltas: 3,
    model: scripted([{ thinking: 'Thinking about a long answer.', text: 'This is a long answer that will be cut off by the user pressing stop.' }], 1),
  },
  {
    name: 'interrupted while a permission prompt waits',
    reason: 'interrupted',
    decide: 'interrupt',
    model: scripted([{ text: 'I will change it.', toolCalls: [{ name: 'Change', input: { value: 'y' } }] }]),
  },
  {
    name: 'max_turns',
    reason: 'max_turns',
    options: { settings: { maxTurns: 2 }, permissionMode: 'bypass' },
    model: scripted([{ toolCalls: [{ name: 'Look', input: { value: '1' } }] }, { toolCalls: [{ name: 'Look', input: { value: '2' } }] }]),
  },
  {
    name: 'model_error after a retry',
    reason: 'model_error',
    model: () =>
      new EventListClient([
        [{ type: 'message_start' }, { type: 'text_start', index: 0 }, { type: 'text_delta', index: 0, text: 'Half' }, { type: 'error', error: { kind: 'overloaded', message: 'Overloaded', retryable: true } }],
        [{ type: 'error', error: { kind: 'auth', message: 'Invalid API key', status: 401, retryable: false } }],
      ]),
  },
  {
    name: 'completed after a dropped stream was retried',
    reason: 'completed',
    model: () =>
      new EventListClient([
        [{ type: 'message_start' }, { type: 'text_start', index: 0 }, { type: 'text_delta', index: 0, text: 'Partial ' }],
        textAnswer('The whole answer.'),
      ]),
  },
  {
    name: 'max_tokens after the continuations run out',
    reason: 'max_tokens',
    model: scripted([
      { text: 'One', stopReason: 'max_tokens' },
      { text: ' two', stopReason: 'max_tokens' },
      { text: ' three', stopReason: 'max_tokens' },
      { text: ' four', stopReason: 'max_tokens' },
    ]),
  },
  { name: 'refusal', reason: 'refusal', model: scripted([{ text: 'I cannot help with that.', stopReason: 'refusal' }]) },
  {
    name: 'budget_exceeded',
    reason: 'budget_exceeded',
    options: { settings: { tokenBudget: 1 }, permissionMode: 'bypass' },
    model: scripted([{ toolCalls: [{ name: 'Look', input: { value: 'z' } }] }, { text: 'never' }]),
  },
  {
    name: 'permission_denied_stop',
    reason: 'permission_denied_stop',
    decide: 'deny_stop',
    model: scripted([{ text: 'Changing.', toolCalls: [{ name: 'Change', input: { value: 'no' } }, { name: 'Look', input: { value: 'after' } }] }]),
  },
];

interface Recorded {
  session: Session;
  live: ViewState;
  reason: StopReason;
}

/** Run a scenario as the app does: fold each event as it arrives, save at the points the app saves. */
async function record(scenario: Scenario, store: WorkspaceStore): Promise<Recorded> {
  let clock = 1_764_000_000_000;
  const session = new Session({
    sandbox: stubSandbox(),
    model: scenario.model(),
    modelId: 'test-model',
    tools: [read, write],
    systemPrompt: 'You are a test.',
    settings: { retry: { sleep: async () => undefined, random: () => 0.5 } },
    clock: () => (clock += 7),
    ...scenario.options,
  });
  let live = initialView();
  let saves = Promise.resolve();
  let deltas = 0;
  session.subscribe((event: AgentEvent, at: number) => {
    live = foldEvent(live, event, at);
    // Several chunks, cut mid-run as a debounced save would cut them.
    if (event.type === 'turn_start' || event.type === 'tool_result' || event.type === 'run_end') {
      saves = saves.then(async () => {
        expect(await store.saveConversation({ log: session.log, permissionMode: 'acceptEdits' })).toEqual({ persisted: true });
      });
    }
    if (event.type === 'text_delta' && scenario.interruptAfterDeltas !== undefined && ++deltas === scenario.interruptAfterDeltas) session.interrupt();
    if (event.type !== 'permission_request') return;
    queueMicrotask(() => {
      if (scenario.decide === 'interrupt') session.interrupt();
      else if (scenario.decide === 'deny_stop') session.decidePermission(event.callId, { kind: 'deny', reason: 'no', stop: true });
      else session.decidePermission(event.callId, { kind: scenario.decide ?? 'allow_once' });
    });
  });
  const reason = await session.send('Do the thing.');
  await saves;
  return { session, live, reason };
}

describe('the session is its event log', () => {
  it.each(SCENARIOS)('$name: the reloaded view and transcript are the live ones', async (scenario) => {
    const { store } = freshStore();
    const { session, live, reason } = await record(scenario, store());
    expect(reason).toBe(scenario.reason);
    expect(live.items.at(-1)).toMatchObject({ kind: 'run_end', reason: scenario.reason });

    const loaded = (await store().loadConversation()).value;
    expect(loaded?.notice).toBeUndefined();
    const log = loaded?.log ?? [];
    expect(foldLog(log)).toEqual(live);
    expect(foldLog(session.log)).toEqual(live);
    expect(transcriptOf(log)).toEqual(session.messages);
    expect(transcriptOf(session.log)).toEqual(session.messages);
    expect(transcriptProblems(session.messages)).toEqual([]);
  });

  it('a second run continues the reloaded log, and the two-run log reloads to the same view again', async () => {
    const { store } = freshStore();
    const first = await record(SCENARIOS[0]!, store());
    const loaded = (await store().loadConversation()).value!;
    const session = new Session({ sandbox: stubSandbox(), model: new ScriptedModelClient({ script: [{ text: 'Second answer.' }] }), tools: [], log: loaded.log });
    let live = foldLog(session.log);
    session.subscribe((event, at) => {
      live = foldEvent(live, event, at);
    });
    await session.send('And now?');
    await store().saveConversation({ log: session.log, permissionMode: 'default' });
    const again = (await store().loadConversation()).value!;
    expect(foldLog(again.log)).toEqual(live);
    expect(live.runs).toBe(2);
    expect(transcriptOf(again.log)).toEqual(session.messages);
    expect(session.messages.slice(0, first.session.messages.length)).toEqual(first.session.messages);
  });

  it('after a reload the next save appends to the stored log: no rewrite, each message still stored once', async () => {
    const { store } = freshStore();
    const first = await record(SCENARIOS[0]!, store());
    const reloaded = store();
    const loaded = (await reloaded.loadConversation()).value!;
    expect(loaded.stored?.chunks).toBeGreaterThan(1);
    const chunksBefore = loaded.stored!.chunks;
    const session = new Session({ sandbox: stubSandbox(), model: new ScriptedModelClient({ script: [{ text: 'Once more.' }] }), tools: [], log: loaded.log });
    await session.send('Again?');
    await reloaded.saveConversation({ log: session.log, permissionMode: 'default' });
    const again = (await store().loadConversation()).value!;
    expect(again.stored?.logId).toBe(loaded.stored?.logId);
    expect(again.stored?.chunks).toBe(chunksBefore + 1);
    expect(foldLog(again.log)).toEqual(foldLog(session.log));
    expect(transcriptOf(again.log)).toEqual(session.messages);
    // The new request resends the old transcript: those messages were not stored again.
    expect(again.stored!.pools.messages).toHaveLength(session.messages.length);
    expect(session.messages.length).toBe(first.session.messages.length + 2);
  });

  it('stores streaming merged and each message once: far smaller than the events as they came', async () => {
    const { store } = freshStore();
    // A longer run: each request resends the whole transcript so far.
    const steps: ScriptStep[] = Array.from({ length: 12 }, (_, i) => ({
      text: `Step ${i}: looking at part ${i} of the project, which is described in some detail here.`,
      toolCalls: [{ name: 'Look', input: { value: `part-${i}` } }],
    }));
    const { session } = await record({ name: 'long', reason: 'completed', model: scripted([...steps, { text: 'Done looking.' }]) }, store());
    const deltasLive = session.log.filter((entry) => entry.event.type === 'text_delta' || entry.event.type === 'thinking_delta').length;
    const coalesced = coalesceDeltas(session.log);
    const deltasStored = coalesced.filter((entry) => entry.event.type === 'text_delta' || entry.event.type === 'thinking_delta');
    expect(deltasLive).toBeGreaterThan(deltasStored.length);
    // The finished message holds the text: the stored deltas only mark where each block began.
    expect(deltasStored.every((entry) => (entry.event.type === 'text_delta' ? entry.event.text : entry.event.type === 'thinking_delta' ? entry.event.thinking : 'x') === '')).toBe(true);
    const db = await openGlassboxDb({ name: 'size-check' });
    await db.clear('eventChunks');
    db.close();
    const sized = new WorkspaceStore({ open: () => openGlassboxDb({ name: 'size-check' }) });
    await sized.saveConversation({ log: session.log, permissionMode: 'default' });
    const check = await openGlassboxDb({ name: 'size-check' });
    const stored = JSON.stringify(await check.getAll('eventChunks'));
    check.close();
    expect(stored.length).toBeLessThan(JSON.stringify(session.log).length / 3);
  });
});

describe('reading back what does not validate', () => {
  async function savedRun(): Promise<{ name: string; live: ViewState; session: Session }> {
    counter += 1;
    const name = `glassbox-log-broken-${counter}-${Date.now()}`;
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    const first = await record(SCENARIOS[0]!, store);
    return { name, live: first.live, session: first.session };
  }

  it('drops an event that does not validate, keeps the rest, and says what it dropped', async () => {
    const { name, live } = await savedRun();
    const db = await openGlassboxDb({ name });
    const keys = await db.getAllKeys('eventChunks');
    const lastKey = keys.at(-1)!;
    const chunk = (await db.get('eventChunks', lastKey))!;
    const at = chunk.events.findIndex((entry) => entry.event.type === 'run_end');
    chunk.events[at] = { at: 1, event: { type: 'run_end', reason: 'exploded' } } as never;
    await db.put('eventChunks', chunk, lastKey);
    db.close();

    const loaded = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value!;
    expect(loaded.notice).toMatch(/could not be read and was left out \(1 event\)/);
    expect(loaded.rewrite).toBe(true);
    const view = foldLog(loaded.log);
    expect(view.items).toEqual(live.items.slice(0, -1).map((item) => item));
    expect(loaded.log.some((entry: LoggedEvent) => entry.event.type === 'run_end')).toBe(false);
  });

  /** Save a second run on top of the first, then break one message of it in storage. */
  async function breakSecondRun(script: ScriptStep[], role: 'user' | 'assistant'): Promise<{ name: string; first: Session }> {
    const { name, session: first } = await savedRun();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    const loaded = (await store.loadConversation()).value!;
    const next = new Session({ sandbox: stubSandbox(), model: new ScriptedModelClient({ script }), tools: [read], permissionMode: 'bypass', log: loaded.log });
    await next.send('more');
    await store.saveConversation({ log: next.log, permissionMode: 'default' });
    const db = await openGlassboxDb({ name });
    const keys = await db.getAllKeys('eventChunks');
    const chunk = (await db.get('eventChunks', keys.at(-1)!))!;
    const type = role === 'user' ? 'user_message' : 'assistant_message';
    const entry = chunk.events.filter((e) => e.event.type === type).at(-1)!;
    const index = (entry.event as { message: number }).message;
    chunk.messages[index - chunk.base.messages] = { role, content: 42 };
    await db.put('eventChunks', chunk, keys.at(-1)!);
    db.close();
    return { name, first };
  }

  it('an unreadable answer leaves the prompt unanswered: the transcript still holds, and the chat says what is missing', async () => {
    const { name, first } = await breakSecondRun([{ text: 'later' }], 'assistant');
    const reread = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value!;
    expect(reread.notice).toMatch(/left out \(1 event\)/);
    expect(transcriptOf(reread.log)).toEqual([...first.messages, { role: 'user', content: 'more' }]);
    expect(foldLog(reread.log).runs).toBe(2);
  });

  it('cuts the log back to the last whole run when what is left would be a transcript a provider refuses', async () => {
    const script: ScriptStep[] = [{ toolCalls: [{ name: 'Look', input: { value: 'q' } }] }, { text: 'looked' }];
    const { name, first } = await breakSecondRun(script, 'user');
    const reread = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value!;
    expect(reread.notice).toMatch(/left out/);
    expect(transcriptOf(reread.log)).toEqual(first.messages);
    expect(foldLog(reread.log).runs).toBe(1);
  });

  it('a header whose chunks are gone reads as an empty log, and says so', async () => {
    const { name } = await savedRun();
    const db = await openGlassboxDb({ name });
    await db.clear('eventChunks');
    db.close();
    const loaded = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value!;
    expect(loaded.log).toEqual([]);
    expect(loaded.notice).toMatch(/saves\)/);
  });
});
