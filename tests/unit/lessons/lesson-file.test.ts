import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { catalogEntry, lessonOrder } from '../../../src/lessons/lesson-catalog';
import { encodeLessonFile, LessonError, lessonFromFolder, readLessonFile } from '../../../src/lessons/lesson-file';
import { lessonIndexSchema } from '../../../src/lessons/lesson-format';
import { packLessons } from '../../../src/lessons/pack-lessons';
import { decodeGlassboxFile, encodeGlassboxFile } from '../../../src/share/glassbox-file';
import { ShareError } from '../../../src/share/shared-playground';

const NOW = new Date('2026-12-03T08:00:00Z');

/** A folder's files as the build reads them: paths relative to the folder. */
function readFolder(dir: string, base = dir, into: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readFolder(path, base, into);
    else into[path.slice(base.length + 1)] = readFileSync(path, 'utf8');
  }
  return into;
}

const GOOD = {
  'lesson.json': JSON.stringify({ title: 'T', summary: 'S', prompt: 'Do it', exercise: 'Now you', check: { kind: 'file', description: 'd', path: 'a.txt', contains: 'x' } }),
  'content.md': '# Hello',
  'run.json': JSON.stringify({ turns: [{ text: 'Done.' }] }),
  'files/a.txt': 'one',
  'files/src/b.js': 'two',
};

function refusal(action: () => unknown): ShareError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ShareError);
    return error as ShareError;
  }
  throw new Error('it was accepted');
}

describe('the lessons in the repository', () => {
  const root = join(__dirname, '../../../lessons');
  const index = lessonIndexSchema.parse(JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')));
  const folders = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory());

  it('are all listed in lessons/index.json, in order', () => {
    expect(lessonOrder(index.lessons, folders)).toEqual({ order: index.lessons, problems: [] });
    expect(index.lessons.slice(0, 2)).toEqual(['01-the-loop', '02-tools']);
  });

  it.each(folders)('%s packs into a .glassbox lesson and reads back the same', (folder) => {
    const { lesson, problems } = lessonFromFolder(folder, readFolder(join(root, folder)));
    expect(problems).toEqual([]);
    if (!lesson) throw new Error('no lesson');
    const back = readLessonFile(encodeLessonFile(lesson, '0.1.0', NOW), folder);
    expect(back).toEqual(lesson);
    expect(catalogEntry(back).file).toBe(`${folder}.glassbox`);
  });
});

