/** Lines longer than this are cut when shown, so one minified line cannot flood the context. */
export const MAX_LINE_CHARS = 2000;

/** Splits text into lines; a final newline does not start an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Formats lines like `cat -n`: the line number right-aligned in six columns, a tab, the line.
 * A trailing `\r` is dropped (it is invisible and confuses copying into Edit).
 */
export function numberLines(lines: readonly string[], firstLineNumber: number, maxLineChars = MAX_LINE_CHARS): string {
  return lines
    .map((line, index) => `${String(firstLineNumber + index).padStart(6)}\t${shortenLine(line.replace(/\r$/, ''), maxLineChars)}`)
    .join('\n');
}

export function shortenLine(line: string, maxChars = MAX_LINE_CHARS): string {
  if (line.length <= maxChars) return line;
  return `${line.slice(0, maxChars)}… [line truncated, ${line.length - maxChars} more characters]`;
}
