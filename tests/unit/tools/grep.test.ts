import { describe, expect, it } from 'vitest';
import { grepTool } from '../../../src/tools/grep';
import { contextFor, sandboxWith, sleep, symlink, textOf } from './context';

async function fixture() {
  const sandbox = await sandboxWith({
    'src/a.ts': ['import x from "x";', 'const Alpha = 1;', 'const beta = 2;', 'export { Alpha };', ''].join('\n'),
    'src/b.js': ['// alpha in a comment', 'let gamma;', ''].join('\n'),
    'docs/readme.md': ['# Alpha', 'text', ''].join('\n'),
    'node_modules/dep/index.js': 'const Alpha = "dependency";\n',
    '.git/config': 'Alpha\n',
    'bin/tool.bin': new Uint8Array([0x41, 0x6c, 0x70, 0x68, 0x61, 0x00, 0x01]),
  });
  return { sandbox, context: contextFor(sandbox) };
}

describe('Grep', () => {
  it('lists matching files by default, newest first, skipping binaries, node_modules and .git', async () => {
    const { sandbox, context } = await fixture();
    await sleep(5);
    await sandbox.fs.write('/workspace/docs/readme.md', '# Alpha again\n');
    const result = textOf(await grepTool.run({ pattern: 'Alpha' }, context));
    expect(result).toBe('Found 2 files\ndocs/readme.md\nsrc/a.ts');
  });

  it('is case-insensitive with -i', async () => {
    const { context } = await fixture();
    const result = textOf(await grepTool.run({ pattern: 'alpha', '-i': true, output_mode: 'count' }, context));
    expect(result.split('\n').slice(0, 3).sort()).toEqual(['docs/readme.md:1', 'src/a.ts:2', 'src/b.js:1']);
    expect(result).toContain('Found 4 matching lines in 3 files.');
  });

  it('shows content with line numbers, or without', async () => {
    const { context } = await fixture();
    expect(textOf(await grepTool.run({ pattern: 'Alpha', output_mode: 'content', path: 'src' }, context))).toBe(
      'src/a.ts:2:const Alpha = 1;\nsrc/a.ts:4:export { Alpha };',
    );
    expect(textOf(await grepTool.run({ pattern: 'beta', output_mode: 'content', '-n': false }, context))).toBe(
      'src/a.ts:const beta = 2;',
    );
  });

  it('adds context lines with -A/-B/-C and separates groups', async () => {
    const lines = Array.from({ length: 12 }, (_, index) => (index === 2 || index === 9 ? `hit ${index + 1}` : `line ${index + 1}`));
    const sandbox = await sandboxWith({ 'f.txt': lines.join('\n') });
    const context = contextFor(sandbox);
    expect(textOf(await grepTool.run({ pattern: 'hit', output_mode: 'content', '-C': 1 }, context))).toBe(
      ['f.txt-2-line 2', 'f.txt:3:hit 3', 'f.txt-4-line 4', '--', 'f.txt-9-line 9', 'f.txt:10:hit 10', 'f.txt-11-line 11'].join('\n'),
    );
    expect(textOf(await grepTool.run({ pattern: 'hit', output_mode: 'content', '-A': 0, '-B': 2, head_limit: 3 }, context))).toBe(
      ['f.txt-1-line 1', 'f.txt-2-line 2', 'f.txt:3:hit 3', '(Showing the first 3 of 7 results; raise head_limit or narrow the search for more.)'].join('\n'),
    );
    // Overlapping windows merge into one group.
    expect(textOf(await grepTool.run({ pattern: 'hit', output_mode: 'content', '-A': 7 }, context))).not.toContain('--');
  });

  it('filters files with glob (by name, or by path)', async () => {
    const { context } = await fixture();
    expect(textOf(await grepTool.run({ pattern: 'Alpha', glob: '*.md' }, context))).toBe('Found 1 file\ndocs/readme.md');
    expect(textOf(await grepTool.run({ pattern: 'alpha', '-i': true, glob: 'src/**/*.{js,jsx}' }, context))).toBe('Found 1 file\nsrc/b.js');
    // Naming node_modules in the glob searches it.
    expect(textOf(await grepTool.run({ pattern: 'dependency', glob: 'node_modules/**' }, context))).toBe(
      'Found 1 file\nnode_modules/dep/index.js',
    );
  });

  it('limits results with head_limit in files mode', async () => {
    const { context } = await fixture();
    const result = textOf(await grepTool.run({ pattern: 'a', head_limit: 1 }, context));
    expect(result.split('\n')).toHaveLength(3);
    expect(result).toContain('Showing the first 1 of');
  });

  it('searches a single file given as path', async () => {
    const { context } = await fixture();
    expect(textOf(await grepTool.run({ pattern: 'gamma', path: 'src/b.js', output_mode: 'content' }, context))).toBe(
      'src/b.js:2:let gamma;',
    );
  });

  it('reports no matches, invalid regexes, missing and outside paths', async () => {
    const { sandbox, context } = await fixture();
    await symlink(sandbox, '/etc', '/workspace/etc');
    expect(textOf(await grepTool.run({ pattern: 'zzz_nothing' }, context))).toBe('No matches found for /zzz_nothing/.');
    await expect(grepTool.run({ pattern: 'foo(' }, context)).rejects.toThrow('Invalid regular expression /foo(/');
    await expect(grepTool.run({ pattern: 'x', path: 'nope' }, context)).rejects.toThrow('Path does not exist: nope');
    await expect(grepTool.run({ pattern: 'root', path: '/etc' }, context)).rejects.toThrow('outside the workspace');
    await expect(grepTool.run({ pattern: 'root', path: 'etc/passwd' }, context)).rejects.toThrow('outside the workspace');
  });

  it('stops when the signal aborts', async () => {
    const { sandbox } = await fixture();
    const controller = new AbortController();
    controller.abort();
    await expect(grepTool.run({ pattern: 'Alpha' }, contextFor(sandbox, controller.signal))).rejects.toThrow('Interrupted');
  });
});
