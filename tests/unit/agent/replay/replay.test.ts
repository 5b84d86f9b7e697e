import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentEvent } from '../../../../src/agent/events';
import { Session } from '../../../../src/agent/session';
import { recordRun } from '../../../../src/agent/replay/recorded-run';
import { ReplayModelClient } from '../../../../src/agent/replay/replay-client';
import { ReplayGate } from '../../../../src/agent/replay/replay-gate';
import { playRecording } from '../../../../src/agent/replay/replay-run';
import { ScriptedModelClient, type ScriptStep } from '../../../../src/models/scripted';
import { eventsOf, fakeTool, stubSandbox } from '../fakes';
import { StepController } from '../../../../src/agent/step-controller';
import type { ModelClient } from '../../../../src/models/port';

/** A tiny "filesystem" the Read tool reads from: what a replay on other files would see. */
function readTool(files: Map<string, string>) {
  return fakeTool({
    name: 'Read',
    readOnly: true,
    schema: z.object({ file_path: z.string() }),
    run: (input) => {
      const text = files.get(String(input.file_path));
      return text === undefined ? { content: `File not found: ${String(input.file_path)}`, isError: true } : { content: text };
    },
  });
}

const SCRIPT: ScriptStep[] = [
  { thinking: 'Look first.', text: 'Reading a.', toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] },
  { text: 'Reading b.', toolCalls: [{ name: 'Read', input: { file_path: 'b.txt' } }] },
  { text: 'Both read. Done.' },
];

