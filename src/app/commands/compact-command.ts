/**
 * `/compact [focus]`: asks the session to compact the conversation (summarize it and go on from the
 * summary), when the session can; otherwise says so in the chat.
 */
import type { SessionApi } from '../../agent/session-contract';
import { app } from '../state/app-store.svelte';
import { chatNote } from './chat-note';

/** A session that can compact its conversation on demand (the compaction work adds `compact`). */
interface CompactingSession {
  compact(focus?: string): Promise<unknown>;
}

function canCompact(session: SessionApi): session is SessionApi & CompactingSession {
  return 'compact' in session && typeof session.compact === 'function';
}

export async function compact(focus: string): Promise<void> {
  const session = app.session;
  if (!session) {
    chatNote('The agent is still starting; try /compact again in a moment.');
    return;
  }
  if (!canCompact(session)) {
    chatNote('/compact is not available yet: this version of Glassbox cannot compact a conversation. Use /clear to start a new one.', 'error');
    return;
  }
  if (session.messages.length === 0) {
    chatNote('Nothing to compact yet: the conversation is empty.');
    return;
  }
  try {
    await session.compact(focus === '' ? undefined : focus);
  } catch (error) {
    chatNote(`Could not compact the conversation: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

