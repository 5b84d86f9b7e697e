/**
 * What the Compare lab runs: a task (prompt, starting files, the check that scores it) the same
 * way in every lane. A lesson is one; the current workspace with a typed prompt is another.
 */
import type { ScriptedTurn } from '../../models/scripted';
import type { Lesson, LessonCheck, LessonManifest } from '../lesson-format';

export interface LabTask {
  title: string;
  prompt: string;
  /** The starting workspace, path relative to the root → contents. Each lane starts from a copy. */
  files: Readonly<Record<string, string | Uint8Array>>;
  /** What scores a lane; absent: lanes are measured, not judged. */
  check?: LessonCheck;
  /** The lesson's scripted run: what the offline model answers when no provider is set. */
  script?: readonly ScriptedTurn[];
  /** The harness settings the lesson's run needs (every lane starts from them). */
  harness?: LessonManifest['harness'];
}

export function labTaskOfLesson(lesson: Lesson): LabTask {
  const { manifest } = lesson;
  return {
    title: manifest.title,
    prompt: manifest.prompt,
    files: lesson.files,
    check: manifest.check,
    // The schema's optional fields are `| undefined`; the scripted model's are plain optional.
    script: lesson.run.turns.map((turn) => Object.fromEntries(Object.entries(turn).filter(([, value]) => value !== undefined)) as ScriptedTurn),
    ...(manifest.harness === undefined ? {} : { harness: manifest.harness }),
  };
}
