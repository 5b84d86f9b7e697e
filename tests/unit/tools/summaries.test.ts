import { describe, expect, it } from 'vitest';
import type { AnyTool, ToolCategory } from '../../../src/tools/port';
import { createDefaultTools } from '../../../src/tools/registry';

const context = { root: '/workspace' };
const tools = new Map(createDefaultTools().map((tool) => [tool.name, tool]));

function tool(name: string): AnyTool {
  const found = tools.get(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('every tool says what it is', () => {
  it.each([
    ['Read', 'read-only'],
    ['Glob', 'read-only'],
    ['Grep', 'read-only'],
    ['Write', 'edits-files'],
    ['Edit', 'edits-files'],
    ['Bash', 'runs-commands'],
  ] as Array<[string, ToolCategory]>)('%s is %s', (name, category) => {
    expect(tool(name).category).toBe(category);
  });

  it('is read-only exactly when its category says so', () => {
    for (const each of tools.values()) expect(each.readOnly, each.name).toBe(each.category === 'read-only');
  });
});

describe('every tool summarizes its own calls', () => {
  it('Read: the path, relative to the root, and the slice when there is one', () => {
    expect(tool('Read').summarize({ file_path: '/workspace/src/a.ts' }, context)).toBe('src/a.ts');
    expect(tool('Read').summarize({ file_path: 'src/a.ts', offset: 10, limit: 50 }, context)).toBe('src/a.ts (lines 10–59)');
    expect(tool('Read').summarize({ file_path: 'a.ts', offset: 200 }, context)).toBe('a.ts (from line 200)');
    expect(tool('Read').summarize({ file_path: 'a.ts', limit: 5 }, context)).toBe('a.ts (lines 1–5)');
  });

  it('Write: the path and the size of the new content', () => {
    expect(tool('Write').summarize({ file_path: '/workspace/slugify.js', content: 'a\nb\n' }, context)).toBe('slugify.js (2 lines)');
    expect(tool('Write').summarize({ file_path: 'one.txt', content: 'x' }, context)).toBe('one.txt (1 line)');
  });

  it('Edit: the path, and whether every occurrence changes', () => {
    expect(tool('Edit').summarize({ file_path: 'src/app.ts', old_string: 'a', new_string: 'b' }, context)).toBe('src/app.ts');
    expect(tool('Edit').summarize({ file_path: 'src/app.ts', old_string: 'a', new_string: 'b', replace_all: true }, context)).toBe(
      'src/app.ts (all occurrences)',
    );
  });

  it('Glob and Grep: the pattern, where, and which files', () => {
    expect(tool('Glob').summarize({ pattern: '**/*.ts' }, context)).toBe('**/*.ts');
    expect(tool('Glob').summarize({ pattern: '*.json', path: '/workspace/packages' }, context)).toBe('*.json in packages');
    expect(tool('Grep').summarize({ pattern: 'TODO' }, context)).toBe('TODO');
    expect(tool('Grep').summarize({ pattern: 'TODO', path: 'src', glob: '*.ts' }, context)).toBe('TODO in src (*.ts)');
  });

  it('Bash: the command itself (the view shortens it)', () => {
    expect(tool('Bash').summarize({ command: 'npm test', description: 'Run the tests' }, context)).toBe('npm test');
  });
});
