/* global internal */
/* Guest internal module: TextEncoder / TextDecoder (UTF-8, converted by the host). */
'use strict';

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    return new Uint8Array(internal.encodeUtf8(String(input)));
  }

  encodeInto(source, destination) {
    const bytes = this.encode(source);
    let written = Math.min(bytes.length, destination.length);
    // Do not split a UTF-8 sequence at the end of the destination.
    while (written > 0 && written < bytes.length && (bytes[written] & 0xc0) === 0x80) written--;
    destination.set(bytes.subarray(0, written));
    const read = internal.decodeUtf8(bytes.subarray(0, written)).length;
    return { read, written };
  }
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const normalized = String(label).trim().toLowerCase();
    if (normalized !== 'utf-8' && normalized !== 'utf8' && normalized !== 'unicode-1-1-utf-8') {
      const err = new RangeError(`The "${label}" encoding is not supported`);
      err.code = 'ERR_ENCODING_NOT_SUPPORTED';
      throw err;
    }
    this.fatal = !!options.fatal;
    this.ignoreBOM = !!options.ignoreBOM;
  }

  get encoding() {
    return 'utf-8';
  }

  decode(input, _options) {
    if (input === undefined || input === null) return '';
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const text = internal.decodeUtf8(bytes);
    return !this.ignoreBOM && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

module.exports = { TextEncoder, TextDecoder };
