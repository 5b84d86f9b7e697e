import { describe, expect, it } from 'vitest';
import { addPreviewError, applyPreviewEvent, emptyPreview, MAX_PREVIEW_ERRORS, visibleTarget } from '../../../src/app/preview/preview-model';
import type { PreviewError } from '../../../src/sandbox/port';

const error = (port: number, message = 'boom'): PreviewError => ({ kind: 'uncaught-exception', message, port, location: '/' });

describe('preview model', () => {
  it('an open event shows that server; a close event closes it', () => {
    let model = applyPreviewEvent(emptyPreview(), { type: 'open', port: 3000, url: 'https://a--3000.local' });
    expect(visibleTarget(model)).toEqual({ port: 3000, url: 'https://a--3000.local' });
    model = applyPreviewEvent(model, { type: 'close', port: 3000 });
    expect(visibleTarget(model)).toBeUndefined();
    expect(model.targets).toEqual([]);
  });

  it('keeps one entry per port, follows the newest server, and falls back to another open one', () => {
    let model = applyPreviewEvent(emptyPreview(), { type: 'open', port: 3000, url: 'https://a--3000.local' });
    model = applyPreviewEvent(model, { type: 'open', port: 5173, url: 'https://a--5173.local' });
    model = applyPreviewEvent(model, { type: 'open', port: 3000, url: 'https://b--3000.local' });
    expect(model.targets.map((t) => t.url)).toEqual(['https://b--3000.local', 'https://a--5173.local']);
    expect(model.active).toBe(3000);
    model = applyPreviewEvent(model, { type: 'close', port: 3000 });
    expect(visibleTarget(model)?.port).toBe(5173);
    // Closing a port that is not open changes nothing; an open without a URL is ignored.
    expect(applyPreviewEvent(model, { type: 'close', port: 1 })).toBe(model);
    expect(applyPreviewEvent(model, { type: 'open', port: 1 })).toBe(model);
  });

  it('a hidden panel comes back when a server opens', () => {
    let model = applyPreviewEvent(emptyPreview(), { type: 'open', port: 3000, url: 'https://a--3000.local' });
    model = { ...model, hidden: true };
    expect(visibleTarget(model)).toBeUndefined();
    model = applyPreviewEvent(model, { type: 'open', port: 3000, url: 'https://a--3000.local/' });
    expect(visibleTarget(model)?.port).toBe(3000);
  });

  it('keeps the latest errors and drops those of a closed server', () => {
    let model = applyPreviewEvent(emptyPreview(), { type: 'open', port: 3000, url: 'https://a--3000.local' });
    for (let i = 0; i < MAX_PREVIEW_ERRORS + 5; i++) model = addPreviewError(model, error(3000, `e${i}`));
    expect(model.errors).toHaveLength(MAX_PREVIEW_ERRORS);
    expect(model.errors.at(-1)?.message).toBe(`e${MAX_PREVIEW_ERRORS + 4}`);
    model = addPreviewError(model, error(4000));
    model = applyPreviewEvent(model, { type: 'close', port: 3000 });
    expect(model.errors.map((e) => e.port)).toEqual([4000]);
  });
});
