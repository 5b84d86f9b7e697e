/** Default budget for one tool result, in characters (about 7–8k tokens). */
export const DEFAULT_MAX_RESULT_CHARS = 30_000;

/**
 * Shortens text longer than `maxChars` by cutting out its middle, keeping the head (where
 * commands print what they did) and the tail (where errors and summaries land), with a marker
 * saying how much was removed. The result is at most `maxChars` long (unless `maxChars` is smaller
 * than the marker itself).
 */
export function truncateMiddle(text: string, maxChars: number = DEFAULT_MAX_RESULT_CHARS): string {
  if (text.length <= maxChars) return text;
  // The marker's length depends on the count it shows; size it for the worst case.
  const markerBudget = marker(text.length).length;
  const keep = Math.max(0, maxChars - markerBudget);
  let headEnd = Math.ceil(keep / 2);
  let tailStart = text.length - (keep - headEnd);
  // Never split a surrogate pair: that would leave a broken character on either side.
  if (headEnd > 0 && isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart += 1;
  return `${text.slice(0, headEnd)}${marker(tailStart - headEnd)}${text.slice(tailStart)}`;
}

function marker(removed: number): string {
  return `\n… [${removed.toLocaleString('en-US')} characters truncated] …\n`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
