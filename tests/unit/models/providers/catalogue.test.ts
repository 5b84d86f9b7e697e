import { describe, expect, it } from 'vitest';
import { CATALOGUE, PRICES_NOTE, catalogueFor, costUsd, findModel, formatPrice, formatUsd, listModels } from '../../../../src/models/catalogue';
import { providerInfo } from '../../../../src/models/providers';
import { SECRET_KEY, fakeFetch } from './helpers';

describe('catalogue', () => {
  it('knows the current model families with prices', () => {
    for (const id of ['claude-sonnet-5', 'claude-opus-5-5', 'claude-fable-5-1', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'gpt-6.1-sol', 'gpt-6.1-terra', 'gpt-6-luna', 'gpt-4.1', 'gemini-3.8-flash']) {
      const model = findModel(id);
      expect(model?.pricing, id).toBeDefined();
      expect(model?.contextWindow, id).toBeGreaterThan(0);
    }
    expect(PRICES_NOTE).toMatch(/may change/);
    expect(new Set(CATALOGUE.map((m) => m.id)).size).toBe(CATALOGUE.length);
    // Shut down before November 2026: not suggested any more.
    for (const id of ['o4-mini', 'o3-mini', 'gpt-4.1-nano', 'gemini-2.5-flash', 'gemini-2.0-flash', 'claude-3-7-sonnet-latest']) expect(findModel(id), id).toBeUndefined();
  });

  it("each provider's default model is in the catalogue, with a price", () => {
    for (const provider of ['anthropic', 'openai', 'gemini'] as const) {
      const model = findModel(providerInfo(provider)?.defaultModel ?? '');
      expect(model?.wire, provider).toBe(provider === 'openai' ? 'openai' : provider);
      expect(model?.pricing, provider).toBeDefined();
    }
  });

  it('finds models under other spellings', () => {
    expect(findModel('claude-sonnet-4-5-20250929')?.id).toBe('claude-sonnet-4-5');
    expect(findModel('anthropic/claude-sonnet-4.5')?.id).toBe('claude-sonnet-4-5');
    expect(findModel('models/gemini-3.8-flash')?.id).toBe('gemini-3.8-flash');
    expect(findModel('gpt-4o-2024-08-06')?.id).toBe('gpt-4o');
    expect(findModel('my-finetune')).toBeUndefined();
  });

  it('lists the catalogue per provider; resellers and local servers have none', () => {
    expect(catalogueFor('anthropic').every((m) => m.wire === 'anthropic')).toBe(true);
    expect(catalogueFor('gemini').length).toBeGreaterThan(0);
    expect(catalogueFor('ollama')).toEqual([]);
  });
});

describe('costUsd', () => {
  it('prices input, output, cache reads and writes', () => {
    // Sonnet 4.5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per MTok
    const cost = costUsd('claude-sonnet-4-5', { inputTokens: 100_000, outputTokens: 10_000, cacheReadTokens: 50_000, cacheWriteTokens: 10_000 });
    expect(cost).toBeCloseTo(0.3 + 0.15 + 0.015 + 0.0375, 6);
    // above 200k input tokens (1M-context beta) the long-context prices apply
    expect(costUsd('claude-sonnet-4-5', { inputTokens: 300_000, outputTokens: 0 })).toBeCloseTo(1.8, 6);
  });

  it('switches to long-context prices above the threshold', () => {
    // GPT-6.1 Sol: $2 in, $10 out; above 272K input tokens 2× input and 1.5× output
    expect(costUsd('gpt-6.1-sol', { inputTokens: 100_000, outputTokens: 10_000 })).toBeCloseTo(0.2 + 0.1, 6);
    expect(costUsd('gpt-6.1-sol', { inputTokens: 300_000, outputTokens: 10_000 })).toBeCloseTo(1.2 + 0.15, 6);
  });

  it("prices Claude's cache at 1.25× input for writes and 0.1× for reads", () => {
    // Sonnet 5: $2 in, $10 out
    expect(costUsd('claude-sonnet-5', { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 })).toBeCloseTo(0.2 + 2.5, 6);
  });

  it('is undefined for unknown models unless prices are given', () => {
    expect(costUsd('mystery', { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(costUsd('mystery', { inputTokens: 1_000_000, outputTokens: 0 }, { inputPerMTok: 2, outputPerMTok: 4 })).toBe(2);
  });

  it('writes prices per million tokens as providers do', () => {
    expect([0.75, 0.075, 3.75, 10, 0.01].map(formatPrice)).toEqual(['$0.75', '$0.075', '$3.75', '$10', '$0.01']);
  });

  it('formats dollars', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.00001)).toBe('<$0.0001');
    expect(formatUsd(0.01234)).toBe('$0.0123');
    expect(formatUsd(12.5)).toBe('$12.50');
  });
});

