import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { SandboxError, type FsChange, type Sandbox, type ShellSession } from '../../../src/sandbox/port';
import { expectCompleteDescription } from './description-contract';

/**
 * The behaviour every Sandbox adapter must have. Call it from an adapter's test file:
 *   runSandboxContract('offline', () => createOfflineSandbox());
 * `makeSandbox` must return a fresh sandbox with an empty workspace; the suite disposes it.
 * Only commands every sandbox's shell has are used (echo, cat, pwd, mkdir, touch, rm, cd, exit):
 * WebContainer's jsh is not bash (no sleep, no printf, fd redirections undocumented), so a
 * slow command or a write to stderr is `node -e` where the sandbox runs node (see `scripts`).
 * Waits poll, so adapters whose watch events or shell output arrive asynchronously pass too.
 */
export function runSandboxContract(name: string, makeSandbox: () => Promise<Sandbox>): void {
  describe(`Sandbox contract: ${name}`, () => {
    let sandbox: Sandbox;
    const at = (relative: string) => (sandbox.root === '/' ? `/${relative}` : `${sandbox.root}/${relative}`);

    beforeEach(async () => {
      sandbox = await makeSandbox();
    });
    /** Shell lines for what plain echo cannot do: node where the sandbox has it, else bash. */
    const scripts = {
      slowThenFinished: () =>
        sandbox.capabilities.node ? `node -e "setTimeout(() => console.log('finished'), 5000)"` : 'sleep 5; echo finished',
      toStderr: (text: string) => (sandbox.capabilities.node ? `node -e "console.error('${text}')"` : `echo ${text} >&2`),
    };
    afterEach(async () => {
      await sandbox.dispose();
    });

    it('describes itself completely', () => {
      expectCompleteDescription(sandbox);
    });

    describe('fs', () => {
      it('writes and reads text, including non-ASCII', async () => {
        await sandbox.fs.write(at('hello.txt'), 'héllo ✓\nline two\n');
        expect(await sandbox.fs.readText(at('hello.txt'))).toBe('héllo ✓\nline two\n');
        expect(await sandbox.fs.readBytes(at('hello.txt'))).toEqual(new TextEncoder().encode('héllo ✓\nline two\n'));
      });

      it('round-trips every byte value through write and readBytes', async () => {
        const bytes = Uint8Array.from({ length: 256 }, (_, index) => 255 - index);
        await sandbox.fs.write(at('all-bytes.bin'), bytes);
        const read = await sandbox.fs.readBytes(at('all-bytes.bin'));
        expect(read).toBeInstanceOf(Uint8Array);
        expect(Array.from(read)).toEqual(Array.from(bytes));
      });

      it('overwrites an existing file', async () => {
        await sandbox.fs.write(at('f.txt'), 'first version, longer');
        await sandbox.fs.write(at('f.txt'), 'second');
        expect(await sandbox.fs.readText(at('f.txt'))).toBe('second');
      });

      it('creates missing parent directories on write', async () => {
        await sandbox.fs.write(at('deep/er/still/file.txt'), 'x');
        expect(await sandbox.fs.readText(at('deep/er/still/file.txt'))).toBe('x');
        expect((await sandbox.fs.stat(at('deep/er'))).kind).toBe('directory');
      });

      it('lists a directory with entry kinds', async () => {
        await sandbox.fs.write(at('list/a.txt'), 'a');
        await sandbox.fs.write(at('list/sub/b.txt'), 'b');
        await sandbox.fs.mkdir(at('list/empty'));
        const entries = (await sandbox.fs.list(at('list'))).sort((x, y) => x.name.localeCompare(y.name));
        expect(entries).toEqual([
          { name: 'a.txt', kind: 'file' },
          { name: 'empty', kind: 'directory' },
          { name: 'sub', kind: 'directory' },
        ]);
      });

      it('stats files and directories', async () => {
        const before = Date.now();
        await sandbox.fs.write(at('s/data.txt'), 'héllo');
        const file = await sandbox.fs.stat(at('s/data.txt'));
        expect(file.kind).toBe('file');
        expect(file.size).toBe(6);
        expect(typeof file.mtimeMs).toBe('number');
        expect(file.mtimeMs).toBeGreaterThan(before - 60_000);
        expect((await sandbox.fs.stat(at('s'))).kind).toBe('directory');
        expect((await sandbox.fs.lstat(at('s/data.txt'))).kind).toBe('file');
        expect((await sandbox.fs.lstat(at('s'))).kind).toBe('directory');
      });

      it('mkdir creates nested directories and accepts an existing one', async () => {
        await sandbox.fs.mkdir(at('m/n/o'));
        expect((await sandbox.fs.stat(at('m/n/o'))).kind).toBe('directory');
        await expect(sandbox.fs.mkdir(at('m/n/o'))).resolves.toBeUndefined();
        await expect(sandbox.fs.mkdir(at('m'))).resolves.toBeUndefined();
      });

      it('rm removes files and whole directory trees', async () => {
        await sandbox.fs.write(at('r/one.txt'), '1');
        await sandbox.fs.write(at('r/nested/two.txt'), '2');
        await sandbox.fs.rm(at('r/one.txt'));
        expect(await sandbox.fs.exists(at('r/one.txt'))).toBe(false);
        await sandbox.fs.rm(at('r'));
        expect(await sandbox.fs.exists(at('r'))).toBe(false);
        expect(await sandbox.fs.exists(at('r/nested/two.txt'))).toBe(false);
      });

      it('renames files and directories', async () => {
        await sandbox.fs.write(at('old.txt'), 'content');
        await sandbox.fs.rename(at('old.txt'), at('new.txt'));
        expect(await sandbox.fs.exists(at('old.txt'))).toBe(false);
        expect(await sandbox.fs.readText(at('new.txt'))).toBe('content');

        await sandbox.fs.write(at('dir-a/inner/file.txt'), 'inside');
        await sandbox.fs.rename(at('dir-a'), at('dir-b'));
        expect(await sandbox.fs.exists(at('dir-a'))).toBe(false);
        expect(await sandbox.fs.readText(at('dir-b/inner/file.txt'))).toBe('inside');
      });

      it('reports existence', async () => {
        expect(await sandbox.fs.exists(at('nothing-here'))).toBe(false);
        await sandbox.fs.write(at('here.txt'), '');
        expect(await sandbox.fs.exists(at('here.txt'))).toBe(true);
        expect(await sandbox.fs.exists(sandbox.root)).toBe(true);
      });

      it('fails with ENOENT for missing paths', async () => {
        await expectSandboxError(sandbox.fs.readText(at('missing.txt')), 'ENOENT');
        await expectSandboxError(sandbox.fs.readBytes(at('missing.bin')), 'ENOENT');
        await expectSandboxError(sandbox.fs.stat(at('missing')), 'ENOENT');
        await expectSandboxError(sandbox.fs.lstat(at('missing')), 'ENOENT');
        await expectSandboxError(sandbox.fs.list(at('missing-dir')), 'ENOENT');
        await expectSandboxError(sandbox.fs.rm(at('missing')), 'ENOENT');
        await expectSandboxError(sandbox.fs.rename(at('missing'), at('elsewhere')), 'ENOENT');
      });

      it('fails with EISDIR when treating a directory as a file', async () => {
        await sandbox.fs.mkdir(at('a-dir'));
        await expectSandboxError(sandbox.fs.readText(at('a-dir')), 'EISDIR');
        await expectSandboxError(sandbox.fs.write(at('a-dir'), 'x'), 'EISDIR');
        expect((await sandbox.fs.stat(at('a-dir'))).kind).toBe('directory');
      });

      it('fails with ENOTDIR when listing a file', async () => {
        await sandbox.fs.write(at('plain.txt'), 'x');
        await expectSandboxError(sandbox.fs.list(at('plain.txt')), 'ENOTDIR');
      });
    });

    describe('exec', () => {
      it('returns stdout, stderr and the exit code', async () => {
        const ok = await sandbox.exec('echo hello');
        expect(ok).toEqual({ exitCode: 0, stdout: 'hello\n', stderr: '', timedOut: false, aborted: false });

        const failed = await sandbox.exec(`echo partial; ${scripts.toStderr('oops')}; exit 3`);
        expect(failed.exitCode).toBe(3);
        // A runtime with one terminal stream per process (WebContainer) declares mergedOutput.
        if (sandbox.capabilities.mergedOutput) {
          expect(failed.stdout).toBe('partial\noops\n');
          expect(failed.stderr).toBe('');
        } else {
          expect(failed.stdout).toBe('partial\n');
          expect(failed.stderr).toBe('oops\n');
        }
        expect(failed.timedOut).toBe(false);
      });

      it('runs in the root by default and in the given cwd', async () => {
        expect((await sandbox.exec('pwd')).stdout.trim()).toBe(sandbox.root);
        await sandbox.fs.mkdir(at('work/sub'));
        expect((await sandbox.exec('pwd', { cwd: at('work/sub') })).stdout.trim()).toBe(at('work/sub'));
      });

      it('passes environment variables', async () => {
        const result = await sandbox.exec('echo "$GREETING"', { env: { GREETING: 'hi there' } });
        expect(result.stdout).toBe('hi there\n');
      });

      it('shares the filesystem with the fs API both ways', async () => {
        await sandbox.fs.write(at('from-fs.txt'), 'written by fs\n');
        expect((await sandbox.exec('cat from-fs.txt')).stdout).toBe('written by fs\n');
        await sandbox.exec('mkdir -p made/here && echo by shell > made/here/out.txt');
        expect(await sandbox.fs.readText(at('made/here/out.txt'))).toBe('by shell\n');
      });

      it('reports output through onStdout and onStderr', async () => {
        const out: string[] = [];
        const err: string[] = [];
        const result = await sandbox.exec(`echo one; echo two; ${scripts.toStderr('bad')}`, {
          onStdout: (chunk) => out.push(chunk),
          onStderr: (chunk) => err.push(chunk),
        });
        expect(out.join('')).toBe(result.stdout);
        if (sandbox.capabilities.mergedOutput) {
          expect(out.join('')).toBe('one\ntwo\nbad\n');
          expect(err.join('')).toBe('');
        } else {
          expect(out.join('')).toBe('one\ntwo\n');
          expect(err.join('')).toBe('bad\n');
        }
      });

      it('stops a command at its timeout', async () => {
        const startedAt = Date.now();
        const result = await sandbox.exec(scripts.slowThenFinished(), { timeoutMs: 300 });
        expect(Date.now() - startedAt).toBeLessThan(3_000);
        expect(result.timedOut).toBe(true);
        expect(result.aborted).toBe(false);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout).not.toContain('finished');
      });

      it('stops a command when its signal aborts', async () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 150);
        const startedAt = Date.now();
        const result = await sandbox.exec(scripts.slowThenFinished(), { signal: controller.signal });
        expect(Date.now() - startedAt).toBeLessThan(3_000);
        expect(result.aborted).toBe(true);
        expect(result.timedOut).toBe(false);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout).not.toContain('finished');
      });

      it('does not run a command whose signal is already aborted', async () => {
        const controller = new AbortController();
        controller.abort();
        const result = await sandbox.exec('touch should-not-exist', { signal: controller.signal });
        expect(result.aborted).toBe(true);
        expect(await sandbox.fs.exists(at('should-not-exist'))).toBe(false);
      });
    });

    describe('snapshot and restore', () => {
      const binary = Uint8Array.from([0, 1, 2, 127, 128, 200, 254, 255]);

      async function writeSampleTree(): Promise<void> {
        await sandbox.fs.write(at('README.md'), '# Title\n');
        await sandbox.fs.write(at('src/app/main.ts'), 'export const answer = 42;\n');
        await sandbox.fs.write(at('src/app/deeper/note.txt'), 'ünïcödé ✓');
        await sandbox.fs.write(at('assets/image.bin'), binary);
        await sandbox.fs.write(at('empty.txt'), '');
      }

      it('snapshots every file with paths relative to the root, text as strings and binary as bytes', async () => {
        await writeSampleTree();
        await sandbox.fs.mkdir(at('only-a-directory'));
        const snapshot = await sandbox.snapshot();
        expect(Object.keys(snapshot.files).sort()).toEqual([
          'README.md',
          'assets/image.bin',
          'empty.txt',
          'src/app/deeper/note.txt',
          'src/app/main.ts',
        ]);
        expect(snapshot.files['src/app/deeper/note.txt']).toBe('ünïcödé ✓');
        expect(snapshot.files['empty.txt']).toBe('');
        const image = snapshot.files['assets/image.bin'];
        expect(image).toBeInstanceOf(Uint8Array);
        expect(Array.from(image as Uint8Array)).toEqual(Array.from(binary));
      });

      it('restore replaces the workspace with the snapshot', async () => {
        await writeSampleTree();
        const snapshot = structuredClone(await sandbox.snapshot());
        await sandbox.fs.write(at('README.md'), 'changed');
        await sandbox.fs.write(at('added/later.txt'), 'should disappear');
        await sandbox.fs.rm(at('src'));

        await sandbox.restore(snapshot);
        expect(await sandbox.fs.exists(at('added'))).toBe(false);
        expect(await sandbox.fs.readText(at('README.md'))).toBe('# Title\n');
        expect(await sandbox.fs.readText(at('src/app/main.ts'))).toBe('export const answer = 42;\n');
        expect(Array.from(await sandbox.fs.readBytes(at('assets/image.bin')))).toEqual(Array.from(binary));
        expect(await sandbox.snapshot()).toEqual(snapshot);
        expect((await sandbox.exec('cat src/app/deeper/note.txt')).stdout).toBe('ünïcödé ✓');
      });

      it('restores into another sandbox', async () => {
        await writeSampleTree();
        const snapshot = structuredClone(await sandbox.snapshot());
        const other = await makeSandbox();
        try {
          await other.restore(snapshot);
          expect(await other.snapshot()).toEqual(snapshot);
        } finally {
          await other.dispose();
        }
      });
    });

    describe('watch', () => {
      /** Collects the workspace's changes from now on; skips the test where the sandbox cannot watch. */
      function startWatching(context: TestContext): { changes: FsChange[]; stop: () => void } {
        const watch = sandbox.fs.watch?.bind(sandbox.fs);
        if (!sandbox.capabilities.watch || !watch) context.skip();
        const changes: FsChange[] = [];
        const stop = watch((change) => changes.push(change));
        return { changes, stop };
      }

      it('reports changes made through the fs API', async (context) => {
        const { changes, stop } = startWatching(context);
        try {
          await sandbox.fs.write(at('watched.txt'), 'one');
          await waitForChange(changes, { kind: 'create', path: at('watched.txt') });
          await sandbox.fs.write(at('watched.txt'), 'two');
          await waitForChange(changes, { kind: 'update', path: at('watched.txt') });
          await sandbox.fs.rm(at('watched.txt'));
          await waitForChange(changes, { kind: 'delete', path: at('watched.txt') });
        } finally {
          stop();
        }
      });

      it('reports changes made by commands', async (context) => {
        const { changes, stop } = startWatching(context);
        try {
          await sandbox.exec('touch touched.txt');
          await waitForChange(changes, { kind: 'create', path: at('touched.txt') });
          await sandbox.exec('echo hi > touched.txt');
          await waitForChange(changes, { kind: 'update', path: at('touched.txt') });
          await sandbox.exec('mkdir made-dir');
          await waitForChange(changes, { kind: 'create', path: at('made-dir') });
          await sandbox.exec('rm touched.txt');
          await waitForChange(changes, { kind: 'delete', path: at('touched.txt') });
        } finally {
          stop();
        }
      });

      it('stops reporting after unsubscribe', async (context) => {
        const { changes, stop } = startWatching(context);
        await sandbox.fs.write(at('first.txt'), '1');
        await waitForChange(changes, { kind: 'create', path: at('first.txt') });
        stop();
        const seen = changes.length;
        await sandbox.fs.write(at('second.txt'), '2');
        await sleep(100);
        expect(changes.length).toBe(seen);
      });
    });

    describe('shell', () => {
      it('keeps the working directory between commands', async () => {
        const shell = await sandbox.openShell({ cols: 80, rows: 24 });
        try {
          const screen = collectOutput(shell);
          shell.write('mkdir -p shell-dir && cd shell-dir && echo step-one-done\r');
          await screen.waitForLine('step-one-done');
          shell.write('pwd\r');
          await screen.waitForLine(at('shell-dir'));
        } finally {
          shell.kill();
        }
      });
    });
  });
}

