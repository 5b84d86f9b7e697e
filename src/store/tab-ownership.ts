/**
 * Which tab owns the saved workspace, when Glassbox is open in several tabs of one origin.
 *
 * Every tab saves to the same IndexedDB records, so two saving tabs would silently overwrite
 * each other. One tab at a time owns the workspace: the one holding a Web Lock, kept for the
 * tab's lifetime (the browser releases it when the tab closes or reloads). A tab that finds the
 * lock taken does not save. "Use this tab instead" asks the owner, over a BroadcastChannel, to
 * save what is pending, stop saving and release the lock; the asking tab then gets it.
 *
 * No DOM and no Svelte: the lock manager and the channel are ports, so this runs in Node.
 */

/** The part of `navigator.locks` (LockManager) used here. */
export interface LocksPort {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: object | null) => Promise<void> | void): Promise<unknown>;
}

/** The part of a BroadcastChannel used here. */
export interface ChannelPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/**
 * - owner: this tab saves the workspace and the conversation.
 * - elsewhere: another tab owned it when this one opened; this tab does not save.
 * - handed-over: this tab owned it and gave it to another tab; it no longer saves.
 */
export type TabRole = 'owner' | 'elsewhere' | 'handed-over';

export const WORKSPACE_LOCK = 'glassbox-workspace';

const HAND_OVER = 'glassbox/hand-over';

export interface TabOwnershipOptions {
  /** `navigator.locks`; null where the browser has none. */
  locks: LocksPort | null;
  /** Opens the channel the tabs talk on (`new BroadcastChannel(name)`); null where there is none. */
  openChannel: ((name: string) => ChannelPort) | null;
  /**
   * Runs on the owner when another tab asks for the workspace, before the lock is released:
   * save what is pending and stop saving. The lock is released even if it rejects.
   */
  beforeRelease: () => Promise<void>;
  /** The lock's name, and the channel's (tests use their own). */
  name?: string;
}

export class TabOwnership {
  #role: TabRole;
  readonly #locks: LocksPort | null;
  readonly #channel: ChannelPort | null;
  readonly #name: string;
  readonly #beforeRelease: () => Promise<void>;
  readonly #listeners = new Set<(role: TabRole) => void>();
  /** Ends the held lock's callback, which releases the lock. Set while this tab owns it. */
  #release: (() => void) | null = null;
  #releasing = false;
  #taking: Promise<void> | null = null;

  private constructor(options: TabOwnershipOptions, role: TabRole) {
    this.#locks = options.locks;
    this.#name = options.name ?? WORKSPACE_LOCK;
    this.#beforeRelease = options.beforeRelease;
    this.#role = role;
    this.#channel = options.locks && options.openChannel ? options.openChannel(this.#name) : null;
    this.#channel?.addEventListener('message', (event) => {
      if (isHandOver(event.data)) void this.#handOver();
    });
  }

  /**
   * Find out whether this tab owns the workspace, taking the lock if it is free. Never rejects.
   * Without the Web Locks API (an old browser, or a page not served over HTTPS or localhost),
   * this tab owns it, as every tab did before tabs were coordinated.
   */
  static async claim(options: TabOwnershipOptions): Promise<TabOwnership> {
    const locks = options.locks;
    if (!locks || !options.openChannel) return new TabOwnership({ ...options, locks: null }, 'owner');
    const name = options.name ?? WORKSPACE_LOCK;
    try {
      const held = await new Promise<TabOwnership | null>((resolve, reject) => {
        locks
          .request(name, { ifAvailable: true }, (lock) => {
            if (lock === null) return resolve(null);
            const owner = new TabOwnership(options, 'owner');
            resolve(owner);
            return owner.#hold();
          })
          .catch(reject);
      });
      return held ?? new TabOwnership(options, 'elsewhere');
    } catch {
      // The lock manager refused (e.g. a sandboxed or opaque origin): behave as before, this tab owns.
      return new TabOwnership({ ...options, locks: null }, 'owner');
    }
  }

  get role(): TabRole {
    return this.#role;
  }

  /** Listen to the role changing (called at once with the current one); returns an unsubscribe function. */
  onChange(listener: (role: TabRole) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#role);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Make this tab the owner: ask the owner to hand over, and wait for the lock (also granted
   * when the owning tab closes). Resolves once this tab holds it.
   */
  takeOver(): Promise<void> {
    const locks = this.#locks;
    if (this.#role === 'owner' || !locks) return Promise.resolve();
    this.#taking ??= new Promise<void>((resolve, reject) => {
      // Queued first, so the lock comes here the moment the owner lets it go.
      locks
        .request(this.#name, {}, () => {
          this.#taking = null;
          this.#setRole('owner');
          resolve();
          return this.#hold();
        })
        .catch((error: unknown) => {
          this.#taking = null;
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      this.#channel?.postMessage({ type: HAND_OVER });
    });
    return this.#taking;
  }

  /** Release the lock if held and stop listening (tests, teardown). */
  dispose(): void {
    this.#release?.();
    this.#release = null;
    this.#channel?.close();
    this.#listeners.clear();
  }

  /** The promise the lock callback returns: the lock is held until it resolves. */
  #hold(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#release = resolve;
    });
  }

  /** Another tab asked for the workspace: save, stop saving, then let the lock go. */
  async #handOver(): Promise<void> {
    if (this.#role !== 'owner' || !this.#release || this.#releasing) return;
    this.#releasing = true;
    try {
      await this.#beforeRelease();
    } catch {
      // Still hand over: what could not be saved here is kept in this tab, and the new owner
      // continues from the last save that worked.
    }
    this.#release?.();
    this.#release = null;
    this.#releasing = false;
    this.#setRole('handed-over');
  }

  #setRole(role: TabRole): void {
    if (role === this.#role) return;
    this.#role = role;
    for (const listener of this.#listeners) listener(role);
  }
}

function isHandOver(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === HAND_OVER;
}

/** The browser's lock manager and channel, or null for each the browser lacks. */
export function browserTabPorts(): Pick<TabOwnershipOptions, 'locks' | 'openChannel'> {
  // navigator.locks exists only in secure contexts (HTTPS, localhost) of browsers that have it.
  const locks = typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
  const openChannel = typeof BroadcastChannel === 'undefined' ? null : (name: string) => new BroadcastChannel(name);
  return { locks, openChannel };
}
