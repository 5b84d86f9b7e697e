import type { PreviewError } from '../sandbox/port';

export interface PreviewErrorLogOptions {
  /** Distinct errors kept until the next note; the oldest are dropped first (default 8). */
  maxEntries?: number;
  /** Characters kept of each message (default 400). */
  maxMessageChars?: number;
  /** Stack lines kept per error, after the first line (default 5). */
  maxStackLines?: number;
}

interface Entry {
  error: PreviewError;
  count: number;
}

const KIND_LABELS: Record<PreviewError['kind'], string> = {
  'uncaught-exception': 'Uncaught exception',
  'unhandled-rejection': 'Unhandled promise rejection',
  'console-error': 'console.error',
};

/**
 * Collects errors thrown by preview pages between two model calls and turns them into one
 * short note for the model. Why bounded and deduplicated: a broken page re-renders and logs the
 * same error dozens of times (HMR, render loops); the model needs each distinct error once, with
 * a count, and never a wall of repeats that crowds out the conversation.
 */
export class PreviewErrorLog {
  private readonly entries = new Map<string, Entry>();
  private dropped = 0;
  private readonly maxEntries: number;
  private readonly maxMessageChars: number;
  private readonly maxStackLines: number;

  constructor(options: PreviewErrorLogOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 8);
    this.maxMessageChars = Math.max(40, options.maxMessageChars ?? 400);
    this.maxStackLines = Math.max(0, options.maxStackLines ?? 5);
  }

  add(error: PreviewError): void {
    const key = `${error.kind}\u0000${error.port}\u0000${error.location}\u0000${error.message}`;
    const existing = this.entries.get(key);
    if (existing) {
      // Move it to the end: the newest occurrence decides what is dropped first.
      this.entries.delete(key);
      this.entries.set(key, { error, count: existing.count + 1 });
      return;
    }
    this.entries.set(key, { error, count: 1 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
      this.dropped += 1;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.dropped = 0;
  }

  /** The note for the model, or undefined when nothing happened; the log is empty afterwards. */
  drainNote(): string | undefined {
    if (this.entries.size === 0) return undefined;
    const lines = [
      'The app preview reported errors since the last message (oldest first). They come from the page the user sees in the preview panel; if the cause is in the workspace, fix it and check the preview again.',
    ];
    for (const { error, count } of this.entries.values()) lines.push(this.describe(error, count));
    if (this.dropped > 0) lines.push(`(${this.dropped} older distinct error${this.dropped === 1 ? '' : 's'} not shown)`);
    this.clear();
    return lines.join('\n');
  }

  private describe(error: PreviewError, count: number): string {
    const times = count > 1 ? ` (×${count})` : '';
    const head = `- ${KIND_LABELS[error.kind]}${times} on port ${error.port} at ${error.location || '/'}: ${clip(oneLine(error.message), this.maxMessageChars)}`;
    const stack = this.stackLines(error);
    return stack.length > 0 ? `${head}\n${stack.map((line) => `    ${line}`).join('\n')}` : head;
  }

  /** The frames of the stack: V8 starts it with a `Name: message` line that repeats the message. */
  private stackLines(error: PreviewError): string[] {
    if (!error.stack || this.maxStackLines === 0) return [];
    const lines = error.stack
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const frames = lines[0] !== undefined && !looksLikeFrame(lines[0]) ? lines.slice(1) : lines;
    const kept = frames.slice(0, this.maxStackLines).map((line) => clip(line, 200));
    if (frames.length > kept.length) kept.push(`… ${frames.length - kept.length} more frame${frames.length - kept.length === 1 ? '' : 's'}`);
    return kept;
  }
}

/** `at fn (url:1:2)` (V8) or `fn@url:1:2` (Firefox, Safari). */
function looksLikeFrame(line: string): boolean {
  return line.startsWith('at ') || /@\S+:\d+/.test(line);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
