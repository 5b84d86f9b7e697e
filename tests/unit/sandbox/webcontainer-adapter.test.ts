import type { PreviewMessage } from '@webcontainer/api';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxError, type FsChange, type PreviewError, type PreviewEvent } from '../../../src/sandbox/port';
import {
  createWebContainerSandbox,
  type WebContainerSandbox,
  type WebContainerSandboxOptions,
} from '../../../src/sandbox/webcontainer/adapter';
import { collectOutput, sleep, waitUntil } from './contract';
import { FakeWebContainer, type FakeWebContainerOptions } from './fake-webcontainer';

let sandbox: WebContainerSandbox | undefined;
let wc: FakeWebContainer;

function open(fake: FakeWebContainerOptions = {}, options: WebContainerSandboxOptions = {}): WebContainerSandbox {
  wc = new FakeWebContainer(fake);
  sandbox = createWebContainerSandbox(wc, options);
  return sandbox;
}

afterEach(async () => {
  await sandbox?.dispose();
  sandbox = undefined;
});

async function errorOf(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SandboxError);
  return error as SandboxError;
}

describe('WebContainer adapter: identity', () => {
  it('is a webcontainer sandbox rooted at the workdir', () => {
    const box = open();
    expect(box.kind).toBe('webcontainer');
    expect(box.root).toBe('/home/project');
    expect(box.capabilities).toEqual({ node: true, npm: true, preview: true, watch: true, mergedOutput: true });
  });

  it('follows a custom workdir', async () => {
    const box = open({ workdir: '/home/demo/' });
    expect(box.root).toBe('/home/demo');
    await box.fs.write('/home/demo/x.txt', 'x');
    expect((await box.exec('pwd')).stdout).toBe('/home/demo\n');
  });
});

