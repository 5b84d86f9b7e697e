import { describe, expect, it } from 'vitest';
import { readSse } from '../../../../src/models/sse';
import { chunkedStream } from './helpers';

async function events(text: string, chunkSize: number) {
  const out = [];
  for await (const event of readSse(chunkedStream(text, chunkSize))) out.push(event);
  return out;
}

describe('readSse', () => {
  const text = 'event: a\ndata: {"x":"é🚀"}\n\n: comment\n\ndata: line1\ndata: line2\n\nevent: b\r\ndata: crlf\r\n\r\n';
  it.each([0, 1, 2, 3, 7])('parses the same events at %i-byte chunks', async (size) => {
    expect(await events(text, size)).toEqual([
      { event: 'a', data: '{"x":"é🚀"}', id: undefined },
      { event: undefined, data: 'line1\nline2', id: undefined },
      { event: 'b', data: 'crlf', id: undefined },
    ]);
  });

  it('dispatches a last event whose blank line never came, but drops a half-written line', async () => {
    expect((await events('data: whole\n', 0)).map((e) => e.data)).toEqual(['whole']);
    expect(await events('data: {"cut', 0)).toEqual([]);
  });

  it('stops quietly when the signal aborts', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: 1\n\n'));
      },
    });
    const seen: string[] = [];
    setTimeout(() => controller.abort(), 10);
    for await (const event of readSse(body, controller.signal)) seen.push(event.data);
    expect(seen).toEqual(['1']);
  });
});
