import type { WebContainerProcess } from '@webcontainer/api';
import type { FakeFileSystem } from './fake-webcontainer-fs';
import { normalize } from './fake-webcontainer-fs';
import { FakeKilled, runFakeNode } from './fake-webcontainer-node';

/**
 * A tiny `jsh` for the fake WebContainer, limited to commands the real jsh has: its /bin holds
 * cat, cp, echo, jsh, kill, ls, mkdir, ps, pwd, rmdir (stackblitz/webcontainer-core#1165), and
 * StackBlitz's own Bolt prompt lists touch, rm, mv, env, export, which, true, false, exit… as
 * available. `sleep` and `printf` are NOT there (#1165: "jsh: command not found: sleep"): slow
 * or byte-exact output comes from `node -e` (fake-webcontainer-node.ts), as it must for real.
 * Modelled: echo, exit N, cat, pwd, cd, env, true/false, ls, touch, mkdir -p, rm -rf, node,
 * executables on PATH (a `#!/usr/bin/env node` script runs in the fake node), $VAR expansion,
 * quotes, `;` `&&` `||`, `>`/`>>` redirects. File-descriptor redirections (`2>&1`, `>&2`) are
 * refused: whether jsh has them is not documented, so no test may rely on them.
 * Output follows a pseudo-terminal: LF becomes CRLF, optionally with colour escapes, and it is
 * cut into chunks of `chunkBytes` bytes each decoded on its own, as @webcontainer/api does
 * (`new TextDecoder().decode(chunk)`, not streaming): a UTF-8 character split across two chunks
 * arrives as U+FFFD replacement characters.
 */

export interface FakeProcessBehaviour {
  /** Wrap every write in colour escapes, like tools on a real terminal. */
  ansi: boolean;
  /** kill() is ignored: the process never exits (tests the adapter's kill grace). */
  ignoreKill: boolean;
  /** Delay between the exit and the closing of the output stream (ms); -1: never close it. */
  outputCloseDelayMs: number;
  /**
   * Exit status a killed process reports. Not documented for the real runtime, so the default
   * (143) is deliberately not the 130 our adapter reports: nothing may depend on it.
   */
  killExitCode: number;
  /** kill() returns a rejected promise (a runtime that is gone), as an async bridge call would. */
  killRejects: boolean;
  /** Output bytes per chunk (the pty's reads); multi-byte characters are cut where they fall. */
  chunkBytes: number;
}

export interface ProcessContext {
  fs: FakeFileSystem;
  cwd: string;
  env: Record<string, string>;
  behaviour: FakeProcessBehaviour;
}

const utf8 = new TextEncoder();
const perChunk = new TextDecoder();

/** A running fake process: WebContainerProcess's shape plus what tests want to inspect. */
export class FakeProcess implements WebContainerProcess {
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  readonly exit: Promise<number>;
  readonly resizes: Array<{ cols: number; rows: number }> = [];
  killed = false;
  private controller!: ReadableStreamDefaultController<string>;
  private closed = false;
  private finished = false;
  private resolveExit!: (code: number) => void;
  private readonly killWaiters = new Set<() => void>();
  private line = '';

  constructor(
    private readonly context: ProcessContext,
    /** `jsh -c` text; undefined for an interactive jsh. */
    private readonly script: string | undefined,
    /** A program spawned directly (`spawn('node', [...])`): its argv, given as is, no shell parsing. */
    private readonly argv?: string[],
  ) {
    this.output = new ReadableStream<string>({
      start: (controller) => void (this.controller = controller),
      // A reader that cancels (a terminal that went away) closes it from its side.
      cancel: () => void (this.closed = true),
    });
    this.input = new WritableStream<string>({ write: (chunk) => this.onInput(chunk) });
    this.exit = new Promise<number>((resolve) => (this.resolveExit = resolve));
    // Like the real runtime, output starts after spawn() has returned.
    setTimeout(() => void this.start(), 0);
  }

  kill(): void {
    if (this.context.behaviour.killRejects) {
      this.stop();
      return Promise.reject(new Error('the runtime is gone')) as unknown as undefined;
    }
    this.stop();
  }

