import type { ContentBlock, Message } from './messages';
import type { ModelRequest, ToolDefinition } from './port';

/**
 * A cheap, provider-independent token estimate: about 4 characters per token for
 * English prose and code (the usual rule of thumb for BPE tokenizers), plus a small
 * fixed overhead per message and block for the role/format markers. It is meant for
 * the inspector's "what fills the context" view and for the scripted model's usage
 * numbers — never for billing. Real providers report real usage.
 */
export const CHARS_PER_TOKEN = 4;
const MESSAGE_OVERHEAD_TOKENS = 4;
const BLOCK_OVERHEAD_TOKENS = 2;
/** Images have no text length; ~1,600 tokens is a mid-sized screenshot on Anthropic's (w×h)/750 rule. */
const IMAGE_TOKENS = 1600;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateBlockTokens(block: ContentBlock): number {
  switch (block.type) {
    case 'text':
      return BLOCK_OVERHEAD_TOKENS + estimateTextTokens(block.text);
    case 'thinking':
      return BLOCK_OVERHEAD_TOKENS + estimateTextTokens(block.thinking);
    case 'redacted_thinking':
      return BLOCK_OVERHEAD_TOKENS + estimateTextTokens(block.data);
    case 'tool_use':
      return (
        BLOCK_OVERHEAD_TOKENS +
        estimateTextTokens(block.name) +
        estimateTextTokens(block.rawInput ?? JSON.stringify(block.input))
      );
    case 'image':
      return IMAGE_TOKENS;
    case 'tool_result': {
      const content = block.content;
      if (typeof content === 'string') return BLOCK_OVERHEAD_TOKENS + estimateTextTokens(content);
      let total = BLOCK_OVERHEAD_TOKENS;
      for (const part of content) total += estimateBlockTokens(part);
      return total;
    }
  }
}

// Messages are never mutated once they are in a transcript, so an estimate can be
// cached per message object; this keeps per-turn estimates O(new messages).
const messageCache = new WeakMap<Message, number>();

export function estimateMessageTokens(message: Message): number {
  const cached = messageCache.get(message);
  if (cached !== undefined) return cached;
  let total = MESSAGE_OVERHEAD_TOKENS;
  if (typeof message.content === 'string') total += estimateTextTokens(message.content);
  else for (const block of message.content) total += estimateBlockTokens(block);
  messageCache.set(message, total);
  return total;
}

const toolCache = new WeakMap<ToolDefinition, number>();

export function estimateToolDefinitionTokens(tool: ToolDefinition): number {
  const cached = toolCache.get(tool);
  if (cached !== undefined) return cached;
  const total = estimateTextTokens(tool.name + tool.description + JSON.stringify(tool.input_schema));
  toolCache.set(tool, total);
  return total;
}

/** Estimated input tokens of a whole request: system + tools + every message. */
export function estimateRequestTokens(request: ModelRequest): number {
  let total = estimateTextTokens(request.system);
  for (const tool of request.tools) total += estimateToolDefinitionTokens(tool);
  for (const message of request.messages) total += estimateMessageTokens(message);
  return total;
}
