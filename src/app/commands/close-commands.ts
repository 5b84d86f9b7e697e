/**
 * An unknown command's answer: it says so and names the commands close to what was typed (a typo
 * or two away, or sharing its start). Loaded when a command is not found.
 */
import type { SlashCommand } from './slash-command';

/**
 * Edit distance (optimal string alignment): the fewest single-character insertions, deletions,
 * substitutions and swaps of two neighbours from a to b. `hlep` is one step from `help`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const same = a[i - 1] === b[j - 1];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * Commands close to an unknown name, closest first: within an edit distance that grows with the
 * name's length (a typo or two), or sharing its start. At most `limit`.
 */
export function closeCommands(commands: readonly SlashCommand[], name: string, limit = 3): SlashCommand[] {
  const typed = name.toLowerCase();
  const allowed = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
  return commands
    .map((command) => ({ command, distance: editDistance(typed, command.name) }))
    .filter(({ command, distance }) => distance <= allowed || (typed.length >= 2 && (command.name.startsWith(typed) || typed.startsWith(command.name))))
    .sort((a, b) => a.distance - b.distance || a.command.name.localeCompare(b.command.name))
    .slice(0, limit)
    .map(({ command }) => command);
}

/** The words for an unknown command: says so and names the close ones. */
export function unknownCommandText(name: string, close: readonly SlashCommand[]): string {
  const suggestions = close.map((command) => `/${command.name}`);
  const didYouMean =
    suggestions.length === 0
      ? ' Type / to see the commands, or /help for all of them.'
      : ` Did you mean ${suggestions.length === 1 ? suggestions[0] : `${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}`}?`;
  return `Unknown command: /${name}.${didYouMean} Nothing was sent to the model.`;
}
