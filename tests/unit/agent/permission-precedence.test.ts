import { describe, expect, it } from 'vitest';
import { gatherCallFacts } from '../../../src/agent/call-facts';
import { parseRule, ruleProblem, type RuleBehavior, type RuleSource, type SourcedRule } from '../../../src/agent/permission-rule';
import { PermissionRuleBook } from '../../../src/agent/permission-rule-book';
import { decidePermission, rulesToRemember, type PermissionOutcome } from '../../../src/agent/permissions';
import type { PermissionMode } from '../../../src/agent/session-contract';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { PermissionDescriptor } from '../../../src/tools/port';
import { createDefaultTools } from '../../../src/tools/registry';
import { eventsOf, fakeTool, runLoop } from './fakes';

const tools = new Map(createDefaultTools().map((tool) => [tool.name, tool]));
const rule = (text: string, behavior: RuleBehavior, source: RuleSource = 'user'): SourcedRule => ({ rule: text, behavior, source });

async function decide(rules: SourcedRule[], toolName: string, input: Record<string, unknown>, mode: PermissionMode = 'default'): Promise<PermissionOutcome> {
  const sandbox = await createOfflineSandbox();
  const tool = tools.get(toolName)!;
  return decidePermission(rules, mode, await gatherCallFacts(tool, tool.permission(input, { root: sandbox.root }), sandbox));
}

describe('rule syntax', () => {
  it('splits Tool(specifier), keeping parentheses inside the specifier; Tool() and Tool(*) are the bare tool', () => {
    expect(parseRule('Bash(npm run test:*)')).toEqual({ tool: 'Bash', specifier: 'npm run test:*' });
    expect(parseRule('Bash(echo (a))')).toEqual({ tool: 'Bash', specifier: 'echo (a)' });
    expect(parseRule('WebFetch(domain:example.com)')).toEqual({ tool: 'WebFetch', specifier: 'domain:example.com' });
    expect(parseRule('Read')).toEqual({ tool: 'Read' });
    expect(parseRule('Bash()')).toEqual({ tool: 'Bash' });
    expect(parseRule('Bash(*)')).toEqual({ tool: 'Bash' });
    expect(parseRule('Bash(npm')).toBeUndefined();
    expect(parseRule('not a rule')).toBeUndefined();
    expect(ruleProblem('Bash(npm')).toContain('is not a rule');
    expect(ruleProblem('Edit(docs/**)')).toBeUndefined();
  });
});

describe('precedence: deny, then ask, then allow, then the mode', () => {
  it('a deny rule beats an allow rule for the same call, whatever the sources', async () => {
    const outcome = await decide([rule('Bash(npm test)', 'allow', 'session'), rule('Bash(npm:*)', 'deny', 'workspace')], 'Bash', { command: 'npm test' });
    expect(outcome).toMatchObject({ behavior: 'deny', by: { kind: 'rule', rule: { rule: 'Bash(npm:*)', source: 'workspace' } } });
    expect(outcome.behavior === 'deny' && outcome.message).toContain('Bash(npm:*)');
  });

  it('a deny rule beats bypass mode', async () => {
    expect((await decide([rule('Bash', 'deny')], 'Bash', { command: 'ls' }, 'bypass')).behavior).toBe('deny');
  });

  it('an ask rule beats a more specific allow rule, and acceptEdits', async () => {
    expect((await decide([rule('Bash(git push)', 'allow'), rule('Bash(git:*)', 'ask')], 'Bash', { command: 'git push' })).behavior).toBe('ask');
    const editAsked = await decide([rule('Edit(docs/**)', 'ask')], 'Edit', { file_path: 'docs/a.md', old_string: 'a', new_string: 'b' }, 'acceptEdits');
    expect(editAsked.behavior).toBe('ask');
  });

  it('an allow rule beats the mode (default asks otherwise)', async () => {
    expect((await decide([], 'Bash', { command: 'npm test' })).behavior).toBe('ask');
    expect(await decide([rule('Bash(npm test)', 'allow')], 'Bash', { command: 'npm test' })).toMatchObject({ behavior: 'allow', by: { kind: 'rule' } });
  });

  it('plan mode refuses a non-read-only call even when a rule allows it; deny still comes first', async () => {
    const outcome = await decide([rule('Bash(npm test)', 'allow')], 'Bash', { command: 'npm test' }, 'plan');
    expect(outcome).toMatchObject({ behavior: 'deny', by: { kind: 'mode', mode: 'plan' } });
    expect((await decide([rule('Read(.env)', 'deny')], 'Read', { file_path: '.env' }, 'plan')).by).toMatchObject({ kind: 'rule' });
  });

  it('without rules, the mode decides', async () => {
    expect((await decide([], 'Read', { file_path: 'a' })).behavior).toBe('allow');
    expect((await decide([], 'Write', { file_path: 'a', content: '' }, 'acceptEdits')).behavior).toBe('allow');
    expect((await decide([], 'Bash', { command: 'ls' }, 'bypass')).behavior).toBe('allow');
  });

  it('deny and ask rules apply to read-only tools too; Read rules cover Glob and Grep paths', async () => {
    expect((await decide([rule('Read(.env)', 'deny')], 'Read', { file_path: 'config/.env' })).behavior).toBe('deny');
    expect((await decide([rule('Read(secrets)', 'deny')], 'Grep', { pattern: 'x', path: 'secrets' })).behavior).toBe('deny');
    expect((await decide([rule('Read(src/**)', 'ask')], 'Glob', { pattern: '*.ts', path: 'src/app' })).behavior).toBe('ask');
  });

  it('Edit rules cover Write; a bare Edit covers every edit', async () => {
    expect((await decide([rule('Edit(docs/**)', 'allow')], 'Write', { file_path: 'docs/x.md', content: '' })).behavior).toBe('allow');
    expect((await decide([rule('Edit', 'allow')], 'Write', { file_path: 'src/x.ts', content: '' })).behavior).toBe('allow');
  });

  it('absolute path rules start with //; /path is relative to the workspace root', async () => {
    expect((await decide([rule('Edit(//workspace/docs/**)', 'allow')], 'Edit', { file_path: 'docs/a.md', old_string: 'a', new_string: 'b' })).behavior).toBe('allow');
    expect((await decide([rule('Edit(/docs/**)', 'allow')], 'Edit', { file_path: 'docs/a.md', old_string: 'a', new_string: 'b' })).behavior).toBe('allow');
    expect((await decide([rule('Edit(/docs/**)', 'allow')], 'Edit', { file_path: '/docs/a.md', old_string: 'a', new_string: 'b' })).behavior).toBe('ask');
  });

  it('wildcard Bash rules: a trailing " *" keeps the word boundary', async () => {
    const allowLs = [rule('Bash(ls *)', 'allow')];
    expect((await decide(allowLs, 'Bash', { command: 'ls' })).behavior).toBe('allow');
    expect((await decide(allowLs, 'Bash', { command: 'ls -la src' })).behavior).toBe('allow');
    expect((await decide(allowLs, 'Bash', { command: 'lsof' })).behavior).toBe('ask');
    expect((await decide([rule('Bash(git * main)', 'allow')], 'Bash', { command: 'git push origin main' })).behavior).toBe('allow');
  });

  it('the settings files that hold rules always ask before an edit, even in acceptEdits', async () => {
    const outcome = await decide([rule('Edit', 'allow')], 'Write', { file_path: '.glassbox/settings.json', content: '{}' }, 'acceptEdits');
    expect(outcome.behavior).toBe('ask');
  });
});

