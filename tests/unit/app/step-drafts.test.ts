import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../../src/models/port';
import { draftChanges, draftedRequest, draftedResult, requestDraft, resultDraft } from '../../../src/app/step/step-drafts';

const request: ModelRequest = {
  model: 'm',
  system: 'You are a test.',
  tools: [],
  maxTokens: 100,
  messages: [
    { role: 'user', content: 'Read notes.txt' },
    { role: 'assistant', content: [{ type: 'text', text: "I'll read it." }, { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'notes.txt' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Buy milk.' }, { type: 'text', text: '<system-reminder>note</system-reminder>' }] },
  ],
};

describe('step mode drafts', () => {
  it('a request as editable texts, unchanged when nothing was edited', () => {
    const draft = requestDraft(request);
    expect(draft).toEqual({ system: 'You are a test.', texts: [['Read notes.txt'], ["I'll read it."], ['<system-reminder>note</system-reminder>']] });
    expect(draftChanges(request, draft)).toBe(false);
    expect(draftedRequest(request, draft)).toEqual({ request });
  });

  it('edited texts go back into their blocks; tool calls and results stay as they are', () => {
    const draft = requestDraft(request);
    draft.system = 'You are a pirate.';
    draft.texts[0] = ['Read notes.txt, matey'];
    draft.texts[1] = ['Aye.'];
    expect(draftChanges(request, draft)).toBe(true);
    const drafted = draftedRequest(request, draft);
    if (!('request' in drafted)) throw new Error(drafted.problem);
    expect(drafted.request.system).toBe('You are a pirate.');
    expect(drafted.request.messages[0]).toEqual({ role: 'user', content: 'Read notes.txt, matey' });
    expect(drafted.request.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Aye.' }, request.messages[1]!.content[1]] });
    expect(drafted.request.messages[2]).toEqual(request.messages[2]);
    // The original is untouched.
    expect(request.messages[0]).toEqual({ role: 'user', content: 'Read notes.txt' });
  });

  it('an emptied message text is refused with a reason, nothing sent', () => {
    const draft = requestDraft(request);
    draft.texts[1] = ['  '];
    expect(draftedRequest(request, draft)).toEqual({ problem: expect.stringContaining('Message 2 has an empty text') });
  });

  it('a result as text and back, its images kept; an empty one refused', () => {
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png', data: 'AAAA' } };
    const result = { type: 'tool_result' as const, tool_use_id: 't1', content: [{ type: 'text' as const, text: 'a picture' }, image] };
    expect(resultDraft(result)).toBe('a picture');
    expect(draftedResult(result, 'a cat')).toEqual({ result: { ...result, content: [{ type: 'text', text: 'a cat' }, image] } });
    expect(draftedResult({ type: 'tool_result', tool_use_id: 't1', content: 'x' }, 'y')).toEqual({ result: { type: 'tool_result', tool_use_id: 't1', content: 'y' } });
    expect(draftedResult(result, '')).toEqual({ problem: expect.stringContaining('cannot be empty') });
  });
});
