/**
 * Micro-compaction: old tool results (file reads, searches, command output) are replaced, in what
 * is sent to the model, by a one-line placeholder saying what was there. The transcript itself
 * (and the log, and the chat) keep every result whole; only the request changes.
 *
 * A pure function of the transcript, so a reloaded session sends exactly what the live one did.
 * Results are cleared in batches of `keep`: between two batches every earlier message is sent
 * byte for byte as before, so the provider's prompt cache keeps hitting.
 */
import type { Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../models/messages';

/** Results shorter than this are left alone: a placeholder would save nothing. */
export const MIN_CLEARED_CHARS = 400;

export interface MicroCompactionOptions {
  /** The most recent eligible results always kept whole (cleared in batches of this size). */
  keep: number;
  /** A short description of the call ("Read src/app.ts"), or undefined when its result must stay (edits, unknown tools). */
  describe: (use: ToolUseBlock) => string | undefined;
}

function resultChars(block: ToolResultBlock): number {
  if (typeof block.content === 'string') return block.content.length;
  let chars = 0;
  for (const part of block.content) chars += part.type === 'text' ? part.text.length : 0;
  return chars;
}

export function placeholderText(description: string, chars: number): string {
  return `[Old tool result cleared to save context: ${description} returned ${chars.toLocaleString('en-US')} characters. Call the tool again if you need it.]`;
}

const cache = new WeakMap<Message, { key: string; out: Message }>();

/**
 * The messages to send: the same array items, except user messages holding cleared results, which
 * are replaced by copies with placeholders. Returns `messages` itself when nothing is cleared.
 */
export function microCompact(messages: readonly Message[], options: MicroCompactionOptions): readonly Message[] {
  const keep = Math.max(1, Math.floor(options.keep));
  const uses = new Map<string, string>();
  const eligible: ToolResultBlock[] = [];
  const descriptions = new Map<ToolResultBlock, string>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const block of message.content) {
        if (block.type !== 'tool_use') continue;
        const description = options.describe(block);
        if (description !== undefined) uses.set(block.id, description);
      }
      continue;
    }
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      const description = uses.get(block.tool_use_id);
      if (description === undefined || resultChars(block) < MIN_CLEARED_CHARS) continue;
      eligible.push(block);
      descriptions.set(block, description);
    }
  }
  const clearCount = Math.floor(Math.max(0, eligible.length - keep) / keep) * keep;
  if (clearCount === 0) return messages;
  const cleared = new Set(eligible.slice(0, clearCount));
  return messages.map((message) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    const hit = message.content.filter((block) => block.type === 'tool_result' && cleared.has(block));
    if (hit.length === 0) return message;
    const key = hit.map((block) => (block as ToolResultBlock).tool_use_id).join(',');
    const known = cache.get(message);
    if (known?.key === key) return known.out;
    const content = message.content.map((block): UserBlock => {
      if (block.type !== 'tool_result' || !cleared.has(block)) return block;
      const text = placeholderText(descriptions.get(block) ?? 'a tool call', resultChars(block));
      return { type: 'tool_result', tool_use_id: block.tool_use_id, content: text, ...(block.is_error ? { is_error: true } : {}) };
    });
    const out: Message = { role: 'user', content };
    cache.set(message, { key, out });
    return out;
  });
}
