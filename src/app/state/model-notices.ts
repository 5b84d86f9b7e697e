/**
 * Wording of the chat lines a model provider's failures produce: the retry notice
 * ("Provider busy (rate limited) — retrying in 4 s…") and the final error line.
 */
import type { ModelError, ModelErrorKind } from '../../models/port';

const RETRY_HEADLINES: Partial<Record<ModelErrorKind, string>> = {
  rate_limit: 'Provider busy (rate limited)',
  overloaded: 'Provider busy (overloaded)',
  server: 'Provider error (server error)',
  network: 'Connection failed',
  stream_dropped: 'Connection dropped mid-answer',
};

/** The first words of a retry notice, by error kind. */
export function retryHeadline(error: ModelError): string {
  return RETRY_HEADLINES[error.kind] ?? 'Model request failed';
}

/** Whole seconds left, as shown in the countdown (never 0 while waiting). */
export function secondsLeft(untilMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
}

/** "Provider busy (rate limited) — retrying in 4 s…" (no-break space before "s"), or "… — retrying now…" once the wait is over. */
export function retryLine(error: ModelError, seconds: number): string {
  // A no-break space keeps "4 s" together when the line wraps.
  return `${retryHeadline(error)} — ${seconds > 0 ? `retrying in ${seconds}\u00a0s…` : 'retrying now…'}`;
}

const AUTH_ADVICE = 'Check the API key in Model settings.';

/** The chat line for a failure that ended the run: a sentence, with what to do where we know it. */
export function errorLine(error: ModelError | { kind: 'internal'; message: string }): string {
  const message = error.message.trim();
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  if (error.kind === 'auth' && !sentence.includes(AUTH_ADVICE)) return `${sentence.replace(/[.\s]*$/, '.')} ${AUTH_ADVICE}`;
  return sentence;
}

/** True when a run's end detail only repeats the error line just shown. */
export function repeatsError(detail: string, line: string): boolean {
  const said = detail.trim().toLowerCase().replace(/[.\s]*$/, '');
  return said !== '' && line.toLowerCase().startsWith(said);
}
