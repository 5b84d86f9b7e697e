import type { TextBlock } from '../models/messages';

/**
 * Notes the harness owes the model about things that happened outside the conversation: a
 * preview page threw, the sandbox was swapped. They ride along with the next user content
 * (the next prompt, or the tool results of the current run) as `<system-reminder>` text, so:
 * - the system prompt stays byte-stable across turns (prompt caching keeps working);
 * - each note is sent exactly once, at the point in the transcript where it became true;
 * - the inspector shows them like any other request content (nothing hidden from the user).
 */
export function systemReminder(text: string): string {
  return `<system-reminder>\n${text.trim()}\n</system-reminder>`;
}

/** Notes as text blocks, ready to append to a user message (after any tool results). */
export function reminderBlocks(notes: readonly string[]): TextBlock[] {
  return notes.map((note) => ({ type: 'text', text: systemReminder(note) }));
}

/**
 * A queue of pending notes. A note added under a key replaces the pending note with that key
 * (two sandbox swaps before the next turn need one note, the latest), keeping its place.
 */
export class ContextNotes {
  private readonly pending = new Map<string, string>();
  private anonymous = 0;

  add(text: string, key?: string): void {
    this.anonymous += 1;
    this.pending.set(key ?? `#${this.anonymous}`, text);
  }

  get size(): number {
    return this.pending.size;
  }

  /** The pending notes in the order they were first added; the queue is empty afterwards. */
  drain(): string[] {
    const notes = [...this.pending.values()];
    this.pending.clear();
    return notes;
  }

  clear(): void {
    this.pending.clear();
  }
}
