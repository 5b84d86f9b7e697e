/**
 * Compaction: the model writes a structured summary of the conversation so far, and from then on
 * the transcript sent is that summary (plus the most recently read files, re-attached within a
 * budget) instead of everything before it. The log keeps the full history: the `compaction` event
 * is where `transcriptOf` starts over (./event-log.ts), and where the chat draws its divider.
 *
 * The summary request is an ordinary model call the inspector shows as its own request (purpose
 * `summary`); its streamed text never reaches the chat. When it fails, the harness writes a plainer
 * summary itself: a compaction never ends a session.
 */
import type { Message, TextBlock, ToolUseBlock, UserMessage } from '../models/messages';
import { messageText } from '../models/messages';
import type { ModelClient, ModelError, ModelRequest, Usage } from '../models/port';
import { estimateRequestTokens, estimateTextTokens } from '../models/token-estimate';
import type { Sandbox } from '../sandbox/port';
import { thresholdOf } from './context-budget';
import type { AgentEvent, CompactionTrigger } from './events';
import { microCompact } from './micro-compaction';
import { streamTurnWithRetries } from './model-turn';
import type { RunSettings } from './run-settings';
import { appendUserContent } from './transcript';
import { priceOf } from './limits';

/** What the model is asked to write (after the conversation, as the last user message of the summary request). */
export const SUMMARY_INSTRUCTIONS = `Your task is to create a detailed summary of the conversation so far. The conversation will be replaced by this summary, so it must hold everything needed to continue the work without losing context.

Do not call any tools: answer with text only. Write these sections, in this order:

1. User requests: every request and instruction the user gave, quoted verbatim.
2. Key files and code: the files read, created or changed, and why each matters; include short code excerpts that the next steps depend on.
3. Errors and fixes: the errors met and how they were fixed, including what the user said about them.
4. Pending tasks: what the user asked for that is not done yet.
5. Current work: precisely what was being worked on just before this summary.
6. Next step: the next step to take, in line with the user's most recent request; quote the latest request verbatim.`;

export const SUMMARY_PREAMBLE =
  'This session is being continued from a previous conversation that ran out of context. The summary below covers the earlier part of the conversation.';

export const CONTINUE_AFTER_COMPACTION =
  'Continue the conversation from where it left off without asking the user any further questions. Resume the current work: carry on with the next step.';

/** A tool call's one-line description for placeholders and summaries, or undefined when its result must stay whole. */
export type DescribeCall = (use: ToolUseBlock) => string | undefined;

/** Paths of files the model read, most recent first (tool_use inputs with a `file_path` of read-only tools). */
export function recentlyReadPaths(messages: readonly Message[], isRead: (use: ToolUseBlock) => boolean): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'assistant') continue;
    for (let j = message.content.length - 1; j >= 0; j--) {
      const block = message.content[j];
      if (block?.type !== 'tool_use' || !isRead(block)) continue;
      const path = block.input['file_path'];
      if (typeof path !== 'string' || seen.has(path)) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}

/** Current contents of recently read files, as text blocks, within `budgetTokens`. */
export async function reattachedFiles(sandbox: Sandbox, paths: readonly string[], budgetTokens: number): Promise<TextBlock[]> {
  const blocks: TextBlock[] = [];
  let left = budgetTokens;
  for (const path of paths) {
    if (left <= 0) break;
    let text: string;
    try {
      const absolute = path.startsWith('/') ? path : `${sandbox.root.replace(/\/$/, '')}/${path}`;
      text = await sandbox.fs.readText(absolute);
    } catch {
      continue; // deleted or moved since: nothing to re-attach
    }
    const block: TextBlock = { type: 'text', text: `Recently read file, re-attached after compaction (its current content): ${path}\n\`\`\`\n${text}\n\`\`\`` };
    const cost = estimateTextTokens(block.text);
    if (cost > left) continue; // a smaller one further down may still fit
    blocks.push(block);
    left -= cost;
  }
  return blocks;
}

