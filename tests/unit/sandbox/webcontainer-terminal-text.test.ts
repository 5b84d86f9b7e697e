import { describe, expect, it } from 'vitest';
import { createSplitCharacterJoiner } from '../../../src/sandbox/webcontainer/split-characters';
import { collapseTerminalText, createTerminalTextStream, stripAnsi } from '../../../src/sandbox/webcontainer/terminal-text';

describe('terminal text', () => {
  it('strips colours, cursor moves, OSC titles and charset switches', () => {
    const text = '\x1b[1;32m✓\x1b[0m ok\x1b[K\x1b]0;title\x07 \x1b]654;prompt\x1b\\done\x1b(B\x1b=\x9b2K';
    expect(stripAnsi(text)).toBe('✓ ok done');
  });

  it('drops invisible control characters but keeps tabs, newlines, CR and backspace', () => {
    expect(stripAnsi('a\x07b\x00c\td\r\ne\bf\x1b')).toBe('abc\td\r\ne\bf');
  });

  it('collapses CRLF, progress redraws and backspaces to what a terminal shows', () => {
    expect(collapseTerminalText('line one\r\n10%\r55%\r100%\r\nabc\b\bX\r\ndone\r')).toBe('line one\n100%\naX\ndone');
  });

  it('never splits an escape sequence or a CRLF across streamed chunks', () => {
    const stream = createTerminalTextStream();
    const pieces = ['red: \x1b[3', '1mtext\x1b', '[0m end\r', '\nosc \x1b]0;ti', 'tle\x07 after\x1b', ']8;;\x1b', '\\link'];
    const out = pieces.map((piece) => stream.push(piece));
    out.push(stream.flush());
    expect(out.join('')).toBe('red: text end\nosc  afterlink');
    expect(out.every((chunk) => !chunk.includes('\x1b'))).toBe(true);
    expect(out[2]).toBe(' end'); // The CR waits for its LF.
  });

  it('lets a lone CR through once the next chunk shows it is not a CRLF', () => {
    const stream = createTerminalTextStream();
    expect(stream.push('10%\r')).toBe('10%');
    expect(stream.push('20%')).toBe('\r20%');
    expect(stream.flush()).toBe('');
  });
});

describe('characters split across output chunks', () => {
  /** What @webcontainer/api does: each chunk of bytes decoded on its own. */
  function decodedPerChunk(text: string, chunkBytes: number): string[] {
    const bytes = new TextEncoder().encode(text);
    const chunks: string[] = [];
    for (let start = 0; start < bytes.length; start += chunkBytes) chunks.push(new TextDecoder().decode(bytes.subarray(start, start + chunkBytes)));
    return chunks;
  }

  it.each([4, 5, 6, 7, 16])('shows one replacement character per broken character (chunks of %i bytes)', (chunkBytes) => {
    const original = 'héllo ✓ wörld 😀 end';
    const joiner = createSplitCharacterJoiner();
    const shown = decodedPerChunk(original, chunkBytes).map((chunk) => joiner.push(chunk)).join('') + joiner.flush();
    expect([...shown]).toHaveLength([...original].length);
    [...shown].forEach((char, index) => expect([[...original][index], '\uFFFD']).toContain(char));
  });

  it('keeps replacement characters that were in the output itself', () => {
    const joiner = createSplitCharacterJoiner();
    expect(joiner.push('bad \uFFFD byte') + joiner.push(' and more') + joiner.flush()).toBe('bad \uFFFD byte and more');
    expect(joiner.push('ends with \uFFFD') + joiner.flush()).toBe('ends with \uFFFD');
  });

  it('the exec stream joins them too', () => {
    const stream = createTerminalTextStream();
    const text = decodedPerChunk('ab✓cd✓\r\n', 4).map((chunk) => stream.push(chunk)).join('') + stream.flush();
    expect(text).toBe('ab\uFFFDcd\uFFFD\n');
  });
});
