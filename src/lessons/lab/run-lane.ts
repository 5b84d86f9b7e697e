/**
 * One lane of the Compare lab: the task run once, unattended, in a fresh sandbox seeded with the
 * task's starting files (never the user's workspace), with its own session, tools, memory and
 * rules; then measured from its event log and scored by the task's check. No DOM.
 */
import { contextPromptBuilder } from '../../agent/context-prompt';
import type { LoggedEvent } from '../../agent/event-log';
import type { StopReason } from '../../agent/events';
import { Session } from '../../agent/session';
import { sessionCost } from '../../agent/session-cost';
import { SubagentCatalogue } from '../../agent/subagent-types';
import type { SystemPart } from '../../agent/system-prompt';
import { costUsd, findModel } from '../../models/catalogue';
import type { ModelRequest } from '../../models/port';
import { createOfflineSandbox } from '../../sandbox/offline';
import type { Sandbox } from '../../sandbox/port';
import { MemoryStore } from '../../store/memory-store';
import { createMemoryTool } from '../../tools/memory';
import { createDefaultTools } from '../../tools/registry';
import { toAbsolute } from '../../tools/paths';
import { evaluateCheck } from '../lesson-check';
import type { CheckVerdict } from '../lesson-format';
import type { HarnessPreset, LaneSetup } from './harness-presets';
import { laneCheckContext } from './lane-check-context';
import type { LabTask } from './lab-task';

/** How a lane answers what would ask the user: it runs unattended, so by this policy (the UI states it). */
export const LANE_POLICY = 'Permission prompts are answered “allow once”; a plan is approved; questions are left unanswered.';

export interface LaneOptions {
  signal: AbortSignal;
  /** A fresh sandbox for the lane; default the offline sandbox (the app adds its `node` and `git`). */
  createSandbox?: () => Promise<Sandbox>;
  /** Wall-clock ms; injectable for tests. */
  clock?: () => number;
}

export interface LaneResult {
  preset: Pick<HarnessPreset, 'id' | 'label' | 'changes'>;
  modelLabel: string;
  stopReason: StopReason;
  detail?: string;
  /** Model turns of the lane's own loop (sub-agents' turns are in their tokens, not here). */
  turns: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars, when every request's model has a known price; undefined otherwise. */
  costUsd?: number;
  wallMs: number;
  /** The check's verdict; undefined when the task has no check. */
  verdict?: CheckVerdict;
  /** The lane's permission prompts, each answered by the lane policy (the gate logged them). */
  asksAnswered: number;
  /** The requests of the lane's own loop, in order (what the request diff compares). */
  requests: ModelRequest[];
  log: readonly LoggedEvent[];
}

export async function runLane(task: LabTask, preset: HarnessPreset, base: LaneSetup, options: LaneOptions): Promise<LaneResult> {
  const setup = preset.apply(base);
  const clock = options.clock ?? Date.now;
  const started = clock();
  const sandbox = await (options.createSandbox ?? (() => createOfflineSandbox()))();
  try {
    for (const [path, content] of Object.entries(task.files)) await sandbox.fs.write(toAbsolute(sandbox.root, path), content);
    const memory = new MemoryStore({ inMemory: true });
    const catalogue = setup.subagents ? new SubagentCatalogue() : undefined;
    const removed = new Set([...setup.removedTools, ...(setup.subagents ? [] : ['Agent'])]);
    const allTools = [...createDefaultTools({ agentTypes: () => catalogue?.types() ?? [] }), createMemoryTool(memory)];
    const tools = allTools.filter((tool) => !removed.has(tool.name));
    const model = await setup.model.create();
    const promptParts = contextPromptBuilder({ memory });
    const instruction = setup.appendedInstruction;
    const session = new Session({
      sandbox,
      model,
      ...(setup.model.modelId === undefined ? {} : { modelId: setup.model.modelId }),
      tools,
      ...(catalogue === undefined ? {} : { subagents: catalogue }),
      systemPrompt:
        instruction === undefined
          ? promptParts
          : async (context) => [...(await asParts(promptParts(context))), { label: 'Lab instruction', source: 'Compare lab', text: instruction }],
      permissionMode: setup.permissionMode,
      settings: { ...setup.settings, costOf: (usage, modelId) => costUsd(modelId, usage) },
    });
    let asksAnswered = 0;
    session.subscribe((event) => {
      if (event.type === 'permission_request') {
        asksAnswered += 1;
        session.decidePermission(event.callId, { kind: 'allow_once' });
      }
      if (event.type === 'user_input_request') {
        session.answerUserInput(event.callId, event.request.kind === 'plan' ? { kind: 'plan_approved', mode: 'default' } : { kind: 'cancelled' });
      }
    });
    const stop = (): void => session.interrupt();
    options.signal.addEventListener('abort', stop);
    let stopReason: StopReason;
    try {
      stopReason = options.signal.aborted ? 'interrupted' : await session.send(task.prompt);
    } finally {
      options.signal.removeEventListener('abort', stop);
    }
    const log = session.log;
    const cost = sessionCost(withSubagentEvents(log), (modelId) => findModel(modelId)?.pricing);
    const end = log.findLast(({ event }) => event.type === 'run_end')?.event;
    const detail = end?.type === 'run_end' ? end.detail : undefined;
    const verdict = task.check === undefined ? undefined : await evaluateCheck(task.check, laneCheckContext(session, allTools, memory));
    const result: LaneResult = {
      preset: { id: preset.id, label: preset.label, changes: preset.changes },
      modelLabel: model.label,
      stopReason,
      turns: log.filter(({ event }) => event.type === 'turn_start').length,
      inputTokens: cost.inputTokens + cost.cacheReadTokens + cost.cacheWriteTokens,
      outputTokens: cost.outputTokens,
      wallMs: Math.max(0, clock() - started),
      asksAnswered,
      requests: log.flatMap(({ event }) => (event.type === 'model_request' && event.request.purpose !== 'summary' ? [event.request] : [])),
      log,
    };
    if (detail !== undefined) result.detail = detail;
    if (cost.unpricedRequests === 0 && cost.requests > 0) result.costUsd = cost.costUsd;
    if (verdict !== undefined) result.verdict = verdict;
    return result;
  } finally {
    await sandbox.dispose().catch(() => undefined);
  }
}

/** The log with each sub-agent's events beside their parent's, so their tokens count too. */
function withSubagentEvents(log: readonly LoggedEvent[]): LoggedEvent[] {
  return log.flatMap((entry) => (entry.event.type === 'subagent_event' ? [entry, ...withSubagentEvents([{ at: entry.at, event: entry.event.event }])] : [entry]));
}

async function asParts(built: string | readonly SystemPart[] | Promise<string | readonly SystemPart[]>): Promise<SystemPart[]> {
  const value = await built;
  return typeof value === 'string' ? [{ label: 'Glassbox', source: 'built-in', text: value }] : [...value];
}
