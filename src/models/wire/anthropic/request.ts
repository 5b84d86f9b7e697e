import type { AssistantBlock, Message, UserBlock } from '../../messages';
import type { ModelRequest, ToolDefinition } from '../../port';
import { claudeThinkingMode } from './thinking';

/** Anthropic's wire shapes we send (a subset of the Messages API request). */
export interface CacheControl {
  type: 'ephemeral';
}
export type AnthropicBlockParam = (AssistantBlock | UserBlock | { type: 'text'; text: string }) & { cache_control?: CacheControl };
export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: string | AnthropicBlockParam[];
}
export interface AnthropicToolParam extends ToolDefinition {
  cache_control?: CacheControl;
}
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  stream: true;
  system?: Array<{ type: 'text'; text: string; cache_control?: CacheControl }>;
  messages: AnthropicMessageParam[];
  tools?: AnthropicToolParam[];
  /** A budget for Claude 4.5 and older; adaptive (with summaries shown) for 4.6 and later. */
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive'; display: 'summarized' };
}

/** Anthropic refuses thinking budgets below this. */
export const MIN_THINKING_BUDGET = 1024;
/** The API allows at most four cache breakpoints per request. */
const MAX_BREAKPOINTS = 4;
/** Breakpoints on recent user turns: the newest writes the cache, the previous one reads it. */
const USER_BREAKPOINTS = 2;
const EPHEMERAL: CacheControl = { type: 'ephemeral' };

function assistantBlock(block: AssistantBlock): AnthropicBlockParam | undefined {
  switch (block.type) {
    case 'text':
      // The API rejects empty text blocks.
      return block.text === '' ? undefined : { type: 'text', text: block.text };
    case 'thinking':
      // Unsigned thinking (from another provider, or a cut-off stream) would be rejected; drop it.
      return block.signature ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : undefined;
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      // `rawInput` (unparseable JSON) is ours only; the model gets the parsed `{}`.
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  }
}

function userBlock(block: UserBlock): AnthropicBlockParam | undefined {
  switch (block.type) {
    case 'text':
      return block.text === '' ? undefined : { type: 'text', text: block.text };
    case 'image':
      return { type: 'image', source: { ...block.source } };
    case 'tool_result': {
      const content = typeof block.content === 'string' ? block.content : block.content.map((part) => ({ ...part }));
      const out: AnthropicBlockParam = { type: 'tool_result', tool_use_id: block.tool_use_id, content };
      if (block.is_error) out.is_error = true;
      return out;
    }
  }
}

/**
 * The canonical transcript as Anthropic message params (fresh objects: the transcript is never mutated).
 * Messages left empty after filtering are dropped; the API merges the consecutive same-role turns that leaves.
 */
export function toAnthropicMessages(messages: readonly Message[]): AnthropicMessageParam[] {
  const out: AnthropicMessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      if (typeof message.content === 'string') {
        // Always as a block: a cache breakpoint turns it into one, and the prefix must read the same on the next turn.
        if (message.content !== '') out.push({ role: 'user', content: [{ type: 'text', text: message.content }] });
        continue;
      }
      const blocks = message.content.map(userBlock).filter((b): b is AnthropicBlockParam => b !== undefined);
      if (blocks.length > 0) out.push({ role: 'user', content: blocks });
    } else {
      const blocks = message.content.map(assistantBlock).filter((b): b is AnthropicBlockParam => b !== undefined);
      if (blocks.length > 0) out.push({ role: 'assistant', content: blocks });
    }
  }
  return out;
}

/** Put a cache breakpoint on the last block of a message (turning string content into a text block). */
function markMessage(message: AnthropicMessageParam): void {
  if (typeof message.content === 'string') {
    message.content = [{ type: 'text', text: message.content, cache_control: EPHEMERAL }];
    return;
  }
  const last = message.content[message.content.length - 1];
  if (last) last.cache_control = EPHEMERAL;
}

/**
 * The Messages API request body. Cache breakpoints, at most four: the system prompt, the last tool
 * (caches all tool definitions), and the latest two user turns (the newest one writes the cache,
 * the one before reads what the previous request wrote).
 */
export function buildAnthropicBody(request: ModelRequest): AnthropicRequestBody {
  let breakpoints = 0;
  const body: AnthropicRequestBody = {
    model: request.model,
    max_tokens: request.maxTokens,
    stream: true,
    messages: toAnthropicMessages(request.messages),
  };
  if (request.system !== '') {
    body.system = [{ type: 'text', text: request.system, cache_control: EPHEMERAL }];
    breakpoints++;
  }
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.input_schema }));
    const last = body.tools[body.tools.length - 1];
    if (last) {
      last.cache_control = EPHEMERAL;
      breakpoints++;
    }
  }
  let userMarks = 0;
  for (let i = body.messages.length - 1; i >= 0 && userMarks < USER_BREAKPOINTS && breakpoints < MAX_BREAKPOINTS; i--) {
    const message = body.messages[i];
    if (message?.role !== 'user') continue;
    markMessage(message);
    userMarks++;
    breakpoints++;
  }
  if (request.thinkingBudget !== undefined && request.thinkingBudget > 0 && claudeThinkingMode(request.model) === 'adaptive') {
    body.thinking = { type: 'adaptive', display: 'summarized' };
  } else if (request.thinkingBudget !== undefined && request.thinkingBudget > 0) {
    const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(request.thinkingBudget));
    body.thinking = { type: 'enabled', budget_tokens: budget };
    // budget_tokens must be below max_tokens; keep the caller's answer budget on top of the thinking budget.
    if (body.max_tokens <= budget) body.max_tokens = budget + request.maxTokens;
  }
  return body;
}
