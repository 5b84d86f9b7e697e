/**
 * Presenter view, for a projector: the chat and the inspector side by side, in large type, and
 * nothing else. The header's "Presenter view" button or `?present=1` turns it on; the button or
 * Esc turns it off (and drops `present` from the address, so a reload does not bring it back).
 * Nothing is saved.
 */
class Presenter {
  on = $state(false);

  toggle(): void {
    if (this.on) this.leave();
    else this.on = true;
  }

  leave(): void {
    this.on = false;
    const url = new URL(location.href);
    if (url.searchParams.has('present')) {
      url.searchParams.delete('present');
      history.replaceState(history.state, '', url);
    }
  }
}

export const presenter = new Presenter();
