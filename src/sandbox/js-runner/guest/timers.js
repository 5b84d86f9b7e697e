/* global internal */
/* Guest module `timers` (and `timers/promises`): the loop's timers, driven by the host. */
'use strict';

const { setTimeout, setInterval, clearTimeout, clearInterval, setImmediate, clearImmediate } = internal.timers;

function abortError(signal) {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  if (signal && signal.reason !== undefined) err.cause = signal.reason;
  return err;
}

const promises = {
  setTimeout(delay, value, options = {}) {
    if (options.signal && options.signal.aborted) return Promise.reject(abortError(options.signal));
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(value), delay);
      if (options.ref === false) timer.unref();
    });
  },
  setImmediate(value) {
    return new Promise((resolve) => setImmediate(() => resolve(value)));
  },
  async *setInterval(delay, value) {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      yield value;
    }
  },
  scheduler: {
    wait: (delay) => new Promise((resolve) => setTimeout(resolve, delay)),
    yield: () => new Promise((resolve) => setImmediate(resolve)),
  },
};

module.exports = { setTimeout, setInterval, clearTimeout, clearInterval, setImmediate, clearImmediate, promises };
