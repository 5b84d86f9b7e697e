import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash, requestHashes } from '../../../src/models/request-hash';
import type { ModelRequest } from '../../../src/models/port';

const base: ModelRequest = {
  model: 'm',
  system: 'You are a test.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [{ name: 'Read', description: 'Reads', input_schema: { type: 'object', properties: { a: { type: 'string' } } } }],
  maxTokens: 100,
};

describe('requestHash', () => {
  it('is stable across key order, model id and limits', () => {
    const reordered: ModelRequest = {
      maxTokens: 5,
      model: 'other',
      tools: [{ input_schema: { properties: { a: { type: 'string' } }, type: 'object' }, description: 'Reads', name: 'Read' }],
      messages: [{ content: [{ text: 'hi', type: 'text' }], role: 'user' }],
      system: 'You are a test.',
    };
    expect(requestHash(reordered)).toBe(requestHash(base));
    expect(requestHash(base)).toMatch(/^[0-9a-f]{28}$/);
  });

  it('changes with the messages, the system prompt or the tools, and says which', () => {
    const changedMessage = requestHashes({ ...base, messages: [{ role: 'user', content: 'hi!' }] });
    const original = requestHashes(base);
    expect(changedMessage.all).not.toBe(original.all);
    expect(changedMessage.messages).not.toBe(original.messages);
    expect(changedMessage.system).toBe(original.system);
    const changedSystem = requestHashes({ ...base, system: 'Another prompt.' });
    expect(changedSystem.system).not.toBe(original.system);
    expect(changedSystem.messages).toBe(original.messages);
    expect(requestHashes({ ...base, tools: [] }).tools).not.toBe(original.tools);
  });

  it('writes canonical JSON with sorted keys and without undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
  });
});
