/**
 * Whether a tool's result in a replay is the one it had in the recording. Clock times, dates
 * and durations are masked before comparing: `ls -la` a minute later, or a test run that took
 * 3 ms instead of 2, is the same outcome, not a divergence.
 */
import type { Message, ToolResultBlock } from '../../models/messages';
import { canonicalJson, hashText } from '../../models/request-hash';

/** How much of each side a divergence notice keeps. */
export const EXCERPT_CHARS = 600;

export function resultText(result: ToolResultBlock): string {
  const text = typeof result.content === 'string' ? result.content : result.content.map((block) => (block.type === 'text' ? block.text : `[image: ${block.source.media_type}]`)).join('\n');
  return result.is_error === true ? `Error: ${text}` : text;
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const MASKS: ReadonlyArray<[RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [new RegExp(`\\b(${MONTHS})\\s+\\d{1,2}\\s+(\\d{1,2}:\\d{2}|\\d{4})\\b`, 'g'), '<date>'],
  [/\b\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\b/g, '<clock>'],
  [/\b\d+(\.\d+)?\s?(ms|s|sec|seconds?)\b/g, '<duration>'],
];

/** The text with times and durations masked. */
export function comparable(text: string): string {
  return MASKS.reduce((out, [pattern, mask]) => out.replace(pattern, mask), text.replace(/\r\n/g, '\n').trimEnd());
}

export function sameResult(expected: ToolResultBlock, actual: ToolResultBlock): boolean {
  return (expected.is_error === true) === (actual.is_error === true) && comparable(resultText(expected)) === comparable(resultText(actual));
}

export function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

/**
 * A hash of a request's messages with each tool result reduced to what `sameResult` compares:
 * two requests that differ only in a listing's clock times hash the same.
 */
export function comparableMessagesHash(messages: readonly Message[]): string {
  const reduced = messages.map((message) =>
    typeof message.content === 'string'
      ? message
      : {
          ...message,
          content: message.content.map((block) =>
            block.type === 'tool_result' ? { type: 'tool_result', tool_use_id: block.tool_use_id, text: comparable(resultText(block)) } : block,
          ),
        },
  );
  return hashText(canonicalJson(reduced));
}
