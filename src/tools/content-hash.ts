/**
 * A fast, synchronous fingerprint of a text, used to tell whether a file changed since it was
 * read when mtimes are too coarse. Not cryptographic: it only has to catch accidental changes.
 * (crypto.subtle is async and missing outside secure contexts, so we do not use it here.)
 */
export function contentHash(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x9e3779b9 ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x85ebca6b);
    second ^= second >>> 13;
  }
  return `${text.length.toString(36)}-${hex32(first)}${hex32(second)}`;
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