function sessionOn(files: Map<string, string>, model: ModelClient) {
  const session = new Session({
    sandbox: stubSandbox(),
    model,
    modelId: 'claude-test',
    tools: [readTool(files)],
    permissionMode: 'bypass',
    systemPrompt: 'You are a test.',
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, events };
}

async function recorded(script: ScriptStep[] = SCRIPT, prompts = ['Read both files']) {
  const files = new Map([
    ['a.txt', 'alpha'],
    ['b.txt', 'beta'],
  ]);
  const { session, events } = sessionOn(files, new ScriptedModelClient({ script }));
  for (const prompt of prompts) await session.send(prompt);
  return { log: session.log, events, files };
}

/** The parts of the events a replay must reproduce: no run ids, times or durations. */
function essence(events: readonly AgentEvent[]): unknown[] {
  return events
    .filter((event) => event.type !== 'model_notice' && event.type !== 'replay_divergence')
    .map((event) => {
      switch (event.type) {
        case 'run_start':
          return { type: event.type, prompt: event.prompt };
        case 'run_end':
          return { type: event.type, reason: event.reason };
        case 'tool_start':
          return { type: event.type, callId: event.callId };
        case 'tool_result':
          return { type: event.type, result: event.result };
        case 'model_request':
          return { type: event.type, turn: event.turn, messages: event.request.messages, model: event.request.model };
        case 'model_response':
          return { type: event.type, message: event.response.message, stopReason: event.response.stopReason, usage: event.response.usage };
        default:
          return event;
      }
    });
}

describe('recordRun', () => {
  it('keeps each whole answer in order, with its request hash, the tool results it saw and the usage', async () => {
    const { log } = await recorded();
    const recording = recordRun(log);
    expect(recording.prompts).toEqual(['Read both files']);
    expect(recording.model).toBe('claude-test');
    expect(recording.steps.map((step) => step.stopReason)).toEqual(['tool_use', 'tool_use', 'end_turn']);
    expect(recording.steps[0]?.toolResults).toEqual([]);
    expect(recording.steps[1]?.toolResults.map((entry) => [entry.tool, entry.result.content])).toEqual([['Read', 'alpha']]);
    expect(recording.steps[2]?.toolResults.map((entry) => entry.result.content)).toEqual(['beta']);
    expect(new Set(recording.steps.map((step) => step.request.all)).size).toBe(3);
    expect(recording.steps.every((step) => (step.usage?.outputTokens ?? 0) > 0)).toBe(true);
  });
});

describe('replay', () => {
  it('a scripted run, recorded and replayed on the same files, yields the same events and no divergence', async () => {
    const { log, events: original, files } = await recorded(SCRIPT, ['Read both files', 'Again']);
    const gate = new ReplayGate({ speed: 'instant' });
    const { session, events } = sessionOn(new Map(files), new ScriptedModelClient({ script: [] }));
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event) });
    const outcome = await playRecording(session, client);
    expect(outcome.reasons).toEqual(['completed', 'completed']);
    expect(essence(events)).toEqual(essence(original));
    expect(eventsOf(events, 'replay_divergence')).toEqual([]);
    // The session's own model is back once the replay is over.
    expect(session.model).not.toBe(client);
  });

  it('a changed file makes a divergence at the step whose tool read it, and the replay holds until told', async () => {
    const { log, files } = await recorded();
    const changed = new Map(files);
    changed.set('b.txt', 'BETA, edited');
    const gate = new ReplayGate({ speed: 'instant' });
    const { session, events } = sessionOn(changed, new ScriptedModelClient({ script: [] }));
    let held: (() => void) | undefined;
    const heldAt = new Promise<void>((resolve) => (held = resolve));
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event), onDivergence: () => held?.() });
    const playing = playRecording(session, client);
    await heldAt;
    const [divergence] = eventsOf(events, 'replay_divergence');
    expect(divergence?.divergence).toMatchObject({ step: 2, of: 3, kind: 'tool_result', tool: 'Read', expected: 'beta', actual: 'BETA, edited' });
    // Held: the third answer has not started.
    expect(gate.state.playing).toBe(false);
    expect(eventsOf(events, 'model_response')).toHaveLength(2);
    expect(events.at(-1)?.type).toBe('replay_divergence');
    gate.play();
    expect((await playing).reasons).toEqual(['completed']);
    expect(eventsOf(events, 'model_response')).toHaveLength(3);
  });

  it('"Continue with my model" sends the held request to the user model, with its model id', async () => {
    const { log, files } = await recorded();
    const changed = new Map(files);
    changed.delete('a.txt');
    const gate = new ReplayGate({ speed: 'instant' });
    const mine = new ScriptedModelClient({ script: [{ text: 'Live answer: a.txt is gone.' }] });
    const { session } = sessionOn(changed, mine);
    const client = new ReplayModelClient({
      recording: recordRun(log),
      gate,
      report: (event) => session.record(event),
      onDivergence: () => {
        client.goLive(mine, 'my-model');
        gate.play();
      },
    });
    expect((await playRecording(session, client)).reasons).toEqual(['completed']);
    const last = session.messages.at(-1);
    expect(last?.role === 'assistant' && last.content[0]?.type === 'text' && last.content[0].text).toBe('Live answer: a.txt is gone.');
    const requests = session.log.flatMap(({ event }) => (event.type === 'model_request' ? [event.request.model] : []));
    expect(requests).toEqual(['claude-test', 'claude-test']);
    expect(mine.position).toBe(1);
  });

  it('ends the run with recording_exhausted when the recording has no answer left', async () => {
    const files = new Map([['a.txt', 'alpha']]);
    const { session: recorder } = sessionOn(files, new ScriptedModelClient({ script: SCRIPT }));
    // Recorded with a one-turn limit: the run stopped after the first answer's tools.
    const limited = new Session({
      sandbox: stubSandbox(),
      model: new ScriptedModelClient({ script: SCRIPT }),
      tools: [readTool(files)],
      permissionMode: 'bypass',
      systemPrompt: 'You are a test.',
      settings: { maxTurns: 1 },
    });
    expect(await limited.send('Read')).toBe('max_turns');
    void recorder;
    const recording = recordRun(limited.log);
    expect(recording.steps).toHaveLength(1);
    const { session, events } = sessionOn(files, new ScriptedModelClient({ script: [] }));
    const client = new ReplayModelClient({ recording, gate: new ReplayGate({ speed: 'instant' }), report: (event) => session.record(event) });
    expect((await playRecording(session, client)).reasons).toEqual(['recording_exhausted']);
    expect(eventsOf(events, 'run_end')[0]?.detail).toMatch(/no more answers/);
    expect(eventsOf(events, 'error')).toEqual([]);
  });

  it('pause holds the loop, Step plays exactly one answer, Play runs to the end', async () => {
    const { log, files } = await recorded();
    const gate = new ReplayGate({ playing: false, chunkDelayMs: 1 });
    const { session, events } = sessionOn(new Map(files), new ScriptedModelClient({ script: [] }));
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event) });
    const waitFor = (count: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (eventsOf(events, 'model_response').length >= count) resolve();
        };
        session.subscribe(check);
        check();
      });
    const firstRequest = new Promise<void>((resolve) => session.subscribe((event) => event.type === 'model_request' && resolve()));
    const playing = playRecording(session, client);
    // Paused from the start: the first request is made, and nothing answers it.
    await firstRequest;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(eventsOf(events, 'model_request')).toHaveLength(1);
    expect(eventsOf(events, 'text_delta')).toHaveLength(0);
    gate.step();
    await waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One answer played, its tool ran, and the next request waits.
    expect(eventsOf(events, 'model_response')).toHaveLength(1);
    expect(eventsOf(events, 'tool_result')).toHaveLength(1);
    expect(eventsOf(events, 'model_request')).toHaveLength(2);
    expect(gate.state.position).toBe(1);
    gate.play();
    expect((await playing).reasons).toEqual(['completed']);
    expect(gate.state.position).toBe(3);
  });

  it('pausing mid-answer stops the stream between chunks', async () => {
    const { log, files } = await recorded([{ text: 'one two three four five six seven eight nine ten' }]);
    const gate = new ReplayGate({ chunkDelayMs: 1 });
    const { session, events } = sessionOn(new Map(files), new ScriptedModelClient({ script: [] }));
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event) });
    let paused: () => void = () => undefined;
    const pausedAtThree = new Promise<void>((resolve) => (paused = resolve));
    session.subscribe((event) => {
      if (event.type === 'text_delta' && eventsOf(events, 'text_delta').length === 3) {
        gate.pause();
        paused();
      }
    });
    const playing = playRecording(session, client);
    await pausedAtThree;
    // Held: no more chunks come while paused.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(eventsOf(events, 'text_delta')).toHaveLength(3);
    expect(gate.state.inResponse).toBe(true);
    gate.play();
    expect((await playing).reasons).toEqual(['completed']);
    expect(eventsOf(events, 'text_delta')).toHaveLength(10);
  });

  it('runTo plays at once up to a step, then holds before the next', async () => {
    const { log, files } = await recorded();
    const gate = new ReplayGate({ playing: false, chunkDelayMs: 50 });
    const { session, events } = sessionOn(new Map(files), new ScriptedModelClient({ script: [] }));
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event) });
    const thirdRequest = new Promise<void>((resolve) => {
      session.subscribe(() => {
        if (eventsOf(events, 'model_request').length === 3) resolve();
      });
    });
    const playing = playRecording(session, client);
    gate.runTo(2);
    await thirdRequest;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gate.state).toMatchObject({ playing: false, position: 2, inResponse: false });
    expect(eventsOf(events, 'model_response')).toHaveLength(2);
    gate.play();
    expect((await playing).reasons).toEqual(['completed']);
  });
});

