/** The replay timeline's words: speeds, the position and what the replay is doing. */
import type { StopReason } from '../../agent/events';
import type { ReplaySpeed } from '../../agent/replay/replay-gate';
import { describeStop } from '../state/fold';
import type { ReplayPhase } from './replay.svelte';

export const REPLAY_SPEED_CHOICES: ReadonlyArray<{ value: string; label: string; speed: ReplaySpeed }> = [
  { value: '0.5', label: '0.5×', speed: 0.5 },
  { value: '1', label: '1×', speed: 1 },
  { value: '2', label: '2×', speed: 2 },
  { value: '4', label: '4×', speed: 4 },
  { value: '8', label: '8×', speed: 8 },
  { value: 'instant', label: 'Instant', speed: 'instant' },
];

export function stepText(position: number, total: number): string {
  return `Step ${position} of ${total}`;
}

export function phaseText(phase: ReplayPhase, heldAt: number | null, endReason: StopReason | null, live: boolean): string {
  switch (phase) {
    case 'idle':
      return '';
    case 'loading':
      return 'Loading the replay…';
    case 'playing':
      return live ? 'Your model continues the run live.' : 'Replaying the recorded run.';
    case 'paused':
      return 'Paused.';
    case 'diverged':
      return `Held at step ${heldAt ?? '?'}: the run went differently from the recording. Keep replaying, or continue with your model.`;
    case 'ended':
      return endReason === null ? 'The replay ended.' : `The replay ended. ${describeStop(endReason)}.`;
  }
}
