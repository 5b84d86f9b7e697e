/**
 * git's ids: SHA-1, as lowercase hex where git writes them out. Synchronous (sha.js, which
 * isomorphic-git hashes with too): a status hashes thousands of small trees, where one WebCrypto
 * call each would cost more in scheduling than in hashing, and it works on an insecure origin
 * (a playground served over plain http on a LAN), where WebCrypto is missing. No DOM.
 */
import Sha1 from 'sha.js/sha1.js';
import { encodeUtf8 } from './utf8';

/** The four kinds of object git stores. */
export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** SHA-1 of `bytes`: 20 bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  return new Sha1().update(bytes).digest();
}

/** The id of a git object: SHA-1 of "<type> <length>\0" and the body. */
export function objectId(type: ObjectType, body: Uint8Array): Uint8Array {
  return new Sha1().update(encodeUtf8(`${type} ${body.byteLength}\0`)).update(body).digest();
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Bytes as lowercase hex, the way git writes object ids. */
export function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}
