import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeLessonFile, lessonFromFolder } from '../../../src/lessons/lesson-file';
import { fetchLesson, readLessonAddress } from '../../../src/lessons/lesson-source';
import { createLessonModel } from '../../../src/lessons/lesson-model';
import type { Fetch } from '../../../src/share/remote';
import { ShareError } from '../../../src/share/shared-playground';

const ORIGIN = 'https://glassbox.example';
const { lesson } = lessonFromFolder('01-sample', {
  'lesson.json': JSON.stringify({ title: 'Sample', summary: 'S', prompt: 'Do it', exercise: 'e', check: { kind: 'file', description: 'd', path: 'a.txt' } }),
  'content.md': '# Sample',
  'run.json': JSON.stringify({ turns: [{ text: 'Reading.', toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] }, { text: 'Done.' }] }),
  'files/a.txt': 'one',
});
if (!lesson) throw new Error('the sample lesson does not read');
const FILE = encodeLessonFile(lesson, '0.1.0');
const CATALOG = { lessons: [{ folder: '01-sample', slug: 'sample', title: 'Sample', summary: 'S', file: '01-sample.glassbox' }] };

/** A site with the catalogue and one lesson, and another host with whatever `elsewhere` holds. */
function site(elsewhere: Record<string, Uint8Array> = {}): { fetcher: Fetch; asked: string[] } {
  const asked: string[] = [];
  const fetcher: Fetch = (input) => {
    asked.push(input);
    if (input === `${ORIGIN}/lessons/index.json`) return Promise.resolve(new Response(JSON.stringify(CATALOG)));
    if (input === `${ORIGIN}/lessons/01-sample.glassbox`) return Promise.resolve(new Response(FILE as BodyInit));
    const body = elsewhere[input];
    return Promise.resolve(body ? new Response(body as BodyInit) : new Response('no', { status: 404, statusText: 'Not Found' }));
  };
  return { fetcher, asked };
}

async function refusal(promise: Promise<unknown>): Promise<ShareError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ShareError);
  return error as ShareError;
}

describe('where a lesson comes from', () => {
  it('reads ?lesson= as a slug or a URL', () => {
    expect(readLessonAddress('the-loop')).toEqual({ kind: 'built-in', slug: 'the-loop' });
    expect(readLessonAddress(' https://example.org/x.glassbox ')).toEqual({ kind: 'url', url: 'https://example.org/x.glassbox' });
    expect(readLessonAddress('../etc/passwd')).toBeUndefined();
  });

  it('opens a built-in lesson through the catalogue, and a lesson from any URL', async () => {
    const { fetcher, asked } = site({ 'https://teacher.example/x.glassbox': FILE });
    const builtIn = await fetchLesson({ kind: 'built-in', slug: 'sample' }, ORIGIN, fetcher);
    expect(builtIn).toMatchObject({ id: 'sample', entry: { title: 'Sample' }, lesson: { slug: 'sample', files: { 'a.txt': 'one' } } });
    expect(asked).toEqual([`${ORIGIN}/lessons/index.json`, `${ORIGIN}/lessons/01-sample.glassbox`]);
    const remote = await fetchLesson({ kind: 'url', url: 'https://teacher.example/x.glassbox' }, ORIGIN, fetcher);
    expect(remote).toMatchObject({ id: 'https://teacher.example/x.glassbox', lesson: { manifest: { prompt: 'Do it' } } });
  });

  it('says what is wrong: an unknown slug, a host that fails, a file that is not a lesson', async () => {
    const { fetcher } = site({ 'https://teacher.example/text': strToU8('hello') });
    expect((await refusal(fetchLesson({ kind: 'built-in', slug: 'nope' }, ORIGIN, fetcher))).message).toBe('There is no lesson "nope" here. The lessons are: sample');
    expect((await refusal(fetchLesson({ kind: 'url', url: 'https://teacher.example/missing' }, ORIGIN, fetcher))).message).toMatch(/answered 404 Not Found/);
    expect((await refusal(fetchLesson({ kind: 'url', url: 'https://teacher.example/text' }, ORIGIN, fetcher))).message).toMatch(/not a \.glassbox file/);
  });
});

describe("a lesson's model", () => {
  it("plays run.json's turns, then says the run is over", async () => {
    const model = createLessonModel(lesson, { chunkDelayMs: 0 });
    const request = { system: '', messages: [{ role: 'user' as const, content: 'Do it' }], tools: [], model: 'scripted', maxTokens: 100 };
    const texts: string[] = [];
    for (let turn = 0; turn < 3; turn++) {
      let text = '';
      for await (const event of model.stream(request, new AbortController().signal)) if (event.type === 'text_delta') text += event.text;
      texts.push(text);
    }
    expect(texts.slice(0, 2)).toEqual(['Reading.', 'Done.']);
    expect(texts[2]).toMatch(/played its whole run \("Sample"\)/);
    expect(model.finished).toBe(true);
  });
});
