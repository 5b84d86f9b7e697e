/** How the Sessions view describes a session in one line: when, which model, tokens and cost. */
import type { SessionListing } from '../../store/session-catalog';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTokens(tokens: number): string {
  return tokens >= 1000 ? `${(tokens / 1000).toFixed(tokens >= 10_000 ? 0 : 1)}k tokens` : `${tokens} tokens`;
}

export function describeSession(session: SessionListing, format: (at: number) => string = (at) => dateFormat.format(at)): string {
  const { summary } = session;
  const parts = [format(session.updatedAt)];
  parts.push(summary.model || 'no model call yet');
  parts.push(`${summary.prompts} prompt${summary.prompts === 1 ? '' : 's'}`);
  parts.push(formatTokens(summary.inputTokens + summary.outputTokens));
  if (summary.costUsd > 0) parts.push(`$${summary.costUsd.toFixed(summary.costUsd < 0.01 ? 4 : 2)}`);
  return parts.join(' · ');
}
