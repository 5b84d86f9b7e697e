/* Guest internal module: structuredClone for the value types a small program passes around. */
'use strict';

function dataCloneError(value) {
  const err = new Error(`${typeof value === 'function' ? value.toString().slice(0, 40) : String(value)} could not be cloned.`);
  err.name = 'DataCloneError';
  err.code = 25;
  return err;
}

function structuredClone(value) {
  const seen = new Map();
  const clone = (input) => {
    if (typeof input === 'function' || typeof input === 'symbol') throw dataCloneError(input);
    if (input === null || typeof input !== 'object') return input;
    if (seen.has(input)) return seen.get(input);
    let out;
    if (input instanceof Date) out = new Date(input.getTime());
    else if (input instanceof RegExp) out = new RegExp(input.source, input.flags);
    else if (input instanceof ArrayBuffer) out = input.slice(0);
    else if (ArrayBuffer.isView(input)) out = new input.constructor(clone(input.buffer), input.byteOffset, input.byteLength / (input.BYTES_PER_ELEMENT || 1));
    else if (input instanceof Map) {
      out = new Map();
      seen.set(input, out);
      for (const [k, v] of input) out.set(clone(k), clone(v));
      return out;
    } else if (input instanceof Set) {
      out = new Set();
      seen.set(input, out);
      for (const v of input) out.add(clone(v));
      return out;
    } else if (input instanceof Error) {
      out = new Error(input.message);
      out.name = input.name;
      if (typeof input.stack === 'string') out.stack = input.stack;
    } else if (input instanceof Promise || input instanceof WeakMap || input instanceof WeakSet) {
      throw dataCloneError(input);
    } else if (Array.isArray(input)) {
      out = new Array(input.length);
      seen.set(input, out);
      for (const key of Object.keys(input)) out[key] = clone(input[key]);
      return out;
    } else {
      out = {};
      seen.set(input, out);
      for (const key of Object.keys(input)) out[key] = clone(input[key]);
      return out;
    }
    seen.set(input, out);
    return out;
  };
  return clone(value);
}

module.exports = structuredClone;
