import type { Message, ToolResultBlock, ToolUseBlock, UserBlock, UserMessage } from '../models/messages';
import type { AgentEvent } from './events';

/**
 * Transcript rules the loop and the session keep, so any transcript can be sent to
 * any provider as is:
 * - messages alternate user / assistant, starting with a user message;
 * - every tool_use is answered by a tool_result in the very next (user) message;
 * - a message object is never mutated once it is in the transcript (events and
 *   caches hold references to it); changing one means replacing it.
 */

function asBlocks(content: string | UserBlock[]): UserBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/**
 * Append user content, merging it into the last message when that is already a user
 * message (e.g. after an interrupted run, or a prompt following tool results) so the
 * roles keep alternating. Tool results stay first, as providers require.
 */
export function appendUserContent(messages: Message[], content: string | UserBlock[]): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== 'user') {
    messages.push({ role: 'user', content });
    return;
  }
  const merged = [...asBlocks(last.content), ...asBlocks(content)];
  const results = merged.filter((block) => block.type === 'tool_result');
  const others = merged.filter((block) => block.type !== 'tool_result');
  messages[messages.length - 1] = { role: 'user', content: [...results, ...others] };
}

/** Append a user message and say so: the `user_message` event is how the log rebuilds the transcript. */
export function appendUserMessage(messages: Message[], message: UserMessage, emit: (event: AgentEvent) => void): void {
  appendUserContent(messages, message.content);
  emit({ type: 'user_message', message });
}

/** The error results that answer the last message's tool calls when they will never run; undefined when none wait. */
export function danglingAnswer(messages: readonly Message[], text: string): UserMessage | undefined {
  const last = messages[messages.length - 1];
  if (last?.role !== 'assistant') return undefined;
  const uses = toolUsesOf(last);
  return uses.length > 0 ? { role: 'user', content: uses.map((use) => errorResult(use.id, text)) } : undefined;
}

/** Tool uses of an assistant message. */
export function toolUsesOf(message: Message): ToolUseBlock[] {
  if (message.role !== 'assistant') return [];
  return message.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
}

/** Problems that would make a provider reject the transcript; empty when it is valid. */
export function transcriptProblems(messages: readonly Message[]): string[] {
  const problems: string[] = [];
  messages.forEach((message, index) => {
    const previous = messages[index - 1];
    if (previous === undefined && message.role !== 'user') problems.push('the transcript starts with an assistant message');
    if (previous !== undefined && previous.role === message.role) problems.push(`message ${index} is ${message.role}, like the one before it`);
    if (message.role === 'assistant' && message.content.length === 0) problems.push(`message ${index} is an empty assistant message`);
    const uses = toolUsesOf(message);
    if (uses.length === 0) return;
    const next = messages[index + 1];
    const answered = new Set<string>();
    if (next?.role === 'user' && typeof next.content !== 'string') {
      for (const block of next.content) if (block.type === 'tool_result') answered.add(block.tool_use_id);
    }
    for (const use of uses) {
      if (!answered.has(use.id)) problems.push(`tool_use ${use.id} (${use.name}) in message ${index} has no tool_result`);
    }
  });
  return problems;
}

/** A tool_result that reports an error. */
export function errorResult(toolUseId: string, text: string): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: toolUseId, content: text, is_error: true };
}
