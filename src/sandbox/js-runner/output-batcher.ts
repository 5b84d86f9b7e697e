import type { OutputPart, OutputStream } from './runner-protocol';

/** Post at most this often while output keeps coming (the first write goes at once). */
const POST_EVERY_MS = 20;
/** ... unless this much text is waiting. */
const POST_AT_CHARS = 64 * 1024;

/**
 * Coalesces a program's writes into few messages. Why: `for (;;) console.log(i++)` writes millions
 * of times; one message each would flood the page's event loop, which is what the worker is there
 * to protect. Order across stdout and stderr is kept. Time is checked on each write and on each
 * tick from the interrupt handler, since a busy worker runs no timers.
 */
export class OutputBatcher {
  private parts: OutputPart[] = [];
  private waitingChars = 0;
  private lastPost = Number.NEGATIVE_INFINITY;

  constructor(private readonly post: (parts: OutputPart[]) => void) {}

  add(stream: OutputStream, text: string): void {
    if (text === '') return;
    const last = this.parts[this.parts.length - 1];
    if (last && last.stream === stream) last.text += text;
    else this.parts.push({ stream, text });
    this.waitingChars += text.length;
    if (this.waitingChars >= POST_AT_CHARS) this.flush();
    else this.tick();
  }

  /** Posts what waits if it has waited long enough. */
  tick(): void {
    if (this.parts.length > 0 && performance.now() - this.lastPost >= POST_EVERY_MS) this.flush();
  }

  /** Posts what waits now (before file changes and the end of the run, so the order holds). */
  flush(): void {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.waitingChars = 0;
    this.lastPost = performance.now();
    this.post(parts);
  }
}
