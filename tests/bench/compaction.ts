/**
 * The "compaction" suite: the long scripted session of the compaction tests (hundreds of turns of
 * large file reads, searches and commands) with compaction and caching on, against both off.
 * Reports the input tokens sent and those billed at full price (not served from the cache), and
 * the time the harness itself spends per turn counting tokens and clearing old tool results.
 */
import { ContextGauge } from '../../src/agent/compaction';
import { contextCalls } from '../../src/agent/context-calls';
import { thresholdOf, DEFAULT_CONTEXT_SETTINGS } from '../../src/agent/context-budget';
import type { LoggedEvent } from '../../src/agent/event-log';
import { microCompact } from '../../src/agent/micro-compaction';
import { appendUserContent } from '../../src/agent/transcript';
import type { Message } from '../../src/models/messages';
import type { ModelRequest, Usage } from '../../src/models/port';
import { createDefaultTools } from '../../src/tools/registry';
import { runLongSession } from '../unit/agent/long-session';
import type { BenchResult } from './result';
import { median } from './stats';

const TURNS = 300;
const WINDOW = 24_000;
const KEEP = 4;

function totals(log: readonly LoggedEvent[]): { sent: number; fullPrice: number; requests: number } {
  let sent = 0;
  let fullPrice = 0;
  let requests = 0;
  for (const { event } of log) {
    if (event.type !== 'usage') continue;
    const usage: Usage = event.usage;
    sent += usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
    fullPrice += usage.inputTokens + (usage.cacheWriteTokens ?? 0);
    requests += 1;
  }
  return { sent, fullPrice, requests };
}

/**
 * Replays the log turn by turn on fresh copies of its messages (cold caches, as in a live run) and
 * times what the loop does before each request: micro-compaction, the token count, the threshold check.
 */
function harnessMsPerTurn(log: readonly LoggedEvent[]): number[] {
  const copy = structuredClone(log) as LoggedEvent[];
  const calls = contextCalls(createDefaultTools(), '/workspace');
  const threshold = thresholdOf({ ...DEFAULT_CONTEXT_SETTINGS, contextWindow: WINDOW });
  const gauge = new ContextGauge();
  const messages: Message[] = [];
  const times: number[] = [];
  let crossings = 0;
  let last: ModelRequest | undefined;
  // System prompt, tools and limits are the same in every request of the session.
  const base = copy.find((entry) => entry.event.type === 'model_request')?.event;
  if (base?.type !== 'model_request') throw new Error('no request');
  for (const { event } of copy) {
    if (event.type === 'assistant_message') messages.push(event.message);
    else if (event.type === 'user_message') appendUserContent(messages, event.message.content);
    else if (event.type === 'compaction') {
      messages.splice(0, messages.length, event.message);
      gauge.reset();
    } else if (event.type === 'turn_start') {
      // What the loop does before each request (the compaction itself, when over, is timed apart from the model call below).
      const start = performance.now();
      const request: ModelRequest = { ...base.request, messages: microCompact(messages, { keep: KEEP, describe: calls.describe }).slice() };
      if (gauge.tokensOf(request) > threshold) crossings += 1;
      times.push(performance.now() - start);
      last = request;
    } else if (event.type === 'model_request' && event.request.purpose === undefined) {
      last = event.request;
    } else if (event.type === 'usage' && last !== undefined) {
      gauge.observe(last, event.usage);
    }
  }
  if (crossings === 0) throw new Error('the replay never crossed the threshold');
  return times;
}

export async function benchCompaction(): Promise<BenchResult[]> {
  const on = await runLongSession({ turns: TURNS, context: { contextWindow: WINDOW, keepToolResults: KEEP }, simulateCache: true });
  const off = await runLongSession({ turns: TURNS, context: { contextWindow: 10_000_000, autoCompact: false, microCompact: false }, simulateCache: false });
  if (on.reason !== 'completed' || off.reason !== 'completed') throw new Error(`the long session did not complete (${on.reason}, ${off.reason})`);
  const a = totals(on.session.log);
  const b = totals(off.session.log);
  const compactions = on.events.filter((event) => event.type === 'compaction').length;
  const sentRatio = a.sent / b.sent;
  const billedRatio = a.fullPrice / b.fullPrice;
  const times = harnessMsPerTurn(on.session.log);
  const perTurn = median(times);
  const worst = Math.max(...times);
  return [
    { name: 'input tokens sent, on', value: a.sent, unit: 'tokens', note: `${a.requests} requests, ${compactions} compactions, window ${WINDOW.toLocaleString('en-US')}` },
    { name: 'input tokens sent, off', value: b.sent, unit: 'tokens', note: `${b.requests} requests, no compaction, no cache` },
    { name: 'sent on/off', value: Number(sentRatio.toFixed(3)), unit: 'ratio' },
    { name: 'billed at full price on/off', value: Number(billedRatio.toFixed(3)), unit: 'ratio', goal: '≤ 0.333', pass: billedRatio <= 1 / 3, note: `${a.fullPrice.toLocaleString('en-US')} vs ${b.fullPrice.toLocaleString('en-US')} tokens` },
    { name: 'harness counting + micro-compaction per turn', value: Number(perTurn.toFixed(3)), unit: 'ms', goal: '< 5 ms', pass: perTurn < 5, note: `median of ${times.length} turns; worst ${worst.toFixed(2)} ms` },
  ];
}
