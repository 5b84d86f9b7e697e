/**
 * The lessons the site serves: `/lessons/index.json`, written by the build from `lessons/index.json`
 * and each lesson's lesson.json, so the Lessons panel lists titles and summaries without opening
 * every lesson file. Each lesson is `/lessons/<folder>.glassbox`. No DOM.
 */
import { z } from 'zod';
import { LESSON_FOLDER, type Lesson } from './lesson-format';

export const lessonCatalogEntrySchema = z.object({
  folder: z.string().regex(LESSON_FOLDER),
  slug: z.string().min(1),
  title: z.string().min(1),
  summary: z.string(),
  topic: z.string().optional(),
  /** The lesson's file, relative to the catalogue (`01-the-loop.glassbox`). */
  file: z.string().min(1),
});
export type LessonCatalogEntry = z.infer<typeof lessonCatalogEntrySchema>;

export const lessonCatalogSchema = z.object({ lessons: z.array(lessonCatalogEntrySchema) });
export type LessonCatalog = z.infer<typeof lessonCatalogSchema>;

/** Where the site serves its lessons. */
export const LESSONS_PATH = '/lessons/';
export const LESSON_CATALOG_FILE = 'index.json';

export function lessonFileName(folder: string): string {
  return `${folder}.glassbox`;
}

/** The catalogue entry of a lesson. */
export function catalogEntry(lesson: Lesson): LessonCatalogEntry {
  const { title, summary, topic } = lesson.manifest;
  return { folder: lesson.folder, slug: lesson.slug, title, summary, ...(topic === undefined ? {} : { topic }), file: lessonFileName(lesson.folder) };
}

/**
 * The order of the lessons: the folders `lessons/index.json` lists, in its order, then any other
 * folder by name (a new lesson shows up before the index is edited). A listed folder that does not
 * exist is a problem.
 */
export function lessonOrder(listed: readonly string[], folders: readonly string[]): { order: string[]; problems: string[] } {
  const present = new Set(folders);
  const problems = listed.filter((folder) => !present.has(folder)).map((folder) => `lessons/index.json lists ${folder}, but there is no lessons/${folder}/ folder`);
  const order = listed.filter((folder) => present.has(folder));
  for (const folder of [...folders].sort()) if (!order.includes(folder)) order.push(folder);
  return { order, problems };
}
