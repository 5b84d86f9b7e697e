/**
 * Phones and narrow windows: the four panels do not fit side by side, so one shows at a time and
 * a bar at the bottom switches between them. Wide windows ignore all of this.
 */

export type NarrowPanel = 'chat' | 'files' | 'editor' | 'terminal';

/** At or below this width (CSS pixels) the layout shows one panel at a time; App.svelte's CSS uses the same number. */
export const NARROW_MAX_WIDTH = 640;

class NarrowLayout {
  /** Whether the window is narrow now. */
  narrow = $state(false);
  /** The panel shown while narrow; the chat first, as that is where a visitor starts. */
  panel = $state<NarrowPanel>('chat');

  /** Follow the window's width; returns the unsubscribe function. */
  follow(): () => void {
    const query = window.matchMedia(`(max-width: ${NARROW_MAX_WIDTH}px)`);
    const update = (): void => {
      this.narrow = query.matches;
    };
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }

  show(panel: NarrowPanel): void {
    this.panel = panel;
  }
}

export const narrowLayout = new NarrowLayout();
