/**
 * The session's event log in storage: a long session (every request resends the whole
 * transcript) saved a turn at a time, as the app saves it, then read back.
 * - stored size against the events as they came (JSON), the naive way to save them;
 * - the time one save takes to pack the newest turn (it must not grow with the session);
 * - the time to read the whole log back and fold it into the chat.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { LoggedEvent } from '../../src/agent/event-log';
import { Session } from '../../src/agent/session';
import { foldLog } from '../../src/app/state/fold';
import { ScriptedModelClient, type ScriptStep } from '../../src/models/scripted';
import { LogPacker, LogReader } from '../../src/store/event-log-codec';
import type { AnyTool } from '../../src/tools/port';
import { stubSandbox } from '../unit/agent/fakes';
import type { BenchResult } from './result';
import { median } from './stats';

const TURNS = 150;

const lookTool: AnyTool = {
  name: 'Look',
  description: 'Reads a part of the project.',
  inputSchema: z.object({ part: z.number() }),
  readOnly: true,
  category: 'read-only',
  concurrencySafe: true,
  permission: () => ({ title: 'Look', ruleKey: 'Look' }),
  summarize: (input: { part: number }) => `part ${input.part}`,
  run: async (input: { part: number }) => ({ content: `Part ${input.part}:\n${'const value = compute(input);\n'.repeat(40)}` }),
};

async function longSession(): Promise<LoggedEvent[]> {
  const steps: ScriptStep[] = Array.from({ length: TURNS }, (_, i) => ({
    text: `Looking at part ${i} next, since the last one pointed there. `.repeat(3),
    toolCalls: [{ name: 'Look', input: { part: i } }],
  }));
  const session = new Session({
    sandbox: stubSandbox(),
    model: new ScriptedModelClient({ script: [...steps, { text: 'Done.' }] }),
    tools: [lookTool],
    permissionMode: 'bypass',
    settings: { maxTurns: TURNS + 5 },
  });
  await session.send('Read the whole project.');
  return [...session.log];
}


export async function benchEventLog(): Promise<BenchResult[]> {
  const log = await longSession();
  const naiveBytes = JSON.stringify(log).length;

  // Saved as the app saves: one chunk per turn.
  const packer = new LogPacker();
  const chunks: unknown[] = [];
  const saveMs: number[] = [];
  let from = 0;
  for (let i = 0; i < log.length; i++) {
    if (log[i]?.event.type !== 'turn_start' && i !== log.length - 1) continue;
    const started = performance.now();
    // structuredClone: what IndexedDB does to the record.
    chunks.push(structuredClone(packer.pack(log.slice(from, i + 1))));
    saveMs.push(performance.now() - started);
    from = i + 1;
  }
  const storedBytes = JSON.stringify(chunks).length;
  const lastTenth = saveMs.slice(-Math.ceil(saveMs.length / 10));
  const firstTenth = saveMs.slice(0, Math.ceil(saveMs.length / 10));

  const started = performance.now();
  const reader = new LogReader();
  for (const chunk of chunks) reader.read(chunk);
  const { log: readBack } = reader.finish();
  const view = foldLog(readBack);
  const loadMs = performance.now() - started;
  if (view.requests.length !== TURNS + 1) throw new Error(`the log read back shows ${view.requests.length} requests, not ${TURNS + 1}`);

  return [
    {
      name: `stored size of a ${TURNS}-turn session`,
      value: Math.round(storedBytes / 1024),
      unit: 'kB',
      goal: '< 1/10 of the events as JSON',
      pass: storedBytes * 10 < naiveBytes,
      note: `events as JSON: ${Math.round(naiveBytes / 1024)} kB (${(naiveBytes / storedBytes).toFixed(0)}× larger)`,
    },
    {
      name: 'one save (pack a turn), late in the session',
      value: Number(median(lastTenth).toFixed(3)),
      unit: 'ms',
      goal: '< 5 ms',
      pass: median(lastTenth) < 5,
      note: `early in the session: ${median(firstTenth).toFixed(3)} ms (median of ${firstTenth.length})`,
    },
    { name: `read back and fold ${log.length} events`, value: Math.round(loadMs), unit: 'ms', goal: '< 500 ms', pass: loadMs < 500, note: `${chunks.length} chunks` },
  ];
}
