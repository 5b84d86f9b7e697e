/**
 * Token accounting: what fills the context window now, part by part, folded from a session's
 * event log. The provider's usage on the last response is the exact count of that request's
 * input (fresh + cache read + cache write) and of the answer it produced; whatever the log added
 * since (tool results, a new prompt) is estimated (../models/token-estimate.ts). The parts of the
 * last request are estimated too, then scaled so they add up to the provider's exact count.
 * Pure: no DOM, no clock. The context meter and the `/context` view show this.
 */
import type { ContentBlock, Message } from '../models/messages';
import type { ModelRequest, Usage } from '../models/port';
import { estimateMessageTokens, estimateTextTokens, estimateToolDefinitionTokens } from '../models/token-estimate';
import type { LoggedEvent } from './event-log';

/** What a part of the context is. */
export type ContextPartKind = 'system' | 'tools' | 'instructions' | 'message';

export interface ContextPart {
  kind: ContextPartKind;
  /** In words: "System prompt", "Tool definitions (7)", "User: fix the bug…". */
  label: string;
  tokens: number;
  /**
   * measured: part of the last request (or its answer), scaled to the provider's exact count;
   * estimated: added since the last response, or no usage was reported.
   */
  basis: 'measured' | 'estimated';
}

export interface ContextAccount {
  /** Every part in request order: system prompt parts, tool definitions, then each message. */
  parts: ContextPart[];
  /** Tokens the next request would take (measured + estimated). */
  used: number;
  /** The provider's usage on the last response, when it reported one. */
  lastUsage?: Usage;
  /** The exact part of `used`: the last request's input plus its answer's output, from `lastUsage`. */
  measured: number;
  /** The estimated part of `used`. */
  estimated: number;
}

/** A named part of the system prompt (the system-prompt builder may log them with the request). */
export interface SystemPart {
  name: string;
  text: string;
}

const EMPTY: ContextAccount = { parts: [], used: 0, measured: 0, estimated: 0 };

/** Names of system-prompt parts that are project instructions or memory rather than the harness's own prompt. */
const INSTRUCTION_PART = /instruction|memory|agents|claude\.md|project/i;

const LABEL_CHARS = 48;

/** The account for the request the session would send next. */
export function accountContext(log: readonly LoggedEvent[]): ContextAccount {
  let at = log.length - 1;
  while (at >= 0 && log[at]?.event.type !== 'model_request') at--;
  const requestEvent = log[at]?.event;
  if (requestEvent?.type !== 'model_request') return accountWithoutRequest(log);
  const { request } = requestEvent;

  // What happened after the request: its usage, its answer, and what the log added since.
  let usage: Usage | undefined;
  let answer: Message | undefined;
  const added: Message[] = [];
  for (let i = at + 1; i < log.length; i++) {
    const event = log[i]?.event;
    if (event === undefined) continue;
    if (event.type === 'usage') usage = event.usage;
    else if (event.type === 'assistant_message') {
      if (answer === undefined && added.length === 0) answer = event.message;
      else added.push(event.message);
    } else if (event.type === 'user_message') added.push(event.message);
  }

  const requestParts = partsOfRequest(request, requestEvent);
  const parts: ContextPart[] = [];
  let measured = 0;
  let estimated = 0;
  if (usage !== undefined) {
    const exactInput = usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
    parts.push(...scaleTo(requestParts, exactInput));
    measured = exactInput;
    if (answer !== undefined) {
      parts.push(messagePart(answer, usage.outputTokens, 'measured'));
      measured += usage.outputTokens;
    }
  } else {
    parts.push(...requestParts);
    for (const part of requestParts) estimated += part.tokens;
    if (answer !== undefined) added.unshift(answer);
  }
  for (const message of added) {
    const tokens = estimateMessageTokens(message);
    parts.push(messagePart(message, tokens, 'estimated'));
    estimated += tokens;
  }
  return { parts, used: measured + estimated, ...(usage === undefined ? {} : { lastUsage: usage }), measured, estimated };
}

/** Before the first request: only the messages logged so far, estimated. */
function accountWithoutRequest(log: readonly LoggedEvent[]): ContextAccount {
  const parts: ContextPart[] = [];
  for (const { event } of log) {
    if (event.type === 'user_message' || event.type === 'assistant_message') {
      parts.push(messagePart(event.message, estimateMessageTokens(event.message), 'estimated'));
    }
  }
  if (parts.length === 0) return EMPTY;
  const estimated = parts.reduce((sum, part) => sum + part.tokens, 0);
  return { parts, used: estimated, measured: 0, estimated };
}

