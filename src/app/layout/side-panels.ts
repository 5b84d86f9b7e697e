/**
 * The side panel's tabs, in order. A panel is a component and one entry here: the tab strip,
 * keyboard navigation and ARIA wiring come from SidePanel.svelte.
 */
import type { Component } from 'svelte';
import ChatPanel from '../chat/ChatPanel.svelte';
import InspectorPanel from '../inspector/InspectorPanel.svelte';
import MemoryPanel from '../memory/MemoryPanel.svelte';
import type { ViewState } from '../state/fold';

export interface SidePanelEntry {
  id: string;
  label: string;
  component: Component;
  /** Keep it mounted while another tab shows (the chat keeps its scroll and its input); else it mounts when opened. */
  keepMounted: boolean;
  /** A count shown on the tab, from the session's view; 0 shows nothing. */
  badge?: (view: ViewState) => number;
}

export const SIDE_PANELS: readonly SidePanelEntry[] = [
  { id: 'chat', label: 'Chat', component: ChatPanel, keepMounted: true },
  { id: 'inspector', label: 'Inspector', component: InspectorPanel, keepMounted: false, badge: (view) => view.requests.length },
  { id: 'memory', label: 'Memory', component: MemoryPanel, keepMounted: false },
];
