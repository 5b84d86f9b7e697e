/* global internal */
/* Guest module `buffer`: the npm `buffer` package (feross/buffer) plus what Node has and it lacks. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const library = require('internal/deps/buffer');

const { Buffer } = library;
const proto = Buffer.prototype;

// ---- 'base64url' (Node 15+). The library's base64 decoder already accepts the URL-safe alphabet
// without padding, so reading maps the name to 'base64'; writing converts the output. -----------

const isBase64url = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
const forLibrary = (encoding) => (isBase64url(encoding) ? 'base64' : encoding);

// ---- UTF-8 through the host's TextEncoder/TextDecoder: ten times faster than the library's
// JavaScript loops under QuickJS, and the same result (both replace invalid bytes with U+FFFD). --

const isUtf8Name = (encoding) => encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' || (typeof encoding === 'string' && /^utf-?8$/i.test(encoding));

const libraryFrom = Buffer.from;
Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string' && isUtf8Name(encodingOrOffset)) {
    const bytes = internal.encodeUtf8(value);
    return libraryFrom.call(this, bytes, 0, bytes.byteLength);
  }
  return libraryFrom.call(this, value, forLibrary(encodingOrOffset), length);
};
const libraryAlloc = Buffer.alloc;
Buffer.alloc = function alloc(size, fill, encoding) {
  return libraryAlloc.call(this, size, fill, forLibrary(encoding));
};
const libraryByteLength = Buffer.byteLength;
Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string === 'string' && isUtf8Name(encoding)) return internal.encodeUtf8(string).byteLength;
  return libraryByteLength.call(this, string, forLibrary(encoding));
};
const libraryIsEncoding = Buffer.isEncoding;
Buffer.isEncoding = function isEncoding(encoding) {
  return isBase64url(encoding) || libraryIsEncoding.call(this, encoding);
};
const libraryToString = proto.toString;
proto.toString = function toString(encoding, start, end) {
  if (isUtf8Name(encoding)) {
    // Node's rules for start/end (lib/buffer.js).
    const length = this.length;
    if (start === undefined || start <= 0) start = 0;
    else if (start >= length) return '';
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > length) end = length;
    else end = Math.trunc(end) || 0;
    return end <= start ? '' : internal.decodeUtf8(this.subarray(start, end));
  }
  if (!isBase64url(encoding)) return libraryToString.apply(this, arguments);
  return libraryToString.call(this, 'base64', start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
// write(string[, offset[, length]][, encoding]) and fill/indexOf/lastIndexOf/includes(value, …, encoding):
// the encoding may sit at any position after the first.
for (const name of ['write', 'fill', 'indexOf', 'lastIndexOf', 'includes']) {
  const method = proto[name];
  proto[name] = {
    [name](first, ...rest) {
      return method.call(this, first, ...rest.map(forLibrary));
    },
  }[name];
}

// ---- inspect: Node says how many bytes it left out. --------------------------------------------

proto[Symbol.for('nodejs.util.inspect.custom')] = function inspect() {
  const max = library.INSPECT_MAX_BYTES;
  const shown = libraryToString.call(this, 'hex', 0, max).replace(/(.{2})/g, '$1 ').trim();
  const remaining = this.length - max;
  const more = remaining > 0 ? ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}` : '';
  return `<${this.constructor.name} ${shown}${more}>`;
};

// ---- module functions the library does not have ----------------------------------------------

function invalidCharacter() {
  const err = new Error('Invalid character');
  err.name = 'InvalidCharacterError';
  return err;
}

function btoa(input) {
  const string = String(input);
  for (let i = 0; i < string.length; i++) if (string.charCodeAt(i) > 255) throw invalidCharacter();
  return Buffer.from(string, 'latin1').toString('base64');
}

function atob(input) {
  const string = String(input).replace(/[\t\n\f\r ]/g, '');
  if (/[^A-Za-z0-9+/=]/.test(string) || string.length % 4 === 1) throw invalidCharacter();
  return Buffer.from(string, 'base64').toString('latin1');
}

/** Valid UTF-8 survives a decode/encode round trip unchanged; any invalid byte becomes U+FFFD. */
function isUtf8(input) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input instanceof ArrayBuffer ? input : input.buffer, input.byteOffset, input.byteLength);
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

module.exports = {
  ...library,
  Buffer,
  atob,
  btoa,
  isUtf8,
  constants: { MAX_LENGTH: library.kMaxLength, MAX_STRING_LENGTH: (1 << 30) - 25 },
  transcode() {
    throw new Error('buffer.transcode is not available in the offline sandbox');
  },
};
