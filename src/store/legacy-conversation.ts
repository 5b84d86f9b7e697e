/**
 * Conversations saved before the event log (database v2: a transcript, a packed request log
 * and the usage totals) become an event log, once, when they are first opened.
 *
 * Only what was saved is turned into events: each prompt starts a run, each assistant message
 * is a turn (with its model request and usage when the request log still held them), each tool
 * call gets its saved result. How a run ended was never saved, so each run ends with a line
 * that says so. No DOM.
 */
import { z } from 'zod';
import { systemReminder } from '../agent/context-notes';
import type { LoggedEvent } from '../agent/event-log';
import type { AgentEvent } from '../agent/events';
import { toolUsesOf, transcriptProblems } from '../agent/transcript';
import { messageSchema } from '../models/message-schema';
import type { Message, UserBlock } from '../models/messages';
import type { ModelRequest, Usage } from '../models/port';

export const LEGACY_RUN_DETAIL = 'Saved by an earlier version of Glassbox, which did not record how runs ended.';

const usageSchema = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  cacheReadTokens: z.number().nonnegative().optional(),
  cacheWriteTokens: z.number().nonnegative().optional(),
});

const totalsSchema = usageSchema.required().extend({ costUsd: z.number().nonnegative() });

const index = z.number().int().nonnegative();

/** The v2 request log: each distinct message, system prompt and tool set once; requests as indexes. */
const requestLogSchema = z.object({
  version: z.literal(1),
  messages: z.array(messageSchema),
  systems: z.array(z.string()),
  toolSets: z.array(z.array(z.object({ name: z.string(), description: z.string(), input_schema: z.record(z.string(), z.unknown()) }))),
  entries: z.array(
    z.object({
      run: index,
      turn: index,
      at: z.number(),
      model: z.string(),
      maxTokens: z.number(),
      thinkingBudget: z.number().optional(),
      system: index,
      tools: index,
      messages: z.array(index),
      usage: usageSchema.optional(),
    }),
  ),
});

const legacySchema = z.object({
  messages: z.array(messageSchema),
  permissionMode: z.string().optional(),
  savedAt: z.number().optional(),
  requests: z.unknown().optional(),
  usage: z.unknown().optional(),
});

interface LoggedRequest {
  at: number;
  request: ModelRequest;
  usage?: Usage;
}

/** The saved requests by "run:turn"; none when the log is missing or malformed (the transcript still converts). */
function savedRequests(value: unknown): Map<string, LoggedRequest> {
  const byTurn = new Map<string, LoggedRequest>();
  const parsed = requestLogSchema.safeParse(value);
  if (!parsed.success) return byTurn;
  const log = parsed.data;
  for (const entry of log.entries) {
    const system = log.systems[entry.system];
    const tools = log.toolSets[entry.tools];
    const messages = entry.messages.map((at) => log.messages[at]);
    if (system === undefined || tools === undefined || messages.some((message) => message === undefined)) return new Map();
    const request: ModelRequest = { model: entry.model, system, tools, messages: messages as Message[], maxTokens: entry.maxTokens };
    if (entry.thinkingBudget !== undefined) request.thinkingBudget = entry.thinkingBudget;
    byTurn.set(`${entry.run}:${entry.turn}`, { at: entry.at, request, ...(entry.usage ? { usage: entry.usage } : {}) });
  }
  return byTurn;
}

/** Harness notes ride in user messages as <system-reminder> text; they are not the user's words. */
const REMINDER_PREFIX = systemReminder('x').split('\n')[0] ?? '<system-reminder>';

function promptText(blocks: readonly UserBlock[]): string {
  return blocks
    .filter((block) => block.type === 'text' && !block.text.startsWith(REMINDER_PREFIX))
    .map((block) => (block.type === 'text' ? block.text : ''))
    .join('\n')
    .trim();
}

export interface LegacyConversation {
  log: LoggedEvent[];
  permissionMode: string | undefined;
  savedAt: number;
}

/** Whether a stored conversation record is one saved before the event log. */
export function isLegacyConversation(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'messages' in value && !('format' in value);
}

/** The event log of a v2 conversation; undefined when its transcript does not read back as one a provider accepts. */
export function legacyConversationLog(value: unknown): LegacyConversation | undefined {
  const parsed = legacySchema.safeParse(value);
  if (!parsed.success || transcriptProblems(parsed.data.messages).length > 0) return undefined;
  const { messages } = parsed.data;
  const at = parsed.data.savedAt ?? 0;
  const requests = savedRequests(parsed.data.requests);
  const log: LoggedEvent[] = [];
  const add = (event: AgentEvent, when = at): void => {
    log.push({ at: when, event });
  };
  let run = 0;
  let turn = 0;
  let open = false;
  let last: Message | undefined;
  const counted: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const endRun = (): void => {
    if (!open) return;
    const answered = last?.role === 'assistant' && toolUsesOf(last).length === 0;
    add({ type: 'run_end', reason: answered ? 'completed' : 'interrupted', detail: LEGACY_RUN_DETAIL, at });
    open = false;
  };
  for (const message of messages) {
    if (message.role === 'user') {
      const blocks: UserBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
      for (const block of blocks) {
        if (block.type === 'tool_result') add({ type: 'tool_result', callId: block.tool_use_id, result: block, durationMs: 0 });
      }
      const prompt = promptText(blocks);
      if (prompt !== '') {
        endRun();
        run += 1;
        turn = 0;
        open = true;
        add({ type: 'run_start', runId: `saved${run}`, prompt, at });
      }
      add({ type: 'user_message', message });
    } else {
      turn += 1;
      add({ type: 'turn_start', turn });
      const saved = requests.get(`${run}:${turn}`);
      if (saved) {
        add({ type: 'model_request', turn, request: saved.request }, saved.at);
        if (saved.usage) {
          add({ type: 'usage', turn, usage: saved.usage });
          addUsage(counted, saved.usage);
        }
      }
      add({ type: 'assistant_message', turn, message });
      for (const use of toolUsesOf(message)) add({ type: 'tool_call', turn, call: { id: use.id, name: use.name, input: use.input } });
    }
    last = message;
  }
  // The totals the status bar showed, also for requests the log had already let go of.
  const totals = totalsSchema.safeParse(parsed.data.usage);
  if (totals.success) {
    const rest: Usage = {
      inputTokens: Math.max(0, totals.data.inputTokens - counted.inputTokens),
      outputTokens: Math.max(0, totals.data.outputTokens - counted.outputTokens),
      cacheReadTokens: Math.max(0, totals.data.cacheReadTokens - (counted.cacheReadTokens ?? 0)),
      cacheWriteTokens: Math.max(0, totals.data.cacheWriteTokens - (counted.cacheWriteTokens ?? 0)),
    };
    const any = rest.inputTokens + rest.outputTokens + (rest.cacheReadTokens ?? 0) + (rest.cacheWriteTokens ?? 0) > 0;
    if (any || totals.data.costUsd > 0) add({ type: 'usage', turn: 0, usage: rest, costUsd: totals.data.costUsd });
  }
  endRun();
  return { log, permissionMode: parsed.data.permissionMode, savedAt: at };
}

function addUsage(total: Usage, usage: Usage): void {
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.cacheReadTokens = (total.cacheReadTokens ?? 0) + (usage.cacheReadTokens ?? 0);
  total.cacheWriteTokens = (total.cacheWriteTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
}
