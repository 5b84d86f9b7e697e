import { describe, expect, it } from 'vitest';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import type { Lesson } from '../../../src/lessons/lesson-format';
import { labTaskOfLesson } from '../../../src/lessons/lab/lab-task';
import { AS_IS, PRESET_KINDS, appendedInstruction, baseSetup, compaction, presetKind, withoutTool, type ModelSource } from '../../../src/lessons/lab/harness-presets';
import { runLab } from '../../../src/lessons/lab/lab-runner';
import { runLane } from '../../../src/lessons/lab/run-lane';
import { scriptedSource } from '../../../src/lessons/lab/lab-models';
import { changedLines, sameTurn } from '../../../src/lessons/lab/request-diff';

/** A small lesson: read a note, write an answer, show it; checked by the answer's contents. */
const lesson: Lesson = {
  folder: '99-answer',
  slug: 'answer',
  content: '# Answer',
  files: { 'notes.txt': 'The answer is 42.\n' },
  run: {
    turns: [
      { text: 'Reading the note.', toolCalls: [{ name: 'Read', input: { file_path: '/workspace/notes.txt' } }] },
      { text: 'Writing the answer.', toolCalls: [{ name: 'Write', input: { file_path: '/workspace/answer.txt', content: 'answer: 42\n' } }] },
      { text: 'Done: answer.txt says 42.' },
    ],
  },
  manifest: {
    title: 'Answer',
    summary: 'Write the answer.',
    prompt: 'Write the answer from notes.txt into answer.txt.',
    exercise: 'Make the agent write it.',
    check: { kind: 'file', description: 'answer.txt holds 42', path: 'answer.txt', contains: '42' },
  },
};

/** Like the lesson's run, but a failed write ends the run a turn early (as a real model would give up). */
function reactiveSource(): ModelSource {
  const script: ScriptStep[] = [
    { toolCalls: [{ name: 'Read', input: { file_path: '/workspace/notes.txt' } }] },
    { toolCalls: [{ name: 'Write', input: { file_path: '/workspace/answer.txt', content: 'answer: 42\n' } }] },
    (context) => (context.lastToolResults.some((result) => result.is_error === true) ? { text: 'I cannot write files here.', endsScript: true } : null),
    { toolCalls: [{ name: 'Bash', input: { command: 'cat answer.txt' } }] },
    { text: 'answer.txt says 42.' },
  ];
  return { id: 'reactive', label: 'Reactive script', create: async () => new ScriptedModelClient({ script, chunkDelayMs: 0, label: 'Reactive script' }) };
}

const signal = (): AbortSignal => new AbortController().signal;

