/**
 * The one "You are the model" client of this page, loaded when the source is chosen: its waiting
 * requests are mirrored into ./human-turn.svelte.ts for the answer panel.
 */
import { HumanModel } from '../../models/human-model';
import { humanTurn } from './human-turn.svelte';

let client: HumanModel | null = null;

export function humanModel(): HumanModel {
  if (client) return client;
  const made = new HumanModel();
  made.subscribe((turns) => {
    const first = turns[0];
    humanTurn.waiting = first ? { turn: first, queued: turns.length - 1, answer: (answer) => made.answer(first.id, answer) } : null;
  });
  client = made;
  return made;
}