/** The transcript's last message, as the summary request's messages: the conversation plus the instructions, fitted under `limit` tokens. */
function summaryMessages(messages: readonly Message[], focus: string | undefined, describe: DescribeCall, fits: (messages: Message[]) => boolean): Message[] {
  const instructions = focus ? `${SUMMARY_INSTRUCTIONS}\n\nFocus the summary on: ${focus}` : SUMMARY_INSTRUCTIONS;
  const build = (base: readonly Message[]): Message[] => {
    const out = [...base];
    appendUserContent(out, [{ type: 'text', text: instructions }]);
    return out;
  };
  let out = build(messages);
  if (fits(out)) return out;
  // Too long to summarize whole: clear every old tool result, then drop the oldest exchanges.
  let base = [...microCompact(messages, { keep: 1, describe: (use) => describe(use) ?? use.name })];
  out = build(base);
  while (!fits(out) && base.length > 2) {
    base = base.slice(1);
    while (base.length > 1 && (base[0]?.role !== 'user' || hasToolResults(base[0]))) base = base.slice(1);
    out = build(base);
  }
  return out;
}

function hasToolResults(message: Message): boolean {
  return message.role === 'user' && typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_result');
}

/** A plainer summary written by the harness, when the model could not write one. */
export function fallbackSummary(messages: readonly Message[], describe: DescribeCall): string {
  const requests: string[] = [];
  const calls: string[] = [];
  let lastAnswer = '';
  for (const message of messages) {
    if (message.role === 'user') {
      if (typeof message.content === 'string') requests.push(message.content);
      else for (const block of message.content) if (block.type === 'text' && !block.text.startsWith('<system-reminder>')) requests.push(block.text);
    } else {
      const text = messageText(message).trim();
      if (text !== '') lastAnswer = text;
      for (const block of message.content) if (block.type === 'tool_use') calls.push(describe(block) ?? block.name);
    }
  }
  const quoted = requests.map((request) => `- "${request}"`).join('\n') || '- (none)';
  const recent = calls.slice(-20).map((call) => `- ${call}`).join('\n') || '- (none)';
  return `1. User requests:\n${quoted}\n\n2. Key files and code (the latest tool calls):\n${recent}\n\n3. Errors and fixes: not recorded (the summary was written by the harness).\n\n4. Pending tasks: see the user requests.\n\n5. Current work:\n${lastAnswer || '(no answer yet)'}\n\n6. Next step: continue with the latest user request.`;
}

/** The one user message that replaces the conversation. */
export function compactedMessage(summary: string, files: readonly TextBlock[], continuing: boolean): UserMessage {
  const content: TextBlock[] = [{ type: 'text', text: `${SUMMARY_PREAMBLE}\n\n<summary>\n${summary}\n</summary>` }, ...files];
  if (continuing) content.push({ type: 'text', text: CONTINUE_AFTER_COMPACTION });
  return { role: 'user', content };
}

export interface CompactionJob {
  model: ModelClient;
  /** The request the conversation would send next (model, system prompt, tools, limits, messages as sent). */
  request: ModelRequest;
  /** The transcript, replaced in place by the compacted message. */
  transcript: Message[];
  sandbox: Sandbox;
  settings: RunSettings;
  signal: AbortSignal;
  /** The inspector's turn number for the summary request (0 outside a run). */
  turn: number;
  trigger: CompactionTrigger;
  focus?: string;
  /** Tokens the conversation held before (the estimate that triggered it). */
  tokensBefore: number;
  /** Whether the run goes on by itself afterwards (adds a "continue" note). */
  continuing: boolean;
  describe: DescribeCall;
  isRead: (use: ToolUseBlock) => boolean;
  emit: (event: AgentEvent) => void;
}

export type CompactionOutcome =
  | { kind: 'compacted'; event: Extract<AgentEvent, { type: 'compaction' }>; usage?: Usage }
  | { kind: 'interrupted' };

