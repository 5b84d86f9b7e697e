import type { WebContainerProcess } from '@webcontainer/api';
import type { FakeFileSystem } from './fake-webcontainer-fs';
import { normalize } from './fake-webcontainer-fs';

/**
 * A tiny `jsh` for the fake WebContainer: enough shell to drive the adapter (echo, printf,
 * exit N, cat, pwd, cd, sleep, env, true/false, ls, touch, mkdir -p, rm -rf, $VAR expansion,
 * quotes, `;` `&&` `||`, `>`/`>>` redirects; `2>&1`, `>&2` and `1>&2` are accepted and change
 * nothing because, like on a real pty, stdout and stderr share one stream). Output follows a
 * pseudo-terminal: LF becomes CRLF, optionally with colour escapes around each write.
 */

export interface FakeProcessBehaviour {
  /** Wrap every write in colour escapes, like tools on a real terminal. */
  ansi: boolean;
  /** kill() is ignored: the process never exits (tests the adapter's kill grace). */
  ignoreKill: boolean;
  /** Delay between the exit and the closing of the output stream (ms); -1: never close it. */
  outputCloseDelayMs: number;
}

export interface ProcessContext {
  fs: FakeFileSystem;
  cwd: string;
  env: Record<string, string>;
  behaviour: FakeProcessBehaviour;
}

class Killed extends Error {}

