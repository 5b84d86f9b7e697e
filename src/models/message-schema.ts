/**
 * The canonical transcript format (./messages.ts) as zod schemas, for reading back what was
 * stored or shared: anything that comes from outside the running page is checked against these.
 */
import { z } from 'zod';
import type { AssistantBlock, Message, UserBlock } from './messages';

const textBlock = z.object({ type: z.literal('text'), text: z.string() });
const imageBlock = z.object({
  type: z.literal('image'),
  source: z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
});
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });
const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  rawInput: z.string().optional(),
  signature: z.string().optional(),
});

export const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]),
  is_error: z.boolean().optional(),
});

const userBlock: z.ZodType<UserBlock> = z.discriminatedUnion('type', [textBlock, imageBlock, toolResultBlockSchema]);
const assistantBlock: z.ZodType<AssistantBlock> = z.discriminatedUnion('type', [textBlock, thinkingBlock, redactedThinkingBlock, toolUseBlock]);

export const userMessageSchema = z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(userBlock)]) });
export const assistantMessageSchema = z.object({ role: z.literal('assistant'), content: z.array(assistantBlock) });
export const messageSchema: z.ZodType<Message> = z.discriminatedUnion('role', [userMessageSchema, assistantMessageSchema]);
