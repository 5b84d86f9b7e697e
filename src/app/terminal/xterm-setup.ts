/** xterm + fit addon, loaded lazily (never on the first paint). */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { ShellSession } from '../../sandbox/port';

export interface TerminalHandle {
  fit(): void;
  focus(): void;
  readonly cols: number;
  readonly rows: number;
  /** Connect a shell: keystrokes go to it, its output to the screen. */
  attach(shell: ShellSession): void;
  destroy(): void;
}

export function createTerminal(host: HTMLElement): TerminalHandle {
  const term = new Terminal({
    fontFamily: "'JetBrains Mono', ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    fontSize: 13,
    lineHeight: 1.25,
    cursorBlink: true,
    cursorStyle: 'bar',
    scrollback: 5000,
    allowProposedApi: false,
    theme: {
      background: '#0a0f1c',
      foreground: '#cbd5e1',
      cursor: '#38bdf8',
      cursorAccent: '#0a0f1c',
      selectionBackground: 'rgba(56, 189, 248, 0.3)',
      black: '#1e293b',
      red: '#f87171',
      green: '#34d399',
      yellow: '#fbbf24',
      blue: '#60a5fa',
      magenta: '#c084fc',
      cyan: '#38bdf8',
      white: '#e2e8f0',
      brightBlack: '#475569',
      brightRed: '#fca5a5',
      brightGreen: '#6ee7b7',
      brightYellow: '#fde68a',
      brightBlue: '#93c5fd',
      brightMagenta: '#d8b4fe',
      brightCyan: '#7dd3fc',
      brightWhite: '#f8fafc',
    },
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(host);
  const textarea = host.querySelector('textarea');
  textarea?.setAttribute('aria-label', 'Terminal input');
  try {
    fitAddon.fit();
  } catch {
    // host not laid out yet; the ResizeObserver fits later
  }

  const cleanups: Array<() => void> = [];
  let shell: ShellSession | null = null;

  return {
    fit() {
      try {
        fitAddon.fit();
      } catch {
        // hidden or zero-sized
      }
    },
    focus: () => term.focus(),
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    attach(session) {
      shell = session;
      cleanups.push(session.onData((data) => term.write(data)));
      const input = term.onData((data) => session.write(data));
      const resize = term.onResize(({ cols, rows }) => session.resize(cols, rows));
      cleanups.push(
        () => input.dispose(),
        () => resize.dispose(),
      );
    },
    destroy() {
      for (const cleanup of cleanups) cleanup();
      shell?.kill();
      term.dispose();
    },
  };
}
