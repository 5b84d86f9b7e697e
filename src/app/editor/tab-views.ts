/** What each editor tab shows: the file name, and its folder when another open file has the same name. */
import type { EditorTab } from '../state/workspace.svelte';

export interface TabView {
  path: string;
  name: string;
  /** The folder, relative to the workspace, when two open files share a name; otherwise empty. */
  hint: string;
  dirty: boolean;
}

export function tabViews(tabs: readonly EditorTab[], root: string | null): TabView[] {
  const names = tabs.map((tab) => tab.path.slice(tab.path.lastIndexOf('/') + 1));
  return tabs.map((tab, index) => {
    const name = names[index] ?? tab.path;
    const shared = names.filter((other) => other === name).length > 1;
    const folder = tab.path.slice(0, tab.path.length - name.length - 1);
    const relative = root !== null && (folder === root || folder.startsWith(`${root}/`)) ? folder.slice(root.length + 1) : folder;
    return { path: tab.path, name, hint: shared ? relative || './' : '', dirty: tab.dirty };
  });
}

/** The id of the tab at `index`, for the tabpanel's aria-labelledby. */
export function tabId(panelId: string, index: number): string {
  return `${panelId}-tab-${index}`;
}
