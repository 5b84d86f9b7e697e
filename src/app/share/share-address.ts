/**
 * Where sharing meets the address bar: reads it once the page has loaded (`#share=`, `?import=`,
 * `?gist=`, `?prompt=`) and again on each later `#share=` change. The codecs load only when the
 * address holds something to open. Returns a stop.
 */
import { addressWithout, readAddress } from '../../share/share-url';

function openAddress(): void {
  const request = readAddress(location.search, location.hash);
  if (request.source === undefined && request.prompt === undefined) return;
  // Read once: a reload must not open the same link again over the user's work.
  history.replaceState(history.state, '', addressWithout(location.href));
  void import('./open-shared').then(({ openFromAddress }) => openFromAddress(request));
}

export function watchShareAddress(): () => void {
  openAddress();
  window.addEventListener('hashchange', openAddress);
  return () => window.removeEventListener('hashchange', openAddress);
}
