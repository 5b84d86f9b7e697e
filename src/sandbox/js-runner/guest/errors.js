/* global internal */
/* Guest internal module: how an uncaught error is printed (Node's layout: location, source line, caret, stack). */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { inspect, isError } = require('internal/inspect');

/** Browser-only names a program may reach for; the message says why they are missing. */
const BROWSER_GLOBALS = /^'?(fetch|XMLHttpRequest|WebSocket|EventSource|document|window|localStorage|sessionStorage|indexedDB|navigator|location|caches|Worker|Request|Response|Headers|FormData)'? is not defined$/;
/** Node globals this runtime does not provide. */
const MISSING_NODE_GLOBALS = /^'?(WebAssembly|Blob|File|MessageChannel|MessagePort|BroadcastChannel|SharedArrayBuffer|Intl)'? is not defined$/;

function firstUserFrame(error) {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  for (const line of stack.split('\n')) {
    const match = /(?:\(|at )(\/[^():]*|\[eval\]|\[stdin\]):(\d+)(?::(\d+))?\)?\s*$/.exec(line);
    if (match) return { file: match[1], line: Number(match[2]), column: Number(match[3] || 1) };
  }
  return undefined;
}

function sourceExcerpt(location) {
  const inline = location.file === '[eval]' || location.file === '[stdin]';
  let text;
  try {
    text = inline ? internal.config.main.code : internal.readSource(location.file);
  } catch {
    return '';
  }
  if (typeof text !== 'string') return '';
  const sourceLine = text.split('\n')[location.line - 1];
  if (sourceLine === undefined) return '';
  let column = location.column;
  // The CommonJS wrapper shares line 1 with the file, which shifts QuickJS's columns there.
  if (location.line === 1) column -= inline ? internal.config.scriptPrefixLength : internal.config.wrapperPrefixLength;
  column = Math.min(Math.max(column, 1), sourceLine.length + 1);
  return `${location.file}:${location.line}\n${sourceLine.replace(/\r$/, '')}\n${' '.repeat(column - 1)}^\n\n`;
}

function formatFatal(error, origin) {
  let text = '';
  if (isError(error)) {
    const location = firstUserFrame(error);
    if (location) text += sourceExcerpt(location);
    text += inspect(error);
    if (error.name === 'ReferenceError' && BROWSER_GLOBALS.test(String(error.message))) {
      text +=
        "\n\nThe offline sandbox's node runs in QuickJS (WebAssembly), isolated from the page: " +
        'it has no network, DOM or browser storage.';
    } else if (error.name === 'ReferenceError' && MISSING_NODE_GLOBALS.test(String(error.message))) {
      text += "\n\nThe offline sandbox's node (QuickJS in WebAssembly) does not provide this global; it works in the WebContainer sandbox.";
    }
  } else if (origin === 'unhandledRejection') {
    text +=
      '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, ' +
      `or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${inspect(error)}".] {\n` +
      "  code: 'ERR_UNHANDLED_REJECTION'\n}";
  } else {
    text += `Uncaught ${inspect(error)}`;
  }
  return `${text}\n\nNode.js ${internal.config.version}\n`;
}

module.exports = { formatFatal, firstUserFrame };
