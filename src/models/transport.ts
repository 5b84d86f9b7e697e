import type { ModelError, ModelEvent, WireEvent } from './port';
import {
  abortedError,
  errorFromFetchFailure,
  errorFromResponse,
  errorFromStreamPayload,
  isAbort,
  modelError,
  type ProviderContext,
} from './provider-error';
import { redactHeaders } from './redact';
import { readSse, type EventSourceMessage } from './sse';

/** One HTTP call as a client would make it. `headers` hold the real key: never show this object. */
export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** An HTTP call as the inspector may show it: key headers read "[redacted]". */
export interface HttpRequestDescription {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export function describeCall(call: HttpCall): HttpRequestDescription {
  const description: HttpRequestDescription = { method: call.method, url: call.url, headers: redactHeaders(call.headers) };
  if (call.body !== undefined) description.body = call.body;
  return description;
}

/** `fetch` bound to the global object (an unbound `window.fetch` throws "Illegal invocation"). */
export function defaultFetch(): FetchLike {
  return (input, init) => globalThis.fetch(input, init);
}

export function trimBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export type Opened = { ok: true; response: Response } | { ok: false; error: ModelError; bodyText?: string };

/** Send `call`; a non-2xx answer or a failed fetch comes back as a classified ModelError. */
export async function openCall(ctx: ProviderContext, call: HttpCall, fetchImpl: FetchLike, signal: AbortSignal): Promise<Opened> {
  if (signal.aborted) return { ok: false, error: abortedError(ctx) };
  let response: Response;
  try {
    const init: RequestInit = { method: call.method, headers: call.headers, signal };
    if (call.body !== undefined) init.body = JSON.stringify(call.body);
    response = await fetchImpl(call.url, init);
  } catch (error) {
    return { ok: false, error: errorFromFetchFailure(ctx, error, signal) };
  }
  if (!response.ok) {
    let bodyText = '';
    try {
      bodyText = await response.text();
    } catch (error) {
      if (isAbort(error, signal)) return { ok: false, error: abortedError(ctx) };
    }
    return { ok: false, error: errorFromResponse(ctx, response.status, response.headers, bodyText), bodyText };
  }
  return { ok: true, response };
}

/** Turns one provider's SSE messages into ModelEvents. */
export interface StreamMapper {
  /** Events for one SSE message. */
  push(message: EventSourceMessage): ModelEvent[];
  /** True once a terminal `stop` or `error` was produced. */
  readonly finished: boolean;
  /** The body ended (cleanly, or broken with `cause`): the terminal events. */
  end(cause?: unknown): ModelEvent[];
}

/** Stream a successful SSE response through `mapper`; always ends with one `stop` or one `error`. */
export async function* pumpSse(
  ctx: ProviderContext,
  response: Response,
  mapper: StreamMapper,
  signal: AbortSignal,
  onWire?: (event: WireEvent) => void,
): AsyncGenerator<ModelEvent> {
  const type = response.headers.get('content-type') ?? '';
  let body = response.body;
  if (type.includes('application/json')) {
    // A server that ignored `stream: true`, a proxy that answered with an error object,
    // or (seen in the wild) an SSE stream mislabelled as JSON.
    const text = await response.text().catch(() => '');
    if (!/^\s*(data|event|id|retry)?:/.test(text)) {
      onWire?.({ event: 'json', data: text });
      yield { type: 'error', error: jsonAnswerError(ctx, text) };
      return;
    }
    body = new Response(text).body;
  }
  if (!body) {
    yield* mapper.end(new Error('empty response body'));
    return;
  }
  try {
    for await (const message of readSse(body, signal)) {
      if (signal.aborted) break;
      onWire?.(message.event === undefined ? { data: message.data } : { event: message.event, data: message.data });
      yield* mapper.push(message);
      if (mapper.finished) return;
    }
  } catch (error) {
    if (isAbort(error, signal)) {
      yield { type: 'error', error: abortedError(ctx) };
      return;
    }
    yield* mapper.end(error);
    return;
  }
  if (signal.aborted) {
    yield { type: 'error', error: abortedError(ctx) };
    return;
  }
  yield* mapper.end();
}

/** The error for a 200 answer that is a JSON document instead of a stream. */
function jsonAnswerError(ctx: ProviderContext, text: string): ModelError {
  const payload = parseData(text);
  if (typeof payload === 'object' && payload !== null && 'error' in payload) return errorFromStreamPayload(ctx, payload);
  return modelError(ctx, 'invalid_request', `${ctx.label} answered with JSON instead of a stream; this server does not support streaming`);
}

/** Parse an SSE data payload; undefined when it is not JSON (e.g. OpenAI's `[DONE]`). */
export function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
