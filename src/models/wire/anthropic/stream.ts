import { num, record, str, type Json } from '../../json-fields';
import type { ModelEvent, ModelStopReason, Usage } from '../../port';
import { errorFromStreamPayload, streamDroppedError, type ProviderContext } from '../../provider-error';
import type { EventSourceMessage } from '../../sse';
import { messageStart, usageEvents } from '../../stream-events';
import { parseData, type StreamMapper } from '../../transport';

const STOP_REASONS: Record<string, ModelStopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
  pause_turn: 'pause_turn',
  // Newer models stop this way when the context window, not max_tokens, ran out.
  model_context_window_exceeded: 'max_tokens',
};

export function mapAnthropicStopReason(reason: string | null | undefined): ModelStopReason {
  return (reason && STOP_REASONS[reason]) || 'end_turn';
}

/**
 * Anthropic Messages streaming events → ModelEvents.
 * Block indexes are renumbered so that blocks we do not map (server tools) leave no gaps.
 * Usage is merged from message_start and message_delta (whose counts are cumulative) and
 * emitted once, just before the terminal stop or error.
 */
export class AnthropicStreamMapper implements StreamMapper {
  finished = false;
  private readonly indexes = new Map<number, number>();
  private readonly open = new Set<number>();
  private nextIndex = 0;
  private readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };
  private sawUsage = false;
  private stopReason: string | null | undefined;

  constructor(private readonly ctx: ProviderContext) {}

  push(message: EventSourceMessage): ModelEvent[] {
    if (this.finished) return [];
    const data = record(parseData(message.data));
    if (!data) return [];
    const type = str(data.type) ?? message.event;
    switch (type) {
      case 'message_start': {
        const msg = record(data.message);
        this.mergeUsage(record(msg?.usage));
        return [messageStart(str(msg?.model))];
      }
      case 'content_block_start':
        return this.blockStart(num(data.index), record(data.content_block));
      case 'content_block_delta':
        return this.blockDelta(num(data.index), record(data.delta));
      case 'content_block_stop': {
        const index = this.indexes.get(num(data.index) ?? -1);
        if (index === undefined || !this.open.has(index)) return [];
        this.open.delete(index);
        return [{ type: 'block_end', index }];
      }
      case 'message_delta': {
        const delta = record(data.delta);
        if (delta && 'stop_reason' in delta) this.stopReason = str(delta.stop_reason) ?? null;
        this.mergeUsage(record(data.usage));
        return [];
      }
      case 'message_stop':
        return this.finish();
      case 'error':
        this.finished = true;
        return [...this.usageEvents(), { type: 'error', error: errorFromStreamPayload(this.ctx, data) }];
      default:
        // ping, and event types added after this was written
        return [];
    }
  }

  end(cause?: unknown): ModelEvent[] {
    if (this.finished) return [];
    // message_delta carries the stop reason after the last block; only message_stop is missing.
    if (this.stopReason !== undefined && cause === undefined) return this.finish();
    this.finished = true;
    return [...this.usageEvents(), { type: 'error', error: streamDroppedError(this.ctx, cause) }];
  }

  private blockStart(providerIndex: number | undefined, block: Json | undefined): ModelEvent[] {
    if (providerIndex === undefined || !block) return [];
    const kind = str(block.type);
    if (kind !== 'text' && kind !== 'thinking' && kind !== 'redacted_thinking' && kind !== 'tool_use') return [];
    const index = this.nextIndex++;
    this.indexes.set(providerIndex, index);
    this.open.add(index);
    switch (kind) {
      case 'text': {
        const text = str(block.text) ?? '';
        return text ? [{ type: 'text_start', index }, { type: 'text_delta', index, text }] : [{ type: 'text_start', index }];
      }
      case 'thinking': {
        const events: ModelEvent[] = [{ type: 'thinking_start', index }];
        const thinking = str(block.thinking);
        if (thinking) events.push({ type: 'thinking_delta', index, thinking });
        const signature = str(block.signature);
        if (signature) events.push({ type: 'thinking_signature', index, signature });
        return events;
      }
      case 'redacted_thinking':
        return [{ type: 'thinking_start', index, redacted: true, data: str(block.data) ?? '' }];
      case 'tool_use':
        return [{ type: 'tool_use_start', index, id: str(block.id) ?? '', name: str(block.name) ?? '' }];
    }
  }

  private blockDelta(providerIndex: number | undefined, delta: Json | undefined): ModelEvent[] {
    const index = this.indexes.get(providerIndex ?? -1);
    if (index === undefined || !delta || !this.open.has(index)) return [];
    switch (str(delta.type)) {
      case 'text_delta': {
        const text = str(delta.text);
        return text ? [{ type: 'text_delta', index, text }] : [];
      }
      case 'input_json_delta': {
        const partialJson = str(delta.partial_json);
        return partialJson ? [{ type: 'tool_use_delta', index, partialJson }] : [];
      }
      case 'thinking_delta': {
        const thinking = str(delta.thinking);
        return thinking ? [{ type: 'thinking_delta', index, thinking }] : [];
      }
      case 'signature_delta': {
        const signature = str(delta.signature);
        return signature ? [{ type: 'thinking_signature', index, signature }] : [];
      }
      default:
        // citations_delta and future delta types carry nothing the canonical transcript keeps.
        return [];
    }
  }

  private finish(): ModelEvent[] {
    this.finished = true;
    const events: ModelEvent[] = [];
    for (const index of [...this.open].sort((a, b) => a - b)) events.push({ type: 'block_end', index });
    this.open.clear();
    events.push(...this.usageEvents());
    events.push({ type: 'stop', reason: mapAnthropicStopReason(this.stopReason) });
    return events;
  }

  private mergeUsage(usage: Json | undefined): void {
    if (!usage) return;
    const input = num(usage.input_tokens);
    const output = num(usage.output_tokens);
    const cacheRead = num(usage.cache_read_input_tokens);
    const cacheWrite = num(usage.cache_creation_input_tokens);
    if (input !== undefined) this.usage.inputTokens = input;
    if (output !== undefined) this.usage.outputTokens = output;
    if (cacheRead !== undefined) this.usage.cacheReadTokens = cacheRead;
    if (cacheWrite !== undefined) this.usage.cacheWriteTokens = cacheWrite;
    if (input !== undefined || output !== undefined) this.sawUsage = true;
  }

  private usageEvents(): ModelEvent[] {
    return usageEvents(this.sawUsage ? this.usage : undefined);
  }
}
