/** U+FFFD, what TextDecoder puts in place of bytes that are not valid UTF-8. */
const REPLACEMENT = '\uFFFD';
/** A UTF-8 character is at most 4 bytes: cut once, at most 3 continuation bytes start the next chunk. */
const MAX_CONTINUATION = 3;

/**
 * @webcontainer/api decodes process output chunk by chunk (`decoder.decode(chunk)`, not in
 * streaming mode), so a character whose bytes straddle two chunks arrives as one U+FFFD at the
 * end of the first (its incomplete start) and one per continuation byte at the start of the next.
 * The bytes are gone by then and cannot be recovered here; what a user should see is one `�` per
 * lost character, not up to four (which also shifts every column after it). So a `�` at the end
 * of a chunk is held back until the next chunk, and the `�`s that start that chunk are dropped.
 */
export function createSplitCharacterJoiner(): { push(chunk: string): string; flush(): string } {
  let heldBack = false;
  return {
    push(chunk: string): string {
      // The last `�` first: in a chunk of 4 bytes or more it is the incomplete start of a
      // character, never a continuation (UTF-8 has at most 3 in a row, pty reads are larger).
      const endsCut = chunk.endsWith(REPLACEMENT);
      let text = endsCut ? chunk.slice(0, -1) : chunk;
      if (heldBack) {
        let skip = 0;
        while (skip < MAX_CONTINUATION && text[skip] === REPLACEMENT) skip++;
        text = REPLACEMENT + text.slice(skip);
      }
      heldBack = endsCut;
      return text;
    },
    flush(): string {
      const rest = heldBack ? REPLACEMENT : '';
      heldBack = false;
      return rest;
    },
  };
}
