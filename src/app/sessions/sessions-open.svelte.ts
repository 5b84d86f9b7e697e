/**
 * Whether the Sessions and Rewind views are open (first-paint code, kept tiny): the header's
 * Sessions button, `/resume` (sessionsView.show()), `/rewind` (rewindView.show()) and each user
 * message's Rewind button (rewindView.confirm(prompt)) open them; the views and what they do
 * load on first open (./sessions.svelte.ts).
 */

class SessionsOpen {
  open = $state(false);

  /** Open the Sessions view. */
  show(): void {
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }
}

class RewindOpen {
  open = $state(false);
  /** The prompt (0-based, among the session's prompts) to rewind to before; null: choose one. */
  request = $state<number | null>(null);
  /** What the last rewind or fork did, in words (a status line). */
  done = $state<string | null>(null);

  /** Open Rewind on the list of this session's prompts. */
  show(): void {
    this.request = null;
    this.open = true;
  }

  /** Ask to rewind to before prompt `prompt`: the dialog lists what will change. */
  confirm(prompt: number): void {
    this.request = prompt;
    this.open = true;
  }

  hide(): void {
    this.open = false;
    this.request = null;
  }
}

export const sessionsView = new SessionsOpen();
export const rewindView = new RewindOpen();
