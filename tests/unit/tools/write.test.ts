import { describe, expect, it } from 'vitest';
import { readTool } from '../../../src/tools/read';
import { writeTool } from '../../../src/tools/write';
import { contextFor, sandboxWith, symlink, textOf } from './context';

describe('Write', () => {
  it('creates a new file and its parent directories, and records it', async () => {
    const sandbox = await sandboxWith();
    const context = contextFor(sandbox);
    const result = await writeTool.run({ file_path: 'deep/new/file.ts', content: 'a\nb\n' }, context);
    expect(textOf(result)).toBe('Created deep/new/file.ts (2 lines).');
    expect(await sandbox.fs.readText('/workspace/deep/new/file.ts')).toBe('a\nb\n');
    expect(context.readLedger.has('/workspace/deep/new/file.ts')).toBe(true);
  });

  it('refuses to overwrite a file that was not read', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'old' });
    await expect(writeTool.run({ file_path: 'a.txt', content: 'new' }, contextFor(sandbox))).rejects.toThrow('Read the file first');
    expect(await sandbox.fs.readText('/workspace/a.txt')).toBe('old');
  });

  it('overwrites a file after Read, then allows a second write without a new Read', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'old' });
    const context = contextFor(sandbox);
    await readTool.run({ file_path: 'a.txt' }, context);
    expect(textOf(await writeTool.run({ file_path: 'a.txt', content: 'new' }, context))).toBe('Updated a.txt (1 line).');
    await writeTool.run({ file_path: 'a.txt', content: 'newer' }, context);
    expect(await sandbox.fs.readText('/workspace/a.txt')).toBe('newer');
  });

  it('refuses when the file changed since it was read', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'old' });
    const context = contextFor(sandbox);
    await readTool.run({ file_path: 'a.txt' }, context);
    await sandbox.fs.write('/workspace/a.txt', 'changed by someone else');
    await expect(writeTool.run({ file_path: 'a.txt', content: 'new' }, context)).rejects.toThrow(
      'file changed since it was read; Read it again',
    );
  });

  it('refuses directories and paths outside the workspace', async () => {
    const sandbox = await sandboxWith({ 'dir/x': '' });
    await symlink(sandbox, '/tmp', '/workspace/tmp');
    const context = contextFor(sandbox);
    await expect(writeTool.run({ file_path: 'dir', content: 'x' }, context)).rejects.toThrow('is a directory');
    await expect(writeTool.run({ file_path: '/etc/evil', content: 'x' }, context)).rejects.toThrow('outside the workspace');
    await expect(writeTool.run({ file_path: '../evil', content: 'x' }, context)).rejects.toThrow('outside the workspace');
    await expect(writeTool.run({ file_path: 'tmp/evil', content: 'x' }, context)).rejects.toThrow('outside the workspace');
  });

  it('describes its permission with the content, or a diff against the existing file', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'one\ntwo\n' });
    const context = contextFor(sandbox);
    expect(writeTool.permission({ file_path: '/workspace/src/new.ts', content: 'hi' }, { root: '/workspace' })).toEqual({
      title: 'Write src/new.ts',
      detail: 'hi',
      detailFormat: 'text',
      ruleKey: 'Write(src/new.ts)',
    });
    const descriptor = await writeTool.describePermission?.({ file_path: 'a.txt', content: 'one\nTWO\n' }, context);
    expect(descriptor?.ruleKey).toBe('Write(a.txt)');
    expect(descriptor?.detailFormat).toBe('diff');
    expect(descriptor?.detail).toContain('--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO');
  });

  it('is neither read-only nor concurrency-safe', () => {
    expect(writeTool.readOnly).toBe(false);
    expect(writeTool.concurrencySafe).toBe(false);
  });
});
