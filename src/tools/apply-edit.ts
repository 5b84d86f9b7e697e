/** The outcome of replacing `oldString` with `newString` in a text. */
export type EditOutcome =
  | {
      ok: true;
      text: string;
      replacements: number;
      /** Offset in the new text where the first replacement starts. */
      firstIndex: number;
      /** The replacement as inserted (line endings may have been adapted to the file). */
      insertedText: string;
    }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'ambiguous'; occurrences: number };

/**
 * Replaces an exact string, once (it must then be unique) or everywhere. When the file uses CRLF
 * and the strings use LF — models always write LF — it retries with CRLF so such files stay editable.
 * Pure string work: no regex, so `$` and other specials in the strings are taken literally.
 */
export function applyEdit(text: string, oldString: string, newString: string, replaceAll: boolean): EditOutcome {
  const direct = replaceExact(text, oldString, newString, replaceAll);
  if (direct.ok || direct.reason === 'ambiguous' || !text.includes('\r\n') || !oldString.includes('\n')) return direct;
  return replaceExact(text, toCrlf(oldString), toCrlf(newString), replaceAll);
}

export function countOccurrences(text: string, search: string): number {
  if (search === '') return 0;
  let count = 0;
  for (let index = text.indexOf(search); index !== -1; index = text.indexOf(search, index + search.length)) count += 1;
  return count;
}

function replaceExact(text: string, oldString: string, newString: string, replaceAll: boolean): EditOutcome {
  const occurrences = countOccurrences(text, oldString);
  if (occurrences === 0) return { ok: false, reason: 'not_found' };
  if (occurrences > 1 && !replaceAll) return { ok: false, reason: 'ambiguous', occurrences };
  const firstIndex = text.indexOf(oldString);
  const replaced = replaceAll
    ? text.split(oldString).join(newString)
    : text.slice(0, firstIndex) + newString + text.slice(firstIndex + oldString.length);
  return { ok: true, text: replaced, replacements: occurrences, firstIndex, insertedText: newString };
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