describe('listModels', () => {
  it('Anthropic: GET /v1/models with the key headers, merged with catalogue prices', async () => {
    const { fetch, calls } = fakeFetch({
      body: JSON.stringify({ data: [{ type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5' }, { type: 'model', id: 'claude-new-x', display_name: 'New' }], has_more: false }),
      headers: { 'content-type': 'application/json' },
    });
    const result = await listModels('anthropic', { apiKey: SECRET_KEY, fetch });
    expect(calls[0]?.url).toBe('https://api.anthropic.com/v1/models?limit=1000');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.headers['x-api-key']).toBe(SECRET_KEY);
    expect(calls[0]?.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(result.source).toBe('provider');
    expect(result.models[0]).toMatchObject({ id: 'claude-sonnet-4-5-20250929', label: 'Claude Sonnet 4.5', pricing: { inputPerMTok: 3 } });
    expect(result.models[1]).toEqual({ id: 'claude-new-x', wire: 'anthropic', label: 'New' });
  });

  it('OpenAI: GET /models, non-chat models filtered out', async () => {
    const { fetch, calls } = fakeFetch({
      body: JSON.stringify({ object: 'list', data: [{ id: 'gpt-4.1', object: 'model' }, { id: 'text-embedding-3-small', object: 'model' }, { id: 'whisper-1' }] }),
      headers: { 'content-type': 'application/json' },
    });
    const result = await listModels('openai', { apiKey: SECRET_KEY, fetch });
    expect(calls[0]?.url).toBe('https://api.openai.com/v1/models');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(result.models.map((m) => m.id)).toEqual(['gpt-4.1']);
  });

  it('OpenRouter: context length and per-token prices from the list', async () => {
    const { fetch } = fakeFetch({
      body: JSON.stringify({ data: [{ id: 'vendor/model-x', name: 'Model X', context_length: 131072, pricing: { prompt: '0.000001', completion: '0.000002' } }] }),
      headers: { 'content-type': 'application/json' },
    });
    const result = await listModels('openrouter', { apiKey: SECRET_KEY, fetch });
    expect(result.models[0]).toMatchObject({ id: 'vendor/model-x', label: 'Model X', contextWindow: 131072, pricing: { inputPerMTok: 1, outputPerMTok: 2 } });
  });

  it('Ollama: no key needed, no Authorization header', async () => {
    const { fetch, calls } = fakeFetch({ body: JSON.stringify({ object: 'list', data: [{ id: 'qwen2.5-coder:7b' }] }), headers: { 'content-type': 'application/json' } });
    const result = await listModels('ollama', { fetch });
    expect(calls[0]?.url).toBe('http://localhost:11434/v1/models');
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(result.models.map((m) => m.id)).toEqual(['qwen2.5-coder:7b']);
  });

  it('Gemini: GET /v1beta/models with x-goog-api-key, generateContent models only', async () => {
    const { fetch, calls } = fakeFetch({
      body: JSON.stringify({
        models: [
          { name: 'models/gemini-3.8-flash', displayName: 'Gemini 3.8 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'], thinking: true },
          { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    const result = await listModels('gemini', { apiKey: SECRET_KEY, fetch });
    expect(calls[0]?.url).toBe('https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000');
    expect(calls[0]?.url).not.toContain(SECRET_KEY);
    expect(calls[0]?.headers['x-goog-api-key']).toBe(SECRET_KEY);
    expect(result.models).toHaveLength(1);
    expect(result.models[0]).toMatchObject({ id: 'gemini-3.8-flash', contextWindow: 1048576, maxOutputTokens: 65536, thinking: true, pricing: { inputPerMTok: 0.75 } });
  });

  it('falls back to the catalogue with a key-free reason', async () => {
    const { fetch } = fakeFetch({ status: 401, body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `bad key ${SECRET_KEY}` } }) });
    const result = await listModels('anthropic', { apiKey: SECRET_KEY, fetch });
    expect(result.source).toBe('catalogue');
    expect(result.models.length).toBeGreaterThan(0);
    expect(result.error).toContain('the key was refused');
    expect(result.error).not.toContain(SECRET_KEY);
    const noKey = await listModels('openai', { fetch });
    expect(noKey).toMatchObject({ source: 'catalogue', error: 'OpenAI needs an API key to list its models.' });
  });
});