/** Ask for the summary, then replace the transcript by it. Never throws for a provider failure. */
export async function compactConversation(job: CompactionJob): Promise<CompactionOutcome> {
  const { request, settings } = job;
  const window = settings.context.contextWindow;
  // The summary request must fit the window with room for its answer.
  // Room for the answer: the request's output limit, but never more than the reserve the threshold keeps.
  const answerRoom = window === undefined ? 0 : Math.min(request.maxTokens, settings.context.outputReserve, Math.floor(window * 0.2));
  let limit = window === undefined ? Infinity : window - answerRoom;
  // Refused as too long: the provider counts more than we do, so ask with clearly less.
  if (job.trigger === 'overflow') limit = Math.min(limit, Math.floor(estimateRequestTokens(request) * 0.6));
  const fits = (messages: Message[]): boolean => estimateRequestTokens({ ...request, messages }) <= limit;
  const summaryRequest: ModelRequest = {
    model: request.model,
    system: request.system,
    tools: request.tools,
    maxTokens: request.maxTokens,
    messages: summaryMessages(request.messages, job.focus, job.describe, fits),
    purpose: 'summary',
  };
  job.emit({ type: 'model_request', turn: job.turn, request: summaryRequest });
  // The summary's streamed text is not an answer to the user: the chat does not show it.
  const quiet = (event: AgentEvent): void => {
    if (event.type !== 'text_delta' && event.type !== 'thinking_delta') job.emit(event);
  };
  const outcome = await streamTurnWithRetries(job.model, summaryRequest, job.signal, job.turn, settings.retry, quiet);
  if (outcome.kind === 'interrupted') return { kind: 'interrupted' };
  let summary = '';
  let usage: Usage | undefined;
  if (outcome.kind === 'message') {
    usage = outcome.usage;
    job.emit({ type: 'usage', turn: job.turn, usage, ...priceOf(settings.costOf, usage, request.model) });
    summary = stripAnalysis(messageText(outcome.message)).trim();
  }
  if (summary === '') summary = fallbackSummary(job.transcript, job.describe);
  // After a refusal the window is smaller than we thought: re-attach nothing.
  const budget = job.trigger === 'overflow' ? 0 : Math.min(settings.context.reattachTokens, Math.floor(thresholdOf(settings.context) / 4));
  const files = await reattachedFiles(job.sandbox, recentlyReadPaths(job.transcript, job.isRead), budget);
  const message = compactedMessage(summary, files, job.continuing);
  const tokensAfter = estimateRequestTokens({ ...request, messages: [message] });
  const event: Extract<AgentEvent, { type: 'compaction' }> = {
    type: 'compaction',
    trigger: job.trigger,
    tokensBefore: job.tokensBefore,
    tokensAfter,
    summary,
    message,
    ...(job.focus ? { focus: job.focus } : {}),
    at: Date.now(),
  };
  job.transcript.splice(0, job.transcript.length, message);
  job.emit(event);
  return usage === undefined ? { kind: 'compacted', event } : { kind: 'compacted', event, usage };
}

/** Models sometimes think aloud in an <analysis> block before the summary: keep the summary. */
function stripAnalysis(text: string): string {
  const inner = /<summary>([\s\S]*?)<\/summary>/.exec(text);
  if (inner?.[1] !== undefined) return inner[1];
  return text.replace(/<analysis>[\s\S]*?<\/analysis>/g, '');
}

/**
 * The input tokens a request will hold: the provider's count of the last request plus the estimate
 * of what changed since (what was appended, what micro-compaction cleared), or the estimate alone
 * before any usage arrived. Cheap: message estimates are cached per message object.
 */
export class ContextGauge {
  private last: { estimate: number; actual: number } | undefined;

  tokensOf(request: ModelRequest): number {
    const estimate = estimateRequestTokens(request);
    return this.last === undefined ? estimate : Math.max(0, this.last.actual + estimate - this.last.estimate);
  }

  /** The provider counted `usage` for `request`. */
  observe(request: ModelRequest, usage: Usage): void {
    const actual = usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
    if (actual > 0) this.last = { estimate: estimateRequestTokens(request), actual };
  }

  /** After a compaction the old count says nothing about the new transcript. */
  reset(): void {
    this.last = undefined;
  }
}

/** Whether the error says the request was longer than the window. */
export function isContextOverflow(error: ModelError): boolean {
  return error.contextOverflow === true;
}

