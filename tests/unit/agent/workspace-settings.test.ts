import { describe, expect, it } from 'vitest';
import { PermissionRuleBook } from '../../../src/agent/permission-rule-book';
import { Session } from '../../../src/agent/session';
import { loadWorkspaceRuleFiles, parseSettingsRules } from '../../../src/agent/workspace-settings';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createDefaultTools } from '../../../src/tools/registry';

describe('settings.json rules', () => {
  it("reads Claude Code's shape, ignoring other keys (hooks…)", () => {
    const text = JSON.stringify({ permissions: { allow: ['Bash(npm test)'], deny: ['Read(.env)'], defaultMode: 'default' }, hooks: {} });
    expect(parseSettingsRules(text)).toEqual({ lists: { allow: ['Bash(npm test)'], ask: [], deny: ['Read(.env)'] } });
    expect(parseSettingsRules('{}')).toEqual({ lists: { allow: [], ask: [], deny: [] } });
  });

  it('says what is wrong with malformed JSON or a wrong shape, instead of dropping rules silently', () => {
    expect(parseSettingsRules('{"permissions": {"allow": ["Bash(ls)",]}}').problem).toMatch(/is not valid JSON/);
    expect(parseSettingsRules('[]').problem).toMatch(/not a JSON object/);
    expect(parseSettingsRules('{"permissions": []}').problem).toMatch(/"permissions" is not an object/);
    expect(parseSettingsRules('{"permissions": {"deny": "Bash"}}').problem).toMatch(/"permissions.deny" is not a list of strings/);
  });

  it('loads .glassbox/settings.json and .claude/settings.json from the workspace; their lists merge', async () => {
    const sandbox = await createOfflineSandbox();
    await sandbox.fs.write('/workspace/.glassbox/settings.json', JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }));
    await sandbox.fs.write('/workspace/.claude/settings.json', JSON.stringify({ permissions: { deny: ['Bash(rm:*)'] } }));
    const files = await loadWorkspaceRuleFiles(sandbox);
    expect(files.map((file) => file.path)).toEqual(['.glassbox/settings.json', '.claude/settings.json']);
    const book = new PermissionRuleBook();
    book.setWorkspaceFiles(files);
    expect(book.all()).toEqual([
      { rule: 'Bash(npm test)', behavior: 'allow', source: 'workspace', file: '.glassbox/settings.json' },
      { rule: 'Bash(rm:*)', behavior: 'deny', source: 'workspace', file: '.claude/settings.json' },
    ]);
  });

  it('a broken file is listed with its problem and none of its rules; the others still count', async () => {
    const sandbox = await createOfflineSandbox();
    await sandbox.fs.write('/workspace/.glassbox/settings.json', '{ "permissions": { "allow": [ "Bash" ');
    await sandbox.fs.write('/workspace/.claude/settings.json', JSON.stringify({ permissions: { ask: ['Bash(git push)'] } }));
    const book = new PermissionRuleBook();
    book.setWorkspaceFiles(await loadWorkspaceRuleFiles(sandbox));
    expect(book.workspaceFiles[0]).toMatchObject({ path: '.glassbox/settings.json', problem: expect.stringMatching(/not valid JSON/) as unknown as string });
    expect(book.all().map((rule) => rule.rule)).toEqual(['Bash(git push)']);
  });

  it('a session reads the workspace rules at the start of every run', async () => {
    const sandbox = await createOfflineSandbox();
    const session = new Session({ sandbox, model: new ScriptedModelClient({ script: [{ text: 'a' }, { text: 'b' }] }), tools: createDefaultTools(), systemPrompt: 'x' });
    await session.send('one');
    expect(session.permissionRules.all()).toEqual([]);
    await sandbox.fs.write('/workspace/.glassbox/settings.json', JSON.stringify({ permissions: { deny: ['Bash'] } }));
    await session.send('two');
    expect(session.permissionRules.all()).toEqual([{ rule: 'Bash', behavior: 'deny', source: 'workspace', file: '.glassbox/settings.json' }]);
  });
});