describe('a lesson file', () => {
  it('holds the manifest, files/ and lesson/ entries, and reads back whole', () => {
    const { lesson } = lessonFromFolder('03-sample', GOOD);
    if (!lesson) throw new Error('no lesson');
    expect(lesson.slug).toBe('sample');
    const bytes = encodeLessonFile(lesson, '0.1.0', NOW);
    const entries = Object.keys(unzipSync(bytes));
    expect(entries[0]).toBe('manifest.json');
    expect(entries).toEqual(expect.arrayContaining(['files/a.txt', 'files/src/b.js', 'lesson/lesson.json', 'lesson/content.md', 'lesson/run.json', 'session/prompt.txt']));
    const { manifest, playground } = decodeGlassboxFile(bytes);
    expect(manifest).toMatchObject({ kind: 'lesson', lesson: { folder: '03-sample' } });
    expect(playground.prompt).toBe('Do it');
    expect(readLessonFile(bytes, 'sample')).toMatchObject({ folder: '03-sample', content: '# Hello', files: { 'a.txt': 'one', 'src/b.js': 'two' }, run: { turns: [{ text: 'Done.' }] } });
  });

  it('refuses a folder with every problem listed', () => {
    const { lesson, problems } = lessonFromFolder('3-bad', {
      'lesson.json': JSON.stringify({ title: '', summary: 'S', prompt: 'p', exercise: 'e', check: { kind: 'file', description: 'd', path: 'a', matches: '([' } }),
      'run.json': JSON.stringify({ turns: [] }),
      'notes.txt': 'stray',
      'files/../escape.txt': 'x',
    });
    expect(lesson).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"notes.txt" is not part of a lesson'),
        expect.stringContaining('"3-bad" is not a lesson folder name'),
        expect.stringMatching(/^lesson\.json: title: /),
        expect.stringMatching(/^run\.json: turns: /),
        'content.md is missing',
        expect.stringMatching(/^files\/: .*escape/),
      ]),
    );
  });

  it('refuses a regular expression that does not compile, inside an "all" check too', () => {
    const manifest = { title: 'T', summary: 'S', prompt: 'p', exercise: 'e', check: { kind: 'all', description: 'd', checks: [{ kind: 'file', description: 'f', path: 'a', matches: '(' }] } };
    const { problems } = lessonFromFolder('01-x', { ...GOOD, 'lesson.json': JSON.stringify(manifest) });
    expect(problems).toEqual(['lesson.json: check.checks.0.matches: "(" is not a regular expression']);
  });

  it('refuses a file whose lesson entries do not hold, listing each', () => {
    const { lesson } = lessonFromFolder('01-x', GOOD);
    if (!lesson) throw new Error('no lesson');
    const entries = unzipSync(encodeLessonFile(lesson, '0.1.0', NOW));
    entries['lesson/run.json'] = strToU8('{"turns": "no"}');
    entries['lesson/lesson.json'] = strToU8('not json');
    delete entries['lesson/content.md'];
    const error = refusal(() => readLessonFile(zipSync(entries), 'https://example.org/x.glassbox'));
    expect(error).toBeInstanceOf(LessonError);
    expect(error.summary).toBe('The lesson https://example.org/x.glassbox was refused, nothing was opened');
    expect(error.problems).toEqual([expect.stringMatching(/^lesson\.json is not JSON/), expect.stringMatching(/^run\.json: turns: /), 'content.md is missing']);
  });

  it('refuses a session or workspace file as a lesson, and lesson entries in a workspace file', () => {
    const workspace = encodeGlassboxFile({ files: { 'a.txt': 'x' } }, { kind: 'workspace', appVersion: '0.1.0', now: NOW });
    expect(refusal(() => readLessonFile(workspace, 'x')).problems[0]).toMatch(/it is a workspace file, not a lesson/);
    const entries = unzipSync(workspace);
    entries['lesson/run.json'] = strToU8('{}');
    expect(refusal(() => decodeGlassboxFile(zipSync(entries))).problems).toEqual(['"lesson/run.json" belongs in a lesson, not in a workspace file']);
  });

  it('refuses what is not a .glassbox file at all', () => {
    expect(refusal(() => readLessonFile(strToU8('hello'), 'x')).message).toMatch(/not a \.glassbox file/);
  });
});

describe('the order of the lessons', () => {
  it('follows the index, then adds unlisted folders by name, and names listed folders that are missing', () => {
    expect(lessonOrder(['02-b', '01-a', '09-gone'], ['01-a', '02-b', '04-d', '03-c'])).toEqual({
      order: ['02-b', '01-a', '03-c', '04-d'],
      problems: ['lessons/index.json lists 09-gone, but there is no lessons/09-gone/ folder'],
    });
  });
});

describe('packing the lessons folder', () => {
  const folders = { '01-x': GOOD, '02-y': GOOD };

  it('writes a .glassbox file per lesson and the catalogue in the index order', () => {
    const out = packLessons({ index: JSON.stringify({ lessons: ['02-y', '01-x'] }), folders }, '0.1.0', NOW);
    expect([...out.keys()].sort()).toEqual(['01-x.glassbox', '02-y.glassbox', 'index.json']);
    const catalog = JSON.parse(String(out.get('index.json'))) as { lessons: Array<{ slug: string; file: string }> };
    expect(catalog.lessons.map((entry) => [entry.slug, entry.file])).toEqual([
      ['y', '02-y.glassbox'],
      ['x', '01-x.glassbox'],
    ]);
    expect(readLessonFile(out.get('01-x.glassbox') as Uint8Array, 'x').slug).toBe('x');
  });

  it('fails with every problem of every lesson and of the index', () => {
    expect(() => packLessons({ index: '{"lessons": ["01-x", "05-gone"]}', folders: { '01-x': { ...GOOD, 'run.json': '{}' }, '02-y': { ...GOOD, 'content.md': ' ' } } }, '0.1.0')).toThrow(
      'The lessons do not pack:\n- lessons/index.json lists 05-gone, but there is no lessons/05-gone/ folder\n- lessons/01-x/run.json: turns: Invalid input: expected array, received undefined\n- lessons/02-y/content.md is empty',
    );
    expect(() => packLessons({ index: undefined, folders: {} }, '0.1.0')).toThrow('lessons/index.json is missing');
  });
});
