/**
 * A recorded run, taken from a session's event log: the model's answers in order, each with
 * the hashes of the request it answered and the tool results that request carried. It is all a
 * replay needs to play the run again with no key (./replay-client.ts): the answers come from
 * here, the tools run again for real, and what they return is compared with what they returned.
 */
import type { AssistantMessage, Message, ToolResultBlock } from '../../models/messages';
import type { ModelStopReason, Usage } from '../../models/port';
import { requestHashes, type RequestHashes } from '../../models/request-hash';
import type { LoggedEvent } from '../event-log';
import { comparableMessagesHash } from './compare';

/** A tool's result as the recorded request carried it. */
export interface RecordedToolResult {
  callId: string;
  /** The tool's name, from the call it answers ('' when the call is not in the transcript). */
  tool: string;
  result: ToolResultBlock;
}

/** One answer of the model: a step of the replay. */
export interface RecordedStep {
  /** 0-based index of the run (the prompt) the answer belongs to. */
  run: number;
  turn: number;
  /** Hashes of the request the model answered (../../models/request-hash.ts). */
  request: RequestHashes;
  /** Hash of the request's messages with times and durations masked in tool results (./compare.ts). */
  comparable: string;
  /** The tool results that request carried: the answers to the previous step's calls, in order. */
  toolResults: RecordedToolResult[];
  message: AssistantMessage;
  stopReason: ModelStopReason;
  usage?: Usage;
}

export interface RecordedRun {
  /** The prompt of each run, in order. */
  prompts: string[];
  /** The model id of the first request ('' when there was none). */
  model: string;
  steps: RecordedStep[];
}

function toolNames(messages: readonly Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const block of message.content) if (block.type === 'tool_use') names.set(block.id, block.name);
  }
  return names;
}

/** The tool results of the last message of a request, when it is a user message. */
export function lastToolResults(messages: readonly Message[]): RecordedToolResult[] {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user' || typeof last.content === 'string') return [];
  const names = toolNames(messages);
  return last.content
    .filter((block): block is ToolResultBlock => block.type === 'tool_result')
    .map((result) => ({ callId: result.tool_use_id, tool: names.get(result.tool_use_id) ?? '', result }));
}

/**
 * The recorded run of a log: every run in it, each answer that arrived whole (failed attempts
 * and interrupted answers are left out: a replay plays only what the model really said).
 */
export function recordRun(log: readonly LoggedEvent[]): RecordedRun {
  const recording: RecordedRun = { prompts: [], model: '', steps: [] };
  let pending: { turn: number; request: RequestHashes; comparable: string; toolResults: RecordedToolResult[] } | null = null;
  for (const { event } of log) {
    switch (event.type) {
      case 'run_start':
        recording.prompts.push(event.prompt);
        pending = null;
        break;
      case 'model_request':
        if (recording.model === '') recording.model = event.request.model;
        pending = {
          turn: event.turn,
          request: requestHashes(event.request),
          comparable: comparableMessagesHash(event.request.messages),
          toolResults: lastToolResults(event.request.messages),
        };
        break;
      case 'model_response': {
        const { response } = event;
        if (pending === null || recording.prompts.length === 0) break;
        if (response.outcome !== 'message' || !response.message || !response.stopReason) break;
        recording.steps.push({
          run: recording.prompts.length - 1,
          turn: pending.turn,
          request: pending.request,
          comparable: pending.comparable,
          toolResults: pending.toolResults,
          message: response.message,
          stopReason: response.stopReason,
          ...(response.usage ? { usage: response.usage } : {}),
        });
        pending = null;
        break;
      }
      default:
        break;
    }
  }
  return recording;
}

/** How many answers the recording holds for each run. */
export function stepsPerRun(recording: RecordedRun): number[] {
  const counts = recording.prompts.map(() => 0);
  for (const step of recording.steps) counts[step.run] = (counts[step.run] ?? 0) + 1;
  return counts;
}