describe('WebContainer adapter: fs', () => {
  it('calls the fs API with workdir-relative paths', async () => {
    const box = open();
    await box.fs.write('/home/project/src/a.ts', 'a');
    await box.fs.readText('/home/project/src/a.ts');
    expect(wc.fs.calls).toContainEqual(['mkdir', '/src']);
    expect(wc.fs.calls).toContainEqual(['writeFile', '/src/a.ts']);
    expect(wc.fs.calls).toContainEqual(['readFile', '/src/a.ts']);
  });

  it('resolves relative paths against the root', async () => {
    const box = open();
    await box.fs.write('notes/today.md', 'hi');
    expect(await box.fs.readText('/home/project/notes/today.md')).toBe('hi');
  });

  it('refuses paths outside the workspace with EACCES', async () => {
    const box = open();
    const error = await errorOf(box.fs.readText('/etc/passwd'));
    expect(error.code).toBe('EACCES');
    expect(error.message).toContain('/etc/passwd');
    expect((await errorOf(box.fs.write('/home/project/../escape.txt', 'x'))).code).toBe('EACCES');
    expect(await box.fs.exists('/tmp')).toBe(false);
  });

  it('reads the error code from WebContainer messages and names the sandbox path', async () => {
    const box = open();
    const error = await errorOf(box.fs.readText('/home/project/missing.txt'));
    expect(error.code).toBe('ENOENT');
    expect(error.path).toBe('/home/project/missing.txt');
    expect(error.message).toBe("ENOENT: no such file or directory, open '/home/project/missing.txt'");
  });

  it('reports ENOTDIR when a write goes through a file', async () => {
    const box = open();
    await box.fs.write('/home/project/file', 'x');
    expect((await errorOf(box.fs.write('/home/project/file/inner.txt', 'y'))).code).toBe('ENOTDIR');
  });

  it('refuses to remove or move the workspace root', async () => {
    const box = open();
    expect((await errorOf(box.fs.rm('/home/project'))).code).toBe('EPERM');
    expect((await errorOf(box.fs.rename('/home/project', '/home/project/x'))).code).toBe('EPERM');
    await box.fs.mkdir('/home/project'); // mkdir -p of the root is a no-op.
  });

  it('lists entries sorted by name, whatever order the runtime returns', async () => {
    const box = open();
    await box.fs.write('/home/project/zeta.txt', '');
    await box.fs.write('/home/project/alpha.txt', '');
    await box.fs.mkdir('/home/project/mid');
    expect((await box.fs.list('/home/project')).map((entry) => entry.name)).toEqual(['alpha.txt', 'mid', 'zeta.txt']);
  });

  it.each(['export-root', 'workdir'] as const)('sees symlinks: list, lstat, stat (followed) and readlink (excludes from the %s)', async (excludesFrom) => {
    const box = open({ excludesFrom });
    await box.fs.write('/home/project/node_modules/vite/bin/vite.js', 'console.log(1)');
    await box.fs.mkdir('/home/project/node_modules/.bin');
    wc.symlink('../vite/bin/vite.js', 'node_modules/.bin/vite');
    wc.symlink('missing-target', 'dangling');
    expect(await box.fs.list('/home/project/node_modules/.bin')).toEqual([{ name: 'vite', kind: 'symlink' }]);
    expect((await box.fs.lstat('/home/project/node_modules/.bin/vite')).kind).toBe('symlink');
    const followed = await box.fs.stat('/home/project/node_modules/.bin/vite');
    expect(followed).toMatchObject({ kind: 'file', size: 14 });
    expect(await box.fs.readlink('/home/project/node_modules/.bin/vite')).toBe('../vite/bin/vite.js');
    // Inside node_modules no glob can be right under both readings of `excludes`: none is used.
    expect(wc.exports.at(-1)).toEqual({ path: 'node_modules/.bin', options: { format: 'json', excludes: [] } });
    await box.fs.mkdir('/home/project/src/node_modules/dep');
    wc.symlink('../lib', 'src/link');
    expect(await box.fs.readlink('/home/project/src/link')).toBe('../lib');
    expect(wc.exports.at(-1)).toEqual({
      path: 'src',
      options: { format: 'json', excludes: ['node_modules/**', '**/node_modules/**'] },
    });
    expect((await errorOf(box.fs.stat('/home/project/dangling'))).code).toBe('ENOENT');
    expect((await box.fs.lstat('/home/project/dangling')).kind).toBe('symlink');
    expect((await errorOf(box.fs.readlink('/home/project/node_modules/vite/bin/vite.js'))).code).toBe('EINVAL');
    expect((await errorOf(box.fs.readlink('/home/project/nothing'))).code).toBe('ENOENT');
  });
});

describe('WebContainer adapter: emulated stat', () => {
  it('takes the size from the bytes and the kind from the parent listing', async () => {
    const box = open();
    await box.fs.write('/home/project/data.bin', Uint8Array.from([1, 2, 3, 4, 5]));
    expect(await box.fs.stat('/home/project/data.bin')).toMatchObject({ kind: 'file', size: 5 });
    expect(await box.fs.stat('/home/project')).toMatchObject({ kind: 'directory', size: 0 });
  });

  it('keeps mtime while content is unchanged and moves it when a process changes the file', async () => {
    let clock = 1_000;
    const box = open({}, { now: () => clock });
    await box.fs.write('/home/project/a.txt', 'one');
    const written = (await box.fs.stat('/home/project/a.txt')).mtimeMs;
    expect(written).toBe(1_000);
    clock = 2_000;
    expect((await box.fs.stat('/home/project/a.txt')).mtimeMs).toBe(1_000);
    await box.exec('echo changed > a.txt');
    clock = 3_000;
    expect((await box.fs.stat('/home/project/a.txt')).mtimeMs).toBe(3_000);
    expect((await box.fs.stat('/home/project/a.txt')).mtimeMs).toBe(3_000);
  });

  it('moves mtime on every write through the adapter, even within one millisecond', async () => {
    const box = open({}, { now: () => 5_000 });
    await box.fs.write('/home/project/a.txt', 'one');
    const first = (await box.fs.stat('/home/project/a.txt')).mtimeMs;
    await box.fs.write('/home/project/a.txt', 'two');
    expect((await box.fs.stat('/home/project/a.txt')).mtimeMs).toBeGreaterThan(first);
  });

  it('moves a directory mtime when its entries change, and keeps mtimes across a rename', async () => {
    let clock = 10;
    const box = open({}, { now: () => clock });
    await box.fs.mkdir('/home/project/dir');
    const before = (await box.fs.stat('/home/project/dir')).mtimeMs;
    clock = 20;
    await box.fs.write('/home/project/dir/new.txt', 'n');
    expect((await box.fs.stat('/home/project/dir')).mtimeMs).toBe(20);
    expect(before).toBe(10);
    clock = 30;
    await box.fs.rename('/home/project/dir/new.txt', '/home/project/moved.txt');
    expect((await box.fs.stat('/home/project/moved.txt')).mtimeMs).toBe(20);
  });
});

