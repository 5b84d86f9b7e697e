import type { ShellSession } from '../port';
import { settleQuietly } from './settle-quietly';
import { createSplitCharacterJoiner } from './split-characters';
import type { WebContainerLike, WebContainerProcessLike } from './types';

/** Output kept for the first subscriber, so a terminal attached late still sees the prompt. */
const BACKLOG_CHARS = 64 * 1024;

/**
 * An interactive `jsh` on a pseudo-terminal, for xterm: output is raw terminal text (escape
 * sequences included), input goes to the process's terminal as typed. When the shell exits
 * (`exit`, or kill) listeners get a last line saying so.
 */
export async function openJshShell(
  wc: WebContainerLike,
  size: { cols: number; rows: number },
  onClosed: (session: ShellSession) => void,
  env: Record<string, string> = {},
): Promise<ShellSession> {
  const process: WebContainerProcessLike = await wc.spawn('jsh', Object.keys(env).length > 0 ? { terminal: size, env } : { terminal: size });
  const listeners = new Set<(data: string) => void>();
  let backlog = '';
  let alive = true;
  const writer = process.input.getWriter();

  const emit = (data: string) => {
    if (listeners.size === 0) {
      backlog = (backlog + data).slice(-BACKLOG_CHARS);
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(data);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  // One `�` per character the library's per-chunk decoding broke (see split-characters.ts).
  const characters = createSplitCharacterJoiner();
  void process.output
    .pipeTo(
      new WritableStream({
        write: (chunk) => {
          const text = characters.push(chunk);
          if (text !== '') emit(text);
        },
        close: () => {
          const rest = characters.flush();
          if (rest !== '') emit(rest);
        },
      }),
    )
    .catch(() => undefined);

  const session: ShellSession = {
    write(data: string): void {
      if (!alive) return;
      writer.write(data).catch(() => undefined);
    },
    onData(listener: (data: string) => void): () => void {
      listeners.add(listener);
      if (backlog !== '') {
        const pending = backlog;
        backlog = '';
        emit(pending);
      }
      return () => listeners.delete(listener);
    },
    resize(cols: number, rows: number): void {
      if (alive && cols > 0 && rows > 0) process.resize({ cols, rows });
    },
    kill(): void {
      if (!alive) return;
      alive = false;
      settleQuietly(() => process.kill()); // Already gone, or the runtime is.
    },
  };

  void process.exit
    .catch(() => undefined)
    .then((code) => {
      alive = false;
      writer.releaseLock();
      emit(`\r\n[shell exited${typeof code === 'number' ? ` with code ${code}` : ''}]\r\n`);
      onClosed(session);
    });

  return session;
}
