import { abortableSleep } from '../models/abortable-sleep';
import type { ModelError, ModelErrorKind } from '../models/port';

/** How the loop retries a failed model call. Injectable so tests run on a fake clock. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Cap on the exponential delay (a provider's retry-after is honoured even above it). */
  maxDelayMs: number;
  /** Wait that rejects when the signal fires. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  sleep: abortableSleep,
  random: Math.random,
};

/**
 * Transient failures worth another try. Auth and invalid-request errors never are:
 * the same request would fail the same way. `aborted` means the user stopped.
 */
const RETRYABLE_KINDS: ReadonlySet<ModelErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'network',
  'stream_dropped',
]);

export function isRetryable(error: ModelError): boolean {
  return RETRYABLE_KINDS.has(error.kind) && error.retryable;
}

/** How many retries this failure gets: the policy's, or fewer when the error says more would not help. */
export function retriesFor(policy: RetryPolicy, error: ModelError): number {
  return Math.min(policy.maxRetries, error.maxRetries ?? Infinity);
}

/**
 * Delay before retry number `attempt` (1-based). A provider's retry-after wins;
 * otherwise exponential backoff with "equal jitter" (half fixed, half random), so
 * many clients hit by the same outage do not come back in lockstep.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, error: ModelError): number {
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= 0) return Math.ceil(error.retryAfterMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (policy.random() * exponential) / 2);
}
