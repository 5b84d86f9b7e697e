/**
 * What the Sessions view lists of a session, folded from its log: the title (its first prompt),
 * the model it last asked, tokens and cost. No DOM.
 */
import type { LoggedEvent } from '../agent/event-log';
import type { SessionSummary } from './db';

const TITLE_CHARS = 80;

/** One line of at most TITLE_CHARS characters from a prompt. */
export function titleOf(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}

export function summarizeLog(log: readonly LoggedEvent[]): SessionSummary {
  const summary: SessionSummary = { title: '', model: '', inputTokens: 0, outputTokens: 0, costUsd: 0, prompts: 0 };
  for (const { event } of log) {
    if (event.type === 'run_start') {
      summary.prompts += 1;
      if (summary.title === '') summary.title = titleOf(event.prompt);
    } else if (event.type === 'model_request') summary.model = event.request.model;
    else if (event.type === 'usage') {
      summary.inputTokens += event.usage.inputTokens;
      summary.outputTokens += event.usage.outputTokens;
      summary.costUsd += event.costUsd ?? 0;
    }
  }
  return summary;
}

/** Where in the log the user's `index`-th prompt (0-based) starts: its run_start; -1 when there is none. */
export function promptStart(log: readonly LoggedEvent[], index: number): number {
  let seen = -1;
  for (let i = 0; i < log.length; i++) {
    if (log[i]?.event.type !== 'run_start') continue;
    seen += 1;
    if (seen === index) return i;
  }
  return -1;
}

/** The user's prompts, in order (what Rewind and Fork offer). */
export function promptsOf(log: readonly LoggedEvent[]): string[] {
  const prompts: string[] = [];
  for (const { event } of log) if (event.type === 'run_start') prompts.push(event.prompt);
  return prompts;
}
