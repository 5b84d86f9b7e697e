/**
 * Whether the Compare lab is open, and on which lesson (none: the current workspace and a typed
 * prompt). Tiny on purpose: the header and the commands import it at first paint; the dialog and
 * the harness load when it opens.
 */
import type { Lesson } from '../../lessons/lesson-format';

class CompareLabState {
  open = $state(false);
  lesson: Lesson | undefined = $state.raw(undefined);

  show(lesson?: Lesson): void {
    this.lesson = lesson;
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }
}

export const compareLab = new CompareLabState();
