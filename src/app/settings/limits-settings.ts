/**
 * The saved limits and context settings as the session takes them: the turn limit, the spend cap,
 * and the context window (the user's, else the model's from the catalogue) with the compaction knobs.
 */
import type { SessionLimits } from '../../agent/session-contract';
import type { ContextSettings } from '../../agent/context-budget';
import { findModel } from '../../models/catalogue';
import type { LimitsSettings } from '../../store/settings';

export function sessionLimitsOf(limits: LimitsSettings | undefined, modelId: string | undefined): SessionLimits {
  const saved = limits ?? {};
  const context: Partial<ContextSettings> = {};
  const window = saved.contextWindow ?? (modelId ? findModel(modelId)?.contextWindow : undefined);
  if (window !== undefined) context.contextWindow = window;
  if (saved.autoCompact !== undefined) context.autoCompact = saved.autoCompact;
  if (saved.microCompact !== undefined) context.microCompact = saved.microCompact;
  if (saved.keepToolResults !== undefined) context.keepToolResults = saved.keepToolResults;
  if (saved.outputReserve !== undefined) context.outputReserve = saved.outputReserve;
  if (saved.buffer !== undefined) context.buffer = saved.buffer;
  return {
    ...(saved.maxTurns === undefined ? {} : { maxTurns: saved.maxTurns }),
    ...(saved.spendCapUsd === undefined ? {} : { spendCapUsd: saved.spendCapUsd }),
    ...(saved.spendCapTokens === undefined ? {} : { spendCapTokens: saved.spendCapTokens }),
    context,
  };
}
