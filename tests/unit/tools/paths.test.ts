import { describe, expect, it } from 'vitest';
import { displayPath, normalizeAbsolute, resolveWorkspacePath, toAbsolute } from '../../../src/tools/paths';
import { ToolError } from '../../../src/tools/port';
import { sandboxWith, symlink } from './context';

describe('path helpers', () => {
  it('normalizes lexically', () => {
    expect(normalizeAbsolute('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(normalizeAbsolute('/../..')).toBe('/');
    expect(toAbsolute('/workspace', 'src/x.ts')).toBe('/workspace/src/x.ts');
    expect(toAbsolute('/workspace', '/tmp/x')).toBe('/tmp/x');
    expect(displayPath('/workspace', '/workspace/src/x.ts')).toBe('src/x.ts');
    expect(displayPath('/workspace', '/workspace')).toBe('.');
    expect(displayPath('/workspace', '/etc/passwd')).toBe('/etc/passwd');
    expect(displayPath('/workspace', '/workspace2/x')).toBe('/workspace2/x');
  });
});

describe('resolveWorkspacePath', () => {
  it('resolves relative and absolute paths inside the workspace', async () => {
    const sandbox = await sandboxWith({ 'src/a.ts': 'x' });
    expect(await resolveWorkspacePath(sandbox, 'src/a.ts')).toBe('/workspace/src/a.ts');
    expect(await resolveWorkspacePath(sandbox, './src/../src/a.ts')).toBe('/workspace/src/a.ts');
    expect(await resolveWorkspacePath(sandbox, '/workspace/src/a.ts')).toBe('/workspace/src/a.ts');
    expect(await resolveWorkspacePath(sandbox, '.')).toBe('/workspace');
    // Paths that do not exist yet are fine (Write creates them).
    expect(await resolveWorkspacePath(sandbox, 'new/dir/file.ts')).toBe('/workspace/new/dir/file.ts');
  });

  it('refuses .. escapes and absolute paths elsewhere', async () => {
    const sandbox = await sandboxWith();
    await expect(resolveWorkspacePath(sandbox, '../etc/passwd')).rejects.toThrow(ToolError);
    await expect(resolveWorkspacePath(sandbox, '/etc/passwd')).rejects.toThrow(
      'Path /etc/passwd is outside the workspace /workspace',
    );
    await expect(resolveWorkspacePath(sandbox, 'src/../../etc')).rejects.toThrow('outside the workspace /workspace');
    // A sibling whose name starts with the root's name is still outside.
    await expect(resolveWorkspacePath(sandbox, '/workspace2/x')).rejects.toThrow('outside the workspace');
    await expect(resolveWorkspacePath(sandbox, '')).rejects.toThrow('empty');
  });

  it('refuses symlinks that lead outside, directly or through a chain', async () => {
    const sandbox = await sandboxWith({ 'inside.txt': 'ok' });
    await symlink(sandbox, '/etc', '/workspace/etc-link');
    await symlink(sandbox, '../outside', '/workspace/up-link');
    await symlink(sandbox, '/workspace/etc-link', '/workspace/chain');
    await expect(resolveWorkspacePath(sandbox, 'etc-link/passwd')).rejects.toThrow(/symlink etc-link → \/etc, which is outside/);
    await expect(resolveWorkspacePath(sandbox, 'up-link')).rejects.toThrow('outside the workspace');
    await expect(resolveWorkspacePath(sandbox, 'chain/hosts')).rejects.toThrow('outside the workspace');
  });

  it('follows symlinks that stay inside to the real path', async () => {
    const sandbox = await sandboxWith({ 'real/file.txt': 'ok' });
    await symlink(sandbox, 'real', '/workspace/alias');
    expect(await resolveWorkspacePath(sandbox, 'alias/file.txt')).toBe('/workspace/real/file.txt');
  });

  it('detects symlink loops', async () => {
    const sandbox = await sandboxWith();
    await symlink(sandbox, '/workspace/b', '/workspace/a');
    await symlink(sandbox, '/workspace/a', '/workspace/b');
    await expect(resolveWorkspacePath(sandbox, 'a/x')).rejects.toThrow('too many levels of symbolic links');
  });
});
