/**
 * "Branch here" in step mode: a run paused at a step is left there as a log that ends with
 * `run_end` (branched) carrying the branch point, so a copy of it can take another path from
 * that very step while the original is kept. Session.resume() takes such a log on from the step;
 * a new prompt instead closes the step first. Pure functions of the log; no DOM.
 */
import type { ToolResultBlock, ToolUseBlock, UserMessage } from '../models/messages';
import type { LoggedEvent } from './event-log';
import type { AgentEvent, BranchPoint, ToolCallInfo } from './events';
import { errorResult, toolUsesOf } from './transcript';
import { transcriptOf } from './event-log';

/** The step a run is paused at (step mode's pause, without what only the view needs); `agent`: a sub-agent's step. */
export type PausedStep = (
  | { kind: 'request'; turn: number }
  | { kind: 'tool'; call: ToolCallInfo }
  | { kind: 'result'; call: ToolCallInfo; result: ToolResultBlock }
) & { agent?: string };

/** What a resumed run needs: where it waits, and the results its open round already has. */
export interface ResumePoint {
  branch: BranchPoint;
  /** Results of the open round's calls that ran before the branch point, by call id. */
  results: ReadonlyMap<string, ToolResultBlock>;
}

/** The answer a call gets when the run left at its branch point is not resumed but a new prompt comes. */
export const NOT_RUN_AT_BRANCH = 'Not run: the run was left at a branch point and a new prompt came instead.';

/**
 * The log of a run left at `step`: everything so far, less what the resumed run will say again (the
 * turn's start before a request; the cards of calls that have not run), then `run_end` (branched).
 */
export function branchLog(log: readonly LoggedEvent[], step: PausedStep, at: number): LoggedEvent[] {
  // A sub-agent's run is not in the session's transcript: there is no place in it to take on from.
  if (step.agent !== undefined) throw new Error(`a step of the ${step.agent} sub-agent cannot be branched from; branch from a step of the main run.`);
  const branch = branchPointOf(log, step);
  const kept = step.kind === 'request' ? withoutLastTurnStart(log, step.turn) : withoutUnrunCalls(log, answeredIds(log, step));
  const end: AgentEvent = { type: 'run_end', reason: 'branched', detail: branchDetail(branch, step), at, branch };
  return [...kept, { at, event: end }];
}

/** Where the log waits, when its last run was left at a branch point. */
export function resumePointOf(log: readonly LoggedEvent[]): ResumePoint | undefined {
  const last = log[log.length - 1]?.event;
  if (last?.type !== 'run_end' || last.reason !== 'branched' || last.branch === undefined) return undefined;
  return { branch: last.branch, results: last.branch.step === 'request' ? new Map() : openRoundResults(log) };
}

/**
 * When a new prompt comes instead of Resume: the user message that answers the open round's
 * calls (what ran keeps its result; the rest were not run), or undefined when none is open.
 */
export function closingAnswer(log: readonly LoggedEvent[]): UserMessage | undefined {
  const point = resumePointOf(log);
  if (point === undefined || point.branch.step === 'request') return undefined;
  const uses = openToolUses(log);
  if (uses.length === 0) return undefined;
  const { branch } = point;
  const content = uses.map((use) => point.results.get(use.id) ?? (branch.step === 'result' && branch.callId === use.id ? branch.result : errorResult(use.id, NOT_RUN_AT_BRANCH)));
  return { role: 'user', content };
}

/** The tool calls of the transcript's last message when it is the model's, waiting for their results. */
export function openToolUses(log: readonly LoggedEvent[]): ToolUseBlock[] {
  const messages = transcriptOf(log);
  const last = messages[messages.length - 1];
  return last?.role === 'assistant' ? toolUsesOf(last) : [];
}

function branchPointOf(log: readonly LoggedEvent[], step: PausedStep): BranchPoint {
  if (step.kind === 'request') return { step: 'request', turn: step.turn };
  const turn = turnOfCall(log, step.call.id);
  return step.kind === 'tool' ? { step: 'tool', turn, callId: step.call.id } : { step: 'result', turn, callId: step.call.id, result: step.result };
}

function branchDetail(branch: BranchPoint, step: PausedStep): string {
  const where =
    step.kind === 'request' ? `before the request of turn ${branch.turn} was sent` : step.kind === 'tool' ? `before ${step.call.name} ran` : `before ${step.call.name}'s result went back to the model`;
  return `Left at a branch point, ${where}. Resume takes this run on from exactly there.`;
}

function turnOfCall(log: readonly LoggedEvent[], callId: string): number {
  for (let i = log.length - 1; i >= 0; i--) {
    const event = log[i]?.event;
    if (event?.type === 'tool_call' && event.call.id === callId) return event.turn;
    if (event?.type === 'assistant_message') return event.turn;
  }
  return 1;
}

function lastAssistantIndex(log: readonly LoggedEvent[]): number {
  for (let i = log.length - 1; i >= 0; i--) if (log[i]?.event.type === 'assistant_message') return i;
  return -1;
}

/** Results logged since the model's last message: the calls of its round that already ran. */
function openRoundResults(log: readonly LoggedEvent[]): Map<string, ToolResultBlock> {
  const results = new Map<string, ToolResultBlock>();
  for (const { event } of log.slice(lastAssistantIndex(log) + 1)) if (event.type === 'tool_result') results.set(event.callId, event.result);
  return results;
}

function answeredIds(log: readonly LoggedEvent[], step: PausedStep): Set<string> {
  const ids = new Set(openRoundResults(log).keys());
  if (step.kind === 'result') ids.add(step.call.id);
  return ids;
}

function withoutLastTurnStart(log: readonly LoggedEvent[], turn: number): LoggedEvent[] {
  let at = -1;
  for (let i = log.length - 1; i >= 0 && at < 0; i--) {
    const event = log[i]?.event;
    if (event?.type === 'turn_start' && event.turn === turn) at = i;
  }
  return at < 0 ? [...log] : [...log.slice(0, at), ...log.slice(at + 1)];
}

/** After the model's last message, only what belongs to calls that ran (and to no call at all) stays. */
function withoutUnrunCalls(log: readonly LoggedEvent[], answered: ReadonlySet<string>): LoggedEvent[] {
  const from = lastAssistantIndex(log) + 1;
  return [...log.slice(0, from), ...log.slice(from).filter(({ event }) => {
    const callId = callIdOf(event);
    return callId === undefined || answered.has(callId);
  })];
}

function callIdOf(event: AgentEvent): string | undefined {
  if (event.type === 'tool_call') return event.call.id;
  return 'callId' in event ? event.callId : undefined;
}
