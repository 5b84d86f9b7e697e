/* global internal */
/* Guest module `crypto`: secure random values from the host's CSPRNG; hashing and ciphers are not provided. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { Buffer } = require('buffer');

function randomFill(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  bytes.set(new Uint8Array(internal.randomBytes(bytes.length)));
  return view;
}

function getRandomValues(view) {
  if (!ArrayBuffer.isView(view) || view instanceof Float32Array || view instanceof Float64Array) {
    const err = new TypeError('The data argument must be an integer-type TypedArray');
    err.name = 'TypeMismatchError';
    throw err;
  }
  if (view.byteLength > 65536) {
    const err = new RangeError(`The ArrayBufferView's byte length (${view.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
    err.name = 'QuotaExceededError';
    throw err;
  }
  return randomFill(view);
}

function randomBytes(size, callback) {
  const buffer = randomFill(Buffer.alloc(size));
  if (typeof callback === 'function') {
    process.nextTick(callback, null, buffer);
    return undefined;
  }
  return buffer;
}

function randomUUID() {
  const bytes = randomFill(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') {
    callback = max;
    max = min;
    min = 0;
  }
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0) {
    throw new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  // Rejection sampling over 48 random bits avoids modulo bias.
  const limit = 2 ** 48 - (2 ** 48 % range);
  let value;
  do {
    const bytes = randomFill(new Uint8Array(6));
    value = bytes.reduce((acc, byte) => acc * 256 + byte, 0);
  } while (value >= limit);
  const result = min + (value % range);
  if (typeof callback === 'function') {
    process.nextTick(callback, null, result);
    return undefined;
  }
  return result;
}

function unavailable(name) {
  return function notAvailable() {
    const err = new Error(`crypto.${name} is not available in the offline sandbox (it has secure random values only); it works in the WebContainer sandbox`);
    err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    throw err;
  };
}

const webcrypto = { getRandomValues, randomUUID };

module.exports = {
  getRandomValues,
  randomBytes,
  randomFillSync: (view) => randomFill(view),
  randomUUID,
  randomInt,
  webcrypto,
  createHash: unavailable('createHash'),
  createHmac: unavailable('createHmac'),
  createCipheriv: unavailable('createCipheriv'),
  createDecipheriv: unavailable('createDecipheriv'),
  pbkdf2Sync: unavailable('pbkdf2Sync'),
  scryptSync: unavailable('scryptSync'),
  subtle: undefined,
};
