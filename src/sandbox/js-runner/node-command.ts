import type { ByteString, Command } from 'just-bash';
import { justBashWorkspaceFs } from './just-bash-fs';
import { MAX_CAPTURED_OUTPUT_CHARS } from './limits';
import type { PreloadOptions } from './types';

export interface NodeCommandOptions {
  /** Wall-clock limit per run (default 10 s). */
  timeoutMs?: number;
  /** QuickJS heap limit per run (default 64 MiB). */
  memoryLimitBytes?: number;
  /** What part of the shell's fs a program sees (default: everything but /bin, /usr, /dev, /proc, /sys). */
  preload?: PreloadOptions;
}

/**
 * The `node` command for the offline sandbox (just-bash): `createOfflineSandbox({ commands:
 * [createNodeCommand()] })`. The runner, its guest code and QuickJS load on the first `node`.
 */
export function createNodeCommand(options: NodeCommandOptions = {}): Command {
  return {
    name: 'node',
    async execute(args, ctx) {
      const { runNode } = await import('./run-node');
      const stdout = new CappedText('stdout');
      const stderr = new CappedText('stderr');
      const env = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
      const result = await runNode({
        argv: args,
        cwd: ctx.cwd,
        env,
        fs: justBashWorkspaceFs(ctx.fs),
        stdout: (text) => stdout.append(text),
        stderr: (text) => stderr.append(text),
        stdin: decodeStdin(ctx.stdin),
        timeoutMs: options.timeoutMs,
        memoryLimitBytes: options.memoryLimitBytes,
        preload: options.preload,
        signal: ctx.signal,
      });
      return { stdout: stdout.text(), stderr: stderr.text(), exitCode: result.exitCode };
    },
  };
}

/**
 * just-bash carries stdin as a byte string (one char per byte, 0–255). Its own decoder
 * (decodeBytesToUtf8) is missing from the browser build, so the bytes are decoded here: UTF-8,
 * or the bytes as they are when they are not valid UTF-8 (as just-bash does).
 */
function decodeStdin(stdin: ByteString): string {
  const raw: unknown = stdin;
  if (typeof raw !== 'string' || raw.length === 0) return '';
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i) & 0xff;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return raw;
  }
}

/** just-bash returns output when the command ends, so it is collected here, up to a cap. */
class CappedText {
  private readonly parts: string[] = [];
  private length = 0;
  private dropped = 0;

  constructor(private readonly stream: string) {}

  append(text: string): void {
    const room = MAX_CAPTURED_OUTPUT_CHARS - this.length;
    if (room <= 0) {
      this.dropped += text.length;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    this.parts.push(kept);
    this.length += kept.length;
    this.dropped += text.length - kept.length;
  }

  text(): string {
    const joined = this.parts.join('');
    if (this.dropped === 0) return joined;
    return `${joined}\n[node: ${this.dropped} more characters of ${this.stream} were dropped (offline sandbox output limit)]\n`;
  }
}
