import { describe, expect, it } from 'vitest';
import { findModel } from '../../../src/models/catalogue';
import { retiredModel } from '../../../src/models/retired-models';

describe('retired models', () => {
  it('knows shut-down ids under their spellings, and names a replacement the catalogue knows', () => {
    expect(retiredModel('gemini-2.5-flash')).toEqual({ when: 'November 2026', replacement: 'gemini-3.8-flash' });
    expect(retiredModel(' models/Gemini-2.5-Pro ')?.replacement).toBe('gemini-3.8-flash');
    expect(retiredModel('o4-mini-2025-04-16')?.replacement).toBe('gpt-6.1-terra');
    expect(retiredModel('claude-3-5-haiku-20241022')?.replacement).toBe('claude-haiku-4-5');
    for (const id of ['gemini-2.0-flash', 'o3-mini', 'claude-opus-4-0', 'claude-3-7-sonnet-latest']) {
      const replacement = retiredModel(id)?.replacement ?? '';
      expect(findModel(replacement), `${id} → ${replacement}`).toBeDefined();
      expect(retiredModel(replacement), replacement).toBeUndefined();
    }
  });

  it('leaves current and unknown models alone', () => {
    for (const id of ['gemini-3.8-flash', 'gpt-4.1', 'claude-sonnet-4-5', 'claude-sonnet-5', 'my-finetune', '']) expect(retiredModel(id), id).toBeUndefined();
  });
});
