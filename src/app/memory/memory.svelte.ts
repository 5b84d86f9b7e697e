/**
 * The Memory panel's state: every long-term memory entry, taken again after each change (the
 * agent's Memory tool or this panel), and the actions the panel offers. `memoryView.show()` opens
 * the panel (the `/memory` command calls it).
 */
import type { MemoryDraft, MemoryEntry, MemoryStore } from '../../store/memory-store';
import { sidePanel } from '../layout/side-panel-state.svelte';
import { memoryBook } from './memory-book';

export const MEMORY_PANEL_ID = 'memory';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class MemoryViewState {
  entries: readonly MemoryEntry[] = $state.raw([]);
  /** False until the entries were first read. */
  loaded = $state(false);
  /** Why memory is kept in this tab only, or could not be read. */
  problem: string | undefined = $state();
  #book: MemoryStore | null = null;
  #attaching: Promise<MemoryStore> | null = null;

  /** Start following the memory (idempotent); the panel calls it when it mounts. */
  attach(): Promise<MemoryStore> {
    this.#attaching ??= memoryBook().then((book) => {
      this.#book = book;
      book.onChange(() => void this.#refresh());
      void this.#refresh();
      return book;
    });
    return this.#attaching;
  }

  /** Open the Memory panel. */
  show(): void {
    sidePanel.show(MEMORY_PANEL_ID);
    void this.attach();
  }

  /** Save a new or edited entry; the problem in words, or undefined when it was saved. */
  async save(draft: MemoryDraft): Promise<string | undefined> {
    try {
      await (await this.attach()).save(draft);
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Delete an entry; the problem in words, or undefined. */
  async remove(id: string): Promise<string | undefined> {
    try {
      await (await this.attach()).delete(id);
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  async #refresh(): Promise<void> {
    const book = this.#book;
    if (!book) return;
    try {
      this.entries = await book.list();
      this.problem = book.problem;
    } catch (error) {
      this.problem = `The memory could not be read: ${messageOf(error)}`;
    }
    this.loaded = true;
  }
}

export const memoryView = new MemoryViewState();
