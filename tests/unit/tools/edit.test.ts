import { describe, expect, it } from 'vitest';
import { editTool } from '../../../src/tools/edit';
import { readTool } from '../../../src/tools/read';
import type { ToolContext } from '../../../src/tools/port';
import { contextFor, sandboxWith, sleep, textOf } from './context';

const source = ['function greet(name) {', '  return "hello " + name;', '}', '', 'greet("world");', ''].join('\n');

async function readFirst(context: ToolContext, path: string): Promise<void> {
  await readTool.run({ file_path: path }, context);
}

describe('Edit', () => {
  it('replaces a unique string and shows the edited region with line numbers', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    const result = await editTool.run({ file_path: 'greet.js', old_string: '"hello "', new_string: '"hi "' }, context);
    expect(await sandbox.fs.readText('/workspace/greet.js')).toContain('return "hi " + name;');
    expect(textOf(result)).toBe(
      ['Edited greet.js.', '     1\tfunction greet(name) {', '     2\t  return "hi " + name;', '     3\t}', '     4\t', '     5\tgreet("world");'].join('\n'),
    );
  });

  it('allows consecutive edits without a new Read (the ledger follows its own writes)', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    await editTool.run({ file_path: 'greet.js', old_string: 'greet(name)', new_string: 'greet(who)' }, context);
    await editTool.run({ file_path: 'greet.js', old_string: '+ name', new_string: '+ who' }, context);
    expect(await sandbox.fs.readText('/workspace/greet.js')).toContain('function greet(who) {\n  return "hello " + who;');
  });

  it('refuses a non-unique string, saying how many matches, unless replace_all', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    await expect(editTool.run({ file_path: 'greet.js', old_string: 'greet', new_string: 'salute' }, context)).rejects.toThrow(
      /occurs 2 times.*more surrounding lines.*replace_all/,
    );
    const result = await editTool.run({ file_path: 'greet.js', old_string: 'greet', new_string: 'salute', replace_all: true }, context);
    expect(textOf(result)).toContain('replaced 2 occurrences');
    expect(await sandbox.fs.readText('/workspace/greet.js')).not.toContain('greet');
  });

  it('requires a prior Read', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    await expect(
      editTool.run({ file_path: 'greet.js', old_string: 'name', new_string: 'who' }, contextFor(sandbox)),
    ).rejects.toThrow('Read the file first');
  });

  it('refuses a stale read: content changed', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    await sandbox.fs.write('/workspace/greet.js', source.replace('world', 'there'));
    await expect(editTool.run({ file_path: 'greet.js', old_string: '"hello "', new_string: '"hi "' }, context)).rejects.toThrow(
      'file changed since it was read; Read it again',
    );
  });

  it('refuses a stale read: only the mtime changed', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    await sleep(5);
    await sandbox.fs.write('/workspace/greet.js', source);
    await expect(editTool.run({ file_path: 'greet.js', old_string: '"hello "', new_string: '"hi "' }, context)).rejects.toThrow(
      'file changed since it was read',
    );
    await readFirst(context, 'greet.js');
    await editTool.run({ file_path: 'greet.js', old_string: '"hello "', new_string: '"hi "' }, context);
  });

  it('refuses identical strings, missing text, missing files, directories and binary files', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source, 'dir/x': '', 'blob.bin': new Uint8Array([1, 0, 2]) });
    const context = contextFor(sandbox);
    await readFirst(context, 'greet.js');
    await expect(editTool.run({ file_path: 'greet.js', old_string: 'x', new_string: 'x' }, context)).rejects.toThrow('identical');
    await expect(editTool.run({ file_path: 'greet.js', old_string: 'nowhere', new_string: 'y' }, context)).rejects.toThrow(
      'old_string was not found in greet.js',
    );
    await expect(editTool.run({ file_path: 'greet.js', old_string: '', new_string: 'y' }, context)).rejects.toThrow('empty');
    await expect(editTool.run({ file_path: 'missing.js', old_string: 'a', new_string: 'b' }, context)).rejects.toThrow(
      'File does not exist: missing.js',
    );
    await expect(editTool.run({ file_path: 'dir', old_string: 'a', new_string: 'b' }, context)).rejects.toThrow('is a directory');
    await expect(editTool.run({ file_path: 'blob.bin', old_string: 'a', new_string: 'b' }, context)).rejects.toThrow('binary');
  });

  it('refuses paths outside the workspace', async () => {
    const context = contextFor(await sandboxWith());
    await expect(editTool.run({ file_path: '/etc/hosts', old_string: 'a', new_string: 'b' }, context)).rejects.toThrow(
      'Path /etc/hosts is outside the workspace /workspace',
    );
  });

  it('describes its permission with a unified diff', async () => {
    const sandbox = await sandboxWith({ 'greet.js': source });
    const input = { file_path: 'greet.js', old_string: '"hello "', new_string: '"hi "' };
    const quick = editTool.permission(input, { root: '/workspace' });
    expect(quick.title).toBe('Edit greet.js');
    expect(quick.ruleKey).toBe('Edit(greet.js)');
    expect(quick.detail).toContain('-"hello "\n+"hi "');
    const full = await editTool.describePermission?.(input, contextFor(sandbox));
    expect(full?.detail).toContain('@@ -1,5 +1,5 @@\n function greet(name) {\n-  return "hello " + name;\n+  return "hi " + name;');
  });
});
