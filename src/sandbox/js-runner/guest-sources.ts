/**
 * The JavaScript that runs inside QuickJS: the bootstrap and the Node core modules we provide.
 * They are plain .js files (linted, readable) bundled as text with Vite's `?raw`; the guest loads
 * each core module on its first `require`.
 */
import assert from './guest/assert.js?raw';
import bootstrap from './guest/bootstrap.js?raw';
import buffer from './guest/buffer.js?raw';
import comparisons from './guest/comparisons.js?raw';
import consoleModule from './guest/console.js?raw';
import crypto from './guest/crypto.js?raw';
import encoding from './guest/encoding.js?raw';
import errors from './guest/errors.js?raw';
import eventTarget from './guest/event-target.js?raw';
import events from './guest/events.js?raw';
import fs from './guest/fs.js?raw';
import inspect from './guest/inspect.js?raw';
import modules from './guest/modules.js?raw';
import os from './guest/os.js?raw';
import path from './guest/path.js?raw';
import processModule from './guest/process.js?raw';
import readline from './guest/readline.js?raw';
import structuredClone from './guest/structured-clone.js?raw';
import test from './guest/test.js?raw';
import timers from './guest/timers.js?raw';
import util from './guest/util.js?raw';

export const BOOTSTRAP_SOURCE = bootstrap;

/** Core module name → source (`internal/…` ones are reachable from core modules only). */
export const CORE_SOURCES: ReadonlyMap<string, string> = new Map([
  ['assert', assert],
  ['buffer', buffer],
  ['console', consoleModule],
  ['crypto', crypto],
  ['events', events],
  ['fs', fs],
  ['os', os],
  ['path', path],
  ['readline', readline],
  ['timers', timers],
  ['util', util],
  ['internal/comparisons', comparisons],
  ['internal/encoding', encoding],
  ['internal/errors', errors],
  ['internal/event-target', eventTarget],
  ['internal/inspect', inspect],
  ['internal/modules', modules],
  ['internal/process', processModule],
  ['internal/structured-clone', structuredClone],
  ['internal/test', test],
]);
