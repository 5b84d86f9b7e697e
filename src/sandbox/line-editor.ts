/**
 * A terminal-independent line editor: a pure state machine from keys to (new state, bytes to
 * echo, action). The shell session feeds it xterm input and writes the echo back to xterm.
 * Echo uses relative cursor moves (no redraw of the prompt), so it needs no knowledge of the
 * prompt. Limits: columns are counted in code points (wide CJK/emoji glyphs take two cells), and
 * mid-line edits of a line longer than the terminal is wide may render imperfectly.
 */

export interface LineEditorState {
  /** The line being edited, as code points (so the cursor never splits a surrogate pair). */
  readonly chars: readonly string[];
  /** Cursor position in `chars`. */
  readonly cursor: number;
  /** Submitted lines, oldest first. */
  readonly history: readonly string[];
  /** Position while browsing history; equals history.length when editing a fresh line. */
  readonly historyIndex: number;
  /** The unsubmitted line kept aside while browsing history. */
  readonly draft: string;
}

export type EditorAction =
  | { type: 'none' }
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'clear' }
  /** Tab: the session completes the word before the cursor (see insertText). */
  | { type: 'complete'; before: string };

export interface EditorStep {
  state: LineEditorState;
  /** Bytes to write to the terminal to show the edit. */
  echo: string;
  action: EditorAction;
}

const MAX_HISTORY = 500;
const NONE: EditorAction = { type: 'none' };

const KEY = {
  enter: '\r',
  newline: '\n',
  crlf: '\r\n',
  backspace: '\x7f',
  ctrlH: '\b',
  ctrlA: '\x01',
  ctrlC: '\x03',
  ctrlE: '\x05',
  ctrlK: '\x0b',
  ctrlL: '\x0c',
  ctrlU: '\x15',
  tab: '\t',
  delete: '\x1b[3~',
} as const;

const UP = new Set(['\x1b[A', '\x1bOA']);
const DOWN = new Set(['\x1b[B', '\x1bOB']);
const RIGHT = new Set(['\x1b[C', '\x1bOC']);
const LEFT = new Set(['\x1b[D', '\x1bOD']);
const HOME = new Set(['\x1b[H', '\x1bOH', '\x1b[1~', KEY.ctrlA]);
const END = new Set(['\x1b[F', '\x1bOF', '\x1b[4~', KEY.ctrlE]);

export function createLineEditor(history: readonly string[] = []): LineEditorState {
  return { chars: [], cursor: 0, history, historyIndex: history.length, draft: '' };
}

/** The current line's text. */
export function lineText(state: LineEditorState): string {
  return state.chars.join('');
}

/** Bytes that draw the current line right after a freshly printed prompt, cursor included. */
export function renderLine(state: LineEditorState): string {
  return lineText(state) + cursorLeft(state.chars.length - state.cursor);
}

/**
 * Splits terminal input into keys: escape sequences (CSI `ESC [ … final`, SS3 `ESC O x`) stay
 * whole, `\r\n` is one Enter, everything else is one code point. A paste arrives as many keys.
 */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  const chars = Array.from(data);
  let i = 0;
  while (i < chars.length) {
    const char = chars[i] as string;
    if (char === '\x1b') {
      const next = chars[i + 1];
      if (next === '[') {
        let end = i + 2;
        // Parameter and intermediate bytes are 0x20–0x3f; the final byte is 0x40–0x7e.
        while (end < chars.length && /[\x20-\x3f]/.test(chars[end] as string)) end += 1;
        keys.push(chars.slice(i, end + 1).join(''));
        i = end + 1;
      } else if (next === 'O' && i + 2 < chars.length) {
        keys.push(chars.slice(i, i + 3).join(''));
        i += 3;
      } else if (next !== undefined) {
        keys.push(char + next); // Alt+key
        i += 2;
      } else {
        keys.push(char);
        i += 1;
      }
    } else if (char === '\r' && chars[i + 1] === '\n') {
      keys.push(KEY.crlf);
      i += 2;
    } else {
      keys.push(char);
      i += 1;
    }
  }
  return keys;
}

/** Applies one key (as produced by splitKeys) to the editor. */
export function applyKey(state: LineEditorState, key: string): EditorStep {
  if (key === KEY.enter || key === KEY.newline || key === KEY.crlf) return submit(state);
  if (key === KEY.ctrlC) {
    return { state: freshLine(state.history), echo: '^C\r\n', action: { type: 'interrupt' } };
  }
  if (key === KEY.ctrlL) return { state, echo: '', action: { type: 'clear' } };
  if (key === KEY.backspace || key === KEY.ctrlH) return backspace(state);
  if (key === KEY.delete) return deleteForward(state);
  if (LEFT.has(key)) return moveTo(state, state.cursor - 1);
  if (RIGHT.has(key)) return moveTo(state, state.cursor + 1);
  if (HOME.has(key)) return moveTo(state, 0);
  if (END.has(key)) return moveTo(state, state.chars.length);
  if (UP.has(key)) return browseHistory(state, state.historyIndex - 1);
  if (DOWN.has(key)) return browseHistory(state, state.historyIndex + 1);
  if (key === KEY.ctrlU) return killToStart(state);
  if (key === KEY.ctrlK) return killToEnd(state);
  if (key === KEY.tab) return { state, echo: '', action: { type: 'complete', before: state.chars.slice(0, state.cursor).join('') } };
  if (isPrintable(key)) return insert(state, key);
  // Other control keys and unknown escape sequences are ignored.
  return { state, echo: '', action: NONE };
}

