/* global internal */
/* Guest module `buffer`: a Uint8Array-based Buffer with the everyday parts of Node's API. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { inspect } = require('internal/inspect');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_LOOKUP = new Int16Array(256).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_LOOKUP[BASE64.charCodeAt(i)] = i;
BASE64_LOOKUP['-'.charCodeAt(0)] = 62;
BASE64_LOOKUP['_'.charCodeAt(0)] = 63;

function normalizeEncoding(encoding) {
  const enc = encoding === undefined || encoding === null ? 'utf8' : String(encoding).toLowerCase();
  switch (enc) {
    case 'utf8':
    case 'utf-8':
      return 'utf8';
    case 'hex':
    case 'base64':
    case 'base64url':
    case 'ascii':
      return enc;
    case 'latin1':
    case 'binary':
      return 'latin1';
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le';
    default:
      return undefined;
  }
}

function unknownEncoding(encoding) {
  const err = new TypeError(`Unknown encoding: ${encoding}`);
  err.code = 'ERR_UNKNOWN_ENCODING';
  return err;
}

function encodeString(string, encoding) {
  const enc = normalizeEncoding(encoding);
  switch (enc) {
    case 'utf8':
      return new Uint8Array(internal.encodeUtf8(string));
    case 'hex': {
      const length = string.length >>> 1;
      const bytes = new Uint8Array(length);
      let i = 0;
      for (; i < length; i++) {
        const byte = parseInt(string.substr(i * 2, 2), 16);
        if (Number.isNaN(byte)) break;
        bytes[i] = byte;
      }
      return bytes.subarray(0, i);
    }
    case 'base64':
    case 'base64url':
      return decodeBase64(string);
    case 'latin1':
    case 'ascii': {
      const bytes = new Uint8Array(string.length);
      for (let i = 0; i < string.length; i++) bytes[i] = string.charCodeAt(i) & 0xff;
      return bytes;
    }
    case 'utf16le': {
      const bytes = new Uint8Array(string.length * 2);
      for (let i = 0; i < string.length; i++) {
        const code = string.charCodeAt(i);
        bytes[i * 2] = code & 0xff;
        bytes[i * 2 + 1] = code >>> 8;
      }
      return bytes;
    }
    default:
      throw unknownEncoding(encoding);
  }
}

function decodeBytes(bytes, encoding) {
  const enc = normalizeEncoding(encoding);
  switch (enc) {
    case 'utf8':
      return internal.decodeUtf8(bytes);
    case 'hex': {
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
      return out;
    }
    case 'base64':
      return encodeBase64(bytes, false);
    case 'base64url':
      return encodeBase64(bytes, true);
    case 'latin1': {
      let out = '';
      for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096));
      return out;
    }
    case 'ascii': {
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i] & 0x7f);
      return out;
    }
    case 'utf16le': {
      let out = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return out;
    }
    default:
      throw unknownEncoding(encoding);
  }
}

function encodeBase64(bytes, url) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : url ? '' : '=';
    out += url ? '' : '=';
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

function decodeBase64(string) {
  const out = new Uint8Array(Math.ceil((string.length * 3) / 4));
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < string.length; i++) {
    const value = BASE64_LOOKUP[string.charCodeAt(i) & 0xff];
    if (value === -1) {
      if (string[i] === '=') break;
      continue;
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return fromBytes(encodeString(value, encodingOrOffset));
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) {
      const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      const size = length === undefined ? value.byteLength - offset : Number(length);
      return new Buffer(value, offset, size);
    }
    if (ArrayBuffer.isView(value)) {
      return fromBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
    }
    if (value !== null && typeof value === 'object') {
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromBytes(Uint8Array.from(value.data));
      if (typeof value.length === 'number' || Array.isArray(value)) return fromBytes(Uint8Array.from(value));
      if (typeof value.valueOf === 'function' && value.valueOf() !== value) return Buffer.from(value.valueOf(), encodingOrOffset, length);
    }
    const err = new TypeError(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.' +
        ` Received ${inspect(value)}`,
    );
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }

  static alloc(size, fill, encoding) {
    const buffer = new Buffer(checkSize(size));
    if (fill !== undefined && fill !== 0) buffer.fill(fill, 0, buffer.length, encoding);
    return buffer;
  }

  static allocUnsafe(size) {
    return new Buffer(checkSize(size));
  }

  static allocUnsafeSlow(size) {
    return new Buffer(checkSize(size));
  }

  static isBuffer(value) {
    return value instanceof Buffer;
  }

  static isEncoding(encoding) {
    return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
  }

  static byteLength(value, encoding) {
    if (typeof value !== 'string') return value.byteLength;
    return encodeString(value, encoding).length;
  }

  static concat(list, totalLength) {
    if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array.');
    if (totalLength === undefined) totalLength = list.reduce((sum, item) => sum + item.length, 0);
    const result = Buffer.alloc(totalLength);
    let offset = 0;
    for (const item of list) {
      if (offset >= totalLength) break;
      const bytes = item.length > totalLength - offset ? item.subarray(0, totalLength - offset) : item;
      result.set(bytes, offset);
      offset += bytes.length;
    }
    return result;
  }

  static compare(a, b) {
    return a.compare(b);
  }

  get parent() {
    return this.buffer;
  }

  get offset() {
    return this.byteOffset;
  }

  toString(encoding, start, end) {
    if (arguments.length === 0) return internal.decodeUtf8(this);
    start = start === undefined ? 0 : Math.max(0, start | 0);
    end = end === undefined ? this.length : Math.min(this.length, end | 0);
    if (end <= start) return '';
    return decodeBytes(this.subarray(start, end), encoding);
  }

  toLocaleString(encoding, start, end) {
    return this.toString(encoding, start, end);
  }

  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  }

  equals(other) {
    if (!(other instanceof Uint8Array)) throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.');
    return this.compare(other) === 0;
  }

  compare(target, targetStart = 0, targetEnd = target.length, sourceStart = 0, sourceEnd = this.length) {
    const a = this.subarray(sourceStart, sourceEnd);
    const b = target.subarray(targetStart, targetEnd);
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  slice(start, end) {
    return this.subarray(start, end);
  }

  write(string, offset, length, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      length = this.length;
    } else if (typeof length === 'string') {
      encoding = length;
      length = this.length - (offset || 0);
    }
    offset = offset === undefined ? 0 : offset >>> 0;
    const bytes = encodeString(string, encoding);
    const count = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
    this.set(bytes.subarray(0, count), offset);
    return count;
  }

  fill(value, offset, end, encoding) {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = this.length;
    }
    offset = offset === undefined ? 0 : offset;
    end = end === undefined ? this.length : end;
    if (typeof value === 'number') return super.fill(value & 255, offset, end);
    const bytes = typeof value === 'string' ? encodeString(value, encoding) : Uint8Array.from(value);
    if (bytes.length === 0) return super.fill(0, offset, end);
    for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
    return this;
  }

  indexOf(value, byteOffset = 0, encoding) {
    if (typeof value === 'number') return super.indexOf(value & 255, byteOffset);
    const needle = typeof value === 'string' ? encodeString(value, encoding) : value;
    if (byteOffset < 0) byteOffset = Math.max(0, this.length + byteOffset);
    outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  includes(value, byteOffset, encoding) {
    return this.indexOf(value, byteOffset, encoding) !== -1;
  }

  copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    const bytes = this.subarray(sourceStart, sourceEnd).subarray(0, Math.max(0, target.length - targetStart));
    target.set(bytes, targetStart);
    return bytes.length;
  }

  [inspect.custom]() {
    const max = 50;
    let str = '';
    for (let i = 0; i < Math.min(max, this.length); i++) str += `${i === 0 ? '' : ' '}${this[i] < 16 ? '0' : ''}${this[i].toString(16)}`;
    const remaining = this.length - max;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return `<${this.constructor.name} ${str}>`;
  }
}

function view(buffer) {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

const numberMethods = [
  ['UInt8', 'Uint8', 1],
  ['Int8', 'Int8', 1],
  ['UInt16', 'Uint16', 2],
  ['Int16', 'Int16', 2],
  ['UInt32', 'Uint32', 4],
  ['Int32', 'Int32', 4],
  ['Float', 'Float32', 4],
  ['Double', 'Float64', 8],
  ['BigUInt64', 'BigUint64', 8],
  ['BigInt64', 'BigInt64', 8],
];
for (const [name, dataViewName, size] of numberMethods) {
  const endians = size === 1 ? [['', true]] : [['LE', true], ['BE', false]];
  for (const [suffix, little] of endians) {
    Buffer.prototype[`read${name}${suffix}`] = function read(offset = 0) {
      return view(this)[`get${dataViewName}`](offset, little);
    };
    Buffer.prototype[`write${name}${suffix}`] = function write(value, offset = 0) {
      view(this)[`set${dataViewName}`](offset, value, little);
      return offset + size;
    };
    if (name.startsWith('UInt')) {
      Buffer.prototype[`readUint${name.slice(4)}${suffix}`] = Buffer.prototype[`read${name}${suffix}`];
      Buffer.prototype[`writeUint${name.slice(4)}${suffix}`] = Buffer.prototype[`write${name}${suffix}`];
    }
  }
}

function checkSize(size) {
  if (typeof size !== 'number' || size < 0 || size > 0x7fffffff || Number.isNaN(size)) {
    const err = new RangeError(`The argument 'size' is invalid. Received ${inspect(size)}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  return size;
}

function fromBytes(bytes) {
  return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function btoa(input) {
  const string = String(input);
  for (let i = 0; i < string.length; i++) {
    if (string.charCodeAt(i) > 255) {
      const err = new Error('Invalid character');
      err.name = 'InvalidCharacterError';
      throw err;
    }
  }
  return encodeBase64(encodeString(string, 'latin1'), false);
}

function atob(input) {
  return decodeBytes(decodeBase64(String(input).replace(/[\t\n\f\r ]/g, '')), 'latin1');
}

module.exports = {
  Buffer,
  atob,
  btoa,
  constants: { MAX_LENGTH: 0x7fffffff, MAX_STRING_LENGTH: (1 << 30) - 25 },
  kMaxLength: 0x7fffffff,
  INSPECT_MAX_BYTES: 50,
  isUtf8: () => true,
  transcode() {
    throw new Error('buffer.transcode is not available in the offline sandbox');
  },
};
