import { describe, expect, it } from 'vitest';
import {
  applyKey,
  createLineEditor,
  insertText,
  lineText,
  renderLine,
  splitKeys,
  type EditorAction,
  type LineEditorState,
} from '../../../src/sandbox/line-editor';

/** Feeds raw terminal input through the editor, collecting echo and actions. */
function type(data: string, state: LineEditorState = createLineEditor()) {
  let echo = '';
  const actions: EditorAction[] = [];
  for (const key of splitKeys(data)) {
    const step = applyKey(state, key);
    state = step.state;
    echo += step.echo;
    if (step.action.type !== 'none') actions.push(step.action);
  }
  return { state, echo, actions };
}

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';

describe('splitKeys', () => {
  it('keeps escape sequences whole and splits the rest into code points', () => {
    expect(splitKeys('ab\x1b[A\x1bOD\x1b[3~é😀\r\nx\r')).toEqual([
      'a',
      'b',
      '\x1b[A',
      '\x1bOD',
      '\x1b[3~',
      'é',
      '😀',
      '\r\n',
      'x',
      '\r',
    ]);
  });

  it('handles a lone escape and Alt+key', () => {
    expect(splitKeys('\x1bf\x1b')).toEqual(['\x1bf', '\x1b']);
  });
});

describe('line editor', () => {
  it('echoes printable characters and submits the line on Enter', () => {
    const { state, echo, actions } = type('ls -la\r');
    expect(echo).toBe('ls -la\r\n');
    expect(actions).toEqual([{ type: 'submit', line: 'ls -la' }]);
    expect(lineText(state)).toBe('');
    expect(state.history).toEqual(['ls -la']);
  });

  it('erases with Backspace at the end and in the middle', () => {
    const atEnd = type('abc\x7f');
    expect(lineText(atEnd.state)).toBe('ab');
    expect(atEnd.echo).toBe('abc\b \x1b[1D');

    const middle = type(`abcd${LEFT}${LEFT}\x7f`);
    expect(lineText(middle.state)).toBe('acd');
    expect(middle.state.cursor).toBe(1);
    expect(middle.echo.endsWith('\bcd \x1b[3D')).toBe(true);
  });

  it('ignores Backspace at the start of the line', () => {
    const { state, echo } = type('\x7f');
    expect(lineText(state)).toBe('');
    expect(echo).toBe('');
  });

  it('inserts in the middle and redraws the rest of the line', () => {
    const { state, echo } = type(`ac${LEFT}b`);
    expect(lineText(state)).toBe('abc');
    expect(state.cursor).toBe(2);
    expect(echo).toBe('ac\x1b[1Dbc\x1b[1D');
  });

  it('moves with Left, Right, Home and End without leaving the line', () => {
    let { state } = type(`abc${LEFT}${LEFT}${LEFT}${LEFT}`);
    expect(state.cursor).toBe(0);
    ({ state } = type(`${RIGHT}${RIGHT}${RIGHT}${RIGHT}`, state));
    expect(state.cursor).toBe(3);
    ({ state } = type('\x01', state));
    expect(state.cursor).toBe(0);
    ({ state } = type('\x1b[F', state));
    expect(state.cursor).toBe(3);
  });

  it('deletes forward with Delete', () => {
    const { state } = type(`abc\x01\x1b[3~`);
    expect(lineText(state)).toBe('bc');
    expect(state.cursor).toBe(0);
  });

  it('kills to the start with Ctrl+U and to the end with Ctrl+K', () => {
    const start = type(`hello world${LEFT}${LEFT}${LEFT}${LEFT}${LEFT}\x15`);
    expect(lineText(start.state)).toBe('world');
    expect(start.state.cursor).toBe(0);
    const end = type(`hello world${LEFT}${LEFT}${LEFT}${LEFT}${LEFT}\x0b`);
    expect(lineText(end.state)).toBe('hello ');
  });

  it('submits the whole line even when the cursor is inside it', () => {
    const { echo, actions } = type(`echo hi${LEFT}${LEFT}\r`);
    expect(actions).toEqual([{ type: 'submit', line: 'echo hi' }]);
    expect(echo.endsWith('\x1b[2C\r\n')).toBe(true);
  });

  it('cancels the line with Ctrl+C', () => {
    const { state, echo, actions } = type('rm -rf x\x03');
    expect(actions).toEqual([{ type: 'interrupt' }]);
    expect(echo.endsWith('^C\r\n')).toBe(true);
    expect(lineText(state)).toBe('');
    expect(state.history).toEqual([]);
  });

  it('asks for a clear screen with Ctrl+L and keeps the line', () => {
    const { state, actions } = type('draft\x0c');
    expect(actions).toEqual([{ type: 'clear' }]);
    expect(lineText(state)).toBe('draft');
    expect(renderLine(type(LEFT, state).state)).toBe('draft\x1b[1D');
  });

  it('browses history with Up and Down and restores the draft', () => {
    let { state } = type('first\rsecond\r');
    expect(state.history).toEqual(['first', 'second']);
    ({ state } = type('dra', state));
    const up = type(UP, state);
    expect(lineText(up.state)).toBe('second');
    expect(up.echo).toBe('\x1b[3D\x1b[Ksecond');
    ({ state } = type(`${UP}${UP}${UP}`, state));
    expect(lineText(state)).toBe('first');
    ({ state } = type(DOWN, state));
    expect(lineText(state)).toBe('second');
    ({ state } = type(DOWN, state));
    expect(lineText(state)).toBe('dra');
    ({ state } = type(DOWN, state));
    expect(lineText(state)).toBe('dra');
  });

  it('does not record blank lines or immediate repeats in history', () => {
    const { state, actions } = type('ls\r\r   \rls\rpwd\r');
    expect(state.history).toEqual(['ls', 'pwd']);
    expect(actions).toHaveLength(5);
  });

  it('treats a pasted multi-line block as several submits', () => {
    const { actions } = type('echo a\r\necho b\n');
    expect(actions).toEqual([
      { type: 'submit', line: 'echo a' },
      { type: 'submit', line: 'echo b' },
    ]);
  });

  it('ignores unknown control keys; Tab asks for a completion of the text before the cursor', () => {
    const { state, echo, actions } = type('ab\x1b[D\t\x1b[15~\x02c');
    expect(lineText(state)).toBe('acb');
    expect(echo).toBe('ab\x1b[1Dcb\x1b[1D');
    expect(actions).toEqual([{ type: 'complete', before: 'a' }]);
  });

  it('inserts a completion at the cursor as if typed', () => {
    const { state } = type('cat RE\x1b[D');
    const step = insertText(state, 'ADME.md ');
    expect(lineText(step.state)).toBe('cat RADME.md E');
    expect(step.state.cursor).toBe(13);
  });

  it('keeps a surrogate pair together when erasing', () => {
    const { state } = type('x😀\x7f');
    expect(lineText(state)).toBe('x');
  });
});
