/**
 * Run `start` once the page has loaded (at once if it already has): what the first paint does not
 * need waits until then, so its scripts never count against the first paint. Returns a cancel.
 */
export function afterPageLoad(start: () => void): () => void {
  if (document.readyState === 'complete') {
    start();
    return () => undefined;
  }
  window.addEventListener('load', start, { once: true });
  return () => window.removeEventListener('load', start);
}
