import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGlassboxDb } from '../../../src/store/db';
import { storedEventSchema } from '../../../src/store/event-schema';
import { sanitizePermissionRules, SettingsStore } from '../../../src/store/settings';

describe('permission rules in storage', () => {
  it("keeps the user's rules in the settings store, across a new store on the same database", async () => {
    const name = `glassbox-rules-${Date.now()}`;
    const first = new SettingsStore({ open: () => openGlassboxDb({ name }) });
    expect(await first.loadPermissionRules()).toEqual({ allow: [], ask: [], deny: [] });
    expect(await first.savePermissionRules({ allow: ['Bash(npm test)'], ask: [], deny: ['Read(.env)'] })).toEqual({ persisted: true });
    const second = new SettingsStore({ open: () => openGlassboxDb({ name }) });
    expect(await second.loadPermissionRules()).toEqual({ allow: ['Bash(npm test)'], ask: [], deny: ['Read(.env)'] });
  });

  it('drops what does not read back as lists of strings', () => {
    expect(sanitizePermissionRules({ allow: ['Bash'], ask: 'x', deny: [1] })).toEqual({ allow: ['Bash'], ask: [], deny: [] });
    expect(sanitizePermissionRules(null)).toEqual({ allow: [], ask: [], deny: [] });
  });

  it('stored events keep the rule behind a decision, the rules an "always allow" saved, and the subject', () => {
    const decision = {
      type: 'permission_decision',
      callId: 'c1',
      decision: { kind: 'allow_always', rules: ['Bash(npm ci)', 'Bash(npm test)'] },
      automatic: false,
    };
    expect(storedEventSchema.parse(decision)).toEqual(decision);
    const automatic = { type: 'permission_decision', callId: 'c2', decision: { kind: 'allow_once' }, automatic: true, rule: { rule: 'Bash(npm test)', behavior: 'allow', source: 'workspace', file: '.glassbox/settings.json' } };
    expect(storedEventSchema.parse(automatic)).toEqual(automatic);
    const request = { type: 'permission_request', callId: 'c3', descriptor: { title: 'Run', ruleKey: 'Bash(ls)', subject: { kind: 'command', command: 'ls' } } };
    expect(storedEventSchema.parse(request)).toEqual(request);
  });
});
