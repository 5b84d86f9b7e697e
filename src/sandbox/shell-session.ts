import { applyKey, createLineEditor, insertText, renderLine, splitKeys, type LineEditorState } from './line-editor';
import type { Completion } from './tab-completion';
import type { ShellSession } from './port';

/** What carries from one command to the next: a real shell keeps these in its process. */
export interface ShellState {
  cwd: string;
  env: Record<string, string>;
}

export interface ShellRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the signal stopped the command (Ctrl+C). */
  aborted: boolean;
  /** cwd and variables after the command. */
  state: ShellState;
}

/** Runs one command line starting from `state`; the session owns the state between commands. */
export type ShellCommandRunner = (command: string, state: ShellState, signal: AbortSignal) => Promise<ShellRunResult>;

/** Completes the text before the cursor (Tab); see ./tab-completion.ts. */
export type ShellCompleter = (before: string, state: ShellState) => Promise<Completion>;

export interface ShellSessionOptions {
  run: ShellCommandRunner;
  state: ShellState;
  /** Tab completion; without it Tab does nothing. */
  complete?: ShellCompleter;
}

const CLEAR_SCREEN = '\x1b[H\x1b[2J';
const BELL = '\x07';

/**
 * An interactive terminal session over a command runner that executes one command line at a
 * time (the offline sandbox's just-bash). Line editing happens here, not in the runner; output
 * uses `\r\n` as xterm expects. Input typed while a command runs is queued and replayed at the
 * next prompt, so a multi-line paste runs line by line; Ctrl+C interrupts the running command
 * and drops that queue.
 */
export function createShellSession(options: ShellSessionOptions): ShellSession {
  return new LineShellSession(options);
}

class LineShellSession implements ShellSession {
  private readonly listeners = new Set<(data: string) => void>();
  /** Output produced before anyone listens (the first prompt), delivered to the first listener. */
  private unheard = '';
  private editor: LineEditorState = createLineEditor();
  private state: ShellState;
  private running: AbortController | undefined;
  private typeahead = '';
  /** A Tab completion is being looked up: keys typed meanwhile wait for it. */
  private completing = false;
  private killed = false;

  constructor(private readonly options: ShellSessionOptions) {
    this.state = { cwd: options.state.cwd, env: { ...options.state.env } };
    this.output(this.prompt());
  }

  write(data: string): void {
    if (this.killed) return;
    if (this.running) {
      if (data.includes('\x03')) {
        this.typeahead = '';
        this.output('^C\r\n');
        this.running.abort();
      } else {
        this.typeahead += data;
      }
      return;
    }
    if (this.completing) {
      this.typeahead += data;
      return;
    }
    this.handleInput(data);
  }

  onData(listener: (data: string) => void): () => void {
    this.listeners.add(listener);
    if (this.unheard !== '') {
      const pending = this.unheard;
      this.unheard = '';
      listener(pending);
    }
    return () => this.listeners.delete(listener);
  }

  resize(_cols: number, _rows: number): void {
    // Nothing to do: just-bash's output does not depend on the terminal size.
  }

  kill(): void {
    this.killed = true;
    this.running?.abort();
    this.typeahead = '';
    this.listeners.clear();
  }

  private handleInput(data: string): void {
    const keys = splitKeys(data);
    for (let index = 0; index < keys.length; index += 1) {
      const step = applyKey(this.editor, keys[index] as string);
      this.editor = step.state;
      this.output(step.echo);
      const action = step.action;
      if (action.type === 'submit') {
        // Whatever follows the Enter (a paste) waits for the command to finish.
        this.typeahead = keys.slice(index + 1).join('') + this.typeahead;
        void this.runLine(action.line);
        return;
      }
      if (action.type === 'complete' && this.options.complete) {
        this.typeahead = keys.slice(index + 1).join('') + this.typeahead;
        void this.completeWord(action.before, this.options.complete);
        return;
      }
      if (action.type === 'interrupt') this.output(this.prompt());
      if (action.type === 'clear') this.output(CLEAR_SCREEN + this.prompt() + renderLine(this.editor));
    }
  }

  private async runLine(line: string): Promise<void> {
    if (line.trim() !== '') {
      const controller = new AbortController();
      this.running = controller;
      let result: ShellRunResult | undefined;
      try {
        result = await this.options.run(line, this.state, controller.signal);
      } catch (error) {
        this.output(toTerminal(`${error instanceof Error ? error.message : String(error)}\n`));
      } finally {
        this.running = undefined;
      }
      if (this.killed) return;
      // An interrupted command already printed ^C; its partial state is not kept.
      if (result && !result.aborted) {
        this.state = result.state;
        const text = result.stdout + result.stderr;
        this.output(toTerminal(result.stdout) + toTerminal(result.stderr));
        if (text !== '' && !text.endsWith('\n')) this.output('\r\n');
      }
    }
    if (this.killed) return;
    this.output(this.prompt());
    const queued = this.typeahead;
    this.typeahead = '';
    if (queued !== '') this.handleInput(queued);
  }

  private async completeWord(before: string, completer: ShellCompleter): Promise<void> {
    this.completing = true;
    let completion: Completion = { insert: '', options: [] };
    try {
      completion = await completer(before, this.state);
    } catch {
      // A completion that fails completes nothing.
    }
    this.completing = false;
    if (this.killed) return;
    if (completion.insert !== '') {
      const step = insertText(this.editor, completion.insert);
      this.editor = step.state;
      this.output(step.echo);
    } else if (completion.options.length > 1) {
      // Like bash's second Tab: list the candidates, then the prompt and the line again.
      this.output('\r\n' + completion.options.join('  ') + '\r\n' + this.prompt() + renderLine(this.editor));
    } else {
      this.output(BELL);
    }
    const queued = this.typeahead;
    this.typeahead = '';
    if (queued !== '') this.handleInput(queued);
  }

  private prompt(): string {
    return `\x1b[1;34m${this.state.cwd}\x1b[0m $ `;
  }

  private output(data: string): void {
    if (data === '' || this.killed) return;
    if (this.listeners.size === 0) {
      this.unheard += data;
      return;
    }
    for (const listener of [...this.listeners]) listener(data);
  }
}

/** xterm needs CR LF to return to column 0. */
function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
