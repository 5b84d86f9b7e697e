/**
 * The canonical transcript format: Anthropic Messages content blocks.
 * Every provider converts to and from this shape at its own edge, so the loop,
 * the store, share links and replays only ever see one format.
 */

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Provider signature; must be sent back unchanged for multi-turn thinking. */
  signature?: string;
}

export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  /** Parsed input. When the model sent JSON that does not parse, `input` is `{}` and `rawInput` keeps the text. */
  input: Record<string, unknown>;
  rawInput?: string;
  /**
   * Opaque provider state tied to this call (Gemini's `thoughtSignature`), sent back unchanged to
   * the provider that made it: Gemini 3 refuses a function-call history without it.
   */
  signature?: string;
}

export interface ImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string };
}

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string | Array<TextBlock | ImageBlock>;
  is_error?: boolean;
}

export type AssistantBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock;
export type UserBlock = TextBlock | ImageBlock | ToolResultBlock;
export type ContentBlock = AssistantBlock | UserBlock;

export interface UserMessage {
  role: 'user';
  content: string | UserBlock[];
}

export interface AssistantMessage {
  role: 'assistant';
  content: AssistantBlock[];
}

export type Message = UserMessage | AssistantMessage;

/** Text of a message's plain text blocks, joined; handy for summaries and tests. */
export function messageText(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((block): block is TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
}
