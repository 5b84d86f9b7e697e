/**
 * The memory part of the system prompt: how to use the Memory tool, and the index of every
 * entry (one line each, `name — description`, like Claude Code's MEMORY.md), bounded so a
 * large memory cannot crowd out the conversation. No DOM.
 */
import { memoryAge, type MemoryEntry } from '../store/memory-store';
import type { SystemPart } from './system-prompt';

/** The index keeps at most this many entry lines… */
export const MEMORY_INDEX_MAX_LINES = 200;
/** …and at most this many characters of them. */
export const MEMORY_INDEX_MAX_CHARS = 25_000;

/** One index line: `- name — description`, with the type and, after a day, the age. */
export function memoryIndexLine(entry: MemoryEntry, now: number): string {
  const age = memoryAge(entry.updated, now);
  const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
  return `- ${oneLine(entry.name)} — ${oneLine(entry.description)} (${entry.type}${age ? `; ${age}` : ''})`;
}

export interface MemoryIndex {
  lines: string[];
  /** Entries left out of the index (the oldest), by the line or size bound. */
  cut: number;
}

/** The index lines of `entries` (most recently updated first), cut to the bounds. */
export function memoryIndex(entries: readonly MemoryEntry[], now: number, bounds = { maxLines: MEMORY_INDEX_MAX_LINES, maxChars: MEMORY_INDEX_MAX_CHARS }): MemoryIndex {
  const sorted = [...entries].sort((a, b) => b.updated - a.updated || a.name.localeCompare(b.name));
  const lines: string[] = [];
  let chars = 0;
  for (const entry of sorted) {
    const line = memoryIndexLine(entry, now);
    if (lines.length >= bounds.maxLines || chars + line.length + 1 > bounds.maxChars) break;
    lines.push(line);
    chars += line.length + 1;
  }
  return { lines, cut: sorted.length - lines.length };
}

const MEMORY_GUIDE = `# Memory
You have a long-term memory that outlives this conversation and this workspace, kept in the user's browser. Use the Memory tool to manage it.
- When the user asks you to remember something ("remember that…", "from now on…", "don't forget…"), save it at once with Memory action "save": a short unique name, a one-line description, a type, and the body. Then say briefly what you saved.
- Types: user (who the user is, their role and preferences), feedback (how they want you to work: corrections, do's and don'ts), project (facts about their projects that are not in the code), reference (where to find things: docs, URLs, commands).
- Save on your own only what will clearly matter in later conversations; never save secrets, keys or passwords, nor what is already in the code or in AGENTS.md.
- Before saving, check the index below: update an existing entry (save with its name) instead of adding a near-duplicate. Delete entries that turn out wrong or that the user asks you to forget.
- The index shows one line per entry; read an entry's body with action "view" and its name when it is relevant to the task. A memory is what was true when it was saved: an entry marked "saved N days ago" may be out of date, so check it against the workspace before relying on it.`;

/** The memory part of the system prompt. */
export function memoryPart(entries: readonly MemoryEntry[], now: number, problem?: string): SystemPart {
  const index = memoryIndex(entries, now);
  const lines =
    entries.length === 0
      ? ['## Index (MEMORY.md)', '(no memories saved yet)']
      : [
          '## Index (MEMORY.md)',
          ...index.lines,
          ...(index.cut > 0
            ? [
                `(${index.cut} older ${index.cut === 1 ? 'entry was' : 'entries were'} cut from this index to keep it short; Memory action "view" without a name lists every entry, and with a name shows one.)`,
              ]
            : []),
        ];
  const notice = problem ? [`Note: ${problem}`] : [];
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  return { label: 'Memory', source: `long-term memory (${count}${index.cut > 0 ? `, ${index.cut} cut from the index` : ''})`, text: [MEMORY_GUIDE, ...notice, lines.join('\n')].join('\n\n') };
}
