import { describe, expect, it } from 'vitest';
import { coalesced } from '../../../src/app/state/coalesced';

/** A run that waits until released, recording when it starts and ends. */
function gatedWork() {
  const log: string[] = [];
  const gates: Array<() => void> = [];
  let runs = 0;
  const work = async () => {
    const run = ++runs;
    log.push(`start ${run}`);
    await new Promise<void>((release) => gates.push(release));
    log.push(`end ${run}`);
  };
  const releaseNext = async () => {
    while (gates.length === 0) await Promise.resolve();
    gates.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { log, work, releaseNext, runs: () => runs };
}

describe('coalesced', () => {
  it('never runs twice at once, and a burst of calls during a run costs one more run', async () => {
    const { log, work, releaseNext, runs } = gatedWork();
    const refresh = coalesced(work);
    const first = refresh();
    const during = [refresh(), refresh(), refresh()];
    await releaseNext();
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    await releaseNext();
    await Promise.all([first, ...during]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    expect(runs()).toBe(2);
  });

  it('resolves a call only after a run that began after it', async () => {
    const { log, work, releaseNext } = gatedWork();
    const refresh = coalesced(work);
    void refresh();
    let lateDone = false;
    const late = refresh().then(() => (lateDone = true));
    await releaseNext(); // run 1, which began before the late call, ends
    expect(lateDone).toBe(false);
    await releaseNext();
    await late;
    expect(log.at(-1)).toBe('end 2');
  });

  it('runs again after a failed run, and reports the failure to its callers', async () => {
    let calls = 0;
    const refresh = coalesced(async () => {
      calls++;
      if (calls === 1) throw new Error('could not read');
    });
    await expect(refresh()).rejects.toThrow('could not read');
    await refresh();
    expect(calls).toBe(2);
  });
});
