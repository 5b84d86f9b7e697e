import { describe, expect, it } from 'vitest';
import { PROVIDERS, createModelClient, defaultSettings, providerInfo, requestLimits, testConnection, validateSettings, withoutKey } from '../../../../src/models/providers';
import { SECRET_KEY, fakeFetch, fixture } from './helpers';

describe('provider registry', () => {
  it('lists each provider once with what a settings form needs', () => {
    expect(new Set(PROVIDERS.map((p) => p.id)).size).toBe(PROVIDERS.length);
    for (const provider of PROVIDERS) {
      expect(provider.label).not.toBe('');
      expect(() => new URL(provider.defaultBaseUrl)).not.toThrow();
      expect(typeof provider.needsKey).toBe('boolean');
      expect(provider.keyPlaceholder).not.toBe('');
    }
    expect(providerInfo('ollama')).toMatchObject({ defaultBaseUrl: 'http://localhost:11434/v1', needsKey: false, wire: 'openai' });
    expect(providerInfo('lmstudio')).toMatchObject({ defaultBaseUrl: 'http://localhost:1234/v1', needsKey: false });
  });

  it('validates settings with user-facing messages', () => {
    expect(validateSettings({ provider: 'anthropic', model: 'claude-sonnet-4-5' })).toBe('Anthropic needs an API key.');
    expect(validateSettings({ provider: 'ollama', model: '' })).toBe('Choose or type a model id.');
    expect(validateSettings({ provider: 'ollama', model: 'm', baseUrl: 'not a url' })).toContain('not a valid URL');
    expect(validateSettings({ provider: 'ollama', model: 'm', baseUrl: 'ftp://x' })).toContain('http');
    expect(validateSettings({ provider: 'openai', model: 'my-custom-id', apiKey: 'k' })).toBeUndefined();
  });

  it('never exports the key, and derives request limits', () => {
    const settings = { ...defaultSettings('anthropic'), apiKey: SECRET_KEY, thinking: true };
    expect(JSON.stringify(withoutKey(settings))).not.toContain(SECRET_KEY);
    expect(requestLimits(settings)).toEqual({ maxTokens: 8192, thinkingBudget: 4096 });
    expect(requestLimits({ ...settings, thinking: false })).toEqual({ maxTokens: 8192 });
  });
});

describe('createModelClient', () => {
  it('builds the right client for each wire format, with a status label', async () => {
    const probe = { system: '', messages: [], tools: [], maxTokens: 1 };
    const anthropic = await createModelClient({ provider: 'anthropic', model: 'claude-haiku-4-5', apiKey: SECRET_KEY });
    expect(anthropic.describe({ model: 'claude-haiku-4-5', ...probe }).url).toBe('https://api.anthropic.com/v1/messages');
    expect(anthropic.provider).toBe('anthropic');
    expect(anthropic.label).toBe('Anthropic · claude-haiku-4-5');
    const gemini = await createModelClient({ provider: 'gemini', model: 'gemini-2.5-flash', apiKey: SECRET_KEY });
    expect(gemini.describe({ model: 'gemini-2.5-flash', ...probe }).url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(gemini.provider).toBe('gemini');
    const ollama = await createModelClient({ provider: 'ollama', model: 'qwen2.5-coder:7b' });
    expect(ollama.provider).toBe('ollama');
    expect(ollama.describe({ model: 'qwen2.5-coder:7b', system: '', messages: [], tools: [], maxTokens: 1 }).url).toBe('http://localhost:11434/v1/chat/completions');
  });

  it('uses a custom base URL and refuses incomplete settings', async () => {
    const client = await createModelClient({ provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9999/v1' });
    expect(client.describe({ model: 'm', system: '', messages: [], tools: [], maxTokens: 1 }).url).toBe('http://127.0.0.1:9999/v1/chat/completions');
    await expect(createModelClient({ provider: 'anthropic', model: 'x' })).rejects.toThrow('Anthropic needs an API key.');
  });
});

describe('testConnection', () => {
  it('makes a one-token call and reports success', async () => {
    const { fetch, calls } = fakeFetch({ body: fixture('anthropic/text.sse') });
    const result = await testConnection({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: SECRET_KEY }, { fetch });
    expect(result.ok).toBe(true);
    expect(result.message).toContain('claude-sonnet-4-5-20250929');
    expect(result.model).toBe('claude-sonnet-4-5-20250929');
    expect(calls[0]?.body).toMatchObject({ max_tokens: 1, model: 'claude-sonnet-4-5' });
  });

  it('reports a refused key without the key', async () => {
    const { fetch } = fakeFetch({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET_KEY}`, code: 'invalid_api_key' } }) });
    const result = await testConnection({ provider: 'openai', model: 'gpt-4.1', apiKey: SECRET_KEY }, { fetch });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('the key was refused');
    expect(result.message).not.toContain(SECRET_KEY);
  });

  it('reports invalid settings and timeouts', async () => {
    expect(await testConnection({ provider: 'gemini', model: 'gemini-2.5-flash' })).toEqual({ ok: false, message: 'Google Gemini needs an API key.' });
    const hanging = async (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const result = await testConnection({ provider: 'ollama', model: 'm' }, { fetch: hanging, timeoutMs: 50 });
    expect(result).toEqual({ ok: false, message: 'No answer within 50 ms.' });
  });

  it('stops at once when the caller cancels, and says it was cancelled', async () => {
    const hanging = async (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const cancel = new AbortController();
    const pending = testConnection({ provider: 'ollama', model: 'm' }, { fetch: hanging, signal: cancel.signal, timeoutMs: 60_000 });
    setTimeout(() => cancel.abort(), 10);
    expect(await pending).toEqual({ ok: false, message: 'Connection test cancelled.' });
  });
});