describe('the Compare lab', () => {
  it('runs two lanes from the same files, scores each by the check and diffs their requests', async () => {
    const task = labTaskOfLesson(lesson);
    const seen: string[] = [];
    const result = await runLab(task, [AS_IS, withoutTool('Write')], baseSetup(task, reactiveSource()), {
      signal: signal(),
      onLane: (lane, state) => seen.push(`${lane} ${state}`),
    });
    expect(seen).toEqual(['A running', 'A done', 'B running', 'B done']);
    const { a, b } = result;
    if (b === undefined) throw new Error('lane B did not run');
    expect(a.verdict).toEqual({ passed: true, detail: 'answer.txt is as asked' });
    expect(b.verdict).toEqual({ passed: false, detail: 'answer.txt does not exist yet' });
    expect(a.stopReason).toBe('completed');
    expect(b.stopReason).toBe('completed');
    expect(a.turns).toBe(4);
    expect(b.turns).toBe(3);
    expect(a.inputTokens).toBeGreaterThan(b.inputTokens);
    expect(a.outputTokens).toBeGreaterThan(0);
    expect(a.costUsd).toBeUndefined(); // a scripted model has no price
    // Turn 1: only the tool list differs; turn 3: B saw its write fail; turn 4: only A asked.
    const [first, , third, fourth] = result.diff;
    expect(first?.toolsOnlyInA).toEqual(['Write']);
    expect(first?.toolsOnlyInB).toEqual([]);
    expect(first?.messages).toEqual([]);
    expect(third?.messages.some((line) => line.side === 'B' && line.text.includes('tool_result'))).toBe(true);
    expect(fourth?.onlyIn).toBe('A');
    expect(result.diff).toHaveLength(4);
  });

  it('never touches anything but its own sandboxes: each lane starts from the task files', async () => {
    const task = labTaskOfLesson(lesson);
    const result = await runLab(task, [AS_IS, AS_IS], baseSetup(task, scriptedSource(task)), { signal: signal() });
    expect(result.a.verdict?.passed).toBe(true);
    expect(result.b?.verdict?.passed).toBe(true);
    // The same script from the same files: the same requests turn by turn.
    expect(result.diff.every(sameTurn)).toBe(true);
    expect(result.a.turns).toBe(3);
  });

  it('answers permission prompts by the lane policy, and the gate still logs them', async () => {
    const task = { ...labTaskOfLesson(lesson), harness: { permissionMode: 'default' as const } };
    const lane = await runLane(task, AS_IS, baseSetup(task, scriptedSource(task)), { signal: signal() });
    expect(lane.asksAnswered).toBe(1); // the Write asks in the default mode
    expect(lane.log.some(({ event }) => event.type === 'permission_request')).toBe(true);
    expect(lane.log.some(({ event }) => event.type === 'permission_decision' && event.decision.kind === 'allow_once')).toBe(true);
  });

  it('shows an appended instruction in the system prompt diff', async () => {
    const task = labTaskOfLesson(lesson);
    const result = await runLab(task, [AS_IS, appendedInstruction('Answer in French.')], baseSetup(task, scriptedSource(task)), { signal: signal() });
    expect(result.diff[0]?.system).toEqual([{ side: 'B', text: 'Answer in French.' }]);
  });

  it('stops: a lab stopped during lane A does not run lane B', async () => {
    const task = labTaskOfLesson(lesson);
    const controller = new AbortController();
    const result = await runLab(task, [AS_IS, AS_IS], baseSetup(task, scriptedSource(task)), {
      signal: controller.signal,
      onLane: (lane, state) => {
        if (lane === 'A' && state === 'running') controller.abort();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.b).toBeUndefined();
    expect(result.a.stopReason).toBe('interrupted');
  });
});

describe('harness presets', () => {
  const task = labTaskOfLesson({ ...lesson, manifest: { ...lesson.manifest, harness: { context: { contextWindow: 4000 }, maxTurns: 7 } } });
  const base = baseSetup(task, scriptedSource(task));

  it('start from the lesson’s harness settings', () => {
    expect(base.settings).toEqual({ maxTurns: 7, context: { contextWindow: 4000 } });
    expect(base.permissionMode).toBe('default');
  });

  it('say what they change and change only that', () => {
    const off = compaction(false).apply(base);
    expect(off.settings.context).toEqual({ contextWindow: 4000, autoCompact: false, microCompact: false });
    expect(compaction(false).changes).toMatch(/No compaction/);
    expect(withoutTool('Bash').apply(base).removedTools).toEqual(['Bash']);
    expect(presetKind('plan-mode')?.make('', []) ).toMatchObject({ label: 'Plan mode' });
    const plan = presetKind('plan-mode')?.make('', []);
    if (plan === undefined || 'problem' in plan) throw new Error('no plan preset');
    expect(plan.apply(base).permissionMode).toBe('plan');
    const noAgents = presetKind('subagents-off')?.make('', []);
    if (noAgents === undefined || 'problem' in noAgents) throw new Error('no sub-agents preset');
    expect(noAgents.apply(base).subagents).toBe(false);
  });

  it('with a parameter say what is missing', () => {
    expect(presetKind('without-tool')?.make(' ', [])).toEqual({ problem: 'Choose the tool to remove.' });
    expect(presetKind('instruction')?.make('', [])).toEqual({ problem: 'Write the instruction to append to the system prompt.' });
    expect(presetKind('model')?.make('gpt', [])).toEqual({ problem: 'Choose the model.' });
    const other = presetKind('model')?.make('reactive', [reactiveSource()]);
    if (other === undefined || 'problem' in other) throw new Error('no model preset');
    expect(other.apply(base).model.label).toBe('Reactive script');
    expect(new Set(PRESET_KINDS.map((kind) => kind.id)).size).toBe(PRESET_KINDS.length);
  });
});

describe('the line diff', () => {
  it('keeps only the lines one side has', () => {
    expect(changedLines('a\nb\nc\n', 'a\nB\nc\n').lines).toEqual([
      { side: 'A', text: 'b' },
      { side: 'B', text: 'B' },
    ]);
    expect(changedLines('same\n', 'same\n').lines).toEqual([]);
  });
});
