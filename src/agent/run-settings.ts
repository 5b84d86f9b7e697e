import type { Usage } from '../models/port';
import { DEFAULT_MAX_RESULT_CHARS } from '../tools/truncate';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

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
}

/** What a caller sets: any field may be left out (then its default holds), and the retry policy in part. */
export type RunSettingsInput = Partial<Omit<RunSettings, 'retry'>> & { retry?: Partial<RetryPolicy> };

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
};

/** The settings a run uses: what the caller set, the defaults for the rest. */
export function resolveRunSettings(input: RunSettingsInput = {}): RunSettings {
  const settings: RunSettings = {
    maxTurns: input.maxTurns ?? DEFAULT_RUN_SETTINGS.maxTurns,
    maxTokens: input.maxTokens ?? DEFAULT_RUN_SETTINGS.maxTokens,
    maxContinuations: input.maxContinuations ?? DEFAULT_RUN_SETTINGS.maxContinuations,
    retry: { ...DEFAULT_RUN_SETTINGS.retry, ...input.retry },
    truncateLimit: input.truncateLimit ?? DEFAULT_RUN_SETTINGS.truncateLimit,
  };
  if (input.thinkingBudget !== undefined) settings.thinkingBudget = input.thinkingBudget;
  if (input.tokenBudget !== undefined) settings.tokenBudget = input.tokenBudget;
  if (input.costOf !== undefined) settings.costOf = input.costOf;
  return settings;
}
