import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import type { ModelRequest } from '../../../src/models/port';
import { foldEvents, type NoticeItem } from '../../../src/app/state/fold';
import { errorLine, repeatsError, retryLine, secondsLeft } from '../../../src/app/state/model-notices';

const request: ModelRequest = { model: 'mock-model', system: '', messages: [{ role: 'user', content: 'hi' }], tools: [], maxTokens: 1024 };
const start: AgentEvent[] = [
  { type: 'run_start', runId: 'r1', prompt: 'List the files', at: 1000 },
  { type: 'turn_start', turn: 1 },
  { type: 'model_request', turn: 1, request },
];
const rateLimited = { kind: 'rate_limit' as const, message: 'Mock rate-limited the request (HTTP 429)', retryable: true, retryAfterMs: 4000 };

describe('provider failures in the chat', () => {
  it('drops the deltas of a failed attempt and shows a retry notice with a deadline', () => {
    const state = foldEvents(
      [
        ...start,
        { type: 'text_delta', turn: 1, index: 0, text: 'I will li' },
        { type: 'retry', attempt: 1, delayMs: 4000, error: rateLimited },
      ],
      10_000,
    );
    expect(state.items.map((item) => item.kind)).toEqual(['user', 'notice']);
    const notice = state.items[1] as NoticeItem;
    expect(notice.text).toMatch(/^Provider busy \(rate limited\) — retrying in 4\u00a0s…/);
    expect(notice.retry).toEqual({ error: rateLimited, attempt: 1, until: 14_000 });
  });

  it('keeps the earlier turns of the run when a later attempt fails', () => {
    const state = foldEvents([
      ...start,
      { type: 'text_delta', turn: 1, index: 0, text: 'Listing.' },
      { type: 'assistant_message', turn: 1, message: { role: 'assistant', content: [{ type: 'text', text: 'Listing.' }] } },
      { type: 'model_request', turn: 2, request },
      { type: 'text_delta', turn: 2, index: 0, text: 'Half' },
      { type: 'retry', attempt: 1, delayMs: 1000, error: { kind: 'stream_dropped', message: 'dropped', retryable: true } },
      { type: 'retry', attempt: 2, delayMs: 2000, error: { kind: 'stream_dropped', message: 'dropped', retryable: true } },
    ]);
    expect(state.items.map((item) => item.kind)).toEqual(['user', 'text', 'notice', 'notice']);
    const ids = state.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ends with one clear line for a refused key, without repeating it', () => {
    const message = 'the key was refused (OpenAI-compatible server, HTTP 401): invalid x-api-key';
    const state = foldEvents([
      ...start,
      { type: 'error', error: { kind: 'auth', message, retryable: false, status: 401 } },
      { type: 'run_end', reason: 'model_error', detail: message, at: 2000 },
    ]);
    const notice = state.items.find((item) => item.kind === 'notice');
    expect(notice).toMatchObject({ level: 'error', text: 'The key was refused (OpenAI-compatible server, HTTP 401): invalid x-api-key. Check the API key in Model settings.' });
    expect(state.items.at(-1)).toMatchObject({ kind: 'run_end', reason: 'model_error' });
    expect(state.items.at(-1)).not.toHaveProperty('detail');
  });
});

describe('model notice wording', () => {
  it('counts down in whole seconds and then says it is retrying now', () => {
    expect(secondsLeft(14_000, 10_001)).toBe(4);
    expect(secondsLeft(14_000, 14_500)).toBe(0);
    expect(retryLine(rateLimited, 4)).toBe('Provider busy (rate limited) — retrying in 4\u00a0s…');
    expect(retryLine({ kind: 'overloaded', message: '', retryable: true }, 0)).toBe('Provider busy (overloaded) — retrying now…');
  });

  it('keeps CORS advice intact and compares details loosely', () => {
    const cors = 'Could not reach the server. Is the local server running? … allow the origin http://127.0.0.1:4179.';
    expect(errorLine({ kind: 'network', message: cors, retryable: true })).toBe(cors);
    expect(repeatsError('the key was refused.', 'The key was refused. Check the API key in Model settings.')).toBe(true);
    expect(repeatsError('auth', 'The key was refused.')).toBe(false);
  });
});
