import { describe, expect, it } from 'vitest';
import { StepController, type StepPause } from '../../../src/agent/step-controller';
import { transcriptOf, type LoggedEvent } from '../../../src/agent/event-log';
import { branchLog, NOT_RUN_AT_BRANCH, type PausedStep } from '../../../src/agent/branch-point';
import { transcriptProblems } from '../../../src/agent/transcript';
import { Session } from '../../../src/agent/session';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import type { ModelRequest } from '../../../src/models/port';
import type { ToolResultBlock } from '../../../src/models/messages';
import { LogPacker, LogReader } from '../../../src/store/event-log-codec';
import { foldEvents } from '../../../src/app/state/fold';
import { fakeTool, resultTextOf, stubSandbox } from './fakes';

/** Echo counts its runs, so a test can tell a call that ran again from one that kept its result. */
function countingEcho(): { tool: ReturnType<typeof fakeTool>; runs: string[] } {
  const runs: string[] = [];
  const tool = fakeTool({
    name: 'Echo',
    run: (input) => {
      const value = (input as { value: string }).value;
      runs.push(value);
      return { content: `Echo: ${value}` };
    },
  });
  return { tool, runs };
}

/** A model that remembers every request it got. */
class RecordingScript extends ScriptedModelClient {
  readonly seen: ModelRequest[] = [];
  constructor(script: ScriptStep[]) {
    super({ script });
  }
  override stream(request: ModelRequest, signal: AbortSignal) {
    this.seen.push(request);
    return super.stream(request, signal);
  }
}

function sessionWith(model: ScriptedModelClient, tool: ReturnType<typeof fakeTool>, log?: readonly LoggedEvent[]): Session {
  return new Session({ sandbox: stubSandbox(), model, tools: [tool], permissionMode: 'bypass', systemPrompt: 'You are a test.', ...(log ? { log } : {}) });
}

/** Runs `session` in step mode, pressing Next until the `n`-th pause, which it returns (the run stays paused there). */
async function pauseAt(session: Session, controller: StepController, n: number, prompt = 'Go'): Promise<{ pause: StepPause; running: Promise<unknown> }> {
  let count = 0;
  const reached = new Promise<StepPause>((resolve) => {
    let last: StepPause | null = null;
    controller.onChange(({ pause }) => {
      if (pause === null || pause === last) return;
      last = pause;
      count += 1;
      if (count === n) resolve(pause);
      else queueMicrotask(() => controller.next());
    });
  });
  session.setStepGate(controller);
  const running = prompt === '' ? session.resume() : session.send(prompt);
  return { pause: await reached, running };
}

function pausedStep(pause: StepPause): PausedStep {
  return pause.kind === 'request' ? { kind: 'request', turn: pause.turn } : pause.kind === 'tool' ? { kind: 'tool', call: pause.call } : { kind: 'result', call: pause.call, result: pause.result };
}

function roundTrip(log: readonly LoggedEvent[]): LoggedEvent[] {
  const reader = new LogReader();
  reader.read(JSON.parse(JSON.stringify(new LogPacker().pack(log))));
  const read = reader.finish();
  expect(read.dropped.count).toBe(0);
  return read.log;
}

const twoCalls: ScriptStep[] = [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }, { toolCalls: [{ name: 'Echo', input: { value: 'b' } }] }, { text: 'done' }];

