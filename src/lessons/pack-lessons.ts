/**
 * The build's half of the lessons: from the `lessons/` folder as read from disk (its index.json
 * and each lesson folder's files), the files the site serves: `<folder>.glassbox` for each lesson
 * and `index.json`, the catalogue. Any problem in any lesson is listed, and nothing is served.
 * No DOM and no Node: vite.config.ts reads the disk and loads this with Vite's module runner.
 */
import { catalogEntry, LESSON_CATALOG_FILE, lessonFileName, lessonOrder, type LessonCatalog } from './lesson-catalog';
import { encodeLessonFile, lessonFromFolder } from './lesson-file';
import { lessonIndexSchema } from './lesson-format';

export interface LessonsOnDisk {
  /** The text of lessons/index.json (undefined when there is none). */
  index: string | undefined;
  /** Folder name → its files, paths relative to the folder. */
  folders: Record<string, Record<string, string | Uint8Array>>;
}

/** File name (relative to /lessons/) → contents; throws an Error listing every problem. */
export function packLessons(disk: LessonsOnDisk, appVersion: string, now: Date = new Date()): Map<string, Uint8Array | string> {
  const problems: string[] = [];
  let listed: string[] = [];
  if (disk.index === undefined) problems.push('lessons/index.json is missing');
  else {
    try {
      const index = lessonIndexSchema.safeParse(JSON.parse(disk.index));
      if (index.success) listed = index.data.lessons;
      else problems.push(...index.error.issues.map((issue) => `lessons/index.json: ${issue.path.join('.')}: ${issue.message}`));
    } catch (error) {
      problems.push(`lessons/index.json is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const { order, problems: orderProblems } = lessonOrder(listed, Object.keys(disk.folders));
  problems.push(...orderProblems);
  const out = new Map<string, Uint8Array | string>();
  const catalog: LessonCatalog = { lessons: [] };
  for (const folder of order) {
    const { lesson, problems: found } = lessonFromFolder(folder, disk.folders[folder] ?? {});
    problems.push(...found.map((problem) => `lessons/${folder}/${problem}`));
    if (!lesson) continue;
    out.set(lessonFileName(folder), encodeLessonFile(lesson, appVersion, now));
    catalog.lessons.push(catalogEntry(lesson));
  }
  if (problems.length > 0) throw new Error(`The lessons do not pack:\n- ${problems.join('\n- ')}`);
  out.set(LESSON_CATALOG_FILE, `${JSON.stringify(catalog, null, 2)}\n`);
  return out;
}
