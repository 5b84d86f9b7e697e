/**
 * The request waiting for the person's answer while "You are the model" drives the agent: the
 * chat shows the answer panel (loaded on demand) while there is one. Tiny on purpose: the
 * always-loaded chat reads it; the client and the panel load only when this source is chosen.
 */
import type { HumanAnswer, HumanTurn } from '../../models/human-model';

export interface WaitingTurn {
  turn: HumanTurn;
  /** Requests waiting behind this one (sub-agents asking at the same time). */
  queued: number;
  /** Send the answer; a refusal says why nothing was sent. */
  answer: (answer: HumanAnswer) => string | undefined;
}

class HumanTurnState {
  waiting: WaitingTurn | null = $state.raw(null);
}

export const humanTurn = new HumanTurnState();
