/* global internal */
/* Guest module `events`: the npm `events` package (Node's EventEmitter) plus what newer Node adds. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const EventEmitter = require('internal/deps/events');

const kErrorMonitor = Symbol('events.errorMonitor');
EventEmitter.errorMonitor = kErrorMonitor;
EventEmitter.usingDomains = false;

// 'error': errorMonitor listeners see it first, and an unhandled non-Error is reported as Node
// does (the library says `Unhandled error. (undefined)` and sets no code).
const libraryEmit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function emit(type, ...args) {
  if (type === 'error') {
    const events = this._events;
    if (events !== undefined && events[kErrorMonitor] !== undefined) libraryEmit.call(this, kErrorMonitor, ...args);
    if (events === undefined || events.error === undefined) {
      const er = args[0];
      if (er instanceof Error) throw er;
      let shown;
      try {
        shown = require('internal/inspect').inspect(er);
      } catch {
        shown = String(er);
      }
      const err = new Error(`Unhandled error. (${shown})`);
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
  }
  return libraryEmit.call(this, type, ...args);
};

// The library's leak warning (see guest-sources.ts), worded as Node 20 words it.
internal.emitLeakWarning = (warning) => {
  const { emitter, type, count } = warning;
  const name = emitter && emitter.constructor && emitter.constructor.name ? emitter.constructor.name : 'EventEmitter';
  warning.message =
    `Possible EventEmitter memory leak detected. ${count} ${String(type)} listeners added to [${name}]. ` +
    `MaxListeners is ${emitter.getMaxListeners()}. Use emitter.setMaxListeners() to increase limit`;
  process.emitWarning(warning);
};

module.exports = EventEmitter;
