/**
 * Which side panel tab shows, shared so a command (e.g. `/memory`) can open a tab.
 * SidePanel.svelte renders it; the tabs are SIDE_PANELS (./side-panels.ts).
 */
import { narrowLayout } from './narrow-layout.svelte';

class SidePanelState {
  /** The id of the tab shown; '' means the first. */
  active = $state('');

  /** Show the tab with this id (on a narrow window, the side panel too). */
  show(id: string): void {
    this.active = id;
    narrowLayout.show('chat');
  }
}

export const sidePanel = new SidePanelState();
