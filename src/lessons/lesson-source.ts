/**
 * Where a lesson comes from: `?lesson=<slug>` (one the site serves, listed in its catalogue) or
 * `?lesson=<https URL of a .glassbox lesson>` (any host that sends CORS). Fetching is passed in
 * (tests fake it); the bytes are read by ./lesson-file.ts, with every problem listed. No DOM.
 */
import { fetchImportBytes, type Fetch } from '../share/remote';
import { ShareError } from '../share/shared-playground';
import { LESSON_CATALOG_FILE, lessonCatalogSchema, LESSONS_PATH, type LessonCatalog, type LessonCatalogEntry } from './lesson-catalog';
import { readLessonFile } from './lesson-file';
import type { Lesson } from './lesson-format';

export type LessonAddress = { kind: 'built-in'; slug: string } | { kind: 'url'; url: string };

/** A lesson opened from anywhere, with the id its progress is kept under (the slug, or the URL). */
export interface OpenedLesson {
  id: string;
  address: LessonAddress;
  lesson: Lesson;
  /** The site's catalogue entry, for a built-in lesson. */
  entry?: LessonCatalogEntry;
}

/** What `?lesson=` holds: a URL when it looks like one, else a slug. Undefined for anything else. */
export function readLessonAddress(value: string): LessonAddress | undefined {
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return { kind: 'url', url: text };
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text)) return { kind: 'built-in', slug: text };
  return undefined;
}

export function lessonId(address: LessonAddress): string {
  return address.kind === 'built-in' ? address.slug : address.url;
}

/** The site's lessons (`/lessons/index.json`), relative to `origin`. */
export async function fetchCatalog(origin: string, fetcher: Fetch): Promise<LessonCatalog> {
  const url = new URL(`${LESSONS_PATH}${LESSON_CATALOG_FILE}`, origin).toString();
  let response: Response;
  try {
    response = await fetcher(url, { credentials: 'same-origin' });
  } catch {
    throw new ShareError('Could not load the list of lessons: the site did not answer');
  }
  if (!response.ok) throw new ShareError(`Could not load the list of lessons: the site answered ${response.status}`);
  const parsed = lessonCatalogSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ShareError('Could not load the list of lessons: its index.json does not read');
  return parsed.data;
}

/** Fetch and read a lesson; every failure is a ShareError in words (a LessonError lists the lesson's problems). */
export async function fetchLesson(address: LessonAddress, origin: string, fetcher: Fetch, catalog?: LessonCatalog): Promise<OpenedLesson> {
  if (address.kind === 'url') {
    const lesson = readLessonFile(await fetchImportBytes(address.url, fetcher), address.url);
    return { id: lessonId(address), address, lesson };
  }
  const lessons = (catalog ?? (await fetchCatalog(origin, fetcher))).lessons;
  const entry = lessons.find((candidate) => candidate.slug === address.slug);
  if (!entry) throw new ShareError(`There is no lesson "${address.slug}" here. The lessons are: ${lessons.map((candidate) => candidate.slug).join(', ')}`);
  const bytes = await fetchImportBytes(new URL(`${LESSONS_PATH}${entry.file}`, origin).toString(), fetcher);
  return { id: lessonId(address), address, lesson: readLessonFile(bytes, `“${entry.title}”`), entry };
}