/** A running fake process: WebContainerProcess's shape plus what tests want to inspect. */
export class FakeProcess implements WebContainerProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  readonly resizes: Array<{ cols: number; rows: number }> = [];
  killed = false;
  private controller!: ReadableStreamDefaultController<string>;
  private closed = false;
  private resolveExit!: (code: number) => void;
  private readonly killWaiters = new Set<() => void>();
  private line = '';

  constructor(
    private readonly context: ProcessContext,
    private readonly script: string | undefined,
  ) {
    this.output = new ReadableStream<string>({ start: (controller) => void (this.controller = controller) });
    this.input = new WritableStream<string>({ write: (chunk) => this.onInput(chunk) });
    this.exit = new Promise<number>((resolve) => (this.resolveExit = resolve));
    // Like the real runtime, output starts after spawn() has returned.
    setTimeout(() => void this.start(), 0);
  }

  kill(): void {
    if (this.context.behaviour.ignoreKill) return;
    this.killed = true;
    for (const wake of [...this.killWaiters]) wake();
  }

  resize(dimensions: { cols: number; rows: number }): void {
    this.resizes.push(dimensions);
  }

  private async start(): Promise<void> {
    if (this.script === undefined) {
      this.prompt();
      return;
    }
    const code = await this.runScript(this.script);
    this.finish(code);
  }

  private finish(code: number): void {
    this.resolveExit(code);
    const delay = this.context.behaviour.outputCloseDelayMs;
    if (delay >= 0) setTimeout(() => this.closeOutput(), delay);
  }

  private closeOutput(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  private write(text: string): void {
    if (this.closed || text === '') return;
    const terminal = text.replace(/\r?\n/g, '\r\n');
    this.controller.enqueue(this.context.behaviour.ansi ? `\x1b[32m${terminal}\x1b[39m` : terminal);
  }

  // ── Interactive mode ────────────────────────────────────────────────────────────────

  private prompt(): void {
    this.write('\x1b[35m❯\x1b[0m ');
  }

  private onInput(chunk: string): void {
    if (this.script !== undefined || this.closed) return;
    for (const char of chunk) {
      if (char === '\r' || char === '\n') {
        const line = this.line;
        this.line = '';
        this.write('\n');
        void this.runScript(line).then((code) => {
          if (this.exited) this.finish(code);
          else this.prompt();
        });
      } else if (char === '\x03') {
        this.line = '';
        this.write('^C\n');
        this.prompt();
      } else if (char === '\x7f') {
        if (this.line !== '') {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else {
        this.line += char;
        this.write(char); // The pty echoes what is typed.
      }
    }
  }

  private exited = false;

  // ── The little shell ────────────────────────────────────────────────────────────────

  private async runScript(script: string): Promise<number> {
    let status = 0;
    try {
      for (const { command, connector } of splitList(script)) {
        if (connector === '&&' && status !== 0) continue;
        if (connector === '||' && status === 0) continue;
        status = await this.runSimple(command);
        if (this.exited) return status;
      }
      return status;
    } catch (error) {
      if (error instanceof Killed) return 130;
      throw error;
    }
  }

  private async runSimple(source: string): Promise<number> {
    if (this.killed) throw new Killed();
    const words = tokenize(source, this.context.env);
    let redirect: { path: string; append: boolean } | undefined;
    const args: string[] = [];
    for (let index = 0; index < words.length; index++) {
      const word = words[index] as string;
      if (word === '2>&1' || word === '>&2' || word === '1>&2') continue;
      if (word === '>' || word === '>>') {
        redirect = { path: this.absolute(words[index + 1] ?? ''), append: word === '>>' };
        index++;
        continue;
      }
      args.push(word);
    }
    if (args.length === 0) return 0;
    let captured = '';
    const out = (text: string) => {
      if (redirect) captured += text;
      else this.write(text);
    };
    const status = await this.builtin(args, out);
    if (redirect) {
      const before = redirect.append && this.context.fs.kindAbsolute(redirect.path) === 'file'
        ? new TextDecoder().decode(this.context.fs.readAbsolute(redirect.path))
        : '';
      this.context.fs.writeAbsolute(redirect.path, before + captured);
    }
    return status;
  }

  private async builtin(args: string[], out: (text: string) => void): Promise<number> {
    const [name, ...rest] = args as [string, ...string[]];
    const fs = this.context.fs;
    switch (name) {
      case 'echo': {
        const newline = rest[0] !== '-n';
        out(`${(newline ? rest : rest.slice(1)).join(' ')}${newline ? '\n' : ''}`);
        return 0;
      }
      case 'printf':
        out((rest[0] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\e|\\033/g, '\x1b'));
        return 0;
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'exit':
        this.exited = true;
        return Number(rest[0] ?? '0') || 0;
      case 'pwd':
        out(`${this.context.cwd}\n`);
        return 0;
      case 'cd': {
        const target = this.absolute(rest[0] ?? this.context.env.HOME ?? '/');
        if (fs.kindAbsolute(target) !== 'dir') {
          out(`jsh: cd: ${rest[0]}: no such directory\n`);
          return 1;
        }
        this.context.cwd = target;
        return 0;
      }
      case 'env':
        for (const key of Object.keys(this.context.env).sort()) out(`${key}=${this.context.env[key]}\n`);
        return 0;
      case 'sleep':
        await this.sleep(Number(rest[0] ?? '0') * 1000);
        return 0;
      case 'cat': {
        let status = 0;
        for (const file of rest) {
          try {
            out(new TextDecoder().decode(fs.readAbsolute(this.absolute(file))));
          } catch (error) {
            out(`cat: ${file}: ${String((error as Error).message).split(',')[0]?.replace(/^E[A-Z]+: /, '')}\n`);
            status = 1;
          }
        }
        return status;
      }
      case 'ls': {
        try {
          for (const entry of fs.listAbsolute(this.absolute(rest[0] ?? '.')).sort()) out(`${entry}\n`);
          return 0;
        } catch {
          out(`ls: cannot access '${rest[0]}': No such file or directory\n`);
          return 2;
        }
      }
      case 'touch':
        for (const file of rest) {
          const path = this.absolute(file);
          if (fs.kindAbsolute(path) === undefined) fs.writeAbsolute(path, '');
        }
        return 0;
      case 'mkdir':
        for (const dir of rest.filter((arg) => arg !== '-p')) fs.mkdirAbsolute(this.absolute(dir), true);
        return 0;
      case 'rm':
        for (const path of rest.filter((arg) => !arg.startsWith('-'))) fs.rmAbsolute(this.absolute(path), true, true);
        return 0;
      default:
        out(`jsh: command not found: ${name}\n`);
        return 127;
    }
  }

  private absolute(path: string): string {
    return normalize(path.startsWith('/') ? path : `${this.context.cwd}/${path}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.killed) return reject(new Killed());
      const wake = () => {
        clearTimeout(timer);
        this.killWaiters.delete(wake);
        reject(new Killed());
      };
      const timer = setTimeout(() => {
        this.killWaiters.delete(wake);
        resolve();
      }, ms);
      this.killWaiters.add(wake);
    });
  }
}

/** Splits `a; b && c || d` into commands with the connector before each. */
function splitList(script: string): Array<{ command: string; connector: ';' | '&&' | '||' }> {
  const parts: Array<{ command: string; connector: ';' | '&&' | '||' }> = [];
  let current = '';
  let connector: ';' | '&&' | '||' = ';';
  let quote: string | undefined;
  for (let index = 0; index < script.length; index++) {
    const char = script[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      current += char;
      continue;
    }
    const two = script.slice(index, index + 2);
    if (two === '&&' || two === '||' || char === ';' || char === '\n') {
      if (current.trim() !== '') parts.push({ command: current.trim(), connector });
      connector = two === '&&' || two === '||' ? two : ';';
      current = '';
      if (two === '&&' || two === '||') index++;
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push({ command: current.trim(), connector });
  return parts;
}

/** Words with quotes removed and `$VAR` / `${VAR}` expanded (not inside single quotes). */
function tokenize(source: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
      continue;
    }
    if (char === '$' && /[A-Za-z_{]/.test(source[index + 1] ?? '')) {
      const match = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(source.slice(index)) as RegExpExecArray;
      word += env[match[1] ?? match[2] ?? ''] ?? '';
      inWord = true;
      index += match[0].length - 1;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
      continue;
    }
    if (char === ' ' || char === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += char;
    inWord = true;
  }
  if (inWord) words.push(word);
  return words;
}
