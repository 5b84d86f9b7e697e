/** Readers for provider JSON, where any field may be missing or of another type than documented. */

export type Json = Record<string, unknown>;

/** `value` if it is a plain object (not null, not an array). */
export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number; NaN and Infinity count as missing. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
