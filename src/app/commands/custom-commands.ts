/**
 * Custom slash commands: Markdown files in the workspace's `.glassbox/commands/` (and, as Claude
 * Code keeps them, `.claude/commands/`). The file name is the command (`review.md` → `/review`); a
 * subfolder namespaces it (`frontend/component.md` → `/frontend:component`). Optional YAML
 * frontmatter gives its `description` and `argument-hint`; the body is the prompt, with
 * `$ARGUMENTS` and `$1`… filled in (./command-arguments.ts). Loaded on demand: it brings the YAML parser.
 */
import { parse as parseYaml } from 'yaml';
import type { SandboxFs } from '../../sandbox/port';

/** Where commands are read from, relative to the workspace root; the first wins when two define the same name. */
export const COMMAND_DIRS = ['.glassbox/commands', '.claude/commands'] as const;

export interface CustomCommandFile {
  /** Without the slash: `frontend:component`. */
  name: string;
  description: string;
  argumentHint?: string;
  /** The prompt template. */
  body: string;
  /** Relative to the workspace root: `.glassbox/commands/frontend/component.md`. */
  path: string;
  /** Why the file cannot be used, in words; the command then says so instead of running. */
  problem?: string;
}

const NAME = /^[a-z][\w:-]*$/;
const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;
/** Deep enough for any sane layout; stops a symlink loop. */
const MAX_DEPTH = 6;

/** One command file: its name from its path under the commands folder, the rest from its text. */
export function parseCommandFile(relativeName: string, path: string, text: string): CustomCommandFile {
  const name = relativeName.replace(/\.md$/i, '').split('/').join(':').toLowerCase().replace(/\s+/g, '-');
  const base = { name, path };
  if (!NAME.test(name)) {
    return { ...base, description: 'Not usable: see /help', body: '', problem: `${path}: "${name}" is not a command name (letters, digits, - and _; starting with a letter).` };
  }
  let body = text;
  let meta: Record<string, unknown> = {};
  if (/^---[ \t]*\r?\n/.test(text)) {
    const match = FRONTMATTER.exec(text);
    if (!match) return { ...base, description: 'Not usable: see /help', body: '', problem: `${path}: the frontmatter opened with --- is never closed with a --- line.` };
    try {
      const parsed: unknown = parseYaml(match[1] ?? '');
      if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
        throw new Error('it must be a list of key: value lines');
      }
      meta = (parsed ?? {}) as Record<string, unknown>;
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { ...base, description: 'Not usable: see /help', body: '', problem: `${path}: the frontmatter is not valid YAML (${why}).` };
    }
    body = text.slice(match[0].length);
  }
  const description = stringField(meta, 'description') ?? firstLine(body) ?? `Custom command from ${path}`;
  const argumentHint = stringField(meta, 'argument-hint');
  body = body.trim();
  if (body === '') return { ...base, description, body, problem: `${path}: the command has no prompt (the file has nothing after its frontmatter).` };
  return { ...base, description, body, ...(argumentHint === undefined ? {} : { argumentHint }) };
}

function stringField(meta: Record<string, unknown>, key: string): string | undefined {
  const value = meta[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function firstLine(body: string): string | undefined {
  const line = body
    .split('\n')
    .map((l) => l.replace(/^#+\s*/, '').trim())
    .find((l) => l !== '');
  if (line === undefined) return undefined;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Every command file under the workspace's command folders, sorted by name; the first folder wins a clash. */
export async function loadCustomCommands(fs: Pick<SandboxFs, 'list' | 'readText'>, root: string): Promise<CustomCommandFile[]> {
  const byName = new Map<string, CustomCommandFile>();
  for (const dir of COMMAND_DIRS) {
    for (const relative of await markdownFiles(fs, `${root}/${dir}`, '', 0)) {
      const path = `${dir}/${relative}`;
      let command: CustomCommandFile;
      try {
        command = parseCommandFile(relative, path, await fs.readText(`${root}/${path}`));
      } catch (error) {
        const name = relative.replace(/\.md$/i, '').split('/').join(':').toLowerCase();
        command = { name, path, description: 'Not usable: see /help', body: '', problem: `${path}: could not be read (${error instanceof Error ? error.message : String(error)}).` };
      }
      if (!byName.has(command.name)) byName.set(command.name, command);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function markdownFiles(fs: Pick<SandboxFs, 'list'>, dir: string, prefix: string, depth: number): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  let entries;
  try {
    entries = await fs.list(dir);
  } catch {
    return []; // No such folder: no commands from it.
  }
  const found: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.kind === 'directory') found.push(...(await markdownFiles(fs, `${dir}/${entry.name}`, relative, depth + 1)));
    else if (entry.kind === 'file' && /\.md$/i.test(entry.name)) found.push(relative);
  }
  return found;
}