/** The request's parts, estimated: system prompt (by named part when logged), tools, each message. */
function partsOfRequest(request: ModelRequest, event: object): ContextPart[] {
  const parts: ContextPart[] = [];
  const named = systemPartsOf(request) ?? systemPartsOf(event);
  if (named !== undefined && named.length > 0) {
    for (const part of named) {
      const kind: ContextPartKind = INSTRUCTION_PART.test(part.name) ? 'instructions' : 'system';
      parts.push({ kind, label: part.name, tokens: estimateTextTokens(part.text), basis: 'estimated' });
    }
  } else if (request.system !== '') {
    parts.push({ kind: 'system', label: 'System prompt', tokens: estimateTextTokens(request.system), basis: 'estimated' });
  }
  if (request.tools.length > 0) {
    let tokens = 0;
    for (const tool of request.tools) tokens += estimateToolDefinitionTokens(tool);
    parts.push({ kind: 'tools', label: `Tool definitions (${request.tools.length})`, tokens, basis: 'estimated' });
  }
  for (const message of request.messages) parts.push(messagePart(message, estimateMessageTokens(message), 'estimated'));
  return parts;
}

/** `systemParts` logged with the request (by the system-prompt builder), when present and well formed. */
function systemPartsOf(holder: object): SystemPart[] | undefined {
  if (!('systemParts' in holder) || !Array.isArray(holder.systemParts)) return undefined;
  const parts: SystemPart[] = [];
  for (const item of holder.systemParts as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const name = 'name' in item ? item.name : 'label' in item ? item.label : 'id' in item ? item.id : undefined;
    const text = 'text' in item ? item.text : 'content' in item ? item.content : undefined;
    if (typeof name !== 'string' || typeof text !== 'string') return undefined;
    parts.push({ name, text });
  }
  return parts;
}

/** The parts, scaled (largest remainder) so they add up to exactly `total`; marked measured. */
function scaleTo(parts: readonly ContextPart[], total: number): ContextPart[] {
  const sum = parts.reduce((s, part) => s + part.tokens, 0);
  if (parts.length === 0) return [];
  if (sum === 0) return parts.map((part, i) => ({ ...part, tokens: i === parts.length - 1 ? total : 0, basis: 'measured' }));
  const exact = parts.map((part) => (part.tokens * total) / sum);
  const scaled = exact.map(Math.floor);
  let left = total - scaled.reduce((s, n) => s + n, 0);
  const byRemainder = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    scaled[i] = (scaled[i] ?? 0) + 1;
    left--;
  }
  return parts.map((part, i) => ({ ...part, tokens: scaled[i] ?? 0, basis: 'measured' }));
}

function messagePart(message: Message, tokens: number, basis: ContextPart['basis']): ContextPart {
  return { kind: 'message', label: messageLabel(message), tokens, basis };
}

/** A message in a few words: who, and the start of what. */
export function messageLabel(message: Message): string {
  if (typeof message.content === 'string') return `${roleWord(message)}: ${clip(message.content)}`;
  const blocks: readonly ContentBlock[] = message.content;
  const results = blocks.filter((block) => block.type === 'tool_result').length;
  const text = blocks.find((block) => block.type === 'text');
  if (message.role === 'user' && results > 0) {
    const note = text !== undefined ? ` + ${clip(text.text, 24)}` : '';
    return `Tool results (${results})${note}`;
  }
  if (text !== undefined && text.text.trim() !== '') return `${roleWord(message)}: ${clip(text.text)}`;
  const calls = blocks.flatMap((block) => (block.type === 'tool_use' ? [block.name] : []));
  if (calls.length > 0) return `${roleWord(message)}: calls ${calls.join(', ')}`;
  return roleWord(message);
}

function roleWord(message: Message): string {
  return message.role === 'user' ? 'User' : 'Assistant';
}

function clip(text: string, max = LABEL_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Parts added up by kind, in a fixed order, for the `/context` table. */
export interface ContextCategory {
  kind: ContextPartKind;
  label: string;
  tokens: number;
  /** How many parts it sums (messages: how many messages). */
  count: number;
}

const CATEGORY_LABELS: Record<ContextPartKind, string> = {
  system: 'System prompt',
  tools: 'Tool definitions',
  instructions: 'Project instructions and memory',
  message: 'Messages',
};

export function contextCategories(account: ContextAccount): ContextCategory[] {
  const kinds: ContextPartKind[] = ['system', 'tools', 'instructions', 'message'];
  return kinds.map((kind) => {
    const parts = account.parts.filter((part) => part.kind === kind);
    return { kind, label: CATEGORY_LABELS[kind], tokens: parts.reduce((sum, part) => sum + part.tokens, 0), count: parts.length };
  });
}
