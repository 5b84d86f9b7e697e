import { describe, expect, it } from 'vitest';
import { rebasePath, switchSandbox } from '../../../src/app/boot/switch-sandbox';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

/** A session stand-in: `running` can be toggled, `setSandbox` records what it was given. */
function fakeSession() {
  const state = { running: false, sandbox: null as Sandbox | null };
  const session = {
    get running() {
      return state.running;
    },
    setSandbox(sandbox: Sandbox) {
      if (state.running) throw new Error('switched during a run');
      state.sandbox = sandbox;
    },
  };
  return { session, state };
}

describe('switchSandbox', () => {
  it('copies the workspace into the new sandbox and points the session at it', async () => {
    const from = await createOfflineSandbox({ root: '/workspace' });
    const to = await createOfflineSandbox({ root: '/home/project' });
    await from.fs.write('/workspace/src/a.js', 'module.exports = 1;\n');
    await from.fs.write('/workspace/package.json', '{"name":"x"}');
    await to.fs.write('/home/project/stale.txt', 'old');
    const { session, state } = fakeSession();

    await switchSandbox({ from, to, session, untilIdle: async () => undefined });

    expect(state.sandbox).toBe(to);
    expect(await to.fs.readText('/home/project/src/a.js')).toBe('module.exports = 1;\n');
    expect(await to.fs.readText('/home/project/package.json')).toBe('{"name":"x"}');
    expect(await to.fs.exists('/home/project/stale.txt')).toBe(false);
    await Promise.all([from.dispose(), to.dispose()]);
  });

  it('waits for a run in progress, so its edits are carried over', async () => {
    const from = await createOfflineSandbox();
    const to = await createOfflineSandbox({ root: '/home/project' });
    const { session, state } = fakeSession();
    state.running = true;
    const untilIdle = async () => {
      // The run writes a file, then ends.
      await from.fs.write('/workspace/written-by-the-run.txt', 'done');
      state.running = false;
    };
    await switchSandbox({ from, to, session, untilIdle });
    expect(await to.fs.readText('/home/project/written-by-the-run.txt')).toBe('done');
    expect(state.sandbox).toBe(to);
  });

  it('copies again when a run started during the copy, and gives up after maxAttempts', async () => {
    const from = await createOfflineSandbox();
    const to = await createOfflineSandbox({ root: '/home/project' });
    const { session, state } = fakeSession();
    let restores = 0;
    const counting: Sandbox = {
      ...to,
      restore: async (snapshot) => {
        restores += 1;
        await to.restore(snapshot);
        state.running = restores === 1; // a run starts while the first copy happens
      },
    };
    await switchSandbox({ from, to: counting, session, untilIdle: async () => (state.running = false) });
    expect(restores).toBe(2);
    expect(state.sandbox).toBe(counting);

    const busy = fakeSession();
    const alwaysBusy: Sandbox = { ...to, restore: async () => void (busy.state.running = true) };
    await expect(
      switchSandbox({ from, to: alwaysBusy, session: busy.session, untilIdle: async () => (busy.state.running = false), maxAttempts: 2 }),
    ).rejects.toThrow(/kept running/);
    expect(busy.state.sandbox).toBeNull();
  });
});

describe('rebasePath', () => {
  it('moves a path from one workspace root to another', () => {
    expect(rebasePath('/workspace/src/a.js', '/workspace', '/home/project')).toBe('/home/project/src/a.js');
    expect(rebasePath('/workspace', '/workspace/', '/home/project')).toBe('/home/project');
    expect(rebasePath('/workspaces/x', '/workspace', '/home/project')).toBeUndefined();
    expect(rebasePath('/tmp/x', '/workspace', '/home/project')).toBeUndefined();
  });
});
