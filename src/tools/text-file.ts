/**
 * Decodes file bytes as UTF-8 text, or returns null when the file looks binary:
 * it contains a NUL byte or is not valid UTF-8. A byte-order mark is kept in the text
 * so that editing a file writes it back unchanged.
 */
export function decodeTextFile(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
