import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** A unified diff (`--- a/path`, `+++ b/path`, hunks with 3 lines of context) for permission prompts. */
export function unifiedDiff(shownPath: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${shownPath}`, `b/${shownPath}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/**
 * A diff of two fragments (Edit's old_string and new_string) when the file is not at hand.
 * Both get a final newline so the prompt is not cluttered with "No newline at end of file".
 */
export function fragmentDiff(shownPath: string, before: string, after: string): string {
  const withNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  return unifiedDiff(shownPath, withNewline(before), withNewline(after));
}
