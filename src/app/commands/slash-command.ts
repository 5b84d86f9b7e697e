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
