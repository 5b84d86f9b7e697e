import { BlockSequence } from '../../block-sequence';
import { syntheticToolUseId } from '../../ids';
import { num, record, str, type Json } from '../../json-fields';
import type { ModelEvent, ModelStopReason, Usage } from '../../port';
import { errorFromStreamPayload, streamDroppedError, type ProviderContext } from '../../provider-error';
import type { EventSourceMessage } from '../../sse';
import { messageStart, usageEvents } from '../../stream-events';
import { parseData, type StreamMapper } from '../../transport';

/** One tool call being assembled from fragments. */
interface ToolSlot {
  id?: string;
  name: string;
  /** The call's argument text so far, gathered from its fragments. */
  pending: string;
  index?: number;
  /** Gemini's OpenAI-compatible endpoint signs a call in `extra_content.google.thought_signature`. */
  signature?: string;
}

/** Chat Completions usage → ours. `prompt_tokens` includes cached tokens; ours counts them apart. */
export function readChatUsage(usage: Json): Usage | undefined {
  const prompt = num(usage.prompt_tokens);
  const completion = num(usage.completion_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const cached = num(record(usage.prompt_tokens_details)?.cached_tokens) ?? num(usage.prompt_cache_hit_tokens) ?? 0;
  const out: Usage = { inputTokens: Math.max(0, (prompt ?? 0) - cached), outputTokens: completion ?? 0 };
  if (cached > 0) out.cacheReadTokens = cached;
  return out;
}

export function mapFinishReason(reason: string | undefined, sawToolCalls: boolean): ModelStopReason {
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    default:
      // Some local servers say "stop" after tool calls; the calls are what matters to the loop.
      return sawToolCalls ? 'tool_use' : 'end_turn';
  }
}

/**
 * Chat Completions chunks → ModelEvents. Text and reasoning open blocks as they come; tool calls are
 * assembled by `index` from argument fragments, which may interleave (a new `id` at a reused index,
 * as Ollama sends for parallel calls, opens a new call), and sent whole after the text. Blocks are
 * strictly sequential, as Anthropic's are: starting one ends the previous. The stop is sent at
 * `[DONE]` or the end of the body, after the usage chunk that follows `finish_reason`.
 */
export class OpenAIStreamMapper implements StreamMapper {
  finished = false;
  private started = false;
  private readonly blocks = new BlockSequence();
  private readonly slots: ToolSlot[] = [];
  private readonly slotByRawIndex = new Map<number, ToolSlot>();
  private readonly slotById = new Map<string, ToolSlot>();
  private lastRawIndex = 0;
  private finishReason: string | undefined;
  private sawFinish = false;
  private refused = false;
  private usage: Usage | undefined;

  constructor(private readonly ctx: ProviderContext) {}

  push(message: EventSourceMessage): ModelEvent[] {
    if (this.finished) return [];
    if (message.data.trim() === '[DONE]') return this.finish();
    const chunk = record(parseData(message.data));
    if (!chunk) return [];
    if (chunk.error !== undefined && chunk.error !== null) {
      this.finished = true;
      return [...usageEvents(this.usage), { type: 'error', error: errorFromStreamPayload(this.ctx, chunk) }];
    }
    const events: ModelEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push(messageStart(str(chunk.model)));
    }
    // Groq reports usage under x_groq on the last chunk.
    const usage = record(chunk.usage) ?? record(record(chunk.x_groq)?.usage);
    if (usage) this.usage = readChatUsage(usage) ?? this.usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices.map(record) : [];
    const choice = choices.find((c) => (num(c?.index) ?? 0) === 0);
    if (!choice) return events;
    const delta = record(choice.delta);
    if (delta) {
      const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning);
      if (reasoning) events.push(...this.blocks.appendText('thinking', reasoning));
      const content = str(delta.content);
      if (content) events.push(...this.blocks.appendText('text', content));
      const refusal = str(delta.refusal);
      if (refusal) {
        this.refused = true;
        events.push(...this.blocks.appendText('text', refusal));
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls) {
          const fragment = record(call);
          if (fragment) events.push(...this.toolFragment(fragment));
        }
      }
    }
    const finish = str(choice.finish_reason);
    if (finish) {
      this.finishReason = finish;
      this.sawFinish = true;
    }
    return events;
  }

  end(cause?: unknown): ModelEvent[] {
    if (this.finished) return [];
    // After finish_reason only the usage chunk and [DONE] were missing: the message itself is whole.
    if (this.sawFinish) return this.finish();
    this.finished = true;
    return [...usageEvents(this.usage), { type: 'error', error: streamDroppedError(this.ctx, cause) }];
  }

  private slotFor(fragment: Json): ToolSlot {
    const id = str(fragment.id) || undefined;
    const rawIndex = num(fragment.index) ?? (id === undefined ? this.lastRawIndex : this.slots.length);
    this.lastRawIndex = rawIndex;
    if (id !== undefined) {
      const known = this.slotById.get(id);
      if (known) return known;
    }
    const atIndex = this.slotByRawIndex.get(rawIndex);
    if (atIndex && (id === undefined || atIndex.id === undefined || atIndex.id === id)) {
      if (id !== undefined && atIndex.id === undefined) {
        atIndex.id = id;
        this.slotById.set(id, atIndex);
      }
      return atIndex;
    }
    const slot: ToolSlot = { name: '', pending: '' };
    if (id !== undefined) {
      slot.id = id;
      this.slotById.set(id, slot);
    }
    this.slots.push(slot);
    this.slotByRawIndex.set(rawIndex, slot);
    return slot;
  }

  /**
   * Gathers a fragment into its call's slot. Calls are sent whole when the message ends: fragments
   * of parallel calls may interleave (that is what `index` is for), and a block, once a later one
   * started, cannot take more input.
   */
  private toolFragment(fragment: Json): ModelEvent[] {
    const slot = this.slotFor(fragment);
    const fn = record(fragment.function);
    const name = str(fn?.name);
    if (name) slot.name += name;
    const signature = str(record(record(fragment.extra_content)?.google)?.thought_signature);
    if (signature) slot.signature = signature;
    const rawArgs = fn?.arguments;
    // Some servers send the arguments as an object rather than JSON text.
    slot.pending += typeof rawArgs === 'string' ? rawArgs : rawArgs !== undefined && rawArgs !== null ? JSON.stringify(rawArgs) : '';
    return [];
  }

  private startSlot(slot: ToolSlot): ModelEvent[] {
    const { index, events } = this.blocks.begin('tool');
    slot.index = index;
    slot.id ??= syntheticToolUseId('call');
    events.push({ type: 'tool_use_start', index, id: slot.id, name: slot.name, ...(slot.signature ? { signature: slot.signature } : {}) });
    if (slot.pending !== '') events.push({ type: 'tool_use_delta', index, partialJson: slot.pending });
    slot.pending = '';
    return events;
  }

  private finish(): ModelEvent[] {
    this.finished = true;
    const events: ModelEvent[] = [];
    // Every call, whole, in the order the calls began; one whose name never arrived still becomes
    // a block, so the loop can answer it with an error.
    for (const slot of this.slots) if (slot.index === undefined) events.push(...this.startSlot(slot));
    events.push(...this.blocks.close());
    events.push(...usageEvents(this.usage));
    const reason = this.refused && this.finishReason !== 'tool_calls' ? 'refusal' : mapFinishReason(this.finishReason, this.slots.length > 0);
    events.push({ type: 'stop', reason });
    return events;
  }
}
