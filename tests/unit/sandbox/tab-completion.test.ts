import { describe, expect, it } from 'vitest';
import { complete, currentWord, type CompletionSource } from '../../../src/sandbox/tab-completion';
import { createOfflineSandbox } from '../../../src/sandbox/offline';

const source: CompletionSource = {
  commands: async () => ['cat', 'cd', 'cut', 'echo', 'grep'],
  list: async (dir) =>
    ({
      '/w': [
        { name: 'README.md', isDirectory: false },
        { name: 'src', isDirectory: true },
        { name: 'scripts', isDirectory: true },
        { name: '.env', isDirectory: false },
        { name: 'my file.txt', isDirectory: false },
      ],
      '/w/src': [{ name: 'index.ts', isDirectory: false }],
    })[dir] ?? [],
};

describe('Tab completion', () => {
  it('completes the first word from the commands', async () => {
    expect(await complete('gr', '/w', source)).toEqual({ insert: 'ep ', options: [] });
    expect(await complete('c', '/w', source)).toEqual({ insert: '', options: ['cat', 'cd', 'cut'] });
    expect(await complete('ls | ec', '/w', source)).toEqual({ insert: 'ho ', options: [] });
  });

  it('completes later words from the files, folders with a slash', async () => {
    expect(await complete('cat RE', '/w', source)).toEqual({ insert: 'ADME.md ', options: [] });
    expect(await complete('cd sr', '/w', source)).toEqual({ insert: 'c/', options: [] });
    expect(await complete('ls s', '/w', source)).toEqual({ insert: '', options: ['scripts/', 'src/'] });
    expect(await complete('cat src/i', '/w', source)).toEqual({ insert: 'ndex.ts ', options: [] });
    expect(await complete('cat /w/src/', '/', source)).toEqual({ insert: 'index.ts ', options: [] });
    expect(await complete('cat ./src/in', '/w', source)).toEqual({ insert: 'dex.ts ', options: [] });
  });

  it('hides dotfiles unless asked, and escapes what needs it', async () => {
    expect((await complete('cat ', '/w', source)).options).not.toContain('.env');
    expect(await complete('cat .e', '/w', source)).toEqual({ insert: 'nv ', options: [] });
    expect(await complete('cat my', '/w', source)).toEqual({ insert: '\\ file.txt ', options: [] });
    expect(currentWord('cat my\\ fi')).toEqual({ word: 'my fi', start: 4 });
  });

  it('offers nothing when nothing matches', async () => {
    expect(await complete('zz', '/w', source)).toEqual({ insert: '', options: [] });
    expect(await complete('cat nope/', '/w', source)).toEqual({ insert: '', options: [] });
  });
});

describe('the offline terminal completes with Tab', () => {
  it('completes commands and workspace paths in the shell session', async () => {
    const sandbox = await createOfflineSandbox();
    await sandbox.fs.write('/workspace/notes/today.md', 'hi');
    const shell = await sandbox.openShell();
    let screen = '';
    shell.onData((data) => (screen += data));
    const typed = async (data: string, expected: string) => {
      shell.write(data);
      for (let i = 0; i < 200 && !screen.includes(expected); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(screen).toContain(expected);
    };
    await typed('ech\t', 'echo ');
    await typed('no\t', 'notes/');
    await typed('to\t', 'today.md ');
    await typed('\r', 'notes/today.md');
    shell.kill();
    await sandbox.dispose();
  });
});