/** Inserts text at the cursor as if typed (a completion), with its echo. */
export function insertText(state: LineEditorState, text: string): EditorStep {
  let step: EditorStep = { state, echo: '', action: NONE };
  for (const char of Array.from(text)) {
    const next = insert(step.state, char);
    step = { state: next.state, echo: step.echo + next.echo, action: NONE };
  }
  return step;
}

function isPrintable(key: string): boolean {
  const codePoint = key.codePointAt(0);
  return Array.from(key).length === 1 && codePoint !== undefined && codePoint >= 0x20 && codePoint !== 0x7f;
}

function freshLine(history: readonly string[]): LineEditorState {
  return createLineEditor(history);
}

function submit(state: LineEditorState): EditorStep {
  const line = lineText(state);
  const last = state.history[state.history.length - 1];
  const remember = line.trim() !== '' && line !== last;
  const history = remember ? [...state.history, line].slice(-MAX_HISTORY) : state.history;
  // Move to the end first so the newline does not cut a line the cursor sits inside.
  const echo = cursorRight(state.chars.length - state.cursor) + '\r\n';
  return { state: freshLine(history), echo, action: { type: 'submit', line } };
}

function insert(state: LineEditorState, char: string): EditorStep {
  const rest = state.chars.slice(state.cursor);
  const chars = [...state.chars.slice(0, state.cursor), char, ...rest];
  const echo = char + rest.join('') + cursorLeft(rest.length);
  return { state: { ...state, chars, cursor: state.cursor + 1 }, echo, action: NONE };
}

function backspace(state: LineEditorState): EditorStep {
  if (state.cursor === 0) return { state, echo: '', action: NONE };
  const rest = state.chars.slice(state.cursor);
  const chars = [...state.chars.slice(0, state.cursor - 1), ...rest];
  const echo = '\b' + rest.join('') + ' ' + cursorLeft(rest.length + 1);
  return { state: { ...state, chars, cursor: state.cursor - 1 }, echo, action: NONE };
}

function deleteForward(state: LineEditorState): EditorStep {
  if (state.cursor >= state.chars.length) return { state, echo: '', action: NONE };
  const rest = state.chars.slice(state.cursor + 1);
  const chars = [...state.chars.slice(0, state.cursor), ...rest];
  const echo = rest.join('') + ' ' + cursorLeft(rest.length + 1);
  return { state: { ...state, chars }, echo, action: NONE };
}

function moveTo(state: LineEditorState, target: number): EditorStep {
  const cursor = Math.max(0, Math.min(state.chars.length, target));
  const echo = cursor < state.cursor ? cursorLeft(state.cursor - cursor) : cursorRight(cursor - state.cursor);
  return { state: { ...state, cursor }, echo, action: NONE };
}

function killToStart(state: LineEditorState): EditorStep {
  const rest = state.chars.slice(state.cursor);
  const echo = cursorLeft(state.cursor) + '\x1b[K' + rest.join('') + cursorLeft(rest.length);
  return { state: { ...state, chars: rest, cursor: 0 }, echo, action: NONE };
}

function killToEnd(state: LineEditorState): EditorStep {
  return { state: { ...state, chars: state.chars.slice(0, state.cursor) }, echo: '\x1b[K', action: NONE };
}

function browseHistory(state: LineEditorState, index: number): EditorStep {
  if (index < 0 || index > state.history.length || index === state.historyIndex) {
    return { state, echo: '', action: NONE };
  }
  // Leaving the fresh line keeps it as the draft, so Down past the newest entry brings it back.
  const draft = state.historyIndex === state.history.length ? lineText(state) : state.draft;
  const text = index === state.history.length ? draft : (state.history[index] as string);
  const chars = Array.from(text);
  const echo = cursorLeft(state.cursor) + '\x1b[K' + text;
  return { state: { ...state, chars, cursor: chars.length, historyIndex: index, draft }, echo, action: NONE };
}

function cursorLeft(columns: number): string {
  return columns > 0 ? `\x1b[${columns}D` : '';
}

function cursorRight(columns: number): string {
  return columns > 0 ? `\x1b[${columns}C` : '';
}
