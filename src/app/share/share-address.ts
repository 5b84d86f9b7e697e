/**
 * Where sharing meets the address bar: reads it once the page has loaded (`#share=`, `?import=`,
 * `?gist=`, `?prompt=`, `?repo=`, `?lesson=`) and again on each later `#share=` change. The codecs load only when the
 * address holds something to open. Returns a stop.
 */
import { addressWithout, readAddress } from '../../share/share-url';
import { readWorkshopAddress } from '../boot/workshop-address';

function openAddress(): void {
  const request = readAddress(location.search, location.hash);
  if (request.source === undefined && request.prompt === undefined && request.repo === undefined && request.lesson === undefined) return;
  // Read once: a reload must not open the same link again over the user's work.
  history.replaceState(history.state, '', addressWithout(location.href));
  if (request.repo) {
    // A repository to clone: the Clone dialog says what is happening, and types the prompt in once it is in.
    const { url, ref } = request.repo;
    const { prompt } = request;
    void import('../git/clone-view.svelte').then(({ cloneView }) => cloneView.show({ url, ref, start: true, ...(prompt === undefined ? {} : { prompt }) }));
    return;
  }
  if (request.lesson !== undefined && request.source === undefined) {
    // A lesson: its panel asks before replacing work, loads its files and types its prompt in.
    const { lesson } = request;
    void import('../lessons/lessons.svelte').then(({ lessons }) => lessons.open(lesson));
    return;
  }
  void import('./open-shared').then(({ openFromAddress }) => openFromAddress(request));
}

export function watchShareAddress(): () => void {
  // A workshop link's own parameters (?cap=, ?present=1) ride along with any of these.
  readWorkshopAddress();
  openAddress();
  window.addEventListener('hashchange', openAddress);
  return () => window.removeEventListener('hashchange', openAddress);
}
