import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AssistantBlock } from '../../../../src/models/messages';
import type { ModelError, ModelEvent, ModelRequest, ModelStopReason, Usage } from '../../../../src/models/port';
import type { FetchLike } from '../../../../src/models/transport';

export const SECRET_KEY = 'sk-test-SECRET-4f9a8b7c6d5e4f3a2b1c';

export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/providers/${path}`, import.meta.url)), 'utf8');
}

/** A body that delivers `bytes` in `chunkSize`-byte pieces (0: all at once). */
export function chunkedStream(text: string, chunkSize = 0): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = chunkSize > 0 ? chunkSize : bytes.length || 1;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

export interface RecordedCall {
  url: string;
  init: RequestInit;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  chunkSize?: number;
  /** A body stream that errors after the given text (connection reset). */
  breakAfter?: string;
}

/** A fetch that answers each call with the next response (the last one repeats) and records the calls. */
export function fakeFetch(...responses: Array<FakeResponse | Error>): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  let n = 0;
  const fetch: FetchLike = async (url, init) => {
    const headers = { ...(init.headers as Record<string, string>) };
    calls.push({ url, init, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const next = responses[Math.min(n++, responses.length - 1)];
    if (next instanceof Error) throw next;
    if (!next) throw new Error('no fake response');
    const status = next.status ?? 200;
    let body: ReadableStream<Uint8Array> | null = next.body === undefined ? null : chunkedStream(next.body, next.chunkSize);
    if (next.breakAfter !== undefined) {
      const bytes = new TextEncoder().encode(next.breakAfter);
      let sent = false;
      body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(bytes);
          } else controller.error(new TypeError('terminated'));
        },
      });
    }
    const contentType = status === 200 ? 'text/event-stream' : 'application/json';
    return new Response(body, { status, headers: { 'content-type': contentType, ...(next.headers ?? {}) } });
  };
  return { fetch, calls };
}

export async function collect(iterable: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

export interface Assembled {
  content: AssistantBlock[];
  stop?: ModelStopReason;
  error?: ModelError;
  usage?: Usage;
  model?: string;
}

/** Assemble events the way a loop would; checks the stream is well formed (sequential blocks, one terminal event) on the way. */
export function assemble(events: ModelEvent[]): Assembled {
  const out: Assembled = { content: [] };
  const raw = new Map<number, string>();
  const open = new Set<number>();
  const ended = new Set<number>();
  let terminal = 0;
  let expectedIndex = 0;
  events.forEach((event, position) => {
    if (terminal > 0) throw new Error(`event after the terminal event: ${JSON.stringify(event)}`);
    if (event.type === 'message_start' && position !== 0) throw new Error('message_start is not first');
    if ('index' in event) {
      const starting = event.type === 'text_start' || event.type === 'thinking_start' || event.type === 'tool_use_start';
      if (starting) {
        if (event.index !== expectedIndex) throw new Error(`block index ${event.index}, expected ${expectedIndex}`);
        // Blocks are sequential: one ends before the next starts.
        if (open.size > 0) throw new Error(`block ${event.index} started while block ${[...open].join(',')} is open`);
        expectedIndex++;
        open.add(event.index);
      } else if (!open.has(event.index)) {
        throw new Error(`${event.type} for block ${event.index}, which is not open`);
      }
    }
    switch (event.type) {
      case 'message_start':
        if (event.model) out.model = event.model;
        break;
      case 'text_start':
        out.content[event.index] = { type: 'text', text: '' };
        break;
      case 'thinking_start':
        out.content[event.index] = event.redacted ? { type: 'redacted_thinking', data: event.data ?? '' } : { type: 'thinking', thinking: '' };
        break;
      case 'tool_use_start':
        out.content[event.index] = { type: 'tool_use', id: event.id, name: event.name, input: {}, ...(event.signature === undefined ? {} : { signature: event.signature }) };
        raw.set(event.index, '');
        break;
      case 'text_delta': {
        const block = out.content[event.index];
        if (block?.type !== 'text') throw new Error('text_delta on a non-text block');
        block.text += event.text;
        break;
      }
      case 'thinking_delta': {
        const block = out.content[event.index];
        if (block?.type !== 'thinking') throw new Error('thinking_delta on a non-thinking block');
        block.thinking += event.thinking;
        break;
      }
      case 'thinking_signature': {
        const block = out.content[event.index];
        if (block?.type !== 'thinking') throw new Error('signature on a non-thinking block');
        block.signature = (block.signature ?? '') + event.signature;
        break;
      }
      case 'tool_use_delta':
        raw.set(event.index, (raw.get(event.index) ?? '') + event.partialJson);
        break;
      case 'block_end': {
        if (ended.has(event.index)) throw new Error(`block ${event.index} ended twice`);
        ended.add(event.index);
        open.delete(event.index);
        const block = out.content[event.index];
        if (block?.type === 'tool_use') {
          const text = raw.get(event.index) ?? '';
          try {
            block.input = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
          } catch {
            block.rawInput = text;
          }
        }
        break;
      }
      case 'usage':
        out.usage = event.usage;
        break;
      case 'stop':
        out.stop = event.reason;
        terminal++;
        break;
      case 'error':
        out.error = event.error;
        terminal++;
        break;
    }
  });
  if (terminal !== 1) throw new Error(`expected exactly one stop or error, got ${terminal}`);
  if (out.stop && open.size > 0) throw new Error(`blocks left open at stop: ${[...open].join(',')}`);
  return out;
}

export function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: 'test-model',
    system: 'You are a careful coding agent.',
    messages: [{ role: 'user', content: 'List the files.' }],
    tools: [
      {
        name: 'Bash',
        description: 'Run a shell command.',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      },
    ],
    maxTokens: 1024,
    ...overrides,
  };
}

/** Chunk sizes every fixture is replayed at: whole, awkward (splits lines and UTF-8), one byte. */
export const CHUNK_SIZES = [0, 7, 13, 1];
