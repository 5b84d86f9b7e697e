import type { IFileSystem } from 'just-bash';

type FsMethod = (...args: unknown[]) => unknown;

/**
 * `fs` with every call refused once `signal` fires, so a command that was stopped (Ctrl-C, a
 * time limit) cannot go on writing behind the prompt. The check is all it adds: unlike
 * just-bash's own guard around `ctx.fs`, results are not copied or wrapped.
 */
export function abortableFs(fs: IFileSystem, signal: AbortSignal | undefined): IFileSystem {
  if (!signal) return fs;
  // A plain flag: reading the signal's state is a call into the browser, and a status makes 15,000 calls.
  let stopped = signal.aborted;
  signal.addEventListener('abort', () => (stopped = true), { once: true });
  const guarded = new Map<PropertyKey, FsMethod>();
  return new Proxy(fs, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let method = guarded.get(key);
      if (!method) {
        const original = value as FsMethod;
        method = (...args: unknown[]) => {
          if (stopped) signal.throwIfAborted();
          return original.apply(target, args);
        };
        guarded.set(key, method);
      }
      return method;
    },
  });
}
