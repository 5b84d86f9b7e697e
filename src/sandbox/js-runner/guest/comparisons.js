/* Guest internal module: deep equality for assert.deepEqual / deepStrictEqual and util.isDeepStrictEqual. */
'use strict';

const toTag = (value) => Object.prototype.toString.call(value);

function ownKeys(value, strict) {
  const keys = Object.keys(value);
  if (!strict) return keys;
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
  }
  return keys;
}

function primitiveEqual(a, b, strict) {
  if (strict) return Object.is(a, b);
  // Loose mode: == semantics, but NaN equals NaN as in Node.
  return a == b || (a !== a && b !== b);
}

function isDeepEqual(a, b, strict, memo) {
  if (a === b) return a !== 0 || !strict || Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (typeof a === 'object' && a !== null) return false;
    if (typeof b === 'object' && b !== null) return false;
    if (typeof a === 'function' || typeof b === 'function') return false;
    return primitiveEqual(a, b, strict);
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const tag = toTag(a);
  if (tag !== toTag(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;

  if (a instanceof Date) {
    if (!(b instanceof Date) || a.getTime() !== b.getTime()) return false;
  } else if (a instanceof RegExp) {
    if (!(b instanceof RegExp) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
  } else if (a instanceof Error || tag === '[object Error]') {
    if (a.message !== b.message || a.name !== b.name) return false;
  } else if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
    if (!(a instanceof DataView) && !strict && !(a instanceof Float32Array) && !(a instanceof Float64Array)) {
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    } else if (!(a instanceof DataView)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!primitiveEqual(a[i], b[i], strict)) return false;
    }
  } else if (a instanceof ArrayBuffer) {
    if (!(b instanceof ArrayBuffer) || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  } else if (a instanceof Number || a instanceof String || a instanceof Boolean || a instanceof BigInt || a instanceof Symbol) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }

  memo = memo || { a: new Map(), b: new Map(), position: 0 };
  const seenA = memo.a.get(a);
  if (seenA !== undefined) {
    const seenB = memo.b.get(b);
    if (seenB !== undefined) return seenA === seenB;
  }
  memo.position++;
  memo.a.set(a, memo.position);
  memo.b.set(b, memo.position);
  const result = objectEquiv(a, b, strict, memo);
  memo.a.delete(a);
  memo.b.delete(b);
  return result;
}

function objectEquiv(a, b, strict, memo) {
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const hasA = Object.prototype.hasOwnProperty.call(a, i);
      if (hasA !== Object.prototype.hasOwnProperty.call(b, i) && strict) return false;
      if (!isDeepEqual(a[i], b[i], strict, memo)) return false;
    }
  }
  const keysA = ownKeys(a, strict).filter((key) => !(Array.isArray(a) && isIndexKey(key)));
  const keysB = ownKeys(b, strict).filter((key) => !(Array.isArray(b) && isIndexKey(key)));
  if (!ArrayBuffer.isView(a) && keysA.length !== keysB.length) return false;
  if (!ArrayBuffer.isView(a)) {
    for (const key of keysA) {
      if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
      if (!isDeepEqual(a[key], b[key], strict, memo)) return false;
    }
  }
  if (a instanceof Set) return setEquiv(a, b, strict, memo);
  if (a instanceof Map) return mapEquiv(a, b, strict, memo);
  return true;
}

function isIndexKey(key) {
  return typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key);
}

function setEquiv(a, b, strict, memo) {
  if (a.size !== b.size) return false;
  const pending = [];
  for (const value of a) {
    if (typeof value === 'object' && value !== null) pending.push(value);
    else if (!b.has(value)) {
      if (strict) return false;
      pending.push(value);
    }
  }
  if (pending.length === 0) return true;
  const candidates = [];
  for (const value of b) {
    if ((typeof value === 'object' && value !== null) || !a.has(value)) candidates.push(value);
  }
  for (const value of pending) {
    const index = candidates.findIndex((candidate) => isDeepEqual(value, candidate, strict, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

function mapEquiv(a, b, strict, memo) {
  if (a.size !== b.size) return false;
  const pending = [];
  for (const [key, value] of a) {
    if (typeof key !== 'object' || key === null) {
      if (!b.has(key)) {
        if (strict) return false;
        pending.push([key, value]);
      } else if (!isDeepEqual(value, b.get(key), strict, memo)) {
        return false;
      }
    } else {
      pending.push([key, value]);
    }
  }
  if (pending.length === 0) return true;
  const candidates = [...b].filter(([key]) => (typeof key === 'object' && key !== null) || !a.has(key));
  for (const [key, value] of pending) {
    const index = candidates.findIndex(([otherKey, otherValue]) => isDeepEqual(key, otherKey, strict, memo) && isDeepEqual(value, otherValue, strict, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

module.exports = {
  isDeepEqual: (a, b) => isDeepEqual(a, b, false),
  isDeepStrictEqual: (a, b) => isDeepEqual(a, b, true),
};
