/**
 * What the tree accepts as the name of a new or renamed file or folder: one path segment. Said
 * in words the user can act on, not as an fs error code.
 */
export function entryNameProblem(name: string, siblings: readonly string[], current?: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Type a name.';
  if (trimmed === '.' || trimmed === '..') return `"${trimmed}" is not a name a file can have.`;
  if (trimmed.includes('/')) return 'A name cannot contain "/": create the folder first, then the file in it.';
  if (trimmed.includes('\0')) return 'A name cannot contain a NUL character.';
  if (trimmed !== current && siblings.includes(trimmed)) return `"${trimmed}" already exists here.`;
  return null;
}