describe('step mode during a replay', () => {
  it('pauses before each recorded request, tool and result; an edited result reaches the next request and the replay says it diverged', async () => {
    const { log, files } = await recorded();
    const gate = new ReplayGate({ speed: 'instant' });
    const { session, events } = sessionOn(new Map(files), new ScriptedModelClient({ script: [] }));
    const controller = new StepController({ enabled: true });
    const kinds: string[] = [];
    controller.onChange(({ pause }) => {
      if (pause === null) return;
      kinds.push(pause.kind);
      const edit = pause.kind === 'result' && pause.call.input.file_path === 'a.txt' ? { ...pause.result, content: 'ALPHA, changed in step mode' } : undefined;
      queueMicrotask(() => controller.next(edit));
    });
    session.setStepGate(controller);
    const client = new ReplayModelClient({ recording: recordRun(log), gate, report: (event) => session.record(event), onDivergence: () => gate.play() });
    expect((await playRecording(session, client)).reasons).toEqual(['completed']);
    expect(kinds).toEqual(['request', 'tool', 'result', 'request', 'tool', 'result', 'request']);
    const secondRequest = eventsOf(events, 'model_request')[1]?.request.messages.at(-1);
    expect(JSON.stringify(secondRequest)).toContain('ALPHA, changed in step mode');
    expect(eventsOf(events, 'replay_divergence')[0]?.divergence).toMatchObject({ step: 1, kind: 'tool_result', tool: 'Read', expected: 'alpha', actual: 'ALPHA, changed in step mode' });
  });
});
