/**
 * A debounced, single-flight save: many changes in a burst become one save, a save never
 * overlaps the previous one, and whatever changed while a save was in flight is saved right
 * after it (the task reads the latest state when it runs, so nothing in between is lost).
 */

export interface SaveQueueOptions {
  /** Reads the latest state and saves it. Errors go to `onError`, never to the caller. */
  run: () => Promise<void>;
  /** Quiet time after the last change before saving. */
  delayMs: number;
  /** A stream of changes that never goes quiet still saves this often (default 10 × delayMs). */
  maxWaitMs?: number;
  onError?: (error: unknown) => void;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export class SaveQueue {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private burstStartedAt = 0;
  private pending = false;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: SaveQueueOptions) {}

  /** True while a save is running or waiting. */
  get busy(): boolean {
    return this.pending || this.inFlight !== null;
  }

  /** Something changed: save after the quiet time. */
  schedule(): void {
    this.pending = true;
    const now = (this.options.now ?? Date.now)();
    if (this.timer === null) this.burstStartedAt = now;
    else if (now - this.burstStartedAt >= (this.options.maxWaitMs ?? this.options.delayMs * 10)) return;
    else clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.options.delayMs);
  }

  /** Save what is pending now, without the quiet time; resolves when no save is in flight. */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight; // it saves what is pending before it ends
    if (this.pending) await this.drain();
  }

  /** Forget what is pending; resolves once a save already in flight has ended. */
  async cancel(): Promise<void> {
    this.clearTimer();
    this.pending = false;
    if (this.inFlight) await this.inFlight;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    // Still saving: `pending` stays set, and the running drain saves again when it is done.
    if (!this.inFlight) void this.drain();
  }

  private drain(): Promise<void> {
    const loop = async (): Promise<void> => {
      while (this.pending) {
        this.pending = false;
        try {
          await this.options.run();
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    };
    const running = loop().finally(() => {
      if (this.inFlight === running) this.inFlight = null;
    });
    this.inFlight = running;
    return running;
  }
}
