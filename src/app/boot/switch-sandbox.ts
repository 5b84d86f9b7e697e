/**
 * Moving a live session from one sandbox to another (offline → WebContainer after a Retry).
 * Pure TypeScript over the Sandbox port and the session contract, so it runs under vitest.
 */
import type { SessionApi } from '../../agent/session-contract';
import type { Sandbox } from '../../sandbox/port';

export interface SwitchSandboxOptions {
  from: Sandbox;
  to: Sandbox;
  session: Pick<SessionApi, 'running' | 'setSandbox'>;
  /** Resolves when the current run (if any) has ended. */
  untilIdle: () => Promise<unknown>;
  /** Bounds the copy-then-check loop when runs keep starting (default 5). */
  maxAttempts?: number;
}

/**
 * Copy the workspace into `to` (snapshot/restore) and point the session at it. A run that is
 * going on is waited for first, since its edits must be carried over; if another run starts
 * while the files are being copied, the copy is redone after it. The final check and
 * `setSandbox` happen in the same synchronous step, so no run can slip in between.
 * Disposing `from` is the caller's job, once the UI has moved off it too.
 */
export async function switchSandbox(options: SwitchSandboxOptions): Promise<void> {
  const { from, to, session } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    while (session.running) await options.untilIdle();
    await to.restore(await from.snapshot());
    if (!session.running) {
      session.setSandbox(to);
      return;
    }
    if (attempt >= maxAttempts) throw new Error('The agent kept running; the sandbox was not switched. Retry when it is idle.');
  }
}

/** The same file under another workspace root, or undefined when it is outside the old root. */
export function rebasePath(path: string, fromRoot: string, toRoot: string): string | undefined {
  const from = fromRoot.replace(/\/+$/, '');
  if (path === from) return toRoot;
  if (!path.startsWith(`${from}/`)) return undefined;
  return `${toRoot.replace(/\/+$/, '')}/${path.slice(from.length + 1)}`;
}
