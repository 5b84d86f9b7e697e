/**
 * `/compact [focus]`: asks the session to compact the conversation (summarize it and go on from the
 * summary); says in the chat why when it cannot.
 */
import { app } from '../state/app-store.svelte';
import { chatNote } from './chat-note';

export async function compact(focus: string): Promise<void> {
  const session = app.session;
  if (!session) {
    chatNote('The agent is still starting; try /compact again in a moment.');
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

