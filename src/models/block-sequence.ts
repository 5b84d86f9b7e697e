import type { ModelEvent } from './port';

type BlockKind = 'text' | 'thinking' | 'tool';

/**
 * Content blocks for wire formats that do not number them (Gemini, Chat Completions): each gets the
 * next index, and at most one is open at a time, so opening a block ends the one before it.
 */
export class BlockSequence {
  private nextIndex = 0;
  private current: { kind: BlockKind; index: number } | undefined;

  /** Ends the open block, if there is one. */
  close(): ModelEvent[] {
    if (!this.current) return [];
    const index = this.current.index;
    this.current = undefined;
    return [{ type: 'block_end', index }];
  }

  /**
   * Ends the open block and takes the next index: the new block stays open as `kind`, or, without
   * a kind, is one the caller sends whole (start to block_end) at once. `events` holds the ending.
   */
  begin(kind?: BlockKind): { index: number; events: ModelEvent[] } {
    const events = this.close();
    const index = this.nextIndex++;
    if (kind) this.current = { kind, index };
    return { index, events };
  }

  isOpen(index: number): boolean {
    return this.current?.index === index;
  }

  /** Text or thinking, continuing the open block of that kind or opening a new one. */
  appendText(kind: 'text' | 'thinking', text: string): ModelEvent[] {
    const delta = (index: number): ModelEvent => (kind === 'text' ? { type: 'text_delta', index, text } : { type: 'thinking_delta', index, thinking: text });
    if (this.current?.kind === kind) return [delta(this.current.index)];
    const { index, events } = this.begin(kind);
    events.push(kind === 'text' ? { type: 'text_start', index } : { type: 'thinking_start', index }, delta(index));
    return events;
  }
}
