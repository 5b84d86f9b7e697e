/**
 * Feeding text to a command's stdin through the Sandbox port, whose exec has no stdin of its own:
 * the text is piped in with printf (single-quoted, so nothing in it is expanded), and the command
 * runs in a group so `a && b`, pipes and `exit 2` in it all see the same stdin. Both sandboxes
 * (just-bash and WebContainer's jsh) run it the same way. Used by hooks and workspace tools.
 */

/** `'…'` for the shell: the text stays exactly as it is. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The shell line that runs `command` with `stdin` on its standard input. */
export function withStdin(command: string, stdin: string): string {
  return `printf '%s' ${shellQuote(stdin)} | {\n${command}\n}`;
}
