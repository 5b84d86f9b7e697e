import { createSplitCharacterJoiner } from './split-characters';

/**
 * WebContainer runs every process on a pseudo-terminal: `output` is terminal text with CRLF line
 * ends, colours, cursor moves and progress redraws, and stdout and stderr merged. These helpers
 * turn it into plain text an agent can read.
 */

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`), DCS/SOS/PM/APC strings, charset selection
// (`ESC ( B`) and single-character escapes (`ESC =`, `ESC 7`…). C1 CSI (0x9b) too.
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[()*+][ -~]|\x1b[ -/]*[0-~]/g;

/** An escape sequence cut off at the end of a chunk: hold it back until the next chunk. */
const INCOMPLETE_TAIL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[PX^_][^\x1b]*\x1b?|[()*+]|[ -/]+)?|\x9b[0-?]*[ -/]*)$/;

// Other control characters a terminal would not print (keeps tab, LF, CR and backspace; drops a stray ESC).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]/g;

/** Removes terminal escape sequences and non-printing control characters. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '').replace(INVISIBLE, '');
}

/**
 * What a terminal would leave on screen, line by line: CRLF becomes LF, a bare CR (a progress
 * bar redrawing its line) keeps only what was written last, and backspaces erase.
 */
export function collapseTerminalText(text: string): string {
  return text
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      let visible = line;
      if (visible.includes('\r')) {
        const redraws = visible.split('\r').filter((part) => part !== '');
        visible = redraws[redraws.length - 1] ?? '';
      }
      // eslint-disable-next-line no-control-regex -- a backspace erases the character before it
      while (/[^\x08]\x08/.test(visible)) visible = visible.replace(/[^\x08]\x08/g, '');
      // eslint-disable-next-line no-control-regex -- leftover backspaces at the line start
      return visible.replace(/\x08/g, '');
    })
    .join('\n');
}

/**
 * Streaming stripper: feed chunks as they arrive; an escape sequence (or a CR of a CRLF) split
 * across chunks is held back, so callbacks never see half a sequence, and a character the
 * library's per-chunk decoding broke shows as one `�` (see split-characters.ts).
 */
export function createTerminalTextStream(): { push(chunk: string): string; flush(): string } {
  let pending = '';
  const characters = createSplitCharacterJoiner();
  return {
    push(chunk: string): string {
      const text = pending + characters.push(chunk);
      const cut = INCOMPLETE_TAIL.exec(text);
      let tail = cut && cut[0] !== '' ? cut[0] : '';
      let head = text.slice(0, text.length - tail.length);
      if (tail === '' && head.endsWith('\r')) {
        tail = '\r';
        head = head.slice(0, -1);
      }
      pending = tail;
      return stripAnsi(head).replace(/\r+\n/g, '\n');
    },
    flush(): string {
      const rest = stripAnsi(pending + characters.flush()).replace(/\r+\n/g, '\n');
      pending = '';
      return rest;
    },
  };
}
