import { describe, expect, it } from 'vitest';
import { StepController, type StepPause } from '../../../src/agent/step-controller';
import { transcriptOf, type LoggedEvent } from '../../../src/agent/event-log';
import { transcriptProblems } from '../../../src/agent/transcript';
import type { Message } from '../../../src/models/messages';
import { LogPacker, LogReader } from '../../../src/store/event-log-codec';
import { foldEvents } from '../../../src/app/state/fold';
import { EventListClient, eventsOf, fakeTool, resultTextOf, runLoop, stubSandbox, textAnswer } from './fakes';
import { Session } from '../../../src/agent/session';
import { ScriptedModelClient } from '../../../src/models/scripted';
import type { ModelEvent } from '../../../src/models/port';

const echo = fakeTool({ name: 'Echo' });

/** One Echo call, then a closing text. */
function echoThenDone(): EventListClient {
  const toolCall: ModelEvent[] = [
    { type: 'message_start' },
    { type: 'tool_use_start', index: 0, id: 't1', name: 'Echo' },
    { type: 'tool_use_delta', index: 0, partialJson: '{"value":"a"}' },
    { type: 'block_end', index: 0 },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } },
    { type: 'stop', reason: 'tool_use' },
  ];
  return new EventListClient([toolCall, textAnswer('done')]);
}

/** A teacher at the controls: answers each pause with `answer` (by default Next, unchanged), and remembers what it saw. */
function teacher(controller: StepController, answer: (pause: StepPause, seen: number) => void = () => controller.next()): StepPause[] {
  const seen: StepPause[] = [];
  controller.onChange(({ pause }) => {
    if (pause === null || seen.at(-1) === pause) return;
    seen.push(pause);
    // Answered outside the listener, like a click would be.
    queueMicrotask(() => answer(pause, seen.length));
  });
  return seen;
}

