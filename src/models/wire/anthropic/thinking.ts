/**
 * How Claude models take the "Thinking" setting: Claude 3.x and 4.0–4.5 a token budget
 * (`thinking.type: "enabled"`); 4.6 and later (Opus, Sonnet, Fable, Mythos, …) adaptive thinking,
 * and from 4.7 on a budget is refused with a 400. Their thinking text is omitted unless asked for,
 * and showing it is the point of Glassbox, so summaries are asked for.
 */

export type ClaudeThinkingMode = 'budget' | 'adaptive';

/** Adaptive unless the id names Claude 3.x or a 4.0–4.5 model: an unknown, newer name thinks adaptively. */
export function claudeThinkingMode(model: string): ClaudeThinkingMode {
  const id = model.toLowerCase();
  if (/claude-3[-.]/.test(id)) return 'budget';
  const named = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?!\d))?/.exec(id);
  if (!named) return 'adaptive';
  const major = Number(named[1]);
  const minor = named[2] === undefined ? 0 : Number(named[2]);
  return major < 4 || (major === 4 && minor <= 5) ? 'budget' : 'adaptive';
}

/** What the settings dialog says the budget becomes; undefined when it is sent as a budget. */
export function claudeThinkingHint(model: string): string | undefined {
  return claudeThinkingMode(model) === 'adaptive' ? 'This model decides how much to think (adaptive thinking); the budget is not sent.' : undefined;
}
