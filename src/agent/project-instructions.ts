/**
 * Project instructions, as Claude Code reads CLAUDE.md: `AGENTS.md` and `CLAUDE.md` at the
 * workspace root go into the system prompt (their own part); the same files in a subfolder join
 * the conversation when the agent first reads a file in that folder (appended to that Read
 * result as a marked note, once per folder per session). A line may import another file with
 * `@path` (relative to the file that says it, or absolute inside the workspace): imports are
 * followed up to five levels deep, each file once, and whatever was not followed (a cycle, a
 * missing file, too deep) is said in a note. No DOM.
 */
import type { Sandbox } from '../sandbox/port';
import { isWithin, normalizeAbsolute, relativeTo, resolveFrom } from '../sandbox/workspace-path';
import { systemReminder } from './context-notes';
import type { SystemPart } from './system-prompt';

/** The instruction files, in the order they are read in each folder. */
export const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;
/** How many levels of `@path` imports are followed below an instruction file. */
export const MAX_IMPORT_DEPTH = 5;
/** Characters kept of one file; the rest is cut with a note. */
export const MAX_INSTRUCTION_FILE_CHARS = 40_000;

type Fs = Pick<Sandbox['fs'], 'readText' | 'stat'>;
export type InstructionSandbox = { root: string; fs: Fs };

/** One file read, with what its imports brought in. */
export interface LoadedInstructions {
  /** The files' contents in reading order, each headed by its path; '' when no file was found. */
  text: string;
  /** The workspace-relative paths of every file included (instruction files and imports). */
  files: string[];
  /** What could not be followed, in words. */
  notes: string[];
}

/** `@path` references of a text, outside fenced code blocks and inline code; e-mail addresses are not imports. */
export function importReferences(text: string): string[] {
  const references: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const outsideCode = line.replace(/`[^`]*`/g, ' ');
    for (const match of outsideCode.matchAll(/(?:^|\s)@([^\s`]+)/g)) {
      const reference = (match[1] ?? '').replace(/[.,;:!?)\]]+$/, '');
      if (reference !== '' && !references.includes(reference)) references.push(reference);
    }
  }
  return references;
}

async function isFile(fs: Fs, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).kind === 'file';
  } catch {
    return false;
  }
}

function shown(root: string, path: string): string {
  const base = normalizeAbsolute(root);
  return isWithin(base, path) ? relativeTo(base, path) || '.' : path;
}

/**
 * Reads instruction files and follows their imports. One loader per prompt (or per nested
 * note): a file already included is not included again, which also stops cycles.
 */
class InstructionReader {
  private readonly included = new Set<string>();
  readonly files: string[] = [];
  readonly notes: string[] = [];
  private readonly sections: string[] = [];

  constructor(private readonly sandbox: InstructionSandbox) {}

  get text(): string {
    return this.sections.join('\n\n');
  }

