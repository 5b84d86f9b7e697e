/**
 * The JavaScript that runs inside QuickJS: the bootstrap and the Node core modules we provide.
 * They are plain .js files (linted, readable) bundled as text with Vite's `?raw`; the guest loads
 * each core module on its first `require`. Where a browser build of a Node module exists on npm
 * (CommonJS, one file, nothing QuickJS lacks), its file is bundled the same way under
 * `internal/deps/<package>`, and the guest module of that name wraps it (see guest/README.md).
 */
import base64Js from 'base64-js/index.js?raw';
import bufferLibrary from 'buffer/index.js?raw';
import eventsLibrary from 'events/events.js?raw';
import ieee754 from 'ieee754/index.js?raw';
import pathBrowserify from 'path-browserify/index.js?raw';
import safeBuffer from 'safe-buffer/index.js?raw';
import stringDecoder from 'string_decoder/lib/string_decoder.js?raw';
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
import url from './guest/url.js?raw';
import util from './guest/util.js?raw';

export const BOOTSTRAP_SOURCE = bootstrap;

/**
 * The `events` package reports a listener leak with `console.warn(error)`; Node makes it a process
 * warning (stderr line, 'warning' event). The prefix gives the package a `console` whose `warn`
 * is guest/events.js's `internal.emitLeakWarning`.
 */
const EVENTS_LIBRARY = "'use strict';\nconst console = { warn: (warning) => internal.emitLeakWarning(warning) };\n" + eventsLibrary;

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
  ['string_decoder', stringDecoder],
  ['url', url],
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
  // npm packages; a bare `require('x')` inside one of them finds `internal/deps/x`.
  ['internal/deps/base64-js', base64Js],
  ['internal/deps/buffer', bufferLibrary],
  ['internal/deps/events', EVENTS_LIBRARY],
  ['internal/deps/ieee754', ieee754],
  ['internal/deps/path-browserify', pathBrowserify],
  ['internal/deps/safe-buffer', safeBuffer],
]);
