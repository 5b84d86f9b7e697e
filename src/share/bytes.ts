/**
 * Bytes and text for share links and `.glassbox` files: base64url, UTF-8, and inflating with a
 * cap, so a decompression bomb is stopped once it passes the cap (not after it filled memory).
 * No DOM.
 */
import { Inflate } from 'fflate';

const CHUNK = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += CHUNK) binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** base64url without padding: safe in a URL fragment and in chat apps' link detection. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Undefined when `text` is not base64url (a character a link never holds, or an impossible length). */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return fromBase64(padded);
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text when the bytes are valid UTF-8, else undefined. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export type InflateOutcome = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_big' | 'corrupt' };

/** Input fed to the inflater at a time: one step can grow by at most ~1,000× this before the cap is checked. */
const STEP = 4096;

/**
 * Inflate raw DEFLATE data, refusing output over `cap` bytes. Stops as soon as the output passes
 * the cap; a truncated or corrupted stream is `corrupt`.
 */
export function inflateCapped(data: Uint8Array, cap: number, dictionary?: Uint8Array): InflateOutcome {
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate(dictionary ? { dictionary } : {}, (chunk, final) => {
    total += chunk.length;
    if (total <= cap) parts.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let at = 0; at < data.length || at === 0; at += STEP) {
      const last = at + STEP >= data.length;
      inflater.push(data.subarray(at, at + STEP), last);
      if (total > cap) return { ok: false, reason: 'too_big' };
      if (last) break;
    }
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (!finished) return { ok: false, reason: 'corrupt' };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { ok: true, bytes };
}

const ADLER_MOD = 65521;
/** Bytes summed before reducing: keeps both sums far below 2^53. */
const ADLER_RUN = 5552;

/**
 * Adler-32 (RFC 1950), the checksum zlib keeps of what it compressed. Any one changed byte
 * changes it, which a bare deflate stream does not notice: a flipped character in a link can
 * inflate to a slightly different, still valid, playground.
 */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let at = 0; at < bytes.length; ) {
    const end = Math.min(at + ADLER_RUN, bytes.length);
    for (; at < end; at++) {
      a += bytes[at]!;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return (b * 65536 + a) >>> 0;
}
