/**
 * The panels as the user arranges them: the side panel's tab and the splitters' sizes. Shared
 * state, so the open session keeps it (src/app/sessions/session-layout.ts) and a reload shows it again.
 */
import { sidePanel } from './side-panel-state.svelte';

class LayoutState {
  /** The side panel's tab id (./side-panel-state.svelte.ts); '' shows the first tab. */
  get sideTab(): string {
    return sidePanel.active;
  }

  set sideTab(id: string) {
    sidePanel.active = id;
  }

  terminalHeight = $state(240);
  sideWidth = $state(440);

  /** Put back a kept layout; sizes that make no sense are ignored. */
  apply(kept: { sideTab?: string; sizes?: Record<string, number> }): void {
    if (kept.sideTab !== undefined) this.sideTab = kept.sideTab;
    const terminal = kept.sizes?.['terminal'];
    const side = kept.sizes?.['side'];
    if (typeof terminal === 'number' && terminal > 0) this.terminalHeight = terminal;
    if (typeof side === 'number' && side > 0) this.sideWidth = side;
  }
}

export const layout = new LayoutState();
