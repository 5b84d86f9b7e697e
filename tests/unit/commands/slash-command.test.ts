import { describe, expect, it } from 'vitest';
import { closeCommands, editDistance, unknownCommandText } from '../../../src/app/commands/close-commands';
import { commandNameBeingTyped, commandUsage, matchingCommands, parseSlashCommand, resolveCommand, type SlashCommand } from '../../../src/app/commands/slash-command';

const command = (name: string, extra: Partial<SlashCommand> = {}): SlashCommand => ({ name, description: `The ${name} command`, source: 'built-in', run: () => undefined, ...extra });
// The built-in names, as the registry lists them.
const COMMANDS = ['help', 'clear', 'compact', 'context', 'cost', 'model', 'init', 'permissions'].map((name) =>
  command(name, { whileRunning: ['help', 'context', 'cost', 'model', 'permissions'].includes(name), ...(name === 'compact' ? { argumentHint: '[focus]' } : {}) }),
);
const names = (list: readonly SlashCommand[]): string[] => list.map((c) => c.name);

describe('parseSlashCommand', () => {
  it('splits the name from its arguments', () => {
    expect(parseSlashCommand('/compact keep the test output')).toEqual({ name: 'compact', args: 'keep the test output' });
    expect(parseSlashCommand('  /Help  ')).toEqual({ name: 'help', args: '' });
    expect(parseSlashCommand('/frontend:component Button\nwith a label')).toEqual({ name: 'frontend:component', args: 'Button\nwith a label' });
  });

  it('leaves text that is not a command alone', () => {
    expect(parseSlashCommand('fix /usr/bin/env')).toBeNull();
    expect(parseSlashCommand('/usr/bin/env is missing')).toBeNull();
    expect(parseSlashCommand('/')).toBeNull();
    expect(parseSlashCommand('/ hello')).toBeNull();
  });
});

describe('completion', () => {
  it('lists every command for a bare slash, and those that start with what was typed first', () => {
    expect(names(matchingCommands(COMMANDS, ''))).toEqual(names(COMMANDS));
    expect(names(matchingCommands(COMMANDS, 'co'))).toEqual(['compact', 'context', 'cost']);
    expect(names(matchingCommands(COMMANDS, 'CO'))).toEqual(['compact', 'context', 'cost']);
    expect(names(matchingCommands(COMMANDS, 'mis'))).toEqual(['permissions']);
    expect(matchingCommands(COMMANDS, 'zzz')).toEqual([]);
  });

  it('completes only while the name is being typed', () => {
    expect(commandNameBeingTyped('/')).toBe('');
    expect(commandNameBeingTyped('/co')).toBe('co');
    expect(commandNameBeingTyped('/frontend:co')).toBe('frontend:co');
    expect(commandNameBeingTyped('/compact ')).toBeNull();
    expect(commandNameBeingTyped('hello /co')).toBeNull();
  });

  it('shows the usage with the argument hint', () => {
    expect(commandUsage(COMMANDS[2]!)).toBe('/compact [focus]');
    expect(commandUsage(COMMANDS[0]!)).toBe('/help');
  });
});

describe('close matches', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('hlep', 'help')).toBe(1);
    expect(editDistance('cost', 'cost')).toBe(0);
  });

  it('suggests the commands a typo was meant to be, closest first', () => {
    expect(names(closeCommands(COMMANDS, 'contxt'))).toEqual(['context']);
    expect(names(closeCommands(COMMANDS, 'hlep'))).toEqual(['help']);
    expect(names(closeCommands(COMMANDS, 'cst'))).toEqual(['cost']);
    expect(names(closeCommands(COMMANDS, 'permission'))).toEqual(['permissions']);
    expect(closeCommands(COMMANDS, 'deploy-to-production')).toEqual([]);
  });

  it('says the command is unknown and names the close ones', () => {
    expect(unknownCommandText('cots', closeCommands(COMMANDS, 'cots'))).toBe('Unknown command: /cots. Did you mean /cost? Nothing was sent to the model.');
    expect(unknownCommandText('xyz', [])).toContain('Unknown command: /xyz. Type / to see the commands');
    expect(unknownCommandText('co', [COMMANDS[2]!, COMMANDS[3]!, COMMANDS[4]!])).toContain('Did you mean /compact, /context or /cost?');
  });
});

describe('resolveCommand', () => {
  it('runs a known command with its arguments, sends other text to the model', () => {
    expect(resolveCommand(COMMANDS, '/compact the API work', false)).toMatchObject({ kind: 'run', command: { name: 'compact' }, args: 'the API work' });
    expect(resolveCommand(COMMANDS, 'hello', false)).toEqual({ kind: 'prompt' });
    expect(resolveCommand(COMMANDS, '/nope', false)).toMatchObject({ kind: 'unknown', name: 'nope' });
  });

  it('during a run, runs only the commands that only show something', () => {
    expect(resolveCommand(COMMANDS, '/context', true)).toMatchObject({ kind: 'run' });
    expect(resolveCommand(COMMANDS, '/cost', true)).toMatchObject({ kind: 'run' });
    expect(resolveCommand(COMMANDS, '/help', true)).toMatchObject({ kind: 'run' });
    expect(resolveCommand(COMMANDS, '/clear', true)).toMatchObject({ kind: 'busy', command: { name: 'clear' } });
    expect(resolveCommand(COMMANDS, '/init', true)).toMatchObject({ kind: 'busy' });
  });
});
