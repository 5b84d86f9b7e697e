import { describe, expect, it } from 'vitest';
import { globTool } from '../../../src/tools/glob';
import { contextFor, sandboxWith, sleep, symlink, textOf } from './context';

describe('Glob', () => {
  it('lists matches newest first, relative to the root', async () => {
    const sandbox = await sandboxWith({ 'src/old.ts': '' });
    await sleep(5);
    await sandbox.fs.write('/workspace/src/lib/middle.ts', '');
    await sleep(5);
    await sandbox.fs.write('/workspace/src/new.ts', '');
    await sandbox.fs.write('/workspace/src/notes.md', '');
    const result = textOf(await globTool.run({ pattern: '**/*.ts' }, contextFor(sandbox)));
    expect(result.split('\n')).toEqual(['src/new.ts', 'src/lib/middle.ts', 'src/old.ts']);
  });

  it('keeps * inside one directory and searches under path', async () => {
    const sandbox = await sandboxWith({ 'a.json': '', 'pkg/b.json': '', 'pkg/deep/c.json': '' });
    const context = contextFor(sandbox);
    expect(textOf(await globTool.run({ pattern: '*.json' }, context))).toBe('a.json');
    const underPkg = textOf(await globTool.run({ pattern: '**/*.json', path: 'pkg' }, context)).split('\n').sort();
    expect(underPkg).toEqual(['pkg/b.json', 'pkg/deep/c.json']);
    expect(textOf(await globTool.run({ pattern: '/workspace/pkg/*.json' }, context))).toBe('pkg/b.json');
    expect(textOf(await globTool.run({ pattern: 'pkg/deep/c.json' }, context))).toBe('pkg/deep/c.json');
  });

  it('matches dotfiles and braces', async () => {
    const sandbox = await sandboxWith({ '.github/workflows/ci.yml': '', 'x.js': '', 'y.jsx': '', 'z.ts': '' });
    const context = contextFor(sandbox);
    expect(textOf(await globTool.run({ pattern: '**/*.yml' }, context))).toBe('.github/workflows/ci.yml');
    expect(textOf(await globTool.run({ pattern: '*.{js,jsx}' }, context)).split('\n').sort()).toEqual(['x.js', 'y.jsx']);
  });

  it('skips node_modules and .git unless the pattern names them', async () => {
    const sandbox = await sandboxWith({ 'index.js': '', 'node_modules/lib/index.js': '', '.git/hooks/x.js': '' });
    const context = contextFor(sandbox);
    expect(textOf(await globTool.run({ pattern: '**/*.js' }, context))).toBe('index.js');
    expect(textOf(await globTool.run({ pattern: 'node_modules/**/*.js' }, context))).toBe('node_modules/lib/index.js');
    expect(textOf(await globTool.run({ pattern: '.git/**' }, context))).toBe('.git/hooks/x.js');
  });

  it('caps the list at 100 with a note', async () => {
    const files = Object.fromEntries(Array.from({ length: 120 }, (_, index) => [`f/${String(index).padStart(3, '0')}.txt`, '']));
    const sandbox = await sandboxWith(files);
    const result = textOf(await globTool.run({ pattern: 'f/*.txt' }, contextFor(sandbox)));
    const lines = result.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[100]).toContain('Showing the 100 most recently modified of 120 files');
  });

  it('reports no matches, a missing directory, and paths outside the workspace', async () => {
    const sandbox = await sandboxWith({ 'a.txt': '' });
    await symlink(sandbox, '/etc', '/workspace/etc');
    const context = contextFor(sandbox);
    expect(textOf(await globTool.run({ pattern: '**/*.rs' }, context))).toContain('No files found');
    await expect(globTool.run({ pattern: '*', path: 'nope' }, context)).rejects.toThrow('Directory does not exist: nope');
    await expect(globTool.run({ pattern: '*', path: 'a.txt' }, context)).rejects.toThrow('not a directory');
    await expect(globTool.run({ pattern: '*', path: '/etc' }, context)).rejects.toThrow('outside the workspace');
    await expect(globTool.run({ pattern: '*', path: 'etc' }, context)).rejects.toThrow('outside the workspace');
    await expect(globTool.run({ pattern: '../*' }, context)).rejects.toThrow('may not leave the search directory');
    await expect(globTool.run({ pattern: '/etc/*' }, context)).rejects.toThrow('not under the search directory');
    // Symlinks are not followed, so nothing under /etc appears.
    expect(textOf(await globTool.run({ pattern: 'etc/**' }, context))).toContain('No files found');
  });
});
