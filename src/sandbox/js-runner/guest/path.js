/* Guest module `path`: path-browserify (Node's path.posix, from npm) plus the few names it lacks. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const posix = require('internal/deps/path-browserify');

// Newer than the Node release path-browserify ports.
posix.toNamespacedPath = (path) => path;
posix.matchesGlob = () => {
  throw new Error('path.matchesGlob is not available in the offline sandbox');
};
// The sandbox is POSIX only; win32 is an alias so code that picks one still runs.
posix.win32 = posix;
module.exports = posix;
