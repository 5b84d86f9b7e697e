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
  | { kind: 'unknown'; name: string };

export function resolveCommand(commands: readonly SlashCommand[], text: string, running: boolean): CommandOutcome {
  const parsed = parseSlashCommand(text);
  if (!parsed) return { kind: 'prompt' };
  const command = commands.find((c) => c.name === parsed.name);
  if (!command) return { kind: 'unknown', name: parsed.name };
  if (running && command.whileRunning !== true) return { kind: 'busy', command };
  return { kind: 'run', command, args: parsed.args };
}
