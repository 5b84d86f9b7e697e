/**
 * The Clone dialog as the always-loaded part of the app sees it: whether it is open and what it
 * was opened with (the Files panel's button, `/clone <url>`, `?repo=<url>&ref=<ref>`). The dialog,
 * isomorphic-git and the staging fs load when it opens (./CloneHost.svelte).
 */

export interface CloneRequest {
  url: string;
  ref: string;
  /** Start at once (`?repo=`, `/clone <url>`) rather than wait for the user to press Clone. */
  start: boolean;
  /** `?prompt=`: typed into the chat input once the repository is in. */
  prompt?: string;
}

class CloneView {
  request = $state.raw<CloneRequest | null>(null);

  show(request: Partial<CloneRequest> = {}): void {
    this.request = { url: request.url ?? '', ref: request.ref ?? '', start: request.start ?? false, ...(request.prompt === undefined ? {} : { prompt: request.prompt }) };
  }

  hide(): void {
    this.request = null;
  }
}

export const cloneView = new CloneView();