describe('WebFetch(domain:…) and rule keys without a subject', () => {
  const fetchTool = { ...fakeTool({ name: 'WebFetch', category: 'other' }), permission: (input: { value: string }): PermissionDescriptor => ({ title: 'Fetch', ruleKey: `WebFetch(${input.value})`, subject: { kind: 'url', url: input.value } }) };

  it('matches the host of the URL', async () => {
    const sandbox = await createOfflineSandbox();
    const facts = async (url: string) => gatherCallFacts(fetchTool, fetchTool.permission({ value: url }), sandbox);
    const rules = [rule('WebFetch(domain:example.com)', 'allow')];
    expect(decidePermission(rules, 'default', await facts('https://example.com/a')).behavior).toBe('allow');
    expect(decidePermission(rules, 'default', await facts('https://example.com.evil.test/a')).behavior).toBe('ask');
    expect(decidePermission(rules, 'default', await facts('https://evil.test/?example.com')).behavior).toBe('ask');
    expect(decidePermission([rule('WebFetch(domain:*.example.com)', 'allow')], 'default', await facts('https://api.example.com/')).behavior).toBe('allow');
  });
});

describe('what "allow for this session" and "always allow" remember', () => {
  it('one exact rule per simple command of a shell line, so the same commands run again in any order', async () => {
    const sandbox = await createOfflineSandbox();
    const bash = tools.get('Bash')!;
    const facts = await gatherCallFacts(bash, bash.permission({ command: 'npm ci && npm test' }, { root: sandbox.root }), sandbox);
    const remembered = rulesToRemember(facts);
    expect(remembered).toEqual(['Bash(npm ci)', 'Bash(npm test)']);
    const rules = remembered.map((text) => rule(text, 'allow', 'session'));
    const again = await gatherCallFacts(bash, bash.permission({ command: 'npm test; npm ci' }, { root: sandbox.root }), sandbox);
    expect(decidePermission(rules, 'default', again).behavior).toBe('allow');
  });

  it('always allow writes to the user list and the decision event lists the rules; the next call runs without asking', async () => {
    const book = new PermissionRuleBook();
    const changes: string[] = [];
    book.onChange((source) => changes.push(source));
    let asks = 0;
    const run = await runLoop({
      tools: [fakeTool({ name: 'Deploy', category: 'other' })],
      permissionMode: 'default',
      permissionRules: book,
      askPermission: async () => (asks++, { kind: 'allow_always' }),
      script: [{ toolCalls: [{ name: 'Deploy', input: { value: 'prod' } }] }, { toolCalls: [{ name: 'Deploy', input: { value: 'prod' } }] }, { text: 'done' }],
    });
    expect(asks).toBe(1);
    expect(book.listsOf('user').allow).toEqual(['Deploy(prod)']);
    expect(changes).toEqual(['user']);
    const decisions = eventsOf(run.events, 'permission_decision');
    expect(decisions[0]).toMatchObject({ decision: { kind: 'allow_always', rules: ['Deploy(prod)'] }, automatic: false });
    expect(decisions[1]).toMatchObject({ automatic: true, rule: { rule: 'Deploy(prod)', behavior: 'allow', source: 'user' } });
  });

  it('a deny rule refuses a read-only call in the loop, and the model is told which rule', async () => {
    const book = new PermissionRuleBook();
    book.setLists('user', { allow: [], ask: [], deny: ['Look'] });
    const run = await runLoop({
      tools: [fakeTool({ name: 'Look', readOnly: true, concurrencySafe: true })],
      permissionRules: book,
      script: [{ toolCalls: [{ name: 'Look', input: { value: 'a' } }] }, { text: 'ok' }],
    });
    const result = eventsOf(run.events, 'tool_result')[0]!.result;
    expect(result).toMatchObject({ is_error: true, content: expect.stringContaining('the permission rule Look (deny') as unknown as string });
  });
});
