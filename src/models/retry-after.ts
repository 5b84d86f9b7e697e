/** The subset of `Headers` we read, so tests can pass a plain object wrapper. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms` (Anthropic, OpenAI)
 * or `retry-after` (seconds or an HTTP date). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Google's `RetryInfo.retryDelay` is a protobuf Duration string such as "37s" or "1.5s". */
export function parseDurationMs(duration: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(duration.trim());
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}
