import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabOwnership, type TabOwnershipOptions, type TabRole } from '../../../src/store/tab-ownership';
import { FakeLocks } from './fake-locks';

// Each test has its own lock and channel name; the channels are Node's real BroadcastChannel.
let counter = 0;
const opened: TabOwnership[] = [];

afterEach(() => {
  for (const tab of opened.splice(0)) tab.dispose();
});

/** One "tab": its own ownership, on the shared lock manager, recording what happens to it. */
async function openTab(locks: FakeLocks | null, name: string, beforeRelease: TabOwnershipOptions['beforeRelease'] = () => Promise.resolve()) {
  const roles: TabRole[] = [];
  const tab = await TabOwnership.claim({ locks, openChannel: (channel) => new BroadcastChannel(channel), beforeRelease, name });
  opened.push(tab);
  tab.onChange((role) => roles.push(role));
  return { tab, roles };
}

function freshName(): string {
  counter += 1;
  return `glassbox-tabs-test-${counter}-${Date.now()}`;
}

describe('TabOwnership', () => {
  it('the first tab owns the workspace and holds the lock', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    const { tab } = await openTab(locks, name);
    expect(tab.role).toBe('owner');
    expect(locks.isHeld(name)).toBe(true);
  });

  it('a second tab does not own it while the first is open', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    const first = await openTab(locks, name);
    const second = await openTab(locks, name);
    expect(first.tab.role).toBe('owner');
    expect(second.tab.role).toBe('elsewhere');
  });

  it('on a hand-over request the owner saves, then releases, and the asking tab owns it', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    const steps: string[] = [];
    const first = await openTab(locks, name, async () => {
      steps.push('owner saves');
      await new Promise((resolve) => setTimeout(resolve, 20));
      steps.push('owner saved');
    });
    const second = await openTab(locks, name);
    second.tab.onChange((role) => steps.push(`second: ${role}`));

    await second.tab.takeOver();
    expect(second.tab.role).toBe('owner');
    expect(first.tab.role).toBe('handed-over');
    // The new owner gets the lock only once the old one has saved what was pending.
    expect(steps).toEqual(['second: elsewhere', 'owner saves', 'owner saved', 'second: owner']);
    expect(first.roles).toEqual(['owner', 'handed-over']);
    expect(locks.isHeld(name)).toBe(true);

    // And back: the first tab's "Use this tab instead".
    await first.tab.takeOver();
    expect(first.tab.role).toBe('owner');
    expect(second.tab.role).toBe('handed-over');
  });

  it('hands over even when saving before the release fails', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    const first = await openTab(locks, name, () => Promise.reject(new Error('disk full')));
    const second = await openTab(locks, name);
    await second.tab.takeOver();
    expect(second.tab.role).toBe('owner');
    expect(first.tab.role).toBe('handed-over');
  });

  it('a tab that does not own the workspace ignores hand-over requests', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    const owner = await openTab(locks, name);
    const bystanderRelease = vi.fn(() => Promise.resolve());
    const bystander = await openTab(locks, name, bystanderRelease);
    const asking = await openTab(locks, name);
    await asking.tab.takeOver();
    expect(owner.tab.role).toBe('handed-over');
    expect(bystander.tab.role).toBe('elsewhere');
    expect(bystanderRelease).not.toHaveBeenCalled();
  });

  it('when the owning tab closes, a waiting tab gets the lock', async () => {
    const locks = new FakeLocks();
    const name = freshName();
    // An owner that never answers (e.g. busy): only closing it lets the lock go.
    const first = await openTab(locks, name, () => new Promise<void>(() => undefined));
    const second = await openTab(locks, name);
    let owned = false;
    const taking = second.tab.takeOver().then(() => (owned = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(owned).toBe(false);
    first.tab.dispose(); // The browser releases a closed tab's locks.
    await taking;
    expect(second.tab.role).toBe('owner');
  });

  it('without the Web Locks API every tab owns the workspace, as before', async () => {
    const name = freshName();
    const first = await openTab(null, name);
    const second = await openTab(null, name);
    expect(first.tab.role).toBe('owner');
    expect(second.tab.role).toBe('owner');
    await second.tab.takeOver();
    expect(first.tab.role).toBe('owner');
  });

  it('owns the workspace when the lock manager refuses the request', async () => {
    const refusing = { request: () => Promise.reject(new DOMException('The operation is insecure.', 'SecurityError')) };
    const tab = await TabOwnership.claim({ locks: refusing, openChannel: (channel) => new BroadcastChannel(channel), beforeRelease: () => Promise.resolve(), name: freshName() });
    opened.push(tab);
    expect(tab.role).toBe('owner');
  });
});
