/**
 * Opens the Compare lab: on a lesson (its prompt, starting files and check; the Lessons panel's
 * "Compare" button), or with no lesson on the current workspace and a prompt the user types.
 */
import type { Lesson } from '../../lessons/lesson-format';
import { compareLab } from './compare-lab.svelte';

export function openCompareLab(lesson?: Lesson): void {
  compareLab.show(lesson);
}
