/**
 * Loading the heavy half of the app. Three things overlap so the sandbox is usable sooner:
 * the WebContainer probe (from the small sandbox-boot chunk), the offline sandbox's modules
 * (started by the boot), and the runtime chunk (agent, tools, demo model).
 */
import type { Runtime } from '../state/runtime-types';
import { isolateBeforeBoot } from './isolation';

export async function loadRuntime(): Promise<Runtime> {
  // Isolation first: on a host without COOP/COEP headers the page reloads once through the COI
  // service worker, and loading the heavy runtime before that would be wasted.
  await isolateBeforeBoot();
  const sandbox = import('./sandbox-boot').then(({ bootAppSandbox }) => bootAppSandbox());
  sandbox.catch(() => undefined); // Rejections surface through createRuntime below.
  const { createRuntime } = await import('../state/runtime');
  return createRuntime(sandbox);
}
