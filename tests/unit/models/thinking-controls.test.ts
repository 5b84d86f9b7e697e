import { describe, expect, it } from 'vitest';
import { effortForBudget } from '../../../src/models/thinking-controls';
import { wireFormat, type WireId } from '../../../src/models/wire';
import { claudeThinkingMode } from '../../../src/models/wire/anthropic/thinking';
import { isGemini3OrLater } from '../../../src/models/wire/gemini/thinking';
import { openAITakesReasoningEffort } from '../../../src/models/wire/openai/thinking';

/** The settings dialog's note, for a request to the format's own API unless a base URL is given. */
function thinkingHint(wire: WireId, model: string, budget: number, baseUrl = wireFormat(wire).defaultBaseUrl): string | undefined {
  return wireFormat(wire).thinkingHint({ model, budget, baseUrl });
}

describe('thinking controls', () => {
  it('gives Claude 3.x and 4.0–4.5 a budget, and everything newer or unknown adaptive thinking', () => {
    for (const model of ['claude-3-7-sonnet-latest', 'claude-3-5-haiku-20241022', 'claude-opus-4-0', 'claude-opus-4-20250514', 'claude-sonnet-4-20250514', 'claude-opus-4-1', 'claude-opus-4-1-20250805', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']) {
      expect(claudeThinkingMode(model), model).toBe('budget');
    }
    for (const model of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-4-8', 'claude-sonnet-5', 'claude-opus-5', 'claude-opus-5-5', 'claude-haiku-5-5', 'claude-fable-5-1', 'claude-mythos-5', 'claude-next-thing']) {
      expect(claudeThinkingMode(model), model).toBe('adaptive');
    }
  });

  it('tells Gemini 3 and later from Gemini 1 and 2', () => {
    expect(['gemini-1.5-pro', 'gemini-2.0-flash', 'models/gemini-2.5-flash-lite'].map(isGemini3OrLater)).toEqual([false, false, false]);
    expect(['gemini-3-flash-preview', 'gemini-3.8-flash', 'gemini-4-argon', 'gemini-flash-latest'].map(isGemini3OrLater)).toEqual([true, true, true, true]);
  });

  it("finds OpenAI's reasoning models", () => {
    expect(['o3', 'o4-mini', 'gpt-5', 'gpt-5.6-sol', 'gpt-6.1-terra', 'gpt-6-luna'].every(openAITakesReasoningEffort)).toBe(true);
    expect(['gpt-4.1', 'gpt-4o-mini', 'llama3.1:8b'].some(openAITakesReasoningEffort)).toBe(false);
  });

  it('maps a budget to an effort, and says so in the settings where the budget is not sent as such', () => {
    expect([1024, 4095, 4096, 16_383, 16_384].map(effortForBudget)).toEqual(['low', 'low', 'medium', 'medium', 'high']);
    expect(thinkingHint('anthropic', 'claude-sonnet-5', 4096)).toMatch(/adaptive thinking/);
    expect(thinkingHint('anthropic', 'claude-sonnet-4-5', 4096)).toBeUndefined();
    expect(thinkingHint('gemini', 'gemini-3.8-flash', 20_000)).toMatch(/thinking level "high"/);
    expect(thinkingHint('openai', 'gpt-6.1-sol', 1000)).toMatch(/reasoning effort "low"/);
    expect(thinkingHint('openai', 'llama3.1:8b', 1000)).toBeUndefined();
    // Reasoning effort goes only to OpenAI's own API; other compatible servers get no effort, so no note.
    expect(thinkingHint('openai', 'gpt-6.1-sol', 1000, 'https://openrouter.ai/api/v1')).toBeUndefined();
  });
});
