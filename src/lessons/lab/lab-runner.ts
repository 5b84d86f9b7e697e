/**
 * The Compare lab: the same task under two harness settings, one lane after the other, each in
 * its own fresh sandbox; then the request diff of the two trajectories. Stopping (the signal)
 * interrupts the lane that runs and skips the rest. No DOM.
 */
import type { HarnessPreset, LaneSetup } from './harness-presets';
import { diffRequests, type TurnDiff } from './request-diff';
import { runLane, type LaneOptions, type LaneResult } from './run-lane';
import type { LabTask } from './lab-task';

export interface LabOptions extends LaneOptions {
  /** Told when a lane starts ('A', then 'B') and when it is done. */
  onLane?: (lane: 'A' | 'B', state: 'running' | 'done', result?: LaneResult) => void;
}

export interface LabResult {
  a: LaneResult;
  /** Absent when the lab was stopped before lane B ran. */
  b?: LaneResult;
  diff: TurnDiff[];
  stopped: boolean;
}

export async function runLab(task: LabTask, presets: readonly [HarnessPreset, HarnessPreset], base: LaneSetup, options: LabOptions): Promise<LabResult> {
  const [presetA, presetB] = presets;
  options.onLane?.('A', 'running');
  const a = await runLane(task, presetA, base, options);
  options.onLane?.('A', 'done', a);
  if (options.signal.aborted) return { a, diff: [], stopped: true };
  options.onLane?.('B', 'running');
  const b = await runLane(task, presetB, spentAfter(base, a), options);
  options.onLane?.('B', 'done', b);
  return { a, b, diff: diffRequests(a.requests, b.requests), stopped: options.signal.aborted };
}

/** Lane B counts lane A's spending against the spend cap: the lab as a whole stays under it. */
export function spentAfter(base: LaneSetup, lane: LaneResult): LaneSetup {
  const cap = base.settings.spendCap;
  if (cap === undefined) return base;
  const spendCap = { ...cap, spentUsd: cap.spentUsd + (lane.costUsd ?? 0), spentTokens: cap.spentTokens + lane.inputTokens + lane.outputTokens };
  return { ...base, settings: { ...base.settings, spendCap } };
}
