/**
 * The side panel's tabs, in order. A panel is a component and one entry here: the tab strip,
 * keyboard navigation and ARIA wiring come from SidePanel.svelte.
 */
import type { Component } from 'svelte';
import ChatPanel from '../chat/ChatPanel.svelte';
import type { ViewState } from '../state/fold';

export interface SidePanelEntry {
  id: string;
  label: string;
  /**
   * The panel: a component at hand (the chat, shown at first paint), or one loaded the first time
   * its tab opens, so the first paint does not carry it.
   */
  panel: { component: Component } | { load: () => Promise<Component> };
  /** Keep it mounted while another tab shows (the chat keeps its scroll and its input); else it mounts when opened. */
  keepMounted: boolean;
  /** A count shown on the tab, from the session's view; 0 shows nothing. */
  badge?: (view: ViewState) => number;
}

export const SIDE_PANELS: readonly SidePanelEntry[] = [
  { id: 'chat', label: 'Chat', panel: { component: ChatPanel }, keepMounted: true },
  {
    id: 'inspector',
    label: 'Inspector',
    panel: { load: async () => (await import('../inspector/InspectorPanel.svelte')).default },
    keepMounted: false,
    badge: (view) => view.requests.length,
  },
  { id: 'memory', label: 'Memory', panel: { load: async () => (await import('../memory/MemoryPanel.svelte')).default }, keepMounted: false },
  {
    id: 'source-control',
    label: 'Source Control',
    panel: { load: async () => (await import('../git/SourceControlPanel.svelte')).default },
    keepMounted: false,
  },
  { id: 'lessons', label: 'Lessons', panel: { load: async () => (await import('../lessons/LessonsPanel.svelte')).default }, keepMounted: false },
];
