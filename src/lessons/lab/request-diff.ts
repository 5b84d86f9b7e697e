/**
 * What differs between two trajectories' requests, turn by turn: the system prompt's lines, the
 * tools offered, and the messages (each block one line, tool results with their clock times and
 * durations masked, as a replay compares them). Lines are diffed with the `diff` library. No DOM.
 */
import { diffLines } from 'diff';
import type { Message } from '../../models/messages';
import type { ModelRequest } from '../../models/port';
import { comparable, resultText } from '../../agent/replay/compare';

/** A line only one side has: `A` lost it or `B` gained it. */
export interface LineChange {
  side: 'A' | 'B';
  text: string;
}

export interface TurnDiff {
  /** 1-based. */
  turn: number;
  /** Set when only one lane made this request. */
  onlyIn?: 'A' | 'B';
  system: LineChange[];
  toolsOnlyInA: string[];
  toolsOnlyInB: string[];
  messages: LineChange[];
  /** Lines left out of `system` and `messages` (beyond MAX_LINES each). */
  omitted: number;
}

/** Changed lines kept per section of a turn. */
export const MAX_LINES = 40;
/** Characters kept of one line. */
const MAX_LINE_CHARS = 240;

export function diffRequests(a: readonly ModelRequest[], b: readonly ModelRequest[]): TurnDiff[] {
  const turns: TurnDiff[] = [];
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index];
    const right = b[index];
    const turn = index + 1;
    if (left === undefined || right === undefined) {
      turns.push({ turn, onlyIn: left === undefined ? 'B' : 'A', system: [], toolsOnlyInA: [], toolsOnlyInB: [], messages: [], omitted: 0 });
      continue;
    }
    const system = changedLines(left.system, right.system);
    const messages = changedLines(messageLines(left.messages), messageLines(right.messages));
    const namesA = left.tools.map((tool) => tool.name);
    const namesB = right.tools.map((tool) => tool.name);
    turns.push({
      turn,
      system: system.lines,
      toolsOnlyInA: namesA.filter((name) => !namesB.includes(name)),
      toolsOnlyInB: namesB.filter((name) => !namesA.includes(name)),
      messages: messages.lines,
      omitted: system.omitted + messages.omitted,
    });
  }
  return turns;
}

/** Whether a turn's two requests are the same in everything the diff looks at. */
export function sameTurn(diff: TurnDiff): boolean {
  return diff.onlyIn === undefined && diff.system.length === 0 && diff.messages.length === 0 && diff.toolsOnlyInA.length === 0 && diff.toolsOnlyInB.length === 0;
}

/** The lines each side has and the other does not, in order, at most MAX_LINES; blank lines (separators) are left out. */
export function changedLines(a: string, b: string): { lines: LineChange[]; omitted: number } {
  const all: LineChange[] = [];
  // Both end with a newline, so a last line that differs only in having one is the same line.
  for (const change of diffLines(withNewline(a), withNewline(b))) {
    if (!change.added && !change.removed) continue;
    const side = change.removed ? 'A' : 'B';
    for (const text of change.value.split('\n')) if (text.trim() !== '') all.push({ side, text: clip(text) });
  }
  return { lines: all.slice(0, MAX_LINES), omitted: Math.max(0, all.length - MAX_LINES) };
}

/** The messages as text, one line per line of each block, each prefixed with who said it. */
export function messageLines(messages: readonly Message[]): string {
  const lines: string[] = [];
  messages.forEach((message, index) => {
    const head = `#${index + 1} ${message.role}`;
    if (typeof message.content === 'string') {
      lines.push(...prefixed(head, message.content));
      return;
    }
    for (const block of message.content) {
      if (block.type === 'text') lines.push(...prefixed(head, block.text));
      else if (block.type === 'tool_use') lines.push(`${head} tool_use ${block.name} ${JSON.stringify(block.input)}`);
      else if (block.type === 'tool_result') lines.push(...prefixed(`${head} tool_result`, comparable(resultText(block))));
      else if (block.type === 'thinking') lines.push(...prefixed(`${head} thinking`, block.thinking));
      else lines.push(`${head} ${block.type}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function prefixed(head: string, text: string): string[] {
  return text.split('\n').map((line) => `${head}: ${line}`);
}

function clip(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS - 1)}…` : text;
}
