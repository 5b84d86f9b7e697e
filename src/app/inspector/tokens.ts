/** Token numbers for the inspector: estimates from the agent's estimator (src/agent/tokens.ts). */
export { estimateContextTokens, estimateMessageTokens, estimateTextTokens, estimateToolDefinitionTokens } from '../../agent/tokens';

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  return `${Math.round(n / 1000)}k`;
}
