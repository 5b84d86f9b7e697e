/** Placeholder shown wherever a secret was. */
export const REDACTED = '[redacted]';

/** Headers that carry a credential for one of the providers we speak to. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'proxy-authorization']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replace every occurrence of each key in `text` with "[redacted]".
 * Also blanks `key=…` query parameters, a common way keys leak through URLs.
 * Keys shorter than 4 characters are ignored: masking "a" would shred any text.
 */
export function redactSecrets(text: string, keys: ReadonlyArray<string | undefined | null>): string {
  let out = text;
  // Longest first, so a key that contains another is masked whole.
  const usable = keys.filter((key): key is string => typeof key === 'string' && key.trim().length >= 4);
  usable.sort((a, b) => b.length - a.length);
  for (const key of usable) {
    out = out.replace(new RegExp(escapeRegExp(key.trim()), 'g'), REDACTED);
  }
  return out.replace(/([?&](?:key|api_key|apikey)=)[^&\s"']+/gi, `$1${REDACTED}`);
}

/** A copy of `headers` with credential headers shown as "[redacted]" (for the inspector's request view). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** A key as a settings field may show it once saved: "sk-a…wxyz". Short keys are fully hidden. */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length < 12) return '•'.repeat(Math.min(trimmed.length, 8));
  return `${trimmed.slice(0, 4)}…${trimmed.slice(-4)}`;
}
