/**
 * The replay's clock and brake. The replay client awaits `beforeResponse` before each recorded
 * answer and `beforeChunk` before each streamed piece of it, so pausing holds the run itself
 * (no answer goes on, so no tool runs), not only the view. Playing, pausing, stepping, the speed
 * and "run to step N" are all decided here; the client only waits.
 */
import { abortableSleep } from '../../models/abortable-sleep';

export type ReplaySpeed = 0.5 | 1 | 2 | 4 | 8 | 'instant';

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [0.5, 1, 2, 4, 8, 'instant'];

export interface ReplayGateState {
  playing: boolean;
  speed: ReplaySpeed;
  /** Answers played to their end so far. */
  position: number;
  /** An answer is streaming now. */
  inResponse: boolean;
  /** Playing ahead at once until this step, then pausing; null when not seeking. */
  target: number | null;
}

export interface ReplayGateOptions {
  playing?: boolean;
  speed?: ReplaySpeed;
  /** Milliseconds between streamed chunks at 1×. Default 25 (the demo model's pace). */
  chunkDelayMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class ReplayGate {
  private playing: boolean;
  private speed: ReplaySpeed;
  private readonly chunkDelayMs: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Answers allowed to start while paused (Step). */
  private stepsAllowed = 0;
  /** The answer streaming now was allowed by a Step: its chunks flow while paused. */
  private stepping = false;
  private inResponse = false;
  private position = 0;
  /** The answer streaming now (1-based), or the last one. */
  private current = 0;
  private target: number | null = null;
  private wakers: Array<() => void> = [];
  private readonly listeners = new Set<(state: ReplayGateState) => void>();

  constructor(options: ReplayGateOptions = {}) {
    this.playing = options.playing ?? true;
    this.speed = options.speed ?? 1;
    this.chunkDelayMs = options.chunkDelayMs ?? 25;
    this.sleep = options.sleep ?? abortableSleep;
  }

  get state(): ReplayGateState {
    return { playing: this.playing, speed: this.speed, position: this.position, inResponse: this.inResponse, target: this.target };
  }

  onChange(listener: (state: ReplayGateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    this.playing = true;
    this.changed();
  }

  pause(): void {
    this.playing = false;
    this.stepping = false;
    this.stepsAllowed = 0;
    this.target = null;
    this.changed();
  }

  /** Play the next answer (or the rest of the one streaming), then hold. */
  step(): void {
    this.playing = false;
    this.target = null;
    if (this.inResponse) this.stepping = true;
    else this.stepsAllowed = 1;
    this.changed();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    this.changed();
  }

  /** Play at once up to and including answer `step` (1-based), then hold before the next. */
  runTo(step: number): void {
    if (step <= this.position) {
      this.pause();
      return;
    }
    this.target = step;
    this.playing = true;
    this.changed();
  }

  /** Wait until answer `step` (1-based) may start. False when the signal fired. */
  async beforeResponse(step: number, signal: AbortSignal): Promise<boolean> {
    if (this.target !== null && step > this.target) {
      this.target = null;
      this.playing = false;
      this.changed();
    }
    while (!this.playing && this.stepsAllowed === 0) {
      if (!(await this.waitForChange(signal))) return false;
    }
    if (!this.playing) {
      this.stepsAllowed -= 1;
      this.stepping = true;
    }
    this.inResponse = true;
    this.current = step;
    this.changed();
    return !signal.aborted;
  }

  /** Wait until the next chunk of the answer may stream, at the current speed. False when the signal fired. */
  async beforeChunk(signal: AbortSignal): Promise<boolean> {
    while (!this.playing && !this.stepping) {
      if (!(await this.waitForChange(signal))) return false;
    }
    const delay = this.delayMs();
    if (delay > 0) {
      try {
        await this.sleep(delay, signal);
      } catch {
        return false;
      }
    }
    return !signal.aborted;
  }

  /** The answer did not stream after all (cut off, or the user's model answered instead): it does not count as played. */
  cancelResponse(): void {
    if (!this.inResponse) return;
    this.inResponse = false;
    this.stepping = false;
    this.changed();
  }

  /** The answer has streamed to its end. */
  endResponse(): void {
    if (!this.inResponse) return;
    this.inResponse = false;
    this.position = Math.max(this.position, this.current);
    this.stepping = false;
    if (this.target !== null && this.position >= this.target) {
      this.target = null;
      this.playing = false;
    }
    this.changed();
  }

  private delayMs(): number {
    if (this.speed === 'instant' || this.target !== null) return 0;
    return this.chunkDelayMs / this.speed;
  }

  private waitForChange(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wakers.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      });
    });
  }

  private changed(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}
