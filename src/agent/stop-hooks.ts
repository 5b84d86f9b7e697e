import type { HookBook, HookRunContext } from './hooks';

/** How many times Stop hooks may send the model back to work in one run; then the run ends anyway. */
export const MAX_STOP_HOOK_CONTINUATIONS = 3;

export type StopHookVerdict = { kind: 'done' } | { kind: 'go_on'; note: string } | { kind: 'stop'; reason: string };

/**
 * The model is done: the Stop (or SubagentStop) hooks may tell it to go on, with their reason
 * (exit 2's stderr, or `decision: "block"`). `stop_hook_active` tells a hook it already did so
 * (as in Claude Code); past MAX_STOP_HOOK_CONTINUATIONS the run ends regardless, so a hook that
 * always blocks cannot loop forever.
 */
export async function stopHookSaysGoOn(hooks: HookBook, event: 'Stop' | 'SubagentStop', continuations: number, context: Omit<HookRunContext, 'callId'>): Promise<StopHookVerdict> {
  if (hooks.matching(event).length === 0) return { kind: 'done' };
  const outcome = await hooks.run(event, { stop_hook_active: continuations > 0 }, context);
  if (outcome.stop !== undefined) return { kind: 'stop', reason: outcome.stop };
  if (outcome.block === undefined || context.signal?.aborted) return { kind: 'done' };
  if (continuations >= MAX_STOP_HOOK_CONTINUATIONS) return { kind: 'done' };
  return { kind: 'go_on', note: `A ${event} hook says you are not done yet; continue working:\n${outcome.block}` };
}