describe('step mode in the loop', () => {
  it('off: nothing pauses and nothing is marked', async () => {
    const controller = new StepController();
    const seen = teacher(controller);
    const run = await runLoop({ model: echoThenDone(), tools: [echo], stepGate: controller });
    expect(run.reason).toBe('completed');
    expect(seen).toEqual([]);
    expect(eventsOf(run.events, 'model_request').every((event) => event.stepEdit === undefined)).toBe(true);
  });

  it('pauses before each request, before the tool runs and before its result goes back, in that order', async () => {
    const controller = new StepController({ enabled: true });
    const model = echoThenDone();
    let ran = 0;
    const counted = fakeTool({ name: 'Echo', run: (input) => ((ran += 1), { content: `Echo: ${JSON.stringify(input)}` }) });
    const snapshots: Array<{ kind: string; requestsSent: number; ran: number }> = [];
    const seen = teacher(controller, (pause) => {
      snapshots.push({ kind: pause.kind, requestsSent: model.requests.length, ran });
      controller.next();
    });
    const run = await runLoop({ model, tools: [counted], stepGate: controller });
    expect(run.reason).toBe('completed');
    // Each pause held its step: nothing sent before a request pause, the tool not run before its pause.
    expect(snapshots).toEqual([
      { kind: 'request', requestsSent: 0, ran: 0 },
      { kind: 'tool', requestsSent: 1, ran: 0 },
      { kind: 'result', requestsSent: 1, ran: 1 },
      { kind: 'request', requestsSent: 1, ran: 1 },
    ]);
    const [first, , result] = seen;
    expect(first?.kind === 'request' && first.request.messages).toEqual([{ role: 'user', content: 'Go' }]);
    expect(result?.kind === 'result' && resultTextOf(result.result.content)).toBe('Echo: {"value":"a"}');
    expect(controller.state.pause).toBeNull();
  });

  it('holds the run itself: no request goes out until Next', async () => {
    const controller = new StepController({ enabled: true });
    const model = new EventListClient([textAnswer('hi')]);
    const paused = new Promise<void>((resolve) => controller.onChange(({ pause }) => pause && resolve()));
    const running = runLoop({ model, stepGate: controller });
    await paused;
    // Let everything that could run, run.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(model.requests).toHaveLength(0);
    controller.next();
    const run = await running;
    expect(run.reason).toBe('completed');
    expect(model.requests).toHaveLength(1);
  });

  it('an edited request is what is sent, logged (marked) and kept as the transcript', async () => {
    const controller = new StepController({ enabled: true });
    const model = echoThenDone();
    teacher(controller, (pause, n) => {
      if (pause.kind === 'request' && n === 1) {
        controller.next({ ...pause.request, system: 'You are a pirate.', messages: [{ role: 'user', content: 'Say hello as a pirate' }] });
      } else controller.next();
    });
    const run = await runLoop({ model, tools: [echo], stepGate: controller, systemParts: [{ label: 'Glassbox', source: 'built-in', text: 'You are a test.' }] });
    expect(run.reason).toBe('completed');
    expect(model.requests[0]?.system).toBe('You are a pirate.');
    expect(model.requests[0]?.messages).toEqual([{ role: 'user', content: 'Say hello as a pirate' }]);
    // The system prompt edit holds for the rest of the run; the messages edit became the transcript.
    expect(model.requests[1]?.system).toBe('You are a pirate.');
    expect(model.requests[1]?.messages[0]).toEqual({ role: 'user', content: 'Say hello as a pirate' });
    const requests = eventsOf(run.events, 'model_request');
    expect(requests[0]?.stepEdit).toEqual({ system: true, messages: true });
    expect(requests[0]?.request.system).toBe('You are a pirate.');
    // The named parts no longer make up what was sent: left out.
    expect(requests[0]?.systemParts).toBeUndefined();
    expect(requests[1]?.stepEdit).toBeUndefined();
    expect(run.messages[0]).toEqual({ role: 'user', content: 'Say hello as a pirate' });
    expect(transcriptProblems(run.messages)).toEqual([]);
    // The log alone rebuilds that transcript.
    expect(transcriptOf(run.events.map((event) => ({ at: 0, event })))).toEqual(run.messages);
  });

  it('a request sent unchanged through Next is not marked', async () => {
    const controller = new StepController({ enabled: true });
    teacher(controller, (pause) => (pause.kind === 'request' ? controller.next({ ...pause.request, messages: pause.request.messages.map((m) => structuredClone(m)) }) : controller.next()));
    const run = await runLoop({ model: new EventListClient([textAnswer('hi')]), stepGate: controller });
    expect(eventsOf(run.events, 'model_request')[0]?.stepEdit).toBeUndefined();
  });

  it('an edited tool result reaches the model, marked in the log', async () => {
    const controller = new StepController({ enabled: true });
    const model = echoThenDone();
    teacher(controller, (pause) => {
      if (pause.kind === 'result') controller.next({ ...pause.result, content: 'The file says: hello from step mode' });
      else controller.next();
    });
    const run = await runLoop({ model, tools: [echo], stepGate: controller });
    expect(run.reason).toBe('completed');
    const sentBack = model.requests[1]?.messages.at(-1) as Message;
    expect(sentBack.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: 'The file says: hello from step mode' }]);
    const [result] = eventsOf(run.events, 'tool_result');
    expect(result?.editedInStep).toBe(true);
    expect(resultTextOf(result!.result.content)).toBe('The file says: hello from step mode');
  });

  it('Stop while paused before a request ends the run as interrupted, nothing sent', async () => {
    const controller = new StepController({ enabled: true });
    const stop = new AbortController();
    const model = new EventListClient([textAnswer('hi')]);
    teacher(controller, () => stop.abort());
    const run = await runLoop({ model, stepGate: controller, signal: stop.signal });
    expect(run.reason).toBe('interrupted');
    expect(model.requests).toHaveLength(0);
    expect(eventsOf(run.events, 'model_request')).toEqual([]);
    expect(controller.state.pause).toBeNull();
  });

  it('Stop while paused before a tool: the call is answered as interrupted, never run, the transcript stays valid', async () => {
    const controller = new StepController({ enabled: true });
    const stop = new AbortController();
    let ran = 0;
    const counted = fakeTool({ name: 'Echo', run: () => ((ran += 1), { content: 'ran' }) });
    teacher(controller, (pause) => (pause.kind === 'tool' ? stop.abort() : controller.next()));
    const run = await runLoop({ model: echoThenDone(), tools: [counted], stepGate: controller, signal: stop.signal });
    expect(run.reason).toBe('interrupted');
    expect(ran).toBe(0);
    expect(eventsOf(run.events, 'tool_start')).toEqual([]);
    expect(resultTextOf(eventsOf(run.events, 'tool_result')[0]!.result.content)).toBe('Interrupted by the user');
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('Continue leaves step mode: the step shown and the rest of the run go on without pausing', async () => {
    const controller = new StepController({ enabled: true });
    const seen = teacher(controller, () => controller.continue());
    const run = await runLoop({ model: echoThenDone(), tools: [echo], stepGate: controller });
    expect(run.reason).toBe('completed');
    expect(seen.map((pause) => pause.kind)).toEqual(['request']);
    expect(controller.state.enabled).toBe(false);
  });

  it('parallel read-only calls are shown one at a time', async () => {
    const controller = new StepController({ enabled: true });
    const reader = fakeTool({ name: 'Look', readOnly: true, concurrencySafe: true });
    const twoCalls: ModelEvent[] = [
      { type: 'message_start' },
      { type: 'tool_use_start', index: 0, id: 'a', name: 'Look' },
      { type: 'tool_use_delta', index: 0, partialJson: '{"value":"1"}' },
      { type: 'block_end', index: 0 },
      { type: 'tool_use_start', index: 1, id: 'b', name: 'Look' },
      { type: 'tool_use_delta', index: 1, partialJson: '{"value":"2"}' },
      { type: 'block_end', index: 1 },
      { type: 'stop', reason: 'tool_use' },
    ];
    const seen = teacher(controller);
    const run = await runLoop({ model: new EventListClient([twoCalls, textAnswer('ok')]), tools: [reader], stepGate: controller });
    expect(run.reason).toBe('completed');
    expect(seen.filter((pause) => pause.kind === 'tool').map((pause) => pause.kind === 'tool' && pause.call.id)).toEqual(['a', 'b']);
    expect(seen.filter((pause) => pause.kind === 'result')).toHaveLength(2);
  });
});

