import type { AssistantBlock, AssistantMessage, TextBlock, ToolUseBlock } from '../models/messages';
import type { ModelError, ModelEvent, ModelStopReason, Usage } from '../models/port';

/**
 * Builds one assistant message from a model's event stream. Blocks are mutable only
 * while they stream; `finish()` hands out the finished message, which is never
 * touched again.
 */
export class MessageAssembler {
  private readonly blocks: (AssistantBlock | undefined)[] = [];
  /** Partial JSON pieces per tool_use block index (joined once, at block end). */
  private readonly jsonPieces = new Map<number, string[]>();
  stopReason: ModelStopReason | null = null;
  error: ModelError | null = null;
  readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };
  /** True once any content (text, thinking, tool call) has streamed. */
  hasOutput = false;
  /** Each finished tool call's input exactly as streamed, by tool_use id (for the inspector). */
  readonly streamedInputs = new Map<string, string>();

  apply(event: ModelEvent): void {
    switch (event.type) {
      case 'message_start':
        return;
      case 'text_start':
        this.blocks[event.index] = { type: 'text', text: '' };
        return;
      case 'text_delta': {
        this.hasOutput = true;
        const block = this.blocks[event.index];
        if (block?.type === 'text') block.text += event.text;
        else this.blocks[event.index] = { type: 'text', text: event.text };
        return;
      }
      case 'thinking_start':
        this.blocks[event.index] = event.redacted
          ? { type: 'redacted_thinking', data: event.data ?? '' }
          : { type: 'thinking', thinking: '' };
        if (event.redacted) this.hasOutput = true;
        return;
      case 'thinking_delta': {
        this.hasOutput = true;
        const block = this.blocks[event.index];
        if (block?.type === 'thinking') block.thinking += event.thinking;
        else this.blocks[event.index] = { type: 'thinking', thinking: event.thinking };
        return;
      }
      case 'thinking_signature': {
        const block = this.blocks[event.index];
        if (block?.type === 'thinking') block.signature = (block.signature ?? '') + event.signature;
        return;
      }
      case 'tool_use_start':
        this.hasOutput = true;
        this.blocks[event.index] = {
          type: 'tool_use',
          id: event.id,
          name: event.name,
          input: {},
          ...(event.signature ? { signature: event.signature } : {}),
        };
        this.jsonPieces.set(event.index, []);
        return;
      case 'tool_use_delta': {
        const pieces = this.jsonPieces.get(event.index);
        if (pieces) pieces.push(event.partialJson);
        return;
      }
      case 'block_end':
        this.closeToolUse(event.index);
        return;
      case 'usage':
        // Providers report cumulative counts, sometimes split over several events
        // (input at the start, output at the end): keep the largest of each.
        this.usage.inputTokens = Math.max(this.usage.inputTokens, event.usage.inputTokens);
        this.usage.outputTokens = Math.max(this.usage.outputTokens, event.usage.outputTokens);
        if (event.usage.cacheReadTokens !== undefined)
          this.usage.cacheReadTokens = Math.max(this.usage.cacheReadTokens ?? 0, event.usage.cacheReadTokens);
        if (event.usage.cacheWriteTokens !== undefined)
          this.usage.cacheWriteTokens = Math.max(this.usage.cacheWriteTokens ?? 0, event.usage.cacheWriteTokens);
        return;
      case 'stop':
        this.stopReason = event.reason;
        return;
      case 'error':
        this.error = event.error;
        return;
    }
  }

  /** Parse a tool_use block's streamed JSON; on failure keep the text in `rawInput`. */
  private closeToolUse(index: number): void {
    const pieces = this.jsonPieces.get(index);
    const block = this.blocks[index];
    if (pieces === undefined || block?.type !== 'tool_use') return;
    this.jsonPieces.delete(index);
    const json = pieces.join('');
    this.streamedInputs.set(block.id, json);
    finishToolInput(block, json);
  }

  /** The complete message. Tool calls whose block never closed (a cut-off stream) are finalized here. */
  finish(): AssistantMessage {
    for (const index of [...this.jsonPieces.keys()]) this.closeToolUse(index);
    const content: AssistantBlock[] = [];
    for (const block of this.blocks) if (block !== undefined) content.push(block);
    return { role: 'assistant', content };
  }

  /**
   * What is worth keeping of a message interrupted mid-stream: its non-empty text
   * only. Thinking without its signature cannot be sent back to the provider, and an
   * unfinished tool call was never run, so both are dropped. Null when nothing is left.
   */
  partialText(): AssistantMessage | null {
    const texts: TextBlock[] = [];
    for (const block of this.blocks) {
      if (block?.type === 'text' && block.text.trim().length > 0) texts.push({ type: 'text', text: block.text });
    }
    return texts.length > 0 ? { role: 'assistant', content: texts } : null;
  }
}

function finishToolInput(block: ToolUseBlock, json: string): void {
  if (json.trim() === '') return; // a tool called with no arguments
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      block.input = parsed as Record<string, unknown>;
      return;
    }
  } catch {
    // fall through: keep the raw text so validation can quote the parse error
  }
  block.rawInput = json;
}
