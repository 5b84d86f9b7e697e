/**
 * How much of a model's context window a request may fill before the conversation is compacted:
 * the window, minus room kept for the model's answer, minus a safety buffer for what the estimate
 * of not-yet-counted text gets wrong. The context meter marks this line; compaction starts at it.
 */
export interface ContextBudgetSettings {
  /** Tokens kept free for the model's output. */
  outputReserve: number;
  /** Tokens kept free for estimation error. */
  buffer: number;
}

export const DEFAULT_CONTEXT_BUDGET: Readonly<ContextBudgetSettings> = { outputReserve: 20_000, buffer: 13_000 };

/** Used when the model's window is not known (a local or unlisted model). */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** The input size (tokens) at which compaction starts, for a model with this window. */
export function compactionThreshold(contextWindow: number, budget: ContextBudgetSettings = DEFAULT_CONTEXT_BUDGET): number {
  // A small window still keeps a usable share: the reserve and buffer shrink with it.
  const reserve = Math.min(budget.outputReserve, Math.floor(contextWindow * 0.2));
  const buffer = Math.min(budget.buffer, Math.floor(contextWindow * 0.1));
  return Math.max(0, contextWindow - reserve - buffer);
}

/**
 * Everything that keeps a long session inside its window, tunable in Model settings: the window
 * itself (the model's, or a smaller one set by the user), the budget above, and the two
 * mechanisms that use it.
 */
export interface ContextSettings extends ContextBudgetSettings {
  /** The model's context window in tokens; undefined: DEFAULT_CONTEXT_WINDOW. */
  contextWindow?: number;
  /** Summarize the conversation when the next request would pass the threshold. */
  autoCompact: boolean;
  /** Replace old tool results (reads, searches, command output) in what is sent by a short placeholder. */
  microCompact: boolean;
  /** How many of the most recent tool results micro-compaction always keeps whole. */
  keepToolResults: number;
  /** Tokens of recently read files re-attached after a compaction (capped at a quarter of the threshold). */
  reattachTokens: number;
}

export const DEFAULT_CONTEXT_SETTINGS: Readonly<ContextSettings> = {
  ...DEFAULT_CONTEXT_BUDGET,
  autoCompact: true,
  microCompact: true,
  keepToolResults: 6,
  reattachTokens: 20_000,
};

/** The threshold of these settings (the window they name, or the default one). */
export function thresholdOf(settings: ContextSettings): number {
  return compactionThreshold(settings.contextWindow ?? DEFAULT_CONTEXT_WINDOW, settings);
}
