/**
 * The paused step as editable text, and back: a request's system prompt and the text of each
 * message (other blocks stay as they are), a tool result's text. Pure functions; the views in
 * this folder hold the drafts.
 */
import type { Message, ToolResultBlock } from '../../models/messages';
import type { ModelRequest } from '../../models/port';

/** The editable texts of one message: its string content, or each text block in order. */
export function messageTexts(message: Message): string[] {
  if (typeof message.content === 'string') return [message.content];
  const texts: string[] = [];
  for (const block of message.content) if (block.type === 'text') texts.push(block.text);
  return texts;
}

/** The message with its texts replaced by `texts` (same order as messageTexts). */
function withTexts(message: Message, texts: readonly string[]): Message {
  let at = 0;
  const next = (text: string): string => texts[at++] ?? text;
  if (message.role === 'assistant') {
    return { role: 'assistant', content: message.content.map((block) => (block.type === 'text' ? { ...block, text: next(block.text) } : block)) };
  }
  if (typeof message.content === 'string') return { role: 'user', content: next(message.content) };
  return { role: 'user', content: message.content.map((block) => (block.type === 'text' ? { ...block, text: next(block.text) } : block)) };
}

export interface RequestDraft {
  system: string;
  /** Per message, its editable texts. */
  texts: string[][];
}

export function requestDraft(request: ModelRequest): RequestDraft {
  return { system: request.system, texts: request.messages.map(messageTexts) };
}

/** The request to send for `draft`, or why it cannot be sent as it is. */
export function draftedRequest(request: ModelRequest, draft: RequestDraft): { request: ModelRequest } | { problem: string } {
  const empty = draft.texts.findIndex((texts) => texts.some((text) => text.trim() === ''));
  if (empty >= 0) return { problem: `Message ${empty + 1} has an empty text: providers refuse empty text. Write something, or put back what was there.` };
  const messages = request.messages.map((message, i) => withTexts(message, draft.texts[i] ?? []));
  return { request: { ...request, system: draft.system, messages } };
}

/** Whether `draft` changes anything of `request`. */
export function draftChanges(request: ModelRequest, draft: RequestDraft): boolean {
  const original = requestDraft(request);
  return original.system !== draft.system || JSON.stringify(original.texts) !== JSON.stringify(draft.texts);
}

/** The text of a result as the model reads it (images left out). */
export function resultDraft(result: ToolResultBlock): string {
  if (typeof result.content === 'string') return result.content;
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** The result with `text` in place of its text (its images kept), or why it cannot go back as it is. */
export function draftedResult(result: ToolResultBlock, text: string): { result: ToolResultBlock } | { problem: string } {
  if (text.trim() === '') return { problem: 'A tool result cannot be empty: providers refuse it. Write something, e.g. "(no output)".' };
  const images = typeof result.content === 'string' ? [] : result.content.filter((block) => block.type === 'image');
  return { result: { ...result, content: images.length === 0 ? text : [{ type: 'text', text }, ...images] } };
}
