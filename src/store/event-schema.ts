/**
 * The stored form of a session's events, as zod schemas. A stored event is an AgentEvent in
 * which the bulky, repeated parts are references into the chunk pools (see ./event-log-codec.ts):
 * a model request's system prompt, tool set and messages, and each appended message.
 * Everything read back from IndexedDB is checked against these, one event at a time.
 */
import { z } from 'zod';
import { assistantMessageSchema, messageSchema, toolResultBlockSchema, userMessageSchema } from '../models/message-schema';

const count = z.number().int().nonnegative();
const time = z.number().finite();
/** An index into one of the log's pools. */
const ref = count;

const usageSchema = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  cacheReadTokens: z.number().nonnegative().optional(),
  cacheWriteTokens: z.number().nonnegative().optional(),
});

const modelErrorSchema = z.object({
  kind: z.enum(['auth', 'rate_limit', 'overloaded', 'server', 'network', 'stream_dropped', 'invalid_request', 'aborted', 'unknown', 'exhausted']),
  message: z.string(),
  status: z.number().optional(),
  retryAfterMs: z.number().optional(),
  retryable: z.boolean(),
  maxRetries: z.number().optional(),
  contextOverflow: z.boolean().optional(),
});

const stopReasonSchema = z.enum(['completed', 'interrupted', 'max_turns', 'model_error', 'max_tokens', 'refusal', 'budget_exceeded', 'permission_denied_stop', 'spend_cap', 'recording_exhausted', 'hook_stopped', 'branched']);

const hookRunSchema = z.object({
  event: z.enum(['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop', 'SubagentStop', 'SessionStart', 'PreCompact']),
  command: z.string(),
  file: z.string(),
  matcher: z.string(),
  callId: z.string().optional(),
  toolName: z.string().optional(),
  input: z.string(),
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  outcome: z.enum(['success', 'blocked', 'error', 'timeout']),
  decision: z.enum(['allow', 'deny', 'ask', 'block', 'stop']).optional(),
  reason: z.string().optional(),
  updatedInput: z.boolean().optional(),
});

const userInputRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), plan: z.string() }),
  z.object({
    kind: z.literal('questions'),
    questions: z.array(
      z.object({
        header: z.string(),
        question: z.string(),
        options: z.array(z.object({ label: z.string(), description: z.string() })),
        multiSelect: z.boolean(),
      }),
    ),
  }),
]);

const userInputResponseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan_approved'), mode: z.enum(['acceptEdits', 'default']) }),
  z.object({ kind: z.literal('plan_rejected'), feedback: z.string() }),
  z.object({ kind: z.literal('answers'), answers: z.record(z.string(), z.string()) }),
  z.object({ kind: z.literal('cancelled') }),
]);

const decisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allow_once') }),
  z.object({ kind: z.literal('allow_session'), rules: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('allow_always'), rules: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('deny'), reason: z.string().optional(), stop: z.boolean().optional() }),
]);

const subjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), command: z.string() }),
  z.object({ kind: z.literal('path'), access: z.enum(['read', 'edit']), path: z.string() }),
  z.object({ kind: z.literal('url'), url: z.string() }),
]);

const descriptorSchema = z.object({
  title: z.string(),
  detail: z.string().optional(),
  detailFormat: z.enum(['text', 'diff']).optional(),
  ruleKey: z.string(),
  subject: subjectSchema.optional(),
});

const decidingRuleSchema = z.object({
  rule: z.string(),
  behavior: z.enum(['deny', 'ask', 'allow']),
  source: z.enum(['workspace', 'user', 'session']),
  file: z.string().optional(),
});

const callSchema = z.object({
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  summary: z.string().optional(),
  category: z.enum(['read-only', 'edits-files', 'runs-commands', 'other']).optional(),
});

const modelStopReasonSchema = z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal', 'pause_turn']);

/** What came back for one attempt, with the message as a pool reference (the same one assistant_message holds). */
export const storedResponseSchema = z.object({
  attempt: count,
  outcome: z.enum(['message', 'failed', 'interrupted']),
  stopReason: modelStopReasonSchema.optional(),
  error: modelErrorSchema.optional(),
  message: ref.optional(),
  rawToolInput: z.record(z.string(), z.string()).optional(),
  usage: usageSchema.optional(),
  firstTokenMs: z.number().nonnegative().optional(),
  totalMs: z.number().nonnegative(),
  wire: z
    .object({
      events: z.array(z.object({ event: z.string().optional(), data: z.string() })),
      omitted: count,
      omittedAfter: count,
    })
    .optional(),
});

/** A model request with its parts as pool references. */
export const storedRequestSchema = z.object({
  model: z.string(),
  maxTokens: z.number(),
  thinkingBudget: z.number().optional(),
  purpose: z.literal('summary').optional(),
  system: ref,
  tools: ref,
  messages: z.array(ref),
});

/** A named part of a request's system prompt, its text a reference into the systems pool. */
export const storedSystemPartSchema = z.object({ label: z.string(), source: z.string(), text: ref });

const branchPointSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('request'), turn: count }),
  z.object({ step: z.literal('tool'), turn: count, callId: z.string() }),
  z.object({ step: z.literal('result'), turn: count, callId: z.string(), result: toolResultBlockSchema }),
]);