describe('step-mode edits in the stored log and the views', () => {
  it('survive a save and a reload, and the inspector and the chat mark them', async () => {
    const controller = new StepController({ enabled: true });
    teacher(controller, (pause, n) => {
      if (pause.kind === 'request' && n === 1) controller.next({ ...pause.request, messages: [{ role: 'user', content: 'Edited prompt' }] });
      else if (pause.kind === 'result') controller.next({ ...pause.result, content: 'edited result' });
      else controller.next();
    });
    const run = await runLoop({ model: echoThenDone(), tools: [echo], stepGate: controller });
    const log: LoggedEvent[] = [{ at: 0, event: { type: 'user_message', message: { role: 'user', content: 'Go' } } }, ...run.events.map((event) => ({ at: 1, event }))];
    const reader = new LogReader();
    reader.read(JSON.parse(JSON.stringify(new LogPacker().pack(log))));
    const read = reader.finish();
    expect(read.dropped.count).toBe(0);
    const marked = (events: LoggedEvent[]) => events.map((entry) => entry.event).filter((event) => event.type === 'model_request' || event.type === 'tool_result');
    expect(marked(read.log)).toEqual(marked(log));
    expect(transcriptOf(read.log)).toEqual(run.messages);
    const view = foldEvents(read.log.map((entry) => entry.event));
    expect(view.requests[0]?.stepEdit).toEqual({ system: false, messages: true });
    expect(view.requests[1]?.stepEdit).toBeUndefined();
    const tool = view.items.find((item) => item.kind === 'tool');
    expect(tool?.kind === 'tool' && tool.editedInStep).toBe(true);
    expect(view.items.some((item) => item.kind === 'notice' && item.text === 'Request 1 was edited in step mode (messages) before it was sent.')).toBe(true);
  });
});

describe('step mode in a session', () => {
  it('the gate plugged in during a run holds the next step; interrupt while paused ends the run, and the log rebuilds the transcript', async () => {
    const session = new Session({
      sandbox: stubSandbox(),
      model: new ScriptedModelClient({ script: [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }, { text: 'done' }] }),
      tools: [echo],
      permissionMode: 'bypass',
      systemPrompt: 'You are a test.',
    });
    const controller = new StepController({ enabled: true });
    let plugged = false;
    // Plugged in only once the run has started: the session reads its gate at each step.
    session.subscribe((event) => {
      if (event.type === 'model_request' && !plugged) {
        plugged = true;
        session.setStepGate(controller);
      }
    });
    const paused = new Promise<StepPause>((resolve) => controller.onChange(({ pause }) => pause && resolve(pause)));
    const running = session.send('Go');
    expect((await paused).kind).toBe('tool');
    session.interrupt();
    expect(await running).toBe('interrupted');
    expect(controller.state.pause).toBeNull();
    expect(transcriptProblems([...session.messages])).toEqual([]);
    expect(transcriptOf(session.log)).toEqual(session.messages);
  });
});