  private stop(): void {
    if (this.context.behaviour.ignoreKill) return;
    if (this.killed) return;
    this.killed = true;
    for (const wake of [...this.killWaiters]) wake();
    // An interactive jsh waiting at its prompt dies at once.
    if (this.script === undefined && !this.argv && !this.busy) setTimeout(() => this.finish(this.context.behaviour.killExitCode), 0);
  }

  resize(dimensions: { cols: number; rows: number }): void {
    this.resizes.push(dimensions);
  }

  private async start(): Promise<void> {
    if (this.argv) {
      const argv = this.argv;
      this.finish(await this.guarded(() => this.builtin(argv, (text) => this.write(text))));
      return;
    }
    if (this.script === undefined) {
      this.prompt();
      return;
    }
    const code = await this.runScript(this.script);
    this.finish(code);
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
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
    const bytes = utf8.encode(this.context.behaviour.ansi ? `\x1b[32m${terminal}\x1b[39m` : terminal);
    const size = Math.max(1, this.context.behaviour.chunkBytes);
    for (let start = 0; start < bytes.length; start += size) {
      this.controller.enqueue(perChunk.decode(bytes.subarray(start, start + size)));
    }
  }

  // ── Interactive mode ────────────────────────────────────────────────────────────────

  private prompt(): void {
    this.write('\x1b[35m❯\x1b[0m ');
  }

  private onInput(chunk: string): void {
    if (this.script !== undefined || this.argv || this.closed) return;
    for (const char of chunk) {
      if (char === '\r' || char === '\n') {
        const line = this.line;
        this.line = '';
        this.write('\n');
        this.busy = true;
        void this.runScript(line).then((code) => {
          this.busy = false;
          if (this.exited || this.killed) this.finish(this.killed ? this.context.behaviour.killExitCode : code);
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
  private busy = false;

  // ── The little shell ────────────────────────────────────────────────────────────────

  private async guarded(run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof FakeKilled) return this.context.behaviour.killExitCode;
      throw error;
    }
  }

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
      if (error instanceof FakeKilled) return this.context.behaviour.killExitCode;
      throw error;
    }
  }

  private async runSimple(source: string): Promise<number> {
    if (this.killed) throw new FakeKilled();
    const words = tokenize(source, this.context.env);
    let redirect: { path: string; append: boolean } | undefined;
    const args: string[] = [];
    for (let index = 0; index < words.length; index++) {
      const word = words[index] as string;
      if (/^\d*>&\d*$/.test(word) || /^\d+>>?$/.test(word)) {
        this.write(`jsh: the fake does not model the redirection ${word}\n`);
        return 2;
      }
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
      case 'node':
        return this.node(rest, out);
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
      default: {
        const program = this.onPath(name);
        if (program) return this.node([program, ...rest], out);
        out(`jsh: command not found: ${name}\n`);
        return 127;
      }
    }
  }

  private node(args: string[], out: (text: string) => void): Promise<number> {
    return runFakeNode(args, {
      fs: this.context.fs,
      cwd: this.context.cwd,
      env: this.context.env,
      out,
      onKill: (wake) => {
        this.killWaiters.add(wake);
        return () => this.killWaiters.delete(wake);
      },
      killed: () => this.killed,
    });
  }

  /** A file named `name` in a PATH directory (or the path itself when it has a slash). */
  private onPath(name: string): string | undefined {
    const fs = this.context.fs;
    if (name.includes('/')) return fs.kindAbsolute(this.absolute(name)) === 'file' ? this.absolute(name) : undefined;
    for (const dir of (this.context.env.PATH ?? '').split(':')) {
      if (dir === '') continue;
      const candidate = normalize(`${dir}/${name}`);
      const kind = fs.kindAbsolute(candidate);
      if (kind === 'file' || kind === 'symlink') return candidate;
    }
    return undefined;
  }

  private absolute(path: string): string {
    return normalize(path.startsWith('/') ? path : `${this.context.cwd}/${path}`);
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