export const storedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run_start'), runId: z.string(), prompt: z.string(), at: time }),
  z.object({ type: z.literal('turn_start'), turn: count }),
  z.object({ type: z.literal('model_notice'), notice: z.object({ text: z.string(), action: z.literal('open_model_settings').optional() }) }),
  z.object({
    type: z.literal('model_request'),
    turn: count,
    request: storedRequestSchema,
    systemParts: z.array(storedSystemPartSchema).optional(),
    stepEdit: z.object({ system: z.boolean(), messages: z.boolean() }).optional(),
  }),
  z.object({ type: z.literal('model_response'), turn: count, response: storedResponseSchema }),
  z.object({ type: z.literal('text_delta'), turn: count, index: count, text: z.string() }),
  z.object({ type: z.literal('thinking_delta'), turn: count, index: count, thinking: z.string() }),
  z.object({ type: z.literal('assistant_message'), turn: count, message: ref }),
  z.object({ type: z.literal('user_message'), message: ref }),
  z.object({ type: z.literal('tool_call'), turn: count, call: callSchema }),
  z.object({ type: z.literal('permission_request'), callId: z.string(), descriptor: descriptorSchema }),
  z.object({
    type: z.literal('permission_decision'),
    callId: z.string(),
    decision: decisionSchema,
    automatic: z.boolean(),
    rule: decidingRuleSchema.optional(),
  }),
  z.object({ type: z.literal('tool_start'), callId: z.string(), at: time }),
  z.object({ type: z.literal('tool_progress'), callId: z.string(), text: z.string() }),
  z.object({
    type: z.literal('tool_result'),
    callId: z.string(),
    result: toolResultBlockSchema,
    durationMs: z.number().nonnegative(),
    editedInStep: z.literal(true).optional(),
  }),
  z.object({ type: z.literal('usage'), turn: count, usage: usageSchema, costUsd: z.number().optional(), savedUsd: z.number().optional() }),
  z.object({ type: z.literal('retry'), attempt: count, maxAttempts: count.optional(), delayMs: z.number().nonnegative(), error: modelErrorSchema }),
  z.object({
    type: z.literal('error'),
    error: z.union([modelErrorSchema, z.object({ kind: z.literal('internal'), message: z.string() })]),
  }),
  z.object({ type: z.literal('run_end'), reason: stopReasonSchema, detail: z.string().optional(), at: time, branch: branchPointSchema.optional() }),
  z.object({ type: z.literal('run_resumed'), runId: z.string(), at: time }),
  z.object({
    type: z.literal('compaction'),
    trigger: z.enum(['auto', 'manual', 'overflow']),
    tokensBefore: count,
    tokensAfter: count,
    summary: z.string(),
    message: ref,
    focus: z.string().optional(),
    at: time,
  }),
  z.object({
    type: z.literal('replay_divergence'),
    divergence: z.object({
      step: count,
      of: count,
      kind: z.enum(['tool_result', 'request']),
      tool: z.string().optional(),
      callId: z.string().optional(),
      expected: z.string(),
      actual: z.string(),
    }),
  }),
  z.object({ type: z.literal('hook_run'), run: hookRunSchema }),
  z.object({
    type: z.literal('workspace_tools'),
    tools: z.array(z.object({ name: z.string(), file: z.string() })),
    problems: z.array(z.object({ file: z.string(), problem: z.string() })),
  }),
  z.object({ type: z.literal('user_input_request'), callId: z.string(), request: userInputRequestSchema }),
  z.object({ type: z.literal('user_input_response'), callId: z.string(), response: userInputResponseSchema }),
  /** A sub-agent's event, itself stored (and checked on reading) as an event of this schema. */
  z.object({ type: z.literal('subagent_event'), agentId: z.string(), callId: z.string(), event: z.unknown() }),
]);

export type StoredEvent = z.infer<typeof storedEventSchema>;
export type StoredRequest = z.infer<typeof storedRequestSchema>;

export const storedEntrySchema = z.object({ at: time, event: z.unknown() });

const toolDefinitionSchema = z.object({ name: z.string(), description: z.string(), input_schema: z.record(z.string(), z.unknown()) });

/**
 * One chunk of a stored log: the events one save appended, and the pool items they introduced.
 * Pool indexes run on across chunks: chunk N's first message is number (messages in chunks < N).
 * Pools and events are checked item by item, so one bad item costs only what refers to it.
 */
export const storedChunkSchema = z.object({
  format: z.literal(1),
  messages: z.array(z.unknown()),
  systems: z.array(z.unknown()),
  toolSets: z.array(z.unknown()),
  events: z.array(z.unknown()),
});

export type StoredChunk = {
  format: 1;
  messages: unknown[];
  systems: unknown[];
  toolSets: unknown[];
  events: Array<{ at: number; event: StoredEvent }>;
};

export const poolSchemas = {
  message: messageSchema,
  userMessage: userMessageSchema,
  assistantMessage: assistantMessageSchema,
  system: z.string(),
  toolSet: z.array(toolDefinitionSchema),
};
