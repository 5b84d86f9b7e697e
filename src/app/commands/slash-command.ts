/**
 * A slash command typed in the chat input (`/name args`). Each command is one object that describes
 * itself: its name, what it does and what it takes. The chat input finds it by name and runs it;
 * completion and `/help` list the same objects.
 */
export interface SlashCommand {
  /** Without the slash: `compact` for `/compact`. */
  name: string;
  /** One line, shown in completion and `/help`. */
  description: string;
  /** What may follow the name, e.g. `[focus]`; absent when it takes nothing. */
  argumentHint?: string;
  /** Where it comes from: built in, or a custom command file in the workspace. */
  source: 'built-in' | 'workspace';
  /** Whether it may run while the agent is working (it only shows something, like `/context`). Default: no. */
  whileRunning?: boolean;
  /** Does it. `args` is the text after the name, trimmed ('' when none). */
  run(args: string): void | Promise<void>;
}

/** `/name rest` → its name and arguments; null when the text is not a slash command. */
export function parseSlashCommand(text: string): { name: string; args: string } | null {
  const match = /^\/([A-Za-z][\w:-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const [, name = '', args = ''] = match;
  return { name: name.toLowerCase(), args: args.trim() };
}

/** The commands whose names start with what was typed after the slash (all of them for a bare `/`), then those that contain it. */
export function matchingCommands(commands: readonly SlashCommand[], typed: string): SlashCommand[] {
  const query = typed.toLowerCase();
  const starts = commands.filter((command) => command.name.startsWith(query));
  const contains = query === '' ? [] : commands.filter((command) => !command.name.startsWith(query) && command.name.includes(query));
  return [...starts, ...contains];
}

/** What is being typed when the input is still a command name: `/co` → `co`; null once there is a space or no slash. */
export function commandNameBeingTyped(text: string): string | null {
  const match = /^\/([\w:-]*)$/.exec(text);
  return match ? (match[1] ?? '') : null;
}

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

/** "/compact [focus]" */
export function commandUsage(command: Pick<SlashCommand, 'name' | 'argumentHint'>): string {
  return command.argumentHint ? `/${command.name} ${command.argumentHint}` : `/${command.name}`;
}

/** What pressing Enter on this text does. */
export type CommandOutcome =
  /** Not a slash command: the text goes to the model. */
  | { kind: 'prompt' }
  | { kind: 'run'; command: SlashCommand; args: string }
  /** A command that waits for the run to end (it would change the conversation under it). */
  | { kind: 'busy'; command: SlashCommand }
  | { kind: 'unknown'; name: string; close: SlashCommand[] };

export function resolveCommand(commands: readonly SlashCommand[], text: string, running: boolean): CommandOutcome {
  const parsed = parseSlashCommand(text);
  if (!parsed) return { kind: 'prompt' };
  const command = commands.find((c) => c.name === parsed.name);
  if (!command) return { kind: 'unknown', name: parsed.name, close: closeCommands(commands, parsed.name) };
  if (running && command.whileRunning !== true) return { kind: 'busy', command };
  return { kind: 'run', command, args: parsed.args };
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
