/**
 * Cross-origin isolation before the sandbox boots (WebContainer needs SharedArrayBuffer).
 *
 * Why here and not a `<script src="coi-serviceworker.js">` in index.html: a classic script in
 * the document is parser-blocking, so every visit on every host would pay one more request
 * before the first paint, even where the host sends COOP/COEP itself (the common, documented
 * setup, see docs/HOSTING.md). Called from the boot, it costs nothing when the page is already
 * isolated, runs after the first paint, and only on hosts that cannot send headers registers the
 * COI service worker and reloads once (the worker then serves every later visit).
 */
import type { CoiOutcome } from '../../sandbox/webcontainer/coi';

/** If the reload somehow does not happen, boot anyway (it falls back, saying "not isolated"). */
const RELOAD_GRACE_MS = 5000;

export async function isolateBeforeBoot(): Promise<CoiOutcome> {
  // A small chunk of its own, loaded even when already isolated: it then resets the reload
  // counter, so a later unisolated load (a hard reload bypasses the worker) starts over with
  // credentialless rather than falling to require-corp.
  const outcome: CoiOutcome = await import('../../sandbox/webcontainer/coi')
    .then(({ ensureCrossOriginIsolation }) => ensureCrossOriginIsolation())
    .catch((): CoiOutcome => 'failed');
  if (outcome === 'reloading') await new Promise((resolve) => setTimeout(resolve, RELOAD_GRACE_MS));
  return outcome;
}