  /** Read `path` (known to exist) and, depth first, what it imports. `chain`: the files importing it, outermost first. */
  async include(path: string, heading: string, chain: readonly string[]): Promise<void> {
    const root = normalizeAbsolute(this.sandbox.root);
    this.included.add(path);
    let text: string;
    try {
      text = await this.sandbox.fs.readText(path);
    } catch (error) {
      this.notes.push(`${shown(root, path)} could not be read (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    if (text.length > MAX_INSTRUCTION_FILE_CHARS) {
      this.notes.push(`${shown(root, path)} is ${text.length.toLocaleString('en-US')} characters long; only the first ${MAX_INSTRUCTION_FILE_CHARS.toLocaleString('en-US')} were included.`);
      text = text.slice(0, MAX_INSTRUCTION_FILE_CHARS);
    }
    this.files.push(shown(root, path));
    this.sections.push(`Contents of ${shown(root, path)} (${heading}):\n\n${text.trim()}`);
    const here = [...chain, path];
    const folder = path.slice(0, path.lastIndexOf('/')) || '/';
    for (const reference of importReferences(text)) {
      const from = shown(root, path);
      if (reference.startsWith('~/') || reference === '~') {
        this.notes.push(`@${reference} in ${from} was not followed: there is no home directory in the browser sandbox.`);
        continue;
      }
      const target = resolveFrom(folder, reference);
      if (!isWithin(root, target)) {
        this.notes.push(`@${reference} in ${from} was not followed: it is outside the workspace.`);
        continue;
      }
      if (here.includes(target)) {
        const cycle = [...here.slice(here.indexOf(target)), target].map((item) => shown(root, item)).join(' → ');
        this.notes.push(`@${reference} in ${from} was not followed: it imports itself (${cycle}).`);
        continue;
      }
      if (this.included.has(target)) continue; // already included above: once is enough
      if (!(await isFile(this.sandbox.fs, target))) {
        this.notes.push(`@${reference} in ${from} was not followed: ${shown(root, target)} does not exist.`);
        continue;
      }
      if (here.length > MAX_IMPORT_DEPTH) {
        this.notes.push(`@${reference} in ${from} was not followed: imports are followed at most ${MAX_IMPORT_DEPTH} levels deep.`);
        continue;
      }
      await this.include(target, `imported by ${from}`, here);
    }
  }

  result(): LoadedInstructions {
    return { text: this.text, files: [...this.files], notes: [...this.notes] };
  }
}

/** The instruction files of one folder (absolute, normalized), with their imports. */
export async function loadFolderInstructions(sandbox: InstructionSandbox, folder: string, heading: string): Promise<LoadedInstructions> {
  const reader = new InstructionReader(sandbox);
  for (const name of INSTRUCTION_FILES) {
    const path = folder === '/' ? `/${name}` : `${folder}/${name}`;
    if (await isFile(sandbox.fs, path)) await reader.include(path, heading, []);
  }
  return reader.result();
}

function notesText(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `\n\nNot included:\n${notes.map((note) => `- ${note}`).join('\n')}`;
}

/** The "Project instructions" part of the system prompt, from the workspace root; undefined when there are none. */
export async function projectInstructionsPart(sandbox: InstructionSandbox): Promise<SystemPart | undefined> {
  const root = normalizeAbsolute(sandbox.root);
  const loaded = await loadFolderInstructions(sandbox, root, 'project instructions, checked into the workspace');
  if (loaded.files.length === 0 && loaded.notes.length === 0) return undefined;
  const text =
    '# Project instructions\nThe workspace holds instructions for agents working on it. Follow them: they come from the user and their team and take precedence over the defaults above. Files in subfolders may add instructions for that folder; they are shown when you read a file there.\n\n' +
    loaded.text +
    notesText(loaded.notes);
  return { label: 'Project instructions', source: loaded.files.join(', ') || 'workspace root', text };
}

/**
 * The instruction files of subfolders, for the session: when the agent reads a file, the
 * `AGENTS.md`/`CLAUDE.md` of each folder from the root down to that file's folder (root
 * excluded: the system prompt has it) join the conversation once per session.
 */
export class NestedInstructions {
  private readonly seen = new Set<string>();

  /** The note to append to the read of `path` (absolute), or undefined when there is nothing new. */
  async forFile(sandbox: InstructionSandbox, path: string): Promise<string | undefined> {
    const root = normalizeAbsolute(sandbox.root);
    const file = normalizeAbsolute(path);
    if (!isWithin(root, file) || file === root) return undefined;
    const segments = relativeTo(root, file).split('/').slice(0, -1);
    const sections: string[] = [];
    let folder = root;
    for (const segment of segments) {
      folder = folder === '/' ? `/${segment}` : `${folder}/${segment}`;
      if (this.seen.has(folder)) continue;
      this.seen.add(folder);
      const loaded = await loadFolderInstructions(sandbox, folder, `instructions for files under ${shown(root, folder)}/`);
      if (loaded.files.length > 0 || loaded.notes.length > 0) sections.push(loaded.text + notesText(loaded.notes));
    }
    if (sections.length === 0) return undefined;
    return systemReminder(
      `Project instructions for this folder, found next to the file you read. Follow them for files in that folder:\n\n${sections.join('\n\n')}`,
    );
  }

  /** Forget which folders were shown (a new conversation, another sandbox). */
  clear(): void {
    this.seen.clear();
  }
}
