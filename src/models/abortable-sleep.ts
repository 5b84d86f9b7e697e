/** Thrown (as the rejection) when a sleep is cut short by its abort signal. */
export class SleepAbortedError extends Error {
  constructor() {
    super('The wait was interrupted');
    this.name = 'SleepAbortedError';
  }
}

/**
 * Wait `ms` milliseconds, or reject with SleepAbortedError as soon as the signal fires.
 * Used for retry backoff in the loop and for the scripted model's streaming pace.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new SleepAbortedError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SleepAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
