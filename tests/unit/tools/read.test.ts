import { describe, expect, it } from 'vitest';
import { readTool } from '../../../src/tools/read';
import { contextFor, sandboxWith, symlink, textOf } from './context';

describe('Read', () => {
  it('numbers lines like cat -n and records the read', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'alpha\nbeta\n' });
    const context = contextFor(sandbox);
    const result = await readTool.run({ file_path: 'a.txt' }, context);
    expect(textOf(result)).toBe('     1\talpha\n     2\tbeta');
    expect(result.isError).toBeFalsy();
    const record = context.readLedger.get('/workspace/a.txt');
    expect(record?.contentHash).toEqual(expect.any(String));
    expect(record?.mtimeMs).toBe((await sandbox.fs.stat('/workspace/a.txt')).mtimeMs);
  });

  it('honours offset and limit and says how much is left', async () => {
    const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}`).join('\n');
    const sandbox = await sandboxWith({ 'ten.txt': lines });
    const result = textOf(await readTool.run({ file_path: '/workspace/ten.txt', offset: 3, limit: 2 }, contextFor(sandbox)));
    expect(result).toBe('     3\tline 3\n     4\tline 4\n… 6 more lines; use offset=5 to read further.');
    const pastEnd = textOf(await readTool.run({ file_path: 'ten.txt', offset: 11 }, contextFor(sandbox)));
    expect(pastEnd).toContain('only 10 lines');
  });

  it('reads 2000 lines by default and cuts very long lines', async () => {
    const lines = Array.from({ length: 2500 }, (_, index) => (index === 0 ? 'x'.repeat(2500) : `l${index + 1}`));
    const sandbox = await sandboxWith({ 'big.txt': lines.join('\n') });
    const result = textOf(await readTool.run({ file_path: 'big.txt' }, contextFor(sandbox)));
    expect(result).toContain('  2000\tl2000');
    expect(result).not.toContain('l2001');
    expect(result).toContain('… 500 more lines; use offset=2001');
    expect(result).toContain('[line truncated, 500 more characters]');
  });

  it('says when a file is empty', async () => {
    const sandbox = await sandboxWith({ 'empty.txt': '' });
    expect(textOf(await readTool.run({ file_path: 'empty.txt' }, contextFor(sandbox)))).toBe('empty.txt exists but is empty.');
  });

  it('refuses missing files, directories and binary files', async () => {
    const sandbox = await sandboxWith({
      'src/a.ts': 'x',
      'image.bin': new Uint8Array([0x89, 0x50, 0x00, 0x01]),
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
    });
    const context = contextFor(sandbox);
    await expect(readTool.run({ file_path: 'nope.ts' }, context)).rejects.toThrow('File does not exist: nope.ts');
    await expect(readTool.run({ file_path: 'src' }, context)).rejects.toThrow(/src is a directory.*Glob.*ls/);
    await expect(readTool.run({ file_path: 'image.bin' }, context)).rejects.toThrow('binary file');
    await expect(readTool.run({ file_path: 'latin1.txt' }, context)).rejects.toThrow('binary file');
    expect(context.readLedger.size).toBe(0);
  });

  it('refuses paths outside the workspace', async () => {
    const sandbox = await sandboxWith();
    await symlink(sandbox, '/etc', '/workspace/etc');
    const context = contextFor(sandbox);
    await expect(readTool.run({ file_path: '/etc/passwd' }, context)).rejects.toThrow('outside the workspace');
    await expect(readTool.run({ file_path: '../etc/passwd' }, context)).rejects.toThrow('outside the workspace');
    await expect(readTool.run({ file_path: 'etc/passwd' }, context)).rejects.toThrow('outside the workspace');
  });

  it('is read-only and concurrency-safe', () => {
    expect(readTool.readOnly).toBe(true);
    expect(readTool.concurrencySafe).toBe(true);
  });
});
