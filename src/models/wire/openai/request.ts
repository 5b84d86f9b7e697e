import type { AssistantBlock, ImageBlock, Message, TextBlock, ToolResultBlock, UserBlock } from '../../messages';
import type { ModelRequest } from '../../port';
import { effortForBudget } from '../../thinking-controls';
import { openAITakesReasoningEffort } from './thinking';

/** OpenAI Chat Completions wire shapes (the subset we send and read back). */
export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  /** Gemini's OpenAI-compatible endpoint: the call's thought signature, to be sent back with it. */
  extra_content?: { google: { thought_signature: string } };
}
export type ChatMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };
export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options?: { include_usage: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  tools?: ChatTool[];
  reasoning_effort?: 'low' | 'medium' | 'high';
  reasoning?: { max_tokens: number };
}

export interface ChatBodyOptions {
  /** Ask for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** OpenAI's own API: `max_completion_tokens` (required by o-series) and `reasoning_effort`. */
  openaiApi: boolean;
  /** OpenRouter: its `reasoning.max_tokens` takes a thinking budget. */
  openRouter: boolean;
}

function imageUrl(image: ImageBlock): ChatContentPart {
  return { type: 'image_url', image_url: { url: `data:${image.source.media_type};base64,${image.source.data}` } };
}

function toolResultText(block: ToolResultBlock): string {
  const text =
    typeof block.content === 'string'
      ? block.content
      : block.content
          .filter((part): part is TextBlock => part.type === 'text')
          .map((part) => part.text)
          .join('\n');
  // Chat Completions has no error flag on tool messages; say it in the text.
  return block.is_error ? `Error: ${text}` : text;
}

function userMessages(content: string | UserBlock[]): ChatMessage[] {
  if (typeof content === 'string') return content === '' ? [] : [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const parts: ChatContentPart[] = [];
  // Tool messages must directly follow the assistant's tool_calls, so they go first;
  // text, images, and images returned by tools (tool messages take text only) follow as one user message.
  for (const block of content) {
    if (block.type === 'tool_result') {
      out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block) });
      if (typeof block.content !== 'string') {
        for (const part of block.content) if (part.type === 'image') parts.push(imageUrl(part));
      }
    } else if (block.type === 'text') {
      if (block.text !== '') parts.push({ type: 'text', text: block.text });
    } else {
      parts.push(imageUrl(block));
    }
  }
  if (parts.length > 0) {
    const textOnly = parts.every((part) => part.type === 'text');
    // Plain string content where possible: some local servers accept nothing else.
    out.push({ role: 'user', content: textOnly ? parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n') : parts });
  }
  return out;
}

function assistantMessage(content: AssistantBlock[], signatures: boolean): ChatMessage | undefined {
  const text = content
    .filter((block): block is TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const toolCalls: ChatToolCall[] = content
    .filter((block) => block.type === 'tool_use')
    .map((block) => {
      const call: ChatToolCall = { id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } };
      if (signatures && block.signature) call.extra_content = { google: { thought_signature: block.signature } };
      return call;
    });
  // Thinking is dropped: Chat Completions takes no reasoning back (DeepSeek rejects it outright).
  if (text === '' && toolCalls.length === 0) return undefined;
  const message: ChatMessage = { role: 'assistant', content: text === '' ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

/**
 * The canonical transcript as Chat Completions messages. `signatures` sends Gemini's thought
 * signatures back in `extra_content`; strict servers (OpenAI's own) refuse unknown fields, so only
 * a Gemini model gets them.
 */
export function toChatMessages(system: string, messages: readonly Message[], signatures = false): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system !== '') out.push({ role: 'system', content: system });
  for (const message of messages) {
    if (message.role === 'user') {
      out.push(...userMessages(message.content));
    } else {
      const converted = assistantMessage(message.content, signatures);
      if (converted) out.push(converted);
    }
  }
  return out;
}

function parseArguments(raw: string): { input: Record<string, unknown>; rawInput?: string } {
  try {
    const value: unknown = JSON.parse(raw === '' ? '{}' : raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { input: value as Record<string, unknown> };
  } catch {
    // fall through: keep the text so the loop can report it to the model
  }
  return { input: {}, rawInput: raw };
}

function userBlocksFromParts(content: string | ChatContentPart[]): UserBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((part): UserBlock => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url.url);
    if (match?.[1] && match[2] !== undefined) return { type: 'image', source: { type: 'base64', media_type: match[1], data: match[2] } };
    // A remote image URL has no place in the canonical (base64-only) image block.
    return { type: 'text', text: `[image: ${part.image_url.url}]` };
  });
}

/**
 * Chat Completions messages back to the canonical transcript (for importing an OpenAI-format
 * conversation). System/developer messages become the system prompt; tool messages become
 * tool_result blocks in a user turn, merged with any user text that follows.
 */
export function fromChatMessages(messages: readonly ChatMessage[]): { system: string; messages: Message[] } {
  const system: string[] = [];
  const out: Message[] = [];
  const pushUser = (blocks: UserBlock[]) => {
    if (blocks.length === 0) return;
    const last = out[out.length - 1];
    if (last?.role === 'user') {
      const existing: UserBlock[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      last.content = [...existing, ...blocks];
    } else {
      out.push({ role: 'user', content: blocks });
    }
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(message.content);
        break;
      case 'user':
        if (typeof message.content === 'string') {
          const last = out[out.length - 1];
          if (last?.role === 'user') pushUser(userBlocksFromParts(message.content));
          else if (message.content !== '') out.push({ role: 'user', content: message.content });
        } else {
          pushUser(userBlocksFromParts(message.content));
        }
        break;
      case 'tool':
        pushUser([{ type: 'tool_result', tool_use_id: message.tool_call_id, content: message.content }]);
        break;
      case 'assistant': {
        const blocks: AssistantBlock[] = [];
        if (message.reasoning_content) blocks.push({ type: 'thinking', thinking: message.reasoning_content });
        if (message.content) blocks.push({ type: 'text', text: message.content });
        for (const call of message.tool_calls ?? []) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, ...parseArguments(call.function.arguments) });
        }
        if (blocks.length > 0) out.push({ role: 'assistant', content: blocks });
        break;
      }
    }
  }
  return { system: system.join('\n\n'), messages: out };
}

export function buildChatBody(request: ModelRequest, options: ChatBodyOptions): ChatRequestBody {
  const body: ChatRequestBody = {
    model: request.model,
    messages: toChatMessages(request.system, request.messages, /gemini/i.test(request.model)),
    stream: true,
  };
  if (options.includeUsage) body.stream_options = { include_usage: true };
  if (options.openaiApi) body.max_completion_tokens = request.maxTokens;
  else body.max_tokens = request.maxTokens;
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
    }));
  }
  const budget = request.thinkingBudget;
  if (budget !== undefined && budget > 0) {
    if (options.openaiApi && openAITakesReasoningEffort(request.model)) body.reasoning_effort = effortForBudget(budget);
    if (options.openRouter) body.reasoning = { max_tokens: budget };
  }
  return body;
}
