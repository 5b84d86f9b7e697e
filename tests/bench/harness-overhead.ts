import { z } from 'zod';
import { runAgentLoop } from '../../src/agent/loop';
import { ScriptedModelClient, type ScriptStep } from '../../src/models/scripted';
import type { AnyTool } from '../../src/tools/port';
import { stubSandbox } from '../unit/agent/fakes';
import type { BenchResult } from './result';
import { median } from './stats';

const ROUND_TRIPS = 1000;
const GOAL_MS = 1;

const noopTool: AnyTool = {
  name: 'Noop',
  description: 'Does nothing.',
  inputSchema: z.object({ n: z.number() }),
  readOnly: false,
  category: 'other',
  concurrencySafe: false,
  permission: () => ({ title: 'Nothing', ruleKey: 'Noop' }),
  summarize: () => 'nothing',
  run: async () => ({ content: 'ok' }),
};


/** One run of `roundTrips` tool round trips; returns the duration of each (turn start → next turn start). */
async function measure(roundTrips: number): Promise<number[]> {
  const call: ScriptStep = { text: 'Again.', toolCalls: [{ name: 'Noop', input: { n: 1 } }] };
  const script: ScriptStep[] = [...Array.from({ length: roundTrips }, () => call), { text: 'Done.' }];
  const turnStarts: number[] = [];
  const result = await runAgentLoop(
    {
      model: new ScriptedModelClient({ script, chunkDelayMs: 0 }),
      modelId: 'scripted',
      systemPrompt: 'Benchmark.',
      messages: [{ role: 'user', content: 'Go.' }],
      tools: [noopTool],
      // The loop never touches the sandbox with a no-op tool; the stub fails loudly if it did.
      sandbox: stubSandbox(),
      readLedger: new Map(),
      signal: new AbortController().signal,
      askPermission: async () => ({ kind: 'allow_once' }),
      permissionMode: 'bypass',
      settings: { maxTurns: roundTrips + 1 },
    },
    (event) => {
      if (event.type === 'turn_start') turnStarts.push(performance.now());
    },
  );
  if (result.reason !== 'completed') throw new Error(`benchmark run ended with ${result.reason}`);
  const durations: number[] = [];
  for (let index = 1; index < turnStarts.length; index++) durations.push(turnStarts[index]! - turnStarts[index - 1]!);
  return durations;
}

/**
 * Harness overhead: 1,000 tool round trips (model turn with one tool call → permission
 * gate → tool → result appended → next request) against the scripted model at zero
 * delay and a no-op tool, so what is measured is the loop itself. Reports the median.
 */
export async function benchHarnessOverhead(): Promise<BenchResult[]> {
  await measure(100); // warm up the JIT
  const durations = await measure(ROUND_TRIPS);
  const value = median(durations);
  const sorted = [...durations].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;
  return [
    {
      name: 'harness overhead per tool round trip (scripted model, no-op tool)',
      value: Math.round(value * 1000) / 1000,
      unit: 'ms',
      goal: `< ${GOAL_MS} ms`,
      pass: value < GOAL_MS,
      note: `median of ${durations.length}; p95 ${p95.toFixed(3)} ms`,
    },
  ];
}
