import { BlockSequence } from '../../block-sequence';
import { syntheticToolUseId } from '../../ids';
import { num, record, str, type Json } from '../../json-fields';
import type { ModelEvent, ModelStopReason, Usage } from '../../port';
import { errorFromStreamPayload, modelError, streamDroppedError, type ProviderContext } from '../../provider-error';
import type { EventSourceMessage } from '../../sse';
import { messageStart, usageEvents } from '../../stream-events';
import { parseData, type StreamMapper } from '../../transport';

/** Finish reasons that mean the model declined or was blocked. */
const REFUSALS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);
/** Finish reasons where the model botched a function call: worth asking again. */
const BAD_CALLS = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL']);

export function mapGeminiFinishReason(reason: string | undefined, sawCalls: boolean): ModelStopReason {
  if (reason === 'MAX_TOKENS') return 'max_tokens';
  if (reason && REFUSALS.has(reason)) return 'refusal';
  return sawCalls ? 'tool_use' : 'end_turn';
}

/** usageMetadata → ours. Thought tokens are billed as output; cached tokens are counted apart from input. */
export function readGeminiUsage(meta: Json): Usage | undefined {
  const prompt = num(meta.promptTokenCount);
  const candidates = num(meta.candidatesTokenCount);
  const thoughts = num(meta.thoughtsTokenCount) ?? 0;
  if (prompt === undefined && candidates === undefined) return undefined;
  const cached = num(meta.cachedContentTokenCount) ?? 0;
  const usage: Usage = { inputTokens: Math.max(0, (prompt ?? 0) - cached), outputTokens: (candidates ?? 0) + thoughts };
  if (cached > 0) usage.cacheReadTokens = cached;
  return usage;
}

/**
 * streamGenerateContent (alt=sse) chunks → ModelEvents. Each chunk is a whole GenerateContentResponse:
 * text parts stream (thought parts as thinking), function calls arrive whole and get a synthesized id
 * when Gemini sends none. There is no end marker: a finishReason followed by the end of the body is the stop.
 */
export class GeminiStreamMapper implements StreamMapper {
  finished = false;
  private started = false;
  private readonly blocks = new BlockSequence();
  private sawCalls = false;
  private finishReason: string | undefined;
  private blockReason: string | undefined;
  private usage: Usage | undefined;

  constructor(private readonly ctx: ProviderContext) {}

  push(message: EventSourceMessage): ModelEvent[] {
    if (this.finished) return [];
    const chunk = record(parseData(message.data));
    if (!chunk) return [];
    if (chunk.error !== undefined) {
      this.finished = true;
      return [...usageEvents(this.usage), { type: 'error', error: errorFromStreamPayload(this.ctx, chunk) }];
    }
    const events: ModelEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push(messageStart(str(chunk.modelVersion)));
    }
    const meta = record(chunk.usageMetadata);
    if (meta) this.usage = readGeminiUsage(meta) ?? this.usage;
    const blockReason = str(record(chunk.promptFeedback)?.blockReason);
    if (blockReason) this.blockReason = blockReason;
    const candidate = Array.isArray(chunk.candidates) ? record(chunk.candidates[0]) : undefined;
    if (!candidate) return events;
    const parts = record(candidate.content)?.parts;
    if (Array.isArray(parts)) {
      for (const item of parts) {
        const part = record(item);
        if (part) events.push(...this.part(part));
      }
    }
    const finish = str(candidate.finishReason);
    if (finish && finish !== 'FINISH_REASON_UNSPECIFIED') this.finishReason = finish;
    return events;
  }

  end(cause?: unknown): ModelEvent[] {
    if (this.finished) return [];
    if (this.finishReason !== undefined || this.blockReason !== undefined) return this.finish();
    this.finished = true;
    return [...usageEvents(this.usage), { type: 'error', error: streamDroppedError(this.ctx, cause) }];
  }

  private part(part: Json): ModelEvent[] {
    const call = record(part.functionCall);
    if (call) {
      // Calls arrive whole: the block opens and ends here.
      const { index, events } = this.blocks.begin();
      this.sawCalls = true;
      const id = str(call.id) || syntheticToolUseId('toolu');
      // Gemini 3 signs a step's first call and refuses the next request without that signature.
      const signature = str(part.thoughtSignature);
      events.push(
        { type: 'tool_use_start', index, id, name: str(call.name) ?? '', ...(signature ? { signature } : {}) },
        { type: 'tool_use_delta', index, partialJson: JSON.stringify(record(call.args) ?? {}) },
        { type: 'block_end', index },
      );
      return events;
    }
    const text = str(part.text);
    if (!text) return [];
    // A signature on a text part is optional to send back (only calls' signatures are enforced): dropped.
    return this.blocks.appendText(part.thought === true ? 'thinking' : 'text', text);
  }

  private finish(): ModelEvent[] {
    this.finished = true;
    const events = [...this.blocks.close(), ...usageEvents(this.usage)];
    if (this.finishReason && BAD_CALLS.has(this.finishReason)) {
      events.push({ type: 'error', error: modelError(this.ctx, 'server', `${this.ctx.label} produced a malformed function call (${this.finishReason})`) });
      return events;
    }
    const reason = this.blockReason && !this.finishReason ? 'refusal' : mapGeminiFinishReason(this.finishReason, this.sawCalls);
    events.push({ type: 'stop', reason });
    return events;
  }
}
