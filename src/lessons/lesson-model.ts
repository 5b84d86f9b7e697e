/**
 * The offline model of a lesson: a scripted client playing run.json's turns, so a lesson runs
 * with no key and no network. A real model ignores run.json. No DOM.
 */
import { ScriptedModelClient } from '../models/scripted';
import type { Lesson } from './lesson-format';

/** Between streamed chunks: slow enough to watch the loop, fast enough not to wait. */
const CHUNK_DELAY_MS = 12;

export function createLessonModel(lesson: Lesson, options: { chunkDelayMs?: number } = {}): ScriptedModelClient {
  return new ScriptedModelClient({
    script: lesson.run.turns,
    chunkDelayMs: options.chunkDelayMs ?? CHUNK_DELAY_MS,
    label: `Lesson model: ${lesson.manifest.title} (scripted)`,
    exhaustedText: `This lesson's scripted model has played its whole run ("${lesson.manifest.title}"). Press Start the run to watch it again, or choose your own model in Model settings and press Run with my model.`,
  });
}