describe('WebContainer adapter: exec', () => {
  it('spawns `jsh -c` with a workdir-relative cwd, the env and a wide terminal', async () => {
    const box = open();
    await box.fs.mkdir('/home/project/pkg');
    await box.exec('echo hi', { cwd: '/home/project/pkg', env: { A: '1' } });
    await box.exec('echo hi', { cwd: '/home/project' });
    await box.exec('pwd', { cwd: '/tmp' });
    expect(wc.jshSpawns[0]).toMatchObject({
      command: 'jsh',
      args: ['-c', 'echo hi'],
      options: { cwd: 'pkg', env: { A: '1' }, terminal: { cols: 200, rows: 50 } },
    });
    expect(wc.jshSpawns[1]?.options?.cwd).toBe('.');
    expect(wc.jshSpawns[2]?.options?.cwd).toBe('/tmp');
  });

  it('returns merged terminal output as plain text', async () => {
    const box = open({ ansi: true });
    // No printf in jsh: node writes the progress redraws and escapes.
    const result = await box.exec(
      `echo out; node -e "console.error('err')"; node -e "process.stdout.write('10\\r50\\r100 done\\n\\x1b[1mbold\\x1b[0m\\n')"`,
    );
    expect(result).toEqual({
      exitCode: 0,
      stdout: 'out\nerr\n100 done\nbold\n',
      stderr: '',
      timedOut: false,
      aborted: false,
    });
  });

  it('streams cleaned chunks as they arrive', async () => {
    const box = open({ ansi: true });
    const chunks: string[] = [];
    const result = await box.exec(`echo one; node -e "setTimeout(() => {}, 50)"; echo two`, { onStdout: (chunk) => chunks.push(chunk) });
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(chunks.join('')).not.toContain('\x1b');
    expect(result.stdout).toBe('one\ntwo\n');
  });

  it('reports a spawn failure as exit 127 with the reason', async () => {
    const box = open({ spawnError: 'WebContainer was torn down' });
    const result = await box.exec('echo hi');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('WebContainer was torn down');
  });

  it('gives up on a killed process that never reports its exit', async () => {
    const box = open({ ignoreKill: true }, { killGraceMs: 100 });
    const startedAt = Date.now();
    const result = await box.exec(`echo started; node -e "setTimeout(() => {}, 3000)"`, { timeoutMs: 100 });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    expect(result).toMatchObject({ exitCode: 124, timedOut: true, aborted: false });
    expect(result.stdout).toBe('started\n');
    expect(result.stderr).toBe('Command timed out after 100 ms.\n');
    expect(wc.jshSpawns[0]?.process.killed).toBe(false); // It ignored kill(); we stopped waiting.
  });

  it('kills the process on abort and reports 130, whatever status the runtime gives a killed process', async () => {
    const box = open({ killExitCode: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await box.exec(`node -e "setTimeout(() => {}, 3000)"`, { signal: controller.signal });
    expect(result).toMatchObject({ exitCode: 130, aborted: true, timedOut: false, stderr: 'Command interrupted.\n' });
    expect(wc.jshSpawns[0]?.process.killed).toBe(true);
  });

  it('does not wait forever for an output stream that never closes', async () => {
    const box = open({ outputCloseDelayMs: -1 }, { drainMs: 50 });
    const startedAt = Date.now();
    const result = await box.exec('echo done');
    expect(result.stdout).toBe('done\n');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('waits for output that arrives after the exit', async () => {
    const box = open({ outputCloseDelayMs: 30 });
    expect((await box.exec('echo late')).stdout).toBe('late\n');
  });

  it('keeps the end of very long output', async () => {
    const box = open({}, { maxOutputChars: 20 });
    const result = await box.exec('echo first-line-that-is-long; echo second; echo third');
    expect(result.stdout.startsWith('[… earlier output dropped …]\n')).toBe(true);
    expect(result.stdout.endsWith('second\nthird\n')).toBe(true);
    expect(result.stdout).not.toContain('first');
  });
});

describe('WebContainer adapter: shell', () => {
  it('opens an interactive jsh on a terminal of the asked size and forwards resizes', async () => {
    const box = open();
    const shell = await box.openShell({ cols: 100, rows: 30 });
    expect(wc.jshSpawns[0]).toMatchObject({ command: 'jsh', args: [], options: { terminal: { cols: 100, rows: 30 } } });
    shell.resize(120, 40);
    shell.resize(0, 0); // Ignored: a hidden terminal reports 0×0.
    expect(wc.jshSpawns[0]?.process.resizes).toEqual([{ cols: 120, rows: 40 }]);
    shell.kill();
  });

  it('keeps early output (the prompt) for a listener that subscribes late', async () => {
    const box = open();
    const shell = await box.openShell();
    await sleep(30);
    const screen = collectOutput(shell);
    await screen.waitFor((text) => text.includes('❯'));
    shell.kill();
  });

  it('says when the shell exits', async () => {
    const box = open();
    const shell = await box.openShell();
    const screen = collectOutput(shell);
    shell.write('exit 4\r');
    await screen.waitFor((text) => text.includes('[shell exited with code 4]'));
    shell.write('echo ignored\r'); // Writing to a dead shell is harmless.
  });

  it('dispose kills open shells', async () => {
    const box = open();
    await box.openShell();
    await box.dispose();
    sandbox = undefined;
    expect(wc.jshSpawns[0]?.process.killed).toBe(true);
  });
});

describe('WebContainer adapter: snapshot and restore', () => {
  it('exports the workdir as JSON without node_modules', async () => {
    const box = open();
    await box.fs.write('/home/project/package.json', '{}');
    await box.fs.write('/home/project/node_modules/left-pad/index.js', 'module.exports = 1');
    await box.fs.write('/home/project/packages/a/node_modules/x/i.js', 'x');
    wc.symlink('package.json', 'link.json');
    const snapshot = await box.snapshot();
    expect(snapshot).toEqual({ files: { 'package.json': '{}' } });
    expect(wc.exports.at(-1)).toEqual({
      path: '.',
      options: { format: 'json', excludes: ['node_modules/**', '**/node_modules/**'] },
    });
  });

  it('restores through mount and keeps node_modules', async () => {
    const box = open();
    await box.fs.write('/home/project/node_modules/dep/index.js', 'dep');
    await box.fs.write('/home/project/old.txt', 'old');
    await box.restore({ files: { 'src/index.js': 'new', 'img.bin': Uint8Array.from([0, 255]) } });
    expect(wc.mounts).toHaveLength(1);
    expect(wc.mounts[0]?.tree).toEqual({
      src: { directory: { 'index.js': { file: { contents: 'new' } } } },
      'img.bin': { file: { contents: Uint8Array.from([0, 255]) } },
    });
    expect(await box.fs.exists('/home/project/old.txt')).toBe(false);
    expect(await box.fs.readText('/home/project/node_modules/dep/index.js')).toBe('dep');
    expect(Array.from(await box.fs.readBytes('/home/project/img.bin'))).toEqual([0, 255]);
  });

  it('refuses a snapshot that escapes the workspace before touching anything', async () => {
    const box = open();
    await box.fs.write('/home/project/keep.txt', 'keep');
    const crafted: Array<Record<string, string>> = [{ '../evil.txt': 'x' }, { '/etc/evil': 'x' }, { a: 'file', 'a/b': 'x' }];
    for (const files of crafted) {
      expect((await errorOf(box.restore({ files }))).code).toBe('EINVAL');
    }
    expect(await box.fs.readText('/home/project/keep.txt')).toBe('keep');
    expect(wc.mounts).toHaveLength(0);
  });

  it('can be told to keep other directories out of snapshots', async () => {
    const box = open({}, { excludedDirectories: ['node_modules', 'dist'] });
    await box.fs.write('/home/project/dist/bundle.js', 'b');
    await box.fs.write('/home/project/src/a.js', 'a');
    expect(Object.keys((await box.snapshot()).files)).toEqual(['src/a.js']);
  });
});

describe('WebContainer adapter: watch', () => {
  it('ignores node_modules and shares one runtime watcher, closed with the last listener', async () => {
    const box = open();
    const changes: FsChange[] = [];
    const stopA = box.fs.watch?.((change) => changes.push(change));
    const stopB = box.fs.watch?.(() => {});
    expect(wc.fs.openWatchers).toBe(1);
    await box.fs.write('/home/project/node_modules/x/index.js', 'x');
    await box.fs.write('/home/project/src/a.ts', 'a');
    await waitUntil(
      () => changes.some((change) => change.path === '/home/project/src/a.ts'),
      () => JSON.stringify(changes),
    );
    expect(changes.filter((change) => change.path.includes('node_modules'))).toEqual([]);
    expect(changes).toContainEqual({ kind: 'create', path: '/home/project/src' });
    stopA?.();
    expect(wc.fs.openWatchers).toBe(1);
    stopB?.();
    expect(wc.fs.openWatchers).toBe(0);
  });

  it('closes the runtime watcher on dispose', async () => {
    const box = open();
    box.fs.watch?.(() => {});
    await box.dispose();
    sandbox = undefined;
    expect(wc.fs.openWatchers).toBe(0);
  });
});

describe('WebContainer adapter: previews', () => {
  const message = (overrides: Partial<PreviewMessage> & Pick<PreviewMessage, 'type'>): PreviewMessage =>
    ({ previewId: 'p1', port: 5173, pathname: '/app', search: '?q=1', hash: '#top', ...overrides }) as PreviewMessage;

  /** A sandbox whose runtime subscriptions are in place: the library subscribes one round trip after on(). */
  async function openSubscribed(): Promise<WebContainerSandbox> {
    const box = open();
    await waitUntil(() => wc.listenerCount('port') === 1, () => 'never subscribed');
    return box;
  }

  it('turns port and server-ready events into open/close, once per port and URL', async () => {
    const box = await openSubscribed();
    const events: PreviewEvent[] = [];
    box.onPreview((event) => events.push(event));
    wc.emitPort(5173, 'open', 'https://a.example');
    wc.emitServerReady(5173, 'https://a.example');
    wc.emitServerReady(3000, 'https://b.example');
    wc.emitPort(5173, 'close');
    wc.emitPort(5173, 'close');
    expect(events).toEqual([
      { type: 'open', port: 5173, url: 'https://a.example' },
      { type: 'open', port: 3000, url: 'https://b.example' },
      { type: 'close', port: 5173 },
    ]);
    expect(box.openPreviews()).toEqual([{ type: 'open', port: 3000, url: 'https://b.example' }]);
  });

  it('replays open ports to a listener that subscribes later', async () => {
    const box = await openSubscribed();
    wc.emitServerReady(8080, 'https://c.example');
    const events: PreviewEvent[] = [];
    box.onPreview((event) => events.push(event));
    expect(events).toEqual([{ type: 'open', port: 8080, url: 'https://c.example' }]);
  });

  it('forwards preview errors with their message, stack and page', async () => {
    const box = await openSubscribed();
    const errors: PreviewError[] = [];
    box.onPreviewError((error) => errors.push(error));
    wc.emitPreviewMessage(
      message({ type: 'PREVIEW_UNCAUGHT_EXCEPTION' as PreviewMessage['type'], message: 'x is not defined', stack: 'ReferenceError: x is not defined\n    at app.js:3' }),
    );
    wc.emitPreviewMessage(message({ type: 'PREVIEW_UNHANDLED_REJECTION' as PreviewMessage['type'], message: 'boom', stack: undefined }));
    wc.emitPreviewMessage(
      message({ type: 'PREVIEW_CONSOLE_ERROR' as PreviewMessage['type'], args: ['Failed:', { status: 500 }, 42], stack: 'at fetchData' }),
    );
    wc.emitPreviewMessage(message({ type: 'SOMETHING_ELSE' as PreviewMessage['type'], message: 'ignored', stack: undefined }));
    expect(errors).toEqual([
      {
        kind: 'uncaught-exception',
        message: 'x is not defined',
        stack: 'ReferenceError: x is not defined\n    at app.js:3',
        port: 5173,
        location: '/app?q=1#top',
      },
      { kind: 'unhandled-rejection', message: 'boom', stack: undefined, port: 5173, location: '/app?q=1#top' },
      { kind: 'console-error', message: 'Failed: {"status":500} 42', stack: 'at fetchData', port: 5173, location: '/app?q=1#top' },
    ]);
    expect(box.recentPreviewErrors()).toEqual(errors);
  });

  it('reports internal runtime errors', async () => {
    const box = await openSubscribed();
    const messages: string[] = [];
    box.onRuntimeError((text) => messages.push(text));
    wc.emitError('the runtime crashed');
    expect(messages).toEqual(['the runtime crashed']);
  });

  it('a throwing listener does not silence the others', async () => {
    const box = await openSubscribed();
    const seen: number[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      box.onPreview(() => {
        throw new Error('broken listener');
      });
      box.onPreview((event) => seen.push(event.port));
      wc.emitServerReady(4000);
      await sleep(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(seen).toEqual([4000]);
    expect(uncaught).toHaveLength(1);
  });

  it('dispose unsubscribes from every runtime event, even before the runtime confirmed the subscription', async () => {
    const early = open();
    await early.dispose();
    await sleep(10);
    for (const event of ['port', 'server-ready', 'preview-message', 'error']) expect(wc.listenerCount(event)).toBe(0);
    const box = await openSubscribed();
    for (const event of ['port', 'server-ready', 'preview-message', 'error']) expect(wc.listenerCount(event)).toBe(1);
    await box.dispose();
    sandbox = undefined;
    for (const event of ['port', 'server-ready', 'preview-message', 'error']) expect(wc.listenerCount(event)).toBe(0);
  });
});

describe('WebContainer adapter: jsh as it is', () => {
  it('has no sleep of its own, and gets one on the PATH from the shims, outside the workspace', async () => {
    const bare = open({}, { commandShims: false });
    expect(await bare.exec('sleep 0.01')).toMatchObject({ exitCode: 127, stdout: 'jsh: command not found: sleep\n' });
    await bare.dispose();

    const box = open();
    const startedAt = Date.now();
    const result = await box.exec('sleep 0.2 && echo after');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'after\n' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
    expect((await box.exec('sleep nonsense')).exitCode).toBe(1);
    expect(wc.jshSpawns[0]?.options?.env?.PATH).toMatch(/^\/home\/\.glassbox\/bin:\/usr\/local\/bin:/);
    expect(Object.keys((await box.snapshot()).files)).toEqual([]);
    // Installed once for the sandbox's lifetime.
    await box.exec('echo again');
    expect(wc.spawned.filter((entry) => entry.command === 'node')).toHaveLength(1);
  });

  it('a timeout stops a shimmed sleep', async () => {
    const box = open();
    const result = await box.exec('sleep 5; echo never', { timeoutMs: 200 });
    expect(result).toMatchObject({ timedOut: true, exitCode: 124 });
    expect(result.stdout).not.toContain('never');
  });

  it('the terminal has the shims too, and the caller env still wins', async () => {
    const box = open();
    const shell = await box.openShell();
    const screen = collectOutput(shell);
    shell.write('sleep 0.05 && echo slept\r');
    await screen.waitFor((text) => /(^|❯ )slept\r?$/m.test(text));
    shell.kill();
    expect((await box.exec('echo $PATH', { env: { PATH: '/only/mine' } })).stdout).toBe('/only/mine\n');
  });

  it('runs commands without shims when the installer cannot run', async () => {
    const box = open({ spawnErrorFor: 'node' });
    expect(await box.exec('echo still works')).toMatchObject({ exitCode: 0, stdout: 'still works\n' });
  });

  it('shows one replacement character per character the per-chunk decoding broke', async () => {
    const box = open({ chunkBytes: 5 });
    const text = 'héllo ✓ wörld ünïcödé';
    const { stdout } = await box.exec(`echo ${text}`);
    expect([...stdout]).toHaveLength([...`${text}\n`].length);
    expect(stdout).toContain('\uFFFD');
    const shell = await box.openShell();
    const screen = collectOutput(shell);
    shell.write(`echo ${text}\r`);
    await screen.waitFor((shown) => shown.split('\n').filter((line) => line.trim().length === [...text].length).length >= 1);
    shell.kill();
  });
});

describe('WebContainer adapter: promises nobody awaits', () => {
  it('a kill() or watcher close() that rejects does not surface as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const box = open({ killRejects: true, watchFails: true }, { watchTiming: { confirmMs: 50, pollMs: 20 } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      expect((await box.exec('sleep 3', { signal: controller.signal })).aborted).toBe(true);
      const stop = box.fs.watch?.(() => undefined);
      stop?.();
      const shell = await box.openShell();
      shell.kill();
      await box.dispose();
      await sleep(50);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('WebContainer adapter: a watch that never registered', () => {
  it('falls back to polling after a change it should have reported, and says so', async () => {
    const box = open({ watchFails: true }, { watchTiming: { confirmMs: 100, pollMs: 30 } });
    const changes: FsChange[] = [];
    const stop = box.fs.watch?.((change) => changes.push(change));
    expect(box.describe().environment.join('\n')).not.toContain('polls');
    await box.fs.write('/home/project/first.txt', '1');
    await waitUntil(() => box.describe().environment.join('\n').includes('File watching polls every'), () => 'never fell back');
    await sleep(80); // The poller's baseline walk.
    await box.exec('echo made by a command > second.txt');
    await waitUntil(
      () => changes.some((change) => change.kind === 'create' && change.path === '/home/project/second.txt'),
      () => JSON.stringify(changes),
    );
    await box.exec('echo changed > second.txt; rm first.txt');
    await waitUntil(
      () =>
        changes.some((change) => change.kind === 'update' && change.path === '/home/project/second.txt') &&
        changes.some((change) => change.kind === 'delete' && change.path === '/home/project/first.txt'),
      () => JSON.stringify(changes),
    );
    stop?.();
  });

  it('keeps listening when the watch works', async () => {
    const box = open({}, { watchTiming: { confirmMs: 100, pollMs: 30 } });
    const stop = box.fs.watch?.(() => undefined);
    await box.fs.write('/home/project/a.txt', 'a');
    await sleep(200);
    expect(box.describe().environment.join('\n')).not.toContain('polls');
    stop?.();
  });
});
