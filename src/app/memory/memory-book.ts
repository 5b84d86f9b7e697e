/**
 * The one long-term memory of this page, shared by the agent's runtime (system prompt, Memory
 * tool) and the Memory panel. Loaded on first use: the store is not part of the first paint.
 */
import type { MemoryStore } from '../../store/memory-store';

let book: Promise<MemoryStore> | undefined;

export function memoryBook(): Promise<MemoryStore> {
  book ??= import('../../store/memory-store').then(({ MemoryStore }) => new MemoryStore());
  return book;
}
