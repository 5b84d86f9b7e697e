/**
 * A line of the harness's own in the chat, for a command's answer (an unknown command, a command
 * that must wait for the run). Shown to the user only: it is not in the session's log, so the model
 * never sees it.
 */
import { withNotice, type NoticeItem } from '../state/fold';
import { app } from '../state/app-store.svelte';

export function chatNote(text: string, level: NoticeItem['level'] = 'info'): void {
  app.view = withNotice(app.view, text, level);
}
