/** Words and text for the inspector's response view; pure, so it is tested in node. */
import type { ModelResponse, WireTrace } from '../../agent/events';
import { formatDuration } from '../ui/format';

/** One line: how the attempt ended, tokens, and timing. */
export function responseSummary(response: ModelResponse): string {
  const parts: string[] = [];
  if (response.outcome === 'message') parts.push(response.stopReason ?? 'answered');
  else if (response.outcome === 'failed') parts.push(`failed (${response.error?.kind ?? 'error'})`);
  else parts.push('interrupted');
  if (response.usage) parts.push(`${response.usage.inputTokens.toLocaleString()} in / ${response.usage.outputTokens.toLocaleString()} out`);
  if (response.firstTokenMs !== undefined) parts.push(`first token ${formatDuration(response.firstTokenMs)}`);
  parts.push(`${formatDuration(response.totalMs)} total`);
  return parts.join(' · ');
}

/** The raw events as SSE text, with a line where some were left out. */
export function wireText(trace: WireTrace): string {
  const frames = trace.events.map((event) => (event.event === undefined ? `data: ${event.data}` : `event: ${event.event}\ndata: ${event.data}`));
  if (trace.omitted > 0) frames.splice(trace.omittedAfter, 0, `… ${trace.omitted.toLocaleString()} events left out (only the first and last are kept) …`);
  return frames.join('\n\n');
}
