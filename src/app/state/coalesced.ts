/**
 * `work` run one at a time, however often it is asked for: a call while it runs asks for one more
 * run after it, and many such calls share that one. The promise a call gets resolves once a run
 * that began after the call has finished, so the caller sees a state at least as new as its call.
 * For re-reads of something that changes in bursts (a repository while an agent writes): reads
 * never overlap, never land out of order, and a burst costs at most two.
 */
export function coalesced(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    again = true;
    running ??= (async () => {
      try {
        while (again) {
          again = false;
          await work();
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