async function expectSandboxError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a SandboxError ${code}`).toBeInstanceOf(SandboxError);
  expect((error as SandboxError).code).toBe(code);
}

async function waitForChange(changes: FsChange[], expected: FsChange): Promise<void> {
  await waitUntil(
    () => changes.some((change) => change.kind === expected.kind && change.path === expected.path),
    () => `no ${expected.kind} event for ${expected.path}; got ${JSON.stringify(changes)}`,
  );
}

export async function waitUntil(condition: () => boolean, describeFailure: () => string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(describeFailure());
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// eslint-disable-next-line no-control-regex -- terminal escape sequences start with the ESC control character
const ANSI_ESCAPE = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-_])/g;

/** Terminal output with escape sequences removed. */
export function plainText(output: string): string {
  return output.replace(ANSI_ESCAPE, '');
}

/** Collects a shell's output and waits for lines in it. */
export function collectOutput(shell: ShellSession) {
  let output = '';
  shell.onData((data) => {
    output += data;
  });
  const lines = () => plainText(output).split(/\r?\n/).map((line) => line.trimEnd());
  return {
    get raw() {
      return output;
    },
    lines,
    waitForLine(line: string, timeoutMs?: number) {
      return waitUntil(
        () => lines().includes(line),
        () => `no line ${JSON.stringify(line)} in shell output: ${JSON.stringify(plainText(output))}`,
        timeoutMs,
      );
    },
    waitFor(predicate: (text: string) => boolean, timeoutMs?: number) {
      return waitUntil(
        () => predicate(plainText(output)),
        () => `shell output never matched: ${JSON.stringify(plainText(output))}`,
        timeoutMs,
      );
    },
  };
}
