/**
 * The panels as the user arranges them: the side panel's tab and the splitters' sizes. Shared
 * state, so the open session keeps it (src/app/sessions/session-layout.ts) and a reload shows it again.
 */
class LayoutState {
  /** The side panel's tab id; '' (or an id no longer known) shows the first tab. */
  sideTab = $state('');
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
