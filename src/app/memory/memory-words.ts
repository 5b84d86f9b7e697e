import type { MemoryType } from '../../store/memory-store';

/** What each memory type is for, as the form explains it. */
export const MEMORY_TYPE_HINTS: Record<MemoryType, string> = {
  user: 'user: who you are, your role and preferences.',
  feedback: 'feedback: how the agent should work (corrections, do and don\'t).',
  project: 'project: facts about your projects that are not in the code.',
  reference: 'reference: where to find things (docs, links, commands).',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** "today", "yesterday", "3 days ago", else the date. */
export function savedOn(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY_MS);
  if (days < 1) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return new Date(at).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}
