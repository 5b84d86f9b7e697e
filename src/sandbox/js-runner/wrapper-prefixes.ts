/**
 * The text the engine puts before user code. Its own file because the host needs only the lengths
 * (the guest subtracts them from error columns) and must not pull the engine's code, guest sources
 * included, onto the page's main thread to get them.
 */
import { TRACK_FUNCTION } from './track-async';

/** Source text before a CommonJS module's own code, on its first line (so line numbers match). */
export const MODULE_PREFIX = `(function (exports, require, module, __filename, __dirname, ${TRACK_FUNCTION}) {`;

/**
 * Before `-e` code (global code, so its declarations become globals as in Node): takes the tracker
 * from a temporary global into a lexical binding, which the program cannot enumerate.
 */
export const SCRIPT_PREFIX = `const ${TRACK_FUNCTION} = globalThis.${TRACK_FUNCTION}; delete globalThis.${TRACK_FUNCTION};`;
