import type { Message } from '../models/messages';
import type { ToolDefinition } from '../models/port';
import {
  CHARS_PER_TOKEN,
  estimateMessageTokens,
  estimateTextTokens,
  estimateToolDefinitionTokens,
} from '../models/token-estimate';

/**
 * Token estimates for the inspector's "what fills the context window" view.
 * The estimate is characters ÷ 4 (plus a few tokens per message and block for the
 * format markers; a fixed 1,600 per image): cheap, provider-independent and within
 * ~20% for English and code. Real usage comes from the provider's `usage` events.
 */
export { CHARS_PER_TOKEN, estimateMessageTokens, estimateTextTokens, estimateToolDefinitionTokens };

export interface ContextTokenBreakdown {
  system: number;
  /** All tool definitions together. */
  tools: number;
  /** One estimate per message, in transcript order. */
  messages: number[];
  total: number;
}

export function estimateContextTokens(parts: {
  system: string;
  tools: readonly ToolDefinition[];
  messages: readonly Message[];
}): ContextTokenBreakdown {
  const system = estimateTextTokens(parts.system);
  let tools = 0;
  for (const tool of parts.tools) tools += estimateToolDefinitionTokens(tool);
  const messages = parts.messages.map(estimateMessageTokens);
  let total = system + tools;
  for (const count of messages) total += count;
  return { system, tools, messages, total };
}
