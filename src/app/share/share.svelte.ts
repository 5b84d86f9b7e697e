/**
 * Sharing as the always-loaded part of the app sees it: whether the Share dialog is open, and the
 * question asked before a shared playground replaces the user's work. Everything heavier (the
 * codecs, fflate, the dialog) loads when first used (./open-shared.ts, ./ShareDialog.svelte).
 */

/** The answer to "Open in a new workspace?": a new workspace keeps the current work as it is. */
export type ReplaceAnswer = 'cancel' | 'new-workspace' | 'replace';

export interface ReplaceQuestion {
  /** What would be opened, in words ("3 files (2 kB) and the task prompt"). */
  what: string;
  /** From where ("a share link", "the file x.glassbox"). */
  from: string;
}

class ShareState {
  /** The Share dialog is open. */
  open = $state(false);
  /** Asking before a playground replaces the current work; null when not asking. */
  question: ReplaceQuestion | null = $state.raw(null);
  /** A playground is being read or opened. */
  busy = $state(false);
  #settle: ((answer: ReplaceAnswer) => void) | null = null;

  show(): void {
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }

  /** Ask whether to replace the current work; resolves with the user's answer. */
  ask(question: ReplaceQuestion): Promise<ReplaceAnswer> {
    this.#settle?.('cancel');
    this.question = question;
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  answer(answer: ReplaceAnswer): void {
    const settle = this.#settle;
    this.#settle = null;
    this.question = null;
    settle?.(answer);
  }
}

export const share = new ShareState();

/** For the `/share` command: opens the Share dialog. */
export const shareDialog = {
  show: (): void => share.show(),
};