describe('Branch here', () => {
  it('at a request: the branch sends that request again (editable), the original goes on untouched', async () => {
    const { tool, runs } = countingEcho();
    const original = sessionWith(new RecordingScript(twoCalls), tool);
    const controller = new StepController({ enabled: true });
    // Pauses: request 1, tool a, result a, request 2 ← here.
    const { pause, running } = await pauseAt(original, controller, 4);
    expect(pause.kind).toBe('request');
    const parked = branchLog(original.log, pausedStep(pause), 1000);
    expect(parked.at(-1)?.event).toMatchObject({ type: 'run_end', reason: 'branched', branch: { step: 'request', turn: 2 } });

    // The original is kept: it goes on as if nothing happened.
    controller.continue();
    expect(await running).toBe('completed');
    expect(runs).toEqual(['a', 'b']);

    // The branch, from a saved copy of the parked log, with its own model and step mode.
    // The script goes on from its place: its first answer was given before the branch point.
    const whatIf = new RecordingScript([twoCalls[0]!, { text: 'another path' }]);
    const branch = sessionWith(whatIf, tool, roundTrip(parked));
    expect(branch.resumePoint?.branch).toEqual({ step: 'request', turn: 2 });
    const stepping = new StepController({ enabled: true });
    const resumed = await pauseAt(branch, stepping, 1, '');
    // The same step: the request of turn 2, carrying Echo a's result.
    expect(resumed.pause.kind === 'request' && resumed.pause.turn).toBe(2);
    const request = resumed.pause.kind === 'request' ? resumed.pause.request : undefined;
    expect(request?.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', content: 'Echo: a' }] });
    stepping.continue({ ...request!, system: 'You are a pirate.' });
    expect(await resumed.running).toBe('completed');
    expect(whatIf.seen[0]?.system).toBe('You are a pirate.');
    expect(runs).toEqual(['a', 'b']); // nothing ran again
    expect(transcriptProblems([...branch.messages])).toEqual([]);
    expect(transcriptOf(branch.log)).toEqual(branch.messages);
    // One prompt, resumed: the chat shows where the branch picked up, and no second prompt bubble.
    const view = foldEvents(branch.log.map((entry) => entry.event));
    expect(view.items.filter((item) => item.kind === 'user')).toHaveLength(1);
    expect(view.items.some((item) => item.kind === 'notice' && item.text === 'Resumed from the branch point.')).toBe(true);
    expect(view.items.some((item) => item.kind === 'run_end' && item.reason === 'branched')).toBe(true);
  });

  it('before a tool runs: the branch runs that call (once), the original never ran it twice', async () => {
    const { tool, runs } = countingEcho();
    const original = sessionWith(new RecordingScript(twoCalls), tool);
    const controller = new StepController({ enabled: true });
    // Pauses: request 1, tool a ← here.
    const { pause, running } = await pauseAt(original, controller, 2);
    expect(pause.kind).toBe('tool');
    const parked = branchLog(original.log, pausedStep(pause), 1000);
    // The call's card is left out: the resumed run announces it again.
    expect(parked.some(({ event }) => event.type === 'tool_call')).toBe(false);
    original.interrupt();
    await running;

    const whatIf = new RecordingScript([twoCalls[0]!, { text: 'ok' }]);
    const branch = sessionWith(whatIf, tool, roundTrip(parked));
    const stepping = new StepController({ enabled: true });
    const resumed = await pauseAt(branch, stepping, 1, '');
    expect(resumed.pause.kind === 'tool' && resumed.pause.call.input).toEqual({ value: 'a' });
    expect(runs).toEqual([]);
    stepping.continue();
    expect(await resumed.running).toBe('completed');
    expect(runs).toEqual(['a']);
    expect(whatIf.seen[0]?.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: expect.any(String), content: 'Echo: a' }] });
    expect(transcriptProblems([...branch.messages])).toEqual([]);
  });

  it("before a result goes back: the branch does not run the tool again and can change what the model sees", async () => {
    const { tool, runs } = countingEcho();
    const original = sessionWith(new RecordingScript(twoCalls), tool);
    const controller = new StepController({ enabled: true });
    // Pauses: request 1, tool a, result a ← here.
    const { pause, running } = await pauseAt(original, controller, 3);
    expect(pause.kind).toBe('result');
    const parked = branchLog(original.log, pausedStep(pause), 1000);
    controller.continue();
    await running;
    expect(runs).toEqual(['a', 'b']);

    const whatIf = new RecordingScript([twoCalls[0]!, { text: 'it said 42' }]);
    const branch = sessionWith(whatIf, tool, roundTrip(parked));
    const stepping = new StepController({ enabled: true });
    const resumed = await pauseAt(branch, stepping, 1, '');
    expect(resumed.pause.kind).toBe('result');
    const shown = resumed.pause.kind === 'result' ? resumed.pause.result : undefined;
    expect(shown && resultTextOf(shown.content)).toBe('Echo: a');
    stepping.continue({ ...(shown as ToolResultBlock), content: '42' });
    expect(await resumed.running).toBe('completed');
    expect(runs).toEqual(['a', 'b']); // the branch did not run Echo again
    expect(whatIf.seen[0]?.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', content: '42' }] });
    const edited = branch.log.find(({ event }) => event.type === 'tool_result');
    expect(edited?.event).toMatchObject({ type: 'tool_result', editedInStep: true });
    expect(transcriptProblems([...branch.messages])).toEqual([]);
    expect(transcriptOf(roundTrip(branch.log))).toEqual(branch.messages);
  });

  it('a new prompt instead of Resume answers the open calls first: what ran keeps its result, the rest were not run', async () => {
    const { tool } = countingEcho();
    const parallel: ScriptStep[] = [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }, { name: 'Echo', input: { value: 'b' } }] }, { text: 'done' }];
    const original = sessionWith(new RecordingScript(parallel), tool);
    const controller = new StepController({ enabled: true });
    // Pauses: request 1, tool a, result a ← here (b has not run).
    const { pause, running } = await pauseAt(original, controller, 3);
    const parked = branchLog(original.log, pausedStep(pause), 1000);
    original.interrupt();
    await running;

    const model = new RecordingScript([{ text: 'fresh start' }]);
    const branch = sessionWith(model, tool, roundTrip(parked));
    expect(await branch.send('Something else')).toBe('completed');
    expect(branch.resumePoint).toBeUndefined();
    // The answers and the new prompt go as one user message, the answers first.
    const last = model.seen[0]?.messages.at(-1);
    const blocks = last?.role === 'user' && Array.isArray(last.content) ? last.content : [];
    expect(blocks.map((block) => (block.type === 'tool_result' ? resultTextOf(block.content) : block.type === 'text' ? block.text : block.type))).toEqual([
      'Echo: a',
      NOT_RUN_AT_BRANCH,
      'Something else',
    ]);
    expect(transcriptProblems([...branch.messages])).toEqual([]);
  });

  it('a scripted model (the demo, a lesson) resumes at its place in the script, skipped steps skipped again', async () => {
    const { tool } = countingEcho();
    // Step 2 skips itself unless Echo failed: it never played, and must not play in the branch either.
    const script: ScriptStep[] = [
      { toolCalls: [{ name: 'Echo', input: { value: 'a' } }] },
      ({ lastToolResults }) => (lastToolResults.some((result) => result.is_error === true) ? { text: 'it failed' } : null),
      { toolCalls: [{ name: 'Echo', input: { value: 'b' } }] },
      { text: 'done' },
    ];
    const original = sessionWith(new RecordingScript(script), tool);
    const controller = new StepController({ enabled: true });
    // Pauses: request 1, tool a, result a, request 2, tool b ← here.
    const { pause, running } = await pauseAt(original, controller, 5);
    expect(pause.kind === 'tool' && pause.call.input).toEqual({ value: 'b' });
    const parked = branchLog(original.log, pausedStep(pause), 1000);
    original.interrupt();
    await running;
    const model = new RecordingScript(script);
    const branch = sessionWith(model, tool, parked);
    expect(await branch.resume()).toBe('completed');
    expect(model.position).toBe(4);
    expect(branch.messages.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'done' }] });
  });

  it('resume is refused when no run waits at a branch point', async () => {
    const { tool } = countingEcho();
    const session = sessionWith(new RecordingScript([{ text: 'hi' }]), tool);
    await expect(session.resume()).rejects.toThrow(/no run waiting at a branch point/);
    await session.send('Go');
    expect(session.resumePoint).toBeUndefined();
    await expect(session.resume()).rejects.toThrow(/no run waiting at a branch point/);
  });
  it("a sub-agent's step is refused with a reason: its run is not in the session's transcript", () => {
    const step: PausedStep = { kind: 'request', turn: 1, agent: 'Explore' };
    expect(() => branchLog([], step, 0)).toThrow(/Explore sub-agent cannot be branched from/);
  });
});
