/**
 * What follows the open session without the user asking: a checkpoint around each prompt's run
 * (the files before it, compared with the files after it), and the panels' layout and open
 * editor tabs, kept with the session so a reload shows them as they were.
 */
import type { SessionLayout } from '../../store/db';
import type { Snapshot } from '../../sandbox/port';
import { layout } from '../layout/layout-state.svelte';
import { app } from '../state/app-store.svelte';
import type { Runtime } from '../state/runtime-types';
import { workspace } from '../state/workspace.svelte';

const LAYOUT_SAVE_DELAY_MS = 400;

let baseline: { prompt: number; files: Snapshot } | null = null;

/** Before a prompt is sent: the files as they are, and which prompt of the session it is. */
export async function takeCheckpointBaseline(runtime: Runtime): Promise<void> {
  const prompt = runtime.session.log.filter(({ event }) => event.type === 'run_start').length;
  baseline = { prompt, files: await runtime.sandbox.snapshot() };
}

/** When a run ends, record what it changed against the files before it (nothing when it changed nothing). */
export function followCheckpoints(runtime: Runtime): () => void {
  return runtime.session.subscribe((event) => {
    if (event.type !== 'run_end') return;
    const before = baseline;
    baseline = null;
    if (!before) return;
    void runtime.sandbox
      .snapshot()
      .then((after) => runtime.persistence.checkpoint(before.prompt, before.files, after))
      .catch(() => undefined);
  });
}

function currentLayout(): SessionLayout {
  return {
    sideTab: layout.sideTab,
    sizes: { terminal: layout.terminalHeight, side: layout.sideWidth },
    openFiles: workspace.tabs.map((tab) => tab.path),
    activeFile: workspace.activePath,
  };
}

function sameExceptSizes(a: SessionLayout, b: SessionLayout): boolean {
  return a.sideTab === b.sideTab && a.activeFile === b.activeFile && JSON.stringify(a.openFiles) === JSON.stringify(b.openFiles);
}

export interface LayoutFollower {
  /** Put back the open session's kept layout (boot, session switch). */
  restore(runtime: Runtime): Promise<void>;
}

/** Save the layout (debounced) whenever it changes; restore it once the app is ready. */
export function followLayout(): LayoutFollower {
  let restoring = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const restore = async (runtime: Runtime): Promise<void> => {
    restoring = true;
    try {
      const kept = await runtime.persistence.loadLayout();
      if (!kept) return;
      layout.apply(kept);
      if (kept.openFiles) {
        workspace.closeAll();
        for (const path of kept.openFiles) await workspace.openFile(path);
        if (kept.activeFile) workspace.activate(kept.activeFile);
      }
    } finally {
      restoring = false;
    }
  };
  $effect.root(() => {
    let started = false;
    $effect(() => {
      if (app.phase !== 'ready' || started || !app.runtime) return;
      started = true;
      void restore(app.runtime);
    });
    let saved: SessionLayout | null = null;
    const save = (next: SessionLayout): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      saved = next;
      void app.runtime?.persistence.saveLayout(next);
    };
    $effect(() => {
      const next = currentLayout();
      if (restoring) return;
      // A click (another tab, a file opened or closed) is kept at once, so a reload right after it
      // finds it; only dragging a divider, which changes the sizes many times a second, is debounced.
      if (saved === null || !sameExceptSizes(saved, next)) {
        save(next);
        return;
      }
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => save(next), LAYOUT_SAVE_DELAY_MS);
    });
  });
  return { restore };
}
