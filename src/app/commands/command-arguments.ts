/**
 * A custom command's prompt with its arguments filled in, as Claude Code does: `$ARGUMENTS` is
 * everything typed after the name, `$1`, `$2`… each argument (quotes group words). When the prompt
 * takes no arguments but some were typed, they are added at the end, so nothing typed is lost.
 */
export function splitArguments(args: string): string[] {
  const words: string[] = [];
  for (const match of args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

export function expandArguments(body: string, args: string): string {
  const positional = splitArguments(args);
  let used = false;
  const expanded = body.replace(/\$ARGUMENTS\b|\$(\d+)/g, (token, index: string | undefined) => {
    used = true;
    if (index === undefined) return args;
    return positional[Number(index) - 1] ?? '';
  });
  if (!used && args !== '') return `${expanded.trimEnd()}\n\nARGUMENTS: ${args}`;
  return expanded;
}
