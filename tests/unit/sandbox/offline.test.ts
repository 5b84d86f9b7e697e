import { defineCommand } from 'just-bash';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { SandboxError, type FsChange, type Sandbox } from '../../../src/sandbox/port';
import { collectOutput, plainText, runSandboxContract, sleep } from './contract';

runSandboxContract('offline', () => createOfflineSandbox());
runSandboxContract('offline with a custom root', () => createOfflineSandbox({ root: '/home/project/' }));

describe('offline sandbox', () => {
  let sandbox: Sandbox;
  const open = async (options?: Parameters<typeof createOfflineSandbox>[0]) => {
    sandbox = await createOfflineSandbox(options);
    return sandbox;
  };
  afterEach(async () => {
    await sandbox.dispose();
  });

  it('describes itself', async () => {
    await open();
    expect(sandbox.kind).toBe('offline');
    expect(sandbox.root).toBe('/workspace');
    expect(sandbox.capabilities).toEqual({ node: false, npm: false, preview: false, watch: true });
  });

  it.each(['npm install', 'npx vite', 'node index.js'])('answers `%s` with a clear message and exit 127', async (command) => {
    await open();
    const program = command.split(' ')[0] as string;
    const startedAt = Date.now();
    const result = await sandbox.exec(command);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toMatch(new RegExp(`^${program} needs the WebContainer runtime, which is not available in the offline sandbox.\nWhat works here: `));
  });

  it.each(['python3 -c "print(1)"', 'python x.py', 'pip install x', 'git status', 'tar -xf a.tar', 'gcc a.c', 'sqlite3 db'])(
    'says in our words what `%s` lacks and what works',
    async (command) => {
      await open();
      const result = await sandbox.exec(command);
      expect(result.exitCode).toBe(127);
      const [missing, works] = result.stderr.split('\n');
      expect(missing).toMatch(/offline sandbox/);
      expect(missing).not.toMatch(/command not found|Exclude|bundle/);
      expect(works).toMatch(/^What works here: shell built-ins/);
    },
  );

  it('lets a script go on after npm fails', async () => {
    await open();
    const result = await sandbox.exec('npm test || echo "no npm here"');
    expect(result.stdout).toBe('no npm here\n');
    expect(result.exitCode).toBe(0);
  });

  it('registers custom commands that see the workspace', async () => {
    const hello = defineCommand('hello', async (args, context) => ({
      stdout: `Hello, ${args[0] ?? 'world'} from ${context.cwd}: ${await context.fs.readFile(`${context.cwd}/name.txt`)}\n`,
      stderr: '',
      exitCode: 0,
    }));
    await open({ commands: [hello] });
    await sandbox.fs.write('/workspace/name.txt', 'glassbox');
    const result = await sandbox.exec('hello Ada | tr a-z A-Z');
    expect(result.stdout).toBe('HELLO, ADA FROM /WORKSPACE: GLASSBOX\n');
  });

  it('uses a provided node command instead of the stand-in', async () => {
    const node = defineCommand('node', async (args) => ({ stdout: `ran ${args.join(' ')}\n`, stderr: '', exitCode: 0 }));
    await open({ commands: [node] });
    expect(sandbox.capabilities.node).toBe(true);
    expect(await sandbox.exec('node main.js --flag')).toMatchObject({ exitCode: 0, stdout: 'ran main.js --flag\n' });
    expect((await sandbox.exec('npm -v')).exitCode).toBe(127);
  });

  it('stops a CPU-bound loop at its timeout', async () => {
    await open();
    const startedAt = Date.now();
    const result = await sandbox.exec('while true; do :; done', { timeoutMs: 200 });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
    expect(result.stderr).toBe('Command timed out after 200 ms.\n');
  });

  it('reports an interrupted command with exit 130', async () => {
    await open();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await sandbox.exec('sleep 3', { signal: controller.signal });
    expect(result).toMatchObject({ exitCode: 130, aborted: true, stderr: 'Command interrupted.\n' });
  });

  it('refuses to run in a missing or non-directory cwd', async () => {
    await open();
    await expect(sandbox.exec('pwd', { cwd: '/workspace/nope' })).rejects.toMatchObject({ code: 'ENOENT' });
    await sandbox.fs.write('/workspace/file.txt', '');
    await expect(sandbox.exec('pwd', { cwd: '/workspace/file.txt' })).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('resolves a relative cwd and relative fs paths against the root', async () => {
    await open();
    await sandbox.fs.write('notes/today.txt', 'relative');
    expect(await sandbox.fs.readText('/workspace/notes/today.txt')).toBe('relative');
    expect((await sandbox.exec('pwd', { cwd: 'notes' })).stdout).toBe('/workspace/notes\n');
  });

  it('sets HOME to the workspace root', async () => {
    await open();
    expect((await sandbox.exec('cd; pwd; echo ~')).stdout).toBe('/workspace\n/workspace\n');
  });

  it('offers a scratch /tmp outside the workspace, which snapshots leave out', async () => {
    await open();
    await sandbox.exec('echo scratch > /tmp/scratch.txt && echo kept > kept.txt');
    expect(await sandbox.fs.readText('/tmp/scratch.txt')).toBe('scratch\n');
    expect(await sandbox.snapshot()).toEqual({ files: { 'kept.txt': 'kept\n' } });
  });

  it('refuses snapshot paths that leave the workspace', async () => {
    await open();
    await expect(sandbox.restore({ files: { '../escape.txt': 'x' } })).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(sandbox.restore({ files: { '/etc/passwd': 'x' } })).rejects.toMatchObject({ code: 'EINVAL' });
    expect(await sandbox.fs.exists('/escape.txt')).toBe(false);
  });

  it('keeps POSIX errors that just-bash itself does not raise', async () => {
    await open();
    await sandbox.fs.write('/workspace/file.txt', 'x');
    await expect(sandbox.fs.write('/workspace/file.txt/child', 'x')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(sandbox.fs.mkdir('/workspace/file.txt/dir')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(sandbox.fs.mkdir('/workspace/file.txt')).rejects.toMatchObject({ code: 'EEXIST' });
    await sandbox.fs.write('/workspace/a/one.txt', '1');
    await sandbox.fs.write('/workspace/b/two.txt', '2');
    await expect(sandbox.fs.rename('/workspace/a', '/workspace/b')).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    await expect(sandbox.fs.rename('/workspace/file.txt', '/workspace/b')).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(sandbox.fs.rename('/workspace/a', '/workspace/no/parent')).rejects.toMatchObject({ code: 'ENOENT' });
    await sandbox.fs.mkdir('/workspace/empty');
    await sandbox.fs.rename('/workspace/a', '/workspace/empty');
    expect(await sandbox.fs.readText('/workspace/empty/one.txt')).toBe('1');
  });

  it('throws SandboxError with the path for fs failures', async () => {
    await open();
    const error = await sandbox.fs.readText('/workspace/missing.txt').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: 'ENOENT', path: '/workspace/missing.txt' });
    expect((error as Error).message).toMatch(/^ENOENT: /);
  });

  it('hands out copies of file bytes', async () => {
    await open();
    const written = Uint8Array.from([1, 2, 3]);
    await sandbox.fs.write('/workspace/b.bin', written);
    written[0] = 9;
    const read = await sandbox.fs.readBytes('/workspace/b.bin');
    read[1] = 9;
    expect(Array.from(await sandbox.fs.readBytes('/workspace/b.bin'))).toEqual([1, 2, 3]);
  });

  it('sees symlinks made by commands', async () => {
    await open();
    await sandbox.fs.write('/workspace/target.txt', 'pointed at');
    await sandbox.exec('ln -s target.txt link.txt');
    expect((await sandbox.fs.lstat('/workspace/link.txt')).kind).toBe('symlink');
    expect((await sandbox.fs.stat('/workspace/link.txt')).kind).toBe('file');
    expect(await sandbox.fs.readlink('/workspace/link.txt')).toBe('target.txt');
    expect(await sandbox.fs.readText('/workspace/link.txt')).toBe('pointed at');
    expect(await sandbox.fs.list('/workspace')).toContainEqual({ name: 'link.txt', kind: 'symlink' });
  });

  describe('watch', () => {
    const watchAll = (target: Sandbox) => {
      const changes: FsChange[] = [];
      const watch = target.fs.watch;
      if (!watch) throw new Error('the offline sandbox must support watch');
      watch.call(target.fs, (change) => changes.push(change));
      return changes;
    };

    it('reports directories that a write or mkdir -p creates', async () => {
      await open();
      const changes = watchAll(sandbox);
      await sandbox.fs.write('/workspace/x/y/z.txt', 'z');
      await sandbox.exec('mkdir -p p/q');
      expect(changes).toEqual([
        { kind: 'create', path: '/workspace/x' },
        { kind: 'create', path: '/workspace/x/y' },
        { kind: 'create', path: '/workspace/x/y/z.txt' },
        { kind: 'create', path: '/workspace/p' },
        { kind: 'create', path: '/workspace/p/q' },
      ]);
    });

    it('reports every path a recursive rm or a mv touches', async () => {
      await open();
      await sandbox.fs.write('/workspace/tree/a.txt', 'a');
      await sandbox.fs.write('/workspace/tree/sub/b.txt', 'b');
      const changes = watchAll(sandbox);
      await sandbox.exec('mv tree moved');
      expect(changes.filter((change) => change.kind === 'delete').map((change) => change.path)).toEqual([
        '/workspace/tree/sub/b.txt',
        '/workspace/tree/sub',
        '/workspace/tree/a.txt',
        '/workspace/tree',
      ]);
      expect(changes.filter((change) => change.kind === 'create').map((change) => change.path)).toEqual([
        '/workspace/moved',
        '/workspace/moved/a.txt',
        '/workspace/moved/sub',
        '/workspace/moved/sub/b.txt',
      ]);
      changes.length = 0;
      await sandbox.exec('rm -rf moved');
      expect(changes.map((change) => `${change.kind} ${change.path}`).sort()).toEqual([
        'delete /workspace/moved',
        'delete /workspace/moved/a.txt',
        'delete /workspace/moved/sub',
        'delete /workspace/moved/sub/b.txt',
      ]);
    });

    it('ignores changes outside the workspace', async () => {
      await open();
      const changes = watchAll(sandbox);
      await sandbox.exec('touch /tmp/outside.txt; mkdir -p /tmp/deeper');
      await sandbox.fs.write('/tmp/other.txt', 'x');
      expect(changes).toEqual([]);
    });

    it('reports a restore as deletes and creates', async () => {
      await open();
      await sandbox.fs.write('/workspace/old.txt', 'old');
      const changes = watchAll(sandbox);
      await sandbox.restore({ files: { 'new.txt': 'new' } });
      expect(changes).toEqual([
        { kind: 'delete', path: '/workspace/old.txt' },
        { kind: 'create', path: '/workspace/new.txt' },
      ]);
    });

    it('reports a touch of an existing file as an update', async () => {
      await open();
      await sandbox.fs.write('/workspace/t.txt', 't');
      const changes = watchAll(sandbox);
      await sandbox.exec('touch t.txt');
      expect(changes).toContainEqual({ kind: 'update', path: '/workspace/t.txt' });
      expect(changes.every((change) => change.kind === 'update')).toBe(true);
    });

    it('keeps the fs call working when a listener throws, and rethrows outside it', async () => {
      await open();
      const bug = new Error('listener bug');
      sandbox.fs.watch?.(() => {
        throw bug;
      });
      const deferred: Array<() => void> = [];
      const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => deferred.push(callback));
      try {
        await sandbox.fs.write('/workspace/still-written.txt', 'ok');
      } finally {
        spy.mockRestore();
      }
      expect(await sandbox.fs.readText('/workspace/still-written.txt')).toBe('ok');
      expect(deferred).toHaveLength(1);
      expect(() => deferred[0]?.()).toThrow(bug);
    });
  });

  describe('dispose', () => {
    it('stops running commands and refuses new ones', async () => {
      await open();
      const running = sandbox.exec('sleep 5');
      await sleep(50);
      await sandbox.dispose();
      expect((await running).aborted).toBe(true);
      await expect(sandbox.exec('echo late')).rejects.toMatchObject({ code: 'EDISPOSED' });
    });
  });

  describe('shell session', () => {
    const openShell = async () => {
      await open();
      const shell = await sandbox.openShell();
      return { shell, screen: collectOutput(shell) };
    };

    it('shows the cwd in its prompt and delivers the first prompt to a late listener', async () => {
      const { screen } = await openShell();
      expect(plainText(screen.raw)).toBe('/workspace $ ');
    });

    it('carries cwd and variables between commands', async () => {
      const { shell, screen } = await openShell();
      shell.write('mkdir -p a/b && cd a/b && export SHARED=yes && LOCAL=also && echo ready\r');
      await screen.waitForLine('ready');
      await screen.waitFor((text) => text.endsWith('/workspace/a/b $ '));
      shell.write('echo "$PWD $SHARED $LOCAL"\r');
      await screen.waitForLine('/workspace/a/b yes also');
      shell.write('unset SHARED; cd ..; echo moved\r');
      await screen.waitForLine('moved');
      shell.write('echo "[$SHARED]"; pwd\r');
      await screen.waitForLine('[]');
      await screen.waitForLine('/workspace/a');
      shell.write('cd\r');
      await screen.waitFor((text) => text.endsWith('/workspace $ '));
    });

    it('keeps state after a failing command and shows its error', async () => {
      const { shell, screen } = await openShell();
      shell.write('cd missing-dir\r');
      await screen.waitFor((text) => text.includes('No such file or directory'));
      await screen.waitFor((text) => text.endsWith('/workspace $ '));
    });

    it('uses CRLF line endings only', async () => {
      const { shell, screen } = await openShell();
      shell.write('printf "one\\ntwo\\nthree"\r');
      await screen.waitForLine('three');
      await screen.waitFor((text) => text.endsWith('/workspace $ '));
      expect(screen.raw).not.toMatch(/[^\r]\n/);
      expect(screen.lines()).toContain('two');
    });

    it('runs clear and Ctrl+L', async () => {
      const { shell, screen } = await openShell();
      shell.write('clear\r');
      await screen.waitFor(() => screen.raw.includes('\x1b[2J'));
      const before = screen.raw.length;
      shell.write('echo draft');
      shell.write('\x0c');
      expect(screen.raw.slice(before)).toContain('\x1b[2J');
      expect(plainText(screen.raw.slice(before)).endsWith('/workspace $ echo draft')).toBe(true);
    });

    it('interrupts a running command with Ctrl+C', async () => {
      const { shell, screen } = await openShell();
      const startedAt = Date.now();
      shell.write('sleep 10; echo never\r');
      await sleep(50);
      shell.write('\x03');
      await screen.waitFor((text) => /\^C\r?\n\/workspace \$ $/.test(text), 2_000);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(screen.lines()).not.toContain('never');
      shell.write('echo alive\r');
      await screen.waitForLine('alive');
    });

    it('cancels the line being typed with Ctrl+C', async () => {
      const { shell, screen } = await openShell();
      shell.write('echo not run\x03');
      expect(plainText(screen.raw)).toBe('/workspace $ echo not run^C\r\n/workspace $ ');
    });

    it('recalls history with the Up arrow', async () => {
      const { shell, screen } = await openShell();
      shell.write('echo first-command\r');
      await screen.waitFor((text) => text.endsWith('first-command\r\n/workspace $ '));
      shell.write('\x1b[A\r');
      await screen.waitFor(() => screen.lines().filter((line) => line === 'first-command').length === 2);
      expect(screen.lines().filter((line) => line === '/workspace $ echo first-command')).toHaveLength(2);
    });

    it('runs a pasted block line by line, and queues input typed while a command runs', async () => {
      const { shell, screen } = await openShell();
      shell.write('sleep 0.2; echo one\recho two\r');
      shell.write('echo three\r');
      await screen.waitForLine('three');
      const lines = screen.lines();
      expect(lines.indexOf('one')).toBeLessThan(lines.indexOf('two'));
      expect(lines.indexOf('two')).toBeLessThan(lines.indexOf('three'));
    });

    it('says why npm is missing', async () => {
      const { shell, screen } = await openShell();
      shell.write('npm install\r');
      await screen.waitForLine('npm needs the WebContainer runtime, which is not available in the offline sandbox.');
    });

    it('goes quiet after kill', async () => {
      const { shell, screen } = await openShell();
      shell.kill();
      const before = screen.raw;
      shell.write('echo after-kill\r');
      await sleep(50);
      expect(screen.raw).toBe(before);
    });
  });
});

describe('commands bound to the sandbox filesystem', () => {
  it('read and write the workspace directly, and get a signal that fires when the run is stopped', async () => {
    let signal: AbortSignal | undefined;
    const sandbox = await createOfflineSandbox({
      commands: [
        {
          name: 'stamp',
          bind: (fs) => ({
            name: 'stamp',
            async execute(args, ctx) {
              signal = ctx.signal;
              await fs.writeFile(fs.resolvePath(ctx.cwd, args[0] ?? 'stamp.txt'), `${await fs.readFile(fs.resolvePath(ctx.cwd, 'in.txt'))}!`);
              if (args[1] === 'wait') await new Promise((resolve) => ctx.signal?.addEventListener('abort', resolve));
              return { stdout: 'stamped\n', stderr: '', exitCode: 0 };
            },
          }),
        },
      ],
    });
    await sandbox.fs.write('in.txt', 'hello');
    expect((await sandbox.exec('stamp out.txt')).stdout).toBe('stamped\n');
    expect(await sandbox.fs.readText('out.txt')).toBe('hello!');
    expect(signal?.aborted).toBe(true); // revoked when the command returned
    const stopped = await sandbox.exec('stamp late.txt wait', { timeoutMs: 200 });
    expect(stopped.timedOut || stopped.aborted || stopped.exitCode !== 0).toBe(true);
    expect(signal?.aborted).toBe(true);
    await sandbox.dispose();
  });
});
