/**
 * Calls whose result nobody can use but whose failure must not surface as an unhandled
 * rejection: the library's FSWatcher.close() is async (its typings say void), and a process's
 * kill() crosses a MessagePort to the runtime, which can be gone. A thenable result gets a
 * rejection handler; a synchronous throw is caught too. `onError` hears about either.
 */
export function settleQuietly(call: () => unknown, onError: (error: unknown) => void = () => undefined): void {
  try {
    const result: unknown = call();
    if (isThenable(result)) result.then(undefined, onError);
  } catch (error) {
    onError(error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
