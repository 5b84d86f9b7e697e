import type { Usage } from '../models/port';
import { DEFAULT_MAX_RESULT_CHARS } from '../tools/truncate';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { DEFAULT_CONTEXT_SETTINGS, type ContextSettings } from './context-budget';

/**
 * How a run behaves: its limits, how it retries the model, how much of a tool result it keeps and
 * what a call costs. One object, set on the session, read by the loop and the tool round, with its
 * defaults here only. The permission mode is not part of it: it is live state the user changes
 * during a run, not a setting fixed when the run starts.
 */
export interface RunSettings {
  /** Model calls allowed in one run. */
  maxTurns: number;
  /** Output tokens per model call. */
  maxTokens: number;
  /** Times per run a text answer cut off by `maxTokens` is sent back to be continued. */
  maxContinuations: number;
  /** Thinking tokens per model call; absent means thinking is off. */
  thinkingBudget?: number;
  /** Input + output tokens the run may spend; checked before each model call. Absent: no limit. */
  tokenBudget?: number;
  retry: RetryPolicy;
  /** Characters kept of each tool result (middle cut). */
  truncateLimit: number;
  /** Cost in USD of one call's usage, when the pricing is known. */
  costOf?: (usage: Usage, modelId: string) => number | undefined;
  /** The context window, compaction and micro-compaction (./context-budget.ts). */
  context: ContextSettings;
  /**
   * What is left of the session's spend cap: USD for a priced model, tokens (input + output) for an
   * unpriced one. Checked before each model call; reaching it ends the run with `spend_cap`.
   */
  spendCap?: SpendCap;
}

/** A session's spend cap and what has been spent against it so far. */
export interface SpendCap {
  /** Cap in US dollars (applies when the model's price is known). */
  usd?: number;
  /** Cap in tokens (applies when the model has no price). */
  tokens?: number;
  /** Spent before this run started. */
  spentUsd: number;
  spentTokens: number;
}

/** What a caller sets: any field may be left out (then its default holds), and the retry policy in part. */
export type RunSettingsInput = Partial<Omit<RunSettings, 'retry' | 'context'>> & { retry?: Partial<RetryPolicy>; context?: Partial<ContextSettings> };

export const DEFAULT_MAX_TURNS = 50;
export const DEFAULT_MAX_TOKENS = 8192;
export const DEFAULT_MAX_CONTINUATIONS = 3;

/** The defaults of every setting that has one. */
export const DEFAULT_RUN_SETTINGS: Readonly<RunSettings> = {
  maxTurns: DEFAULT_MAX_TURNS,
  maxTokens: DEFAULT_MAX_TOKENS,
  maxContinuations: DEFAULT_MAX_CONTINUATIONS,
  retry: DEFAULT_RETRY_POLICY,
  truncateLimit: DEFAULT_MAX_RESULT_CHARS,
  context: DEFAULT_CONTEXT_SETTINGS,
};

/** The settings a run uses: what the caller set, the defaults for the rest. */
export function resolveRunSettings(input: RunSettingsInput = {}): RunSettings {
  const settings: RunSettings = {
    maxTurns: input.maxTurns ?? DEFAULT_RUN_SETTINGS.maxTurns,
    maxTokens: input.maxTokens ?? DEFAULT_RUN_SETTINGS.maxTokens,
    maxContinuations: input.maxContinuations ?? DEFAULT_RUN_SETTINGS.maxContinuations,
    retry: { ...DEFAULT_RUN_SETTINGS.retry, ...input.retry },
    truncateLimit: input.truncateLimit ?? DEFAULT_RUN_SETTINGS.truncateLimit,
    context: { ...DEFAULT_RUN_SETTINGS.context, ...input.context },
  };
  if (input.spendCap !== undefined) settings.spendCap = input.spendCap;
  if (input.thinkingBudget !== undefined) settings.thinkingBudget = input.thinkingBudget;
  if (input.tokenBudget !== undefined) settings.tokenBudget = input.tokenBudget;
  if (input.costOf !== undefined) settings.costOf = input.costOf;
  return settings;
}
