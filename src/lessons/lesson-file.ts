/**
 * A lesson as one `.glassbox` file (kind "lesson"): packed from its folder at build time (the
 * Vite plugin in vite.config.ts) and read back in the app, from the site or from any URL. Both
 * ways go through the same checks (lesson-format.ts's schemas, the share format's limits), and a
 * lesson with any problem is refused with every problem listed. No DOM.
 */
import type { z } from 'zod';
import { encodeGlassboxFile, LESSON_ENTRIES, readGlassboxFile, type LessonEntryName } from '../share/glassbox-file';
import { utf8OrUndefined } from '../share/bytes';
import { filesProblems, quoted, ShareError } from '../share/shared-playground';
import { lessonManifestSchema, lessonRunSchema, lessonSlug, type Lesson, type LessonCheck } from './lesson-format';

/** The entries of a lesson's own text, as read from its folder or its file. */
export type LessonTexts = Partial<Record<LessonEntryName, string>>;

/** What went wrong with a lesson, every problem in words; nothing of it loads. */
export class LessonError extends ShareError {
  constructor(what: string, problems: readonly string[]) {
    super(`The lesson ${what} was refused, nothing was opened`, problems);
    this.name = 'LessonError';
  }
}

function issues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
}

/** A teacher's `matches` that is not a regular expression would never pass: said at once. */
function checkProblems(check: LessonCheck, at: string): string[] {
  if (check.kind === 'all') return check.checks.flatMap((part, index) => checkProblems(part, `${at}.checks.${index}`));
  if (check.kind === 'file' && check.matches !== undefined) {
    try {
      new RegExp(check.matches, 'm');
    } catch {
      return [`lesson.json: ${at}.matches: ${quoted(check.matches)} is not a regular expression`];
    }
  }
  return [];
}

function parseJson(file: string, text: string | undefined, problems: string[]): unknown {
  if (text === undefined) {
    problems.push(`${file} is missing`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/** A lesson from its parts, or every problem found in them. */
export function parseLesson(folder: string, texts: LessonTexts, files: Lesson['files']): { lesson?: Lesson; problems: string[] } {
  const problems: string[] = [];
  const slug = lessonSlug(folder);
  if (slug === undefined) problems.push(`${quoted(folder)} is not a lesson folder name (two digits, a dash and a lowercase slug, e.g. 01-the-loop)`);
  const manifestJson = parseJson('lesson.json', texts['lesson.json'], problems);
  const manifest = manifestJson === undefined ? undefined : lessonManifestSchema.safeParse(manifestJson);
  if (manifest && !manifest.success) problems.push(...issues('lesson.json', manifest.error));
  if (manifest?.success) problems.push(...checkProblems(manifest.data.check, 'check'));
  const runJson = parseJson('run.json', texts['run.json'], problems);
  const run = runJson === undefined ? undefined : lessonRunSchema.safeParse(runJson);
  if (run && !run.success) problems.push(...issues('run.json', run.error));
  const content = texts['content.md'];
  if (content === undefined) problems.push('content.md is missing');
  else if (content.trim() === '') problems.push('content.md is empty');
  problems.push(...filesProblems(files).map((problem) => `files/: ${problem}`));
  if (problems.length > 0 || slug === undefined || !manifest?.success || !run?.success || content === undefined) return { problems };
  return { lesson: { folder, slug, manifest: manifest.data, content, files, run: run.data }, problems };
}

/**
 * A lesson from its folder's files (paths relative to the folder: `lesson.json`, `files/app.js`…),
 * as the build reads them. Anything else in the folder is a problem (a typo in a name would
 * otherwise be lost silently).
 */
export function lessonFromFolder(folder: string, entries: Record<string, string | Uint8Array>): { lesson?: Lesson; problems: string[] } {
  const texts: LessonTexts = {};
  const files: Lesson['files'] = {};
  const problems: string[] = [];
  for (const [path, contents] of Object.entries(entries)) {
    if (path.startsWith('files/')) files[path.slice('files/'.length)] = contents;
    else if ((LESSON_ENTRIES as readonly string[]).includes(path)) {
      const text = typeof contents === 'string' ? contents : utf8OrUndefined(contents);
      if (text === undefined) problems.push(`${path} is not UTF-8 text`);
      else texts[path as LessonEntryName] = text;
    } else problems.push(`${quoted(path)} is not part of a lesson (lesson.json, content.md, run.json and files/ are)`);
  }
  const parsed = parseLesson(folder, texts, files);
  return parsed.lesson && problems.length === 0 ? parsed : { problems: [...problems, ...parsed.problems] };
}

/** The lesson's `.glassbox` file. */
export function encodeLessonFile(lesson: Lesson, appVersion: string, now: Date = new Date()): Uint8Array {
  return encodeGlassboxFile(
    { files: lesson.files, prompt: lesson.manifest.prompt },
    {
      kind: 'lesson',
      appVersion,
      now,
      lesson: {
        folder: lesson.folder,
        entries: { 'lesson.json': `${JSON.stringify(lesson.manifest, null, 2)}\n`, 'content.md': lesson.content, 'run.json': `${JSON.stringify(lesson.run, null, 2)}\n` },
      },
    },
  );
}

/**
 * Reads a lesson's `.glassbox` file (`what` names it in the message: a URL, a slug). Throws a
 * ShareError (a LessonError for a file that is a .glassbox but not a good lesson) listing every problem.
 */
export function readLessonFile(data: Uint8Array, what: string): Lesson {
  const { read, problems } = readGlassboxFile(data);
  if (read.manifest.kind !== 'lesson') throw new LessonError(what, [`it is a ${read.manifest.kind} file, not a lesson (open it with Import… in the Files panel)`, ...problems]);
  const texts: LessonTexts = {};
  for (const name of LESSON_ENTRIES) {
    const bytes = read.lesson?.[name];
    if (bytes === undefined) continue;
    const text = utf8OrUndefined(bytes);
    if (text === undefined) problems.push(`lesson/${name} is not UTF-8 text`);
    else texts[name] = text;
  }
  const parsed = parseLesson(read.manifest.lesson?.folder ?? '', texts, read.playground.files ?? {});
  if (!parsed.lesson || problems.length > 0) throw new LessonError(what, [...problems, ...parsed.problems]);
  return parsed.lesson;
}
