/**
 * UTF-8 for the many short strings git's files hold (paths, tree entries). TextEncoder and
 * TextDecoder cost about a microsecond a call in Chromium whatever the length, which is most of
 * the work for 15,000 paths; nearly every path is ASCII, and ASCII is copied byte for byte here.
 * Anything else goes to the platform's codec. No DOM.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Well under every engine's limit on a call's arguments. */
const MAX_ARGUMENTS = 8192;

/** The text of UTF-8 `bytes`. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length > MAX_ARGUMENTS) return decoder.decode(bytes);
  for (let index = 0; index < bytes.length; index++) if (bytes[index]! >= 0x80) return decoder.decode(bytes);
  // apply takes the typed array as it is; spreading it goes through its iterator, ~4× slower.
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The UTF-8 length of `text`, writing it at `at` in `out` when given. */
function writeUtf8(text: string, out: Uint8Array | undefined, at: number): number {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) >= 0x80) {
      const bytes = encoder.encode(text);
      out?.set(bytes, at);
      return bytes.byteLength;
    }
  }
  if (out) for (let index = 0; index < text.length; index++) out[at + index] = text.charCodeAt(index);
  return text.length;
}

/** `text` as UTF-8. */
export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(writeUtf8(text, undefined, 0));
  writeUtf8(text, out, 0);
  return out;
}

/** The UTF-8 bytes of several strings and byte runs, one after another, in one buffer. */
export function concatBytes(parts: ReadonlyArray<string | Uint8Array>): Uint8Array {
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? writeUtf8(part, undefined, 0) : part.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') at += writeUtf8(part, out, at);
    else {
      out.set(part, at);
      at += part.byteLength;
    }
  }
  return out;
}
