/**
 * Tab completion for the offline terminal, as bash does it: the first word completes from the
 * commands, later words (or any word with a "/") from the files. One match is completed whole
 * (a space after a command or file, a "/" after a folder); several complete to what they share,
 * and when nothing more is shared the terminal lists them.
 */

export interface CompletionEntry {
  name: string;
  isDirectory: boolean;
}

export interface CompletionSource {
  /** Every command name the shell knows. */
  commands(): Promise<readonly string[]>;
  /** A folder's entries; empty when it cannot be read. */
  list(dir: string): Promise<readonly CompletionEntry[]>;
}

export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  insert: string;
  /** The candidates, shown when there are several and nothing could be inserted. */
  options: string[];
}

const NONE: Completion = { insert: '', options: [] };

/** Operators after which the next word is a command again. */
const COMMAND_STARTS = ['|', '||', '&&', ';', '&', '(', '$(', '`'];

/** Characters that need a backslash in a completed word. */
const SPECIAL = /([\s'"\\$`!&|;<>()*?[\]{}#~])/g;

function escapeWord(text: string): string {
  return text.replace(SPECIAL, '\\$1');
}

/** The word the cursor ends, with backslash escapes undone; spaces after a backslash stay in it. */
export function currentWord(before: string): { word: string; start: number } {
  let start = before.length;
  while (start > 0) {
    const char = before[start - 1] as string;
    const escaped = start >= 2 && before[start - 2] === '\\';
    if (!escaped && (/\s/.test(char) || '|&;<>()`'.includes(char))) break;
    start -= 1;
  }
  return { word: before.slice(start).replace(/\\(.)/g, '$1'), start };
}

function isCommandPosition(before: string, start: number): boolean {
  const head = before.slice(0, start).trimEnd();
  return head === '' || COMMAND_STARTS.some((operator) => head.endsWith(operator));
}

function sharedPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] as string;
  for (const word of words) {
    while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** The absolute folder a word's directory part names, with "." and ".." resolved. */
function resolveDir(cwd: string, dirPart: string, home: string): string {
  const base = dirPart.startsWith('/') ? '' : dirPart.startsWith('~/') ? home : cwd;
  const rest = dirPart.startsWith('~/') ? dirPart.slice(2) : dirPart;
  const segments: string[] = [];
  for (const segment of `${base}/${rest}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

function finish(prefix: string, candidates: readonly string[], suffixFor: (candidate: string) => string): Completion {
  const unique = [...new Set(candidates)].sort();
  if (unique.length === 0) return NONE;
  if (unique.length === 1) {
    const only = unique[0] as string;
    return { insert: escapeWord(only.slice(prefix.length)) + suffixFor(only), options: [] };
  }
  return { insert: escapeWord(sharedPrefix(unique).slice(prefix.length)), options: unique };
}

/** Completes the text before the cursor (`before`) in `cwd`. */
export async function complete(before: string, cwd: string, source: CompletionSource, home = cwd): Promise<Completion> {
  const { word, start } = currentWord(before);
  if (isCommandPosition(before, start) && !word.includes('/')) {
    const commands = (await source.commands()).filter((name) => name.startsWith(word));
    return finish(word, commands, () => ' ');
  }
  const slash = word.lastIndexOf('/');
  const dirPart = word.slice(0, slash + 1);
  const prefix = word.slice(slash + 1);
  const entries = await source.list(resolveDir(cwd, dirPart, home));
  // Hidden files only when asked for, as bash does.
  const matching = entries.filter((entry) => entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.')));
  const folders = new Set(matching.filter((entry) => entry.isDirectory).map((entry) => entry.name));
  const shown = matching.map((entry) => entry.name);
  const completion = finish(prefix, shown, (name) => (folders.has(name) ? '/' : ' '));
  // Listed as bash lists them: folders with a trailing "/".
  return { ...completion, options: completion.options.map((name) => (folders.has(name) ? `${name}/` : name)) };
}
