/**
 * The inspector's history of model requests, in a form small enough to save with the conversation.
 *
 * Request N holds the whole transcript up to turn N, so saving requests as they are grows with the
 * square of the conversation. The messages are the same objects from one request to the next, so
 * the packed log keeps each distinct message, system prompt and tool set once, and each request
 * is a list of indexes into those pools.
 *
 * Read back field by field and checked: a log that is malformed (old, partial, tampered with) is
 * dropped whole, never half-shown. No DOM, no Svelte.
 */
import { z } from 'zod';
import type { Message } from '../models/messages';
import type { ModelRequest, ToolDefinition, Usage } from '../models/port';

/** One model request as the inspector lists it. */
export interface LoggedRequest {
  /** 1-based run number in the conversation. */
  run: number;
  turn: number;
  /** When it was sent (ms since the epoch). */
  at: number;
  request: ModelRequest;
  usage?: Usage;
}

/** Older requests are dropped beyond this many: the newest are the ones a reader looks at. */
export const MAX_LOGGED_REQUESTS = 200;

const usageSchema = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  cacheReadTokens: z.number().nonnegative().optional(),
  cacheWriteTokens: z.number().nonnegative().optional(),
});

const index = z.number().int().nonnegative();

const entrySchema = z.object({
  run: z.number().int().nonnegative(),
  turn: z.number().int().nonnegative(),
  at: z.number(),
  model: z.string(),
  maxTokens: z.number(),
  thinkingBudget: z.number().optional(),
  system: index,
  tools: index,
  messages: z.array(index),
  usage: usageSchema.optional(),
});

const toolSchema = z.object({ name: z.string(), description: z.string(), input_schema: z.record(z.string(), z.unknown()) });

const packedSchema = z.object({
  version: z.literal(1),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]) })),
  systems: z.array(z.string()),
  toolSets: z.array(z.array(toolSchema)),
  entries: z.array(entrySchema),
});

/** The saved form: pools of distinct values, and each request as indexes into them. */
export interface PackedRequestLog {
  version: 1;
  messages: Message[];
  systems: string[];
  toolSets: ToolDefinition[][];
  entries: Array<z.infer<typeof entrySchema>>;
}

/** Assigns each distinct value (by identity) the next index in its pool. */
class Pool<T> {
  readonly items: T[] = [];
  private readonly seen = new Map<T, number>();

  indexOf(value: T): number {
    let at = this.seen.get(value);
    if (at === undefined) {
      at = this.items.length;
      this.items.push(value);
      this.seen.set(value, at);
    }
    return at;
  }
}

/** The newest MAX_LOGGED_REQUESTS requests, packed. */
export function packRequestLog(requests: readonly LoggedRequest[]): PackedRequestLog {
  const messages = new Pool<Message>();
  const systems = new Pool<string>();
  const toolSets = new Pool<readonly ToolDefinition[]>();
  const entries = requests.slice(-MAX_LOGGED_REQUESTS).map(({ run, turn, at, request, usage }) => ({
    run,
    turn,
    at,
    model: request.model,
    maxTokens: request.maxTokens,
    ...(request.thinkingBudget === undefined ? {} : { thinkingBudget: request.thinkingBudget }),
    system: systems.indexOf(request.system),
    tools: toolSets.indexOf(request.tools),
    messages: request.messages.map((message) => messages.indexOf(message)),
    ...(usage ? { usage: { ...usage } } : {}),
  }));
  return { version: 1, messages: messages.items, systems: systems.items, toolSets: toolSets.items.map((tools) => [...tools]), entries };
}

/**
 * The requests of a saved log, or [] when it is missing or malformed. Saved messages equal to one
 * of `transcript`'s become that object, so the next save pools them with the live transcript.
 */
export function unpackRequestLog(value: unknown, transcript: readonly Message[] = []): LoggedRequest[] {
  const parsed = packedSchema.safeParse(value);
  if (!parsed.success) return [];
  const log = parsed.data;
  const live = new Map(transcript.map((message) => [JSON.stringify(message), message]));
  const pool = log.messages.map((saved) => live.get(JSON.stringify(saved)) ?? (saved as Message));
  const requests: LoggedRequest[] = [];
  for (const entry of log.entries) {
    const system = log.systems[entry.system];
    const tools = log.toolSets[entry.tools];
    const messages = entry.messages.map((at) => pool[at]);
    if (system === undefined || tools === undefined || messages.some((message) => message === undefined)) return [];
    const request: ModelRequest = { model: entry.model, system, messages: messages as Message[], tools, maxTokens: entry.maxTokens };
    if (entry.thinkingBudget !== undefined) request.thinkingBudget = entry.thinkingBudget;
    requests.push({ run: entry.run, turn: entry.turn, at: entry.at, request, ...(entry.usage ? { usage: entry.usage } : {}) });
  }
  return requests;
}
