import type { LocksPort } from '../../../src/store/tab-ownership';

/**
 * An in-memory Web Locks manager (exclusive locks only): Node has no `navigator.locks`.
 * Like the browser's, a lock is held until the callback's promise settles, `ifAvailable`
 * answers null at once when it is taken, and waiting requests are granted in order.
 */
export class FakeLocks implements LocksPort {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, Array<() => void>>();

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  async request(name: string, options: { ifAvailable?: boolean }, callback: (lock: object | null) => Promise<void> | void): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      // Handed over still held (see below), so no ifAvailable request can slip in between.
      await new Promise<void>((grant) => this.queue(name).push(grant));
    } else {
      this.held.add(name);
    }
    try {
      return await callback({ name });
    } finally {
      const next = this.queue(name).shift();
      if (next) next();
      else this.held.delete(name);
    }
  }

  private queue(name: string): Array<() => void> {
    let queue = this.waiting.get(name);
    if (!queue) this.waiting.set(name, (queue = []));
    return queue;
  }
}
