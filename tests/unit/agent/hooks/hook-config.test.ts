import { describe, expect, it } from 'vitest';
import { hookMatches, parseSettingsHooks } from '../../../../src/agent/hook-config';

const FILE = '.glassbox/settings.json';

describe('hook configuration, in the settings.json shape of Claude Code', () => {
  it('reads events, matchers, commands and timeouts (seconds, default 60)', () => {
    const text = JSON.stringify({
      permissions: { allow: ['Bash(ls)'] },
      hooks: {
        PreToolUse: [{ matcher: 'Bash|Write', hooks: [{ type: 'command', command: './check.sh', timeout: 30 }] }],
        Stop: [{ hooks: [{ type: 'command', command: 'echo done' }] }],
      },
    });
    const file = parseSettingsHooks(text, FILE);
    expect(file.problems).toEqual([]);
    expect(file.hooks).toEqual([
      { id: `${FILE}#PreToolUse#0#0`, event: 'PreToolUse', matcher: 'Bash|Write', command: './check.sh', timeoutSeconds: 30, file: FILE },
      { id: `${FILE}#Stop#0#0`, event: 'Stop', matcher: '', command: 'echo done', timeoutSeconds: 60, file: FILE },
    ]);
  });

  it('a file without hooks has none and no problem', () => {
    expect(parseSettingsHooks('{"permissions":{}}', FILE)).toEqual({ path: FILE, hooks: [], problems: [] });
  });

  it('reports what is wrong and keeps the well-formed entries of the same file', () => {
    const text = JSON.stringify({
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: 'ok.sh' }] },
          { matcher: 'Bash', hooks: [{ type: 'prompt', command: 'x' }, { type: 'command', command: '' }, { type: 'command', command: 'a', timeout: -1 }] },
          { matcher: '(', hooks: [{ type: 'command', command: 'b' }] },
          'not an entry',
          { matcher: 3, hooks: [] },
          { matcher: 'Read' },
        ],
        OnSave: [],
        PostToolUse: { matcher: 'x' },
      },
    });
    const file = parseSettingsHooks(text, FILE);
    expect(file.hooks.map((hook) => hook.command)).toEqual(['ok.sh']);
    expect(file.problems).toEqual([
      '"hooks.PreToolUse[1].hooks[0].type" must be "command"',
      '"hooks.PreToolUse[1].hooks[1].command" must be a non-empty string',
      '"hooks.PreToolUse[1].hooks[2].timeout" must be a positive number of seconds',
      expect.stringContaining('"hooks.PreToolUse[2].matcher" is not a valid pattern'),
      '"hooks.PreToolUse[3]" is not an object with "matcher" and "hooks"',
      '"hooks.PreToolUse[4].matcher" is not a string',
      '"hooks.PreToolUse[5].hooks" is not a list of {"type": "command", "command": …} hooks',
      expect.stringContaining('"hooks.OnSave" is not a hook event'),
      '"hooks.PostToolUse" is not a list of {matcher, hooks} entries',
    ]);
  });

  it('a file that is not JSON, or whose hooks are not an object, runs none of its hooks and says why', () => {
    expect(parseSettingsHooks('{"hooks": [', FILE).problems[0]).toMatch(/^is not valid JSON/);
    expect(parseSettingsHooks('[]', FILE).problems).toEqual(['is not a JSON object; none of its hooks run until it is fixed']);
    expect(parseSettingsHooks('{"hooks": []}', FILE).problems).toEqual(['"hooks" is not an object of events; none of its hooks run until it is fixed']);
  });
});

describe('matchers', () => {
  it("'' and '*' match every tool; a name matches that tool only; | and regexes match several", () => {
    expect(hookMatches('', 'Bash')).toBe(true);
    expect(hookMatches('*', 'Write')).toBe(true);
    expect(hookMatches('Write', 'Write')).toBe(true);
    expect(hookMatches('Write', 'WriteFile')).toBe(false);
    expect(hookMatches('Edit', 'NotebookEdit')).toBe(false);
    expect(hookMatches('Bash|Write', 'Write')).toBe(true);
    expect(hookMatches('Bash|Write', 'Read')).toBe(false);
    expect(hookMatches('Notebook.*', 'NotebookEdit')).toBe(true);
    expect(hookMatches('mcp__.*__write', 'mcp__fs__write')).toBe(true);
  });

  it('events without a match target ignore the matcher', () => {
    expect(hookMatches('Bash', undefined)).toBe(true);
  });
});
