/**
 * A fast, synchronous fingerprint of a file's contents (text or bytes): the Read ledger uses it to
 * tell whether a file changed since it was read when mtimes are too coarse, and the store to write
 * only the files that changed. Not cryptographic: it only has to catch accidental changes, so two
 * independent 32-bit mixes and the length make a collision between two versions of a file
 * vanishingly unlikely. (crypto.subtle is async and missing outside secure contexts.)
 */
export function contentHash(contents: string | Uint8Array): string {
  const length = contents.length;
  let first = 0x811c9dc5;
  let second = 0x9e3779b9 ^ length;
  const text = typeof contents === 'string' ? contents : undefined;
  for (let index = 0; index < length; index += 1) {
    const code = text !== undefined ? text.charCodeAt(index) : (contents as Uint8Array)[index]!;
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x85ebca6b);
    second ^= second >>> 13;
  }
  // Text and bytes with the same units are different files.
  const kind = text !== undefined ? '' : 'b';
  return `${kind}${length.toString(36)}-${hex32(first)}${hex32(second)}`;
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
