/**
 * Opens the Compare lab: on a lesson (its prompt, starting files and check; the Lessons panel's
 * "Compare" button), or with no lesson on the current workspace and a prompt the user types.
 * The dialog and the harness load here, when asked for, and mount on the page until it closes:
 * nothing of the lab is in the first paint (not even its chunk names).
 */
import { mount, unmount } from 'svelte';
import type { Lesson } from '../../lessons/lesson-format';

let opening = false;
let close: (() => void) | undefined;

export async function openCompareLab(lesson?: Lesson): Promise<void> {
  if (opening) return;
  opening = true;
  try {
    close?.();
    const { default: CompareDialog } = await import('./CompareDialog.svelte');
    const instance = mount(CompareDialog, {
      target: document.body,
      props: { ...(lesson === undefined ? {} : { lesson }), onClose: () => close?.() },
    });
    close = () => {
      close = undefined;
      void unmount(instance);
    };
  } finally {
    opening = false;
  }
}
