import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/** Refuse to buffer more than this many characters of one unfinished SSE event. */
const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/**
 * Server-sent events from a response body, decoded across arbitrary chunk boundaries
 * (split lines, split multi-byte characters). Parsing is eventsource-parser's.
 * Aborting `signal` cancels the body and ends the iteration quietly; the caller checks the signal.
 * Read failures (connection reset) are thrown to the caller.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<EventSourceMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const queue: EventSourceMessage[] = [];
  let parseError: Error | undefined;
  const parser = createParser({
    onEvent: (event) => queue.push(event),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') parseError = error;
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });
  let finished = false;
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  let endsWithNewline = true;
  try {
    if (signal?.aborted) return;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        const tail = decoder.decode();
        if (tail) parser.feed(tail);
        // An event whose lines are complete but whose blank line never came is still whole; dispatch it.
        // A half-written line is a cut-off stream and is dropped, as the SSE spec says.
        if (endsWithNewline && !signal?.aborted) parser.feed('\n');
      } else {
        const text = decoder.decode(value, { stream: true });
        if (text) {
          endsWithNewline = text.endsWith('\n') || text.endsWith('\r');
          parser.feed(text);
        }
      }
      if (parseError) throw parseError;
      while (queue.length > 0) {
        const event = queue.shift();
        if (event) yield event;
      }
      if (finished || signal?.aborted) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
