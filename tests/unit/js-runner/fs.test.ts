import { describe, expect, it } from 'vitest';
import { node, workspace } from './helpers';

describe('JS runner: fs on the workspace', () => {
  it('writes, appends, mkdirs and removals are visible in the workspace after the run', async () => {
    const fs = await workspace({ 'old.txt': 'remove me', 'keep.txt': 'kept', 'dir/moved.txt': 'moving' });
    const code = [
      "const fs = require('fs');",
      "fs.mkdirSync('out/nested', { recursive: true });",
      "fs.writeFileSync('out/nested/report.json', JSON.stringify({ ok: true }));",
      "for (let i = 0; i < 3; i++) fs.appendFileSync('out/log.txt', `line ${i}\\n`);",
      "fs.unlinkSync('old.txt');",
      "fs.renameSync('dir/moved.txt', 'out/moved.txt');",
      "fs.writeFileSync('bytes.bin', Buffer.from([0, 1, 2, 255]));",
      "fs.mkdirSync('tmp'); fs.writeFileSync('tmp/x', 'x'); fs.rmSync('tmp', { recursive: true });",
    ].join('\n');
    const result = await node(['-e', code], fs);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await fs.readFile('/workspace/out/nested/report.json')).toBe('{"ok":true}');
    expect(await fs.readFile('/workspace/out/log.txt')).toBe('line 0\nline 1\nline 2\n');
    expect(await fs.readFile('/workspace/out/moved.txt')).toBe('moving');
    expect(await fs.exists('/workspace/dir/moved.txt')).toBe(false);
    expect(await fs.exists('/workspace/old.txt')).toBe(false);
    expect(await fs.exists('/workspace/tmp')).toBe(false);
    expect([...(await fs.readFileBuffer('/workspace/bytes.bin'))]).toEqual([0, 1, 2, 255]);
    expect(await fs.readFile('/workspace/keep.txt')).toBe('kept');
  });

  it('files written before a crash or a timeout are still saved', async () => {
    const crashed = await node(['-e', "require('fs').writeFileSync('partial.txt', 'saved'); throw new Error('boom')"]);
    expect(crashed.exitCode).toBe(1);
    expect(await crashed.fs.readFile('/workspace/partial.txt')).toBe('saved');
    const timedOut = await node(['-e', "require('fs').writeFileSync('t.txt', 'saved'); while (true) {}"], {}, { timeoutMs: 200 });
    expect(timedOut.exitCode).toBe(124);
    expect(await timedOut.fs.readFile('/workspace/t.txt')).toBe('saved');
  });

  it('reads: readFileSync (text and Buffer), readdirSync, statSync, existsSync', async () => {
    const files = { 'a.txt': 'héllo', 'sub/b.txt': 'b', 'sub/deeper/c.txt': 'c' };
    const code = [
      "const fs = require('fs');",
      "console.log(fs.readFileSync('a.txt', 'utf8'), fs.readFileSync('a.txt').length, fs.readFileSync('a.txt').toString('hex'));",
      "console.log(fs.readdirSync('.'), fs.readdirSync('sub', { withFileTypes: true }).map((d) => [d.name, d.isDirectory()]));",
      "console.log(fs.readdirSync('sub', { recursive: true }));",
      "const st = fs.statSync('sub/b.txt'); console.log(st.isFile(), st.isDirectory(), st.size, fs.statSync('sub').isDirectory());",
      "console.log(fs.existsSync('a.txt'), fs.existsSync('nope'), fs.statSync('nope', { throwIfNoEntry: false }));",
    ].join('\n');
    const result = await node(['-e', code], files);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'héllo 6 68c3a96c6c6f',
        "[ 'a.txt', 'sub' ] [ [ 'b.txt', false ], [ 'deeper', true ] ]",
        "[ 'b.txt', 'deeper', 'deeper/c.txt' ]",
        'true false 1 true',
        'true false undefined',
        '',
      ].join('\n'),
    );
  });

  it('fs errors have Node messages and codes', async () => {
    const code = [
      "const fs = require('fs');",
      "for (const f of [() => fs.readFileSync('missing.txt'), () => fs.mkdirSync('a.txt'), () => fs.readdirSync('a.txt'), () => fs.rmdirSync('sub'), () => fs.readFileSync('sub')]) {",
      '  try { f() } catch (e) { console.log(e.code, e.message) }',
      '}',
    ].join('\n');
    const result = await node(['-e', code], { 'a.txt': 'a', 'sub/x': 'x' });
    expect(result.stdout).toBe(
      [
        "ENOENT ENOENT: no such file or directory, open 'missing.txt'",
        "EEXIST EEXIST: file already exists, mkdir 'a.txt'",
        "ENOTDIR ENOTDIR: not a directory, scandir 'a.txt'",
        "ENOTEMPTY ENOTEMPTY: directory not empty, rmdir 'sub'",
        "EISDIR EISDIR: illegal operation on a directory, open 'sub'",
        '',
      ].join('\n'),
    );
  });

  it('callback and promise forms', async () => {
    const code = [
      "const fs = require('fs');",
      "fs.writeFile('cb.txt', 'cb', (err) => { console.log('cb', err); fs.readFile('cb.txt', 'utf8', (e, text) => console.log('read', text)); });",
      "fs.promises.writeFile('p.txt', 'p').then(() => fs.promises.readFile('p.txt', 'utf8')).then((t) => console.log('promise', t));",
    ].join('\n');
    const result = await node(['-e', code]);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['cb null', 'promise p', 'read cb']);
  });

  it('files over the preload limit are listed but reading them says why it fails', async () => {
    const result = await node(['-e', "const fs = require('fs'); console.log(fs.statSync('big.txt').size); fs.readFileSync('big.txt')"], { 'big.txt': 'x'.repeat(2048) }, { preload: { maxFileBytes: 1024 } });
    expect(result.stdout).toBe('2048\n');
    expect(result.stderr).toContain('EFBIG: file too large to load into the offline sandbox');
  });

  it('reads stdin from fd 0 and process.stdin', async () => {
    const viaFs = await node(['-e', "console.log(require('fs').readFileSync(0, 'utf8').trim().toUpperCase())"], {}, { stdin: 'piped text\n' });
    expect(viaFs.stdout).toBe('PIPED TEXT\n');
    const code = "let data = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (c) => (data += c)); process.stdin.on('end', () => console.log(data.split('\\n').length))";
    expect((await node(['-e', code], {}, { stdin: 'a\nb\nc' })).stdout).toBe('3\n');
    const lines = "const rl = require('readline').createInterface({ input: process.stdin }); let sum = 0; rl.on('line', (l) => (sum += Number(l))); rl.on('close', () => console.log(sum))";
    expect((await node(['-e', lines], {}, { stdin: '1\n2\n3\n' })).stdout).toBe('6\n');
  });
});
