/** US dollars per million tokens. */
export interface ModelPricing {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  /** Prices that apply instead when a request's input exceeds `aboveInputTokens` (Gemini 2.5 Pro, Sonnet's 1M context). */
  longContext?: { aboveInputTokens: number; inputPerMTok: number; outputPerMTok: number; cacheReadPerMTok?: number; cacheWritePerMTok?: number };
}
