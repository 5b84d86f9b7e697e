import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from '../../../src/agent/retry';
import { transcriptProblems } from '../../../src/agent/transcript';
import { messageText } from '../../../src/models/messages';
import type { ModelError, ModelEvent } from '../../../src/models/port';
import { EventListClient, eventsOf, runLoop, textAnswer } from './fakes';

const overloaded: ModelError = { kind: 'overloaded', message: 'Overloaded', status: 529, retryable: true };
const fail = (error: ModelError): ModelEvent[] => [{ type: 'message_start' }, { type: 'error', error }];

/** A fake clock: sleeps resolve at once and are recorded. */
function fakeSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number, signal: AbortSignal) => {
      delays.push(ms);
      if (signal.aborted) throw new Error('aborted');
    },
  };
}

describe('retry policy', () => {
  it('retries only transient kinds the provider marks retryable', () => {
    for (const kind of ['rate_limit', 'overloaded', 'server', 'network', 'stream_dropped'] as const) {
      expect(isRetryable({ kind, message: '', retryable: true })).toBe(true);
    }
    for (const kind of ['auth', 'invalid_request', 'aborted', 'unknown'] as const) {
      expect(isRetryable({ kind, message: '', retryable: true })).toBe(false);
    }
    expect(isRetryable({ kind: 'server', message: '', retryable: false })).toBe(false);
  });

  it('backs off exponentially with equal jitter, capped, and honours retry-after', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    const low = { ...policy, random: () => 0 };
    const high = { ...policy, random: () => 0.999999 };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(low, attempt, overloaded))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(high, attempt, overloaded))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelayMs(low, 1, { ...overloaded, retryAfterMs: 7000 })).toBe(7000);
  });
});

describe('the loop retries model errors', () => {
  it('retries retryable errors with backoff, emitting retry events, then succeeds', async () => {
    const clock = fakeSleep();
    const model = new EventListClient([fail(overloaded), fail({ ...overloaded, kind: 'server' }), textAnswer('Finally.')]);
    const run = await runLoop({ model, settings: { retry: { sleep: clock.sleep, random: () => 0, baseDelayMs: 100 } } });
    expect(run.reason).toBe('completed');
    expect(clock.delays).toEqual([50, 100]);
    expect(eventsOf(run.events, 'retry').map((e) => [e.attempt, e.delayMs, e.error.kind])).toEqual([
      [1, 50, 'overloaded'],
      [2, 100, 'server'],
    ]);
    expect(model.requests).toHaveLength(3);
    expect(eventsOf(run.events, 'model_request')).toHaveLength(1);
  });

  it('honours retry-after from a rate limit', async () => {
    const clock = fakeSleep();
    const limited: ModelError = { kind: 'rate_limit', message: '429', status: 429, retryAfterMs: 12_000, retryable: true };
    const run = await runLoop({ model: new EventListClient([fail(limited), textAnswer('ok')]), settings: { retry: { sleep: clock.sleep } } });
    expect(run.reason).toBe('completed');
    expect(clock.delays).toEqual([12_000]);
  });

  it('gives up after maxRetries with model_error', async () => {
    const clock = fakeSleep();
    const model = new EventListClient([fail(overloaded), fail(overloaded), fail(overloaded), textAnswer('too late')]);
    const run = await runLoop({ model, settings: { retry: { sleep: clock.sleep, maxRetries: 2 } } });
    expect(run.reason).toBe('model_error');
    expect(run.detail).toBe('Overloaded');
    expect(clock.delays).toHaveLength(2);
    expect(model.requests).toHaveLength(3);
    expect(eventsOf(run.events, 'error')).toHaveLength(1);
  });

  it('never retries auth or invalid_request', async () => {
    for (const kind of ['auth', 'invalid_request'] as const) {
      const clock = fakeSleep();
      const model = new EventListClient([fail({ kind, message: kind, retryable: true }), textAnswer('no')]);
      const run = await runLoop({ model, settings: { retry: { sleep: clock.sleep } } });
      expect(run.reason).toBe('model_error');
      expect(clock.delays).toEqual([]);
    }
  });

  it('a stream dropped after partial output is rolled back before the retry', async () => {
    const clock = fakeSleep();
    const dropped: ModelEvent[] = [
      { type: 'message_start' },
      { type: 'text_start', index: 0 },
      { type: 'text_delta', index: 0, text: 'Half of an ans' },
      { type: 'tool_use_start', index: 1, id: 'half', name: 'Echo' },
      { type: 'tool_use_delta', index: 1, partialJson: '{"va' },
      // the stream just ends: no stop
    ];
    const model = new EventListClient([dropped, textAnswer('The whole answer.')]);
    const run = await runLoop({ model, settings: { retry: { sleep: clock.sleep } } });
    expect(run.reason).toBe('completed');
    expect(eventsOf(run.events, 'retry')[0]!.error.kind).toBe('stream_dropped');
    expect(run.messages).toHaveLength(2);
    expect(messageText(run.messages[1]!)).toBe('The whole answer.');
    expect(JSON.stringify(run.messages)).not.toContain('Half of');
    expect(transcriptProblems(run.messages)).toEqual([]);
    // The retry request is the same as the first: nothing of the dropped attempt leaked in.
    expect(model.requests[1]!.messages).toEqual(model.requests[0]!.messages);
    // The UI saw the partial deltas, then a retry event telling it to discard them.
    const kinds = run.events.map((event) => event.type);
    expect(kinds.indexOf('text_delta')).toBeLessThan(kinds.indexOf('retry'));
  });

  it('an error event after partial text is rolled back too', async () => {
    const clock = fakeSleep();
    const model = new EventListClient([
      [
        { type: 'message_start' },
        { type: 'text_start', index: 0 },
        { type: 'text_delta', index: 0, text: 'Partial' },
        { type: 'error', error: { kind: 'network', message: 'connection reset', retryable: true } },
      ],
      textAnswer('Clean.'),
    ]);
    const run = await runLoop({ model, settings: { retry: { sleep: clock.sleep } } });
    expect(run.messages.map(messageText)).toEqual(['Go', 'Clean.']);
  });

  it('the backoff wait is cancelled by the signal: the run ends interrupted', async () => {
    const controller = new AbortController();
    const model = new EventListClient([fail(overloaded), textAnswer('never')]);
    const run = await runLoop({
      model,
      signal: controller.signal,
      settings: {
        retry: {
          baseDelayMs: 60_000,
          sleep: (ms, signal) =>
            new Promise((resolve, reject) => {
              const timer = setTimeout(resolve, ms);
              signal.addEventListener('abort', () => {
                clearTimeout(timer);
                reject(new Error('aborted'));
              });
              setTimeout(() => controller.abort(), 5);
            }),
        },
      },
    });
    expect(run.reason).toBe('interrupted');
    expect(model.requests).toHaveLength(1);
    expect(run.messages).toHaveLength(1);
  });

  it('uses the real abortable sleep by default (short delay)', async () => {
    const model = new EventListClient([fail({ ...overloaded, retryAfterMs: 5 }), textAnswer('ok')]);
    const run = await runLoop({ model, settings: { retry: {} } });
    expect(run.reason).toBe('completed');
  });
});
