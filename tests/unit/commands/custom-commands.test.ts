import { describe, expect, it } from 'vitest';
import { expandArguments, splitArguments } from '../../../src/app/commands/command-arguments';
import { loadCustomCommands, parseCommandFile } from '../../../src/app/commands/custom-commands';
import { sandboxWith } from '../tools/context';

describe('parseCommandFile', () => {
  it('reads the description and argument hint from the frontmatter; the body is the prompt', () => {
    const file = parseCommandFile(
      'review.md',
      '.glassbox/commands/review.md',
      '---\ndescription: Review the changes for bugs\nargument-hint: "[file]"\nallowed-tools: Read, Grep\n---\nReview $ARGUMENTS carefully.\n',
    );
    expect(file).toEqual({
      name: 'review',
      path: '.glassbox/commands/review.md',
      description: 'Review the changes for bugs',
      argumentHint: '[file]',
      body: 'Review $ARGUMENTS carefully.',
    });
  });

  it('without frontmatter, the first line describes it', () => {
    const file = parseCommandFile('Fix-Issue.md', '.claude/commands/Fix-Issue.md', '# Fix an issue\n\nFind and fix issue #$1.');
    expect(file.name).toBe('fix-issue');
    expect(file.description).toBe('Fix an issue');
    expect(file.body).toBe('# Fix an issue\n\nFind and fix issue #$1.');
  });

  it('names a command in a subfolder with its namespace', () => {
    expect(parseCommandFile('frontend/component.md', '.glassbox/commands/frontend/component.md', 'Make a component').name).toBe('frontend:component');
  });

  it('reports malformed frontmatter instead of running it', () => {
    const bad = parseCommandFile('bad.md', '.glassbox/commands/bad.md', '---\ndescription: [unclosed\n---\nDo it');
    expect(bad.problem).toMatch(/^\.glassbox\/commands\/bad\.md: the frontmatter is not valid YAML/);
    const unclosed = parseCommandFile('open.md', '.glassbox/commands/open.md', '---\ndescription: x\nDo it');
    expect(unclosed.problem).toContain('never closed');
    const list = parseCommandFile('list.md', '.glassbox/commands/list.md', '---\n- a\n- b\n---\nDo it');
    expect(list.problem).toContain('key: value');
    const empty = parseCommandFile('empty.md', '.glassbox/commands/empty.md', '---\ndescription: Nothing\n---\n');
    expect(empty.problem).toContain('no prompt');
    const badName = parseCommandFile('9lives.md', '.glassbox/commands/9lives.md', 'Do it');
    expect(badName.problem).toContain('is not a command name');
  });
});

describe('arguments', () => {
  it('fills $ARGUMENTS with everything typed and $1, $2 with each argument', () => {
    expect(expandArguments('Review $ARGUMENTS now.', 'src/a.ts and src/b.ts')).toBe('Review src/a.ts and src/b.ts now.');
    expect(expandArguments('Fix issue #$1 with priority $2 ($ARGUMENTS)', '123 high')).toBe('Fix issue #123 with priority high (123 high)');
    expect(expandArguments('Missing: [$3]', 'one')).toBe('Missing: []');
    expect(splitArguments('"two words" \'and more\' last')).toEqual(['two words', 'and more', 'last']);
  });

  it('keeps arguments a prompt has no place for', () => {
    expect(expandArguments('Explain the code.', 'src/app.ts')).toBe('Explain the code.\n\nARGUMENTS: src/app.ts');
    expect(expandArguments('Explain the code.', '')).toBe('Explain the code.');
  });
});

describe('loadCustomCommands', () => {
  it('reads both folders and their subfolders; .glassbox wins a clash; a bad file is reported, not dropped', async () => {
    const sandbox = await sandboxWith({
      '.glassbox/commands/review.md': '---\ndescription: Review from glassbox\n---\nReview it',
      '.glassbox/commands/frontend/component.md': '---\ndescription: New component\nargument-hint: <name>\n---\nCreate $ARGUMENTS',
      '.glassbox/commands/broken.md': '---\ndescription: : :\n  - nope\n---\nx',
      '.glassbox/commands/notes.txt': 'not a command',
      '.claude/commands/review.md': 'Review from claude',
      '.claude/commands/deploy.md': 'Deploy it',
    });
    const commands = await loadCustomCommands(sandbox.fs, sandbox.root);
    expect(commands.map((c) => c.name)).toEqual(['broken', 'deploy', 'frontend:component', 'review']);
    expect(commands.find((c) => c.name === 'review')?.description).toBe('Review from glassbox');
    expect(commands.find((c) => c.name === 'frontend:component')).toMatchObject({ argumentHint: '<name>', path: '.glassbox/commands/frontend/component.md' });
    expect(commands.find((c) => c.name === 'broken')?.problem).toContain('.glassbox/commands/broken.md');
  });

  it('finds none in a workspace without command folders', async () => {
    const sandbox = await sandboxWith({ 'README.md': '# hi' });
    expect(await loadCustomCommands(sandbox.fs, sandbox.root)).toEqual([]);
  });
});
