/**
 * A long scripted session for the compaction tests and the "compaction" bench: hundreds of turns
 * reading large files, searching and running commands in a real offline sandbox, against a small
 * context window, ending with a report the task asks for.
 */
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import type { ContextSettings } from '../../../src/agent/context-budget';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';
import { createDefaultTools } from '../../../src/tools/registry';

export const LONG_TASK = 'Read every file under src/ one by one, count the lines marked TODO, and write the total to report.txt.';
export const FILE_COUNT = 60;

function fileText(index: number): string {
  const lines: string[] = [];
  for (let line = 0; line < 120; line++) {
    lines.push(line % 40 === index % 40 ? `// TODO: item ${index}-${line}` : `export const value${index}_${line} = ${index * 1000 + line}; // padding text`);
  }
  return lines.join('\n');
}

export function expectedTodos(): number {
  let total = 0;
  for (let i = 0; i < FILE_COUNT; i++) total += fileText(i).split('\n').filter((line) => line.includes('TODO')).length;
  return total;
}

export async function longSessionSandbox(): Promise<Sandbox> {
  const sandbox = await createOfflineSandbox();
  for (let i = 0; i < FILE_COUNT; i++) await sandbox.fs.write(`${sandbox.root}/src/file-${String(i).padStart(3, '0')}.ts`, fileText(i));
  return sandbox;
}

/** `turns` tool turns: reads (each file several times over), a search every 10 turns, a command every 25; then the report. */
export function longScript(turns: number): ScriptStep[] {
  // The TODO lines the model has seen: in tool results, and in files re-attached after a compaction.
  const seen = new Set<string>();
  const steps: ScriptStep[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const file = `src/file-${String(turn % FILE_COUNT).padStart(3, '0')}.ts`;
    steps.push((context) => {
      for (const message of context.messages) {
        if (message.role !== 'user' || typeof message.content === 'string') continue;
        for (const block of message.content) {
          const text = block.type === 'text' ? block.text : block.type === 'tool_result' && typeof block.content === 'string' ? block.content : '';
          for (const match of text.matchAll(/TODO: item (\d+-\d+)/g)) if (match[1] !== undefined) seen.add(match[1]);
        }
      }
      const read = { name: 'Read', input: { file_path: file } };
      if (turn % 25 === 24) return { text: `Reading ${file}, checking sizes (turn ${turn}).`, toolCalls: [read, { name: 'Bash', input: { command: 'wc -c src/*.ts', description: 'Sizes' } }] };
      if (turn % 10 === 9) return { text: `Reading ${file}, searching (turn ${turn}).`, toolCalls: [read, { name: 'Grep', input: { pattern: 'value\\d+_1\\d ', path: 'src', output_mode: 'content' } }] };
      return { text: `Reading ${file} (turn ${turn}).`, toolCalls: [read] };
    });
  }
  steps.push(() => {
    const total = seen.size;
    return { text: 'Writing the report.', toolCalls: [{ name: 'Write', input: { file_path: 'report.txt', content: `TODO lines: ${total}\n` } }] };
  });
  steps.push({ text: 'Done: report.txt holds the total.' });
  return steps;
}

export interface LongSessionOptions {
  turns: number;
  context: Partial<ContextSettings>;
  simulateCache: boolean;
  maxTokens?: number;
}

export interface LongSessionRun {
  session: Session;
  sandbox: Sandbox;
  events: AgentEvent[];
  reason: string;
}

export async function runLongSession(options: LongSessionOptions): Promise<LongSessionRun> {
  const sandbox = await longSessionSandbox();
  const model = new ScriptedModelClient({ script: longScript(options.turns), simulateCache: options.simulateCache });
  const session = new Session({
    sandbox,
    model,
    tools: createDefaultTools(),
    systemPrompt: 'You are a careful coding agent working in a sandbox.',
    permissionMode: 'bypass',
    settings: { maxTurns: options.turns + 10, maxTokens: options.maxTokens ?? 2000, context: options.context },
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  const reason = await session.send(LONG_TASK);
  return { session, sandbox, events, reason };
}
