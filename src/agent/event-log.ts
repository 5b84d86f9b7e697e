/**
 * A session is its event log: every AgentEvent it emitted, in order, each stamped with the
 * wall-clock time it arrived. The transcript sent to the model, the chat, the inspector and the
 * totals are all folds of this one log, live and after a reload alike.
 *
 * This module holds the log's shape and the harness-side folds (the transcript); the view fold
 * lives with the UI (src/app/state/fold.ts) and the stored form with the store
 * (src/store/event-log-codec.ts). No DOM.
 */
import type { Message } from '../models/messages';
import type { AgentEvent } from './events';
import { appendUserContent, danglingAnswer } from './transcript';

/** Bump when a stored event changes shape, and teach src/store/event-log-codec.ts the old one. */
export const EVENT_LOG_FORMAT = 1;

export interface LoggedEvent {
  /** When the event arrived (ms since the epoch). Folds read time from here, never from a clock. */
  at: number;
  event: AgentEvent;
}

/**
 * The transcript the model sees next: every assistant and user message the log appended, in order,
 * starting over at each compaction from the message that replaced what came before, and at each
 * request whose messages were edited in step mode from the messages sent.
 */
export function transcriptOf(log: readonly LoggedEvent[]): Message[] {
  const messages: Message[] = [];
  for (const { event } of log) {
    if (event.type === 'assistant_message') messages.push(event.message);
    else if (event.type === 'user_message') appendUserContent(messages, event.message.content);
    else if (event.type === 'compaction') messages.splice(0, messages.length, event.message);
    // Messages edited in step mode were sent instead of the transcript, and replace it.
    else if (event.type === 'model_request' && event.stepEdit?.messages === true) messages.splice(0, messages.length, ...event.request.messages);
  }
  return messages;
}

/** Whether the last run of the log started and never ended (the page closed while it ran). */
export function hasUnfinishedRun(log: readonly LoggedEvent[]): boolean {
  for (let i = log.length - 1; i >= 0; i--) {
    const type = log[i]?.event.type;
    if (type === 'run_end') return false;
    if (type === 'run_start' || type === 'run_resumed') return true;
  }
  return false;
}

export const UNFINISHED_RUN_DETAIL = 'The page was closed or reloaded while this run was going on.';
const NOT_RUN = 'Not run: the page was closed before this call ran.';

/**
 * The events that end a run the page never finished: answers for calls left without a result
 * (so the transcript stays one a provider accepts), then `run_end` (interrupted). Empty when the
 * last run ended.
 */
export function closingEvents(log: readonly LoggedEvent[], at: number): LoggedEvent[] {
  if (!hasUnfinishedRun(log)) return [];
  const closing: LoggedEvent[] = [];
  const answer = danglingAnswer(transcriptOf(log), NOT_RUN);
  if (answer) {
    for (const block of answer.content) {
      if (typeof block === 'string' || block.type !== 'tool_result') continue;
      closing.push({ at, event: { type: 'tool_result', callId: block.tool_use_id, result: block, durationMs: 0 } });
    }
    closing.push({ at, event: { type: 'user_message', message: answer } });
  }
  closing.push({ at, event: { type: 'run_end', reason: 'interrupted', detail: UNFINISHED_RUN_DETAIL, at } });
  return closing;
}
