/** The Model settings' words: no doubled full stops, no unfilled placeholder, no promise of a list that is not there. */
import { describe, expect, it } from 'vitest';
import { listModels } from '../../../src/models/catalogue';
import { networkHint } from '../../../src/models/network-hint';
import { providerInfo } from '../../../src/models/providers';
import { wireFormat } from '../../../src/models/wire';
import { modelsNote, sentences } from '../../../src/app/settings/model-words';

const refused = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

describe('Model settings words', () => {
  it('joins sentences with exactly one full stop each', () => {
    expect(sentences('Custom model id: no cost is shown.', 'Could not reach it (Failed to fetch).', undefined, '')).toBe('Custom model id: no cost is shown. Could not reach it (Failed to fetch).');
    expect(sentences('A', 'B..')).toBe('A. B.');
  });

  it('List models against an unreachable local server: the real origin, one full stop, and no promise of a built-in list', async () => {
    const result = await listModels('openai-compatible', { baseUrl: 'http://127.0.0.1:8000/v1', fetch: refused, pageOrigin: 'http://127.0.0.1:5173' });
    expect(result.source).toBe('catalogue');
    expect(result.models).toEqual([]);
    const note = modelsNote(result, 'OpenAI-compatible');
    expect(note).toContain('allow the origin http://127.0.0.1:5173');
    expect(note).not.toContain("this page's origin");
    expect(note).not.toMatch(/\.\./);
    expect(note).not.toContain('built-in list');
    expect(note).toContain('Type the model id the server serves.');
  });

  it('a provider with a built-in list says it shows it', async () => {
    const result = await listModels('anthropic', {});
    expect(modelsNote(result, 'Anthropic')).toMatch(/^Showing the built-in list: .*[^.]\.$/);
  });

  it('never prints an unfilled origin placeholder', () => {
    expect(networkHint('http://localhost:8000/v1', undefined)).not.toContain("the origin this page's origin");
  });

  it('the base-URL hint of each OpenAI-compatible provider names its own default, not Ollama’s port', () => {
    for (const id of ['openai-compatible', 'ollama', 'lmstudio'] as const) {
      const info = providerInfo(id);
      expect(info).toBeDefined();
      if (info) expect(wireFormat(info.wire).baseUrlHint(info.defaultBaseUrl)).toContain(info.defaultBaseUrl);
    }
  });
});
