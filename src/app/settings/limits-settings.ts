/**
 * The saved limits and context settings as the session takes them: the turn limit, the spend cap,
 * never above a workshop link's cap (./link-spend-cap.ts), and the context window (the user's, else the model's from the catalogue) with the compaction knobs.
 */
import type { SessionLimits } from '../../agent/session-contract';
import type { ContextSettings } from '../../agent/context-budget';
import { findModel } from '../../models/catalogue';
import type { LimitsSettings } from '../../store/settings';
import { cappedSpend, linkCapUsd } from './link-spend-cap';

export function sessionLimitsOf(limits: LimitsSettings | undefined, modelId: string | undefined, linkCap: number | undefined = linkCapUsd()): SessionLimits {
  const saved = limits ?? {};
  // A workshop link's cap (?cap=) holds whatever the learner saved.
  const spendCapUsd = cappedSpend(saved.spendCapUsd, linkCap);
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
    ...(spendCapUsd === undefined ? {} : { spendCapUsd }),
    ...(saved.spendCapTokens === undefined ? {} : { spendCapTokens: saved.spendCapTokens }),
    context,
  };
}
