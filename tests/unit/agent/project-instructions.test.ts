import { describe, expect, it } from 'vitest';
import { contextPromptBuilder } from '../../../src/agent/context-prompt';
import { importReferences, MAX_IMPORT_DEPTH, NestedInstructions, projectInstructionsPart } from '../../../src/agent/project-instructions';
import { Session } from '../../../src/agent/session';
import { joinSystemParts } from '../../../src/agent/system-prompt';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { createDefaultTools } from '../../../src/tools/registry';
import { sandboxWith } from '../tools/context';
import type { AgentEvent } from '../../../src/agent/events';

describe('project instructions at the workspace root', () => {
  it('puts AGENTS.md and CLAUDE.md into their own part, in that order', async () => {
    const sandbox = await sandboxWith({ 'AGENTS.md': 'Use tabs.', 'CLAUDE.md': 'Run npm test before you finish.' });
    const part = await projectInstructionsPart(sandbox);
    expect(part?.label).toBe('Project instructions');
    expect(part?.source).toBe('AGENTS.md, CLAUDE.md');
    expect(part?.text).toContain('Contents of AGENTS.md');
    expect(part?.text.indexOf('Use tabs.')).toBeLessThan(part?.text.indexOf('Run npm test') ?? -1);
  });

  it('gives no part when the workspace has neither file', async () => {
    const sandbox = await sandboxWith({ 'README.md': 'hello' });
    expect(await projectInstructionsPart(sandbox)).toBeUndefined();
  });

  it('follows @imports relative to the importing file, and plain workspace paths', async () => {
    const sandbox = await sandboxWith({
      'AGENTS.md': 'See @docs/style.md and @/workspace/notes.md.',
      'docs/style.md': 'Style: two spaces. More in @rules/naming.md',
      'docs/rules/naming.md': 'Names are camelCase.',
      'notes.md': 'Notes here.',
    });
    const part = await projectInstructionsPart(sandbox);
    expect(part?.text).toContain('Contents of docs/style.md (imported by AGENTS.md)');
    expect(part?.text).toContain('Names are camelCase.');
    expect(part?.text).toContain('Notes here.');
    expect(part?.source).toBe('AGENTS.md, docs/style.md, docs/rules/naming.md, notes.md');
  });

  it('ignores @ in code, e-mail addresses and fenced blocks', () => {
    const text = 'Mail me@example.com.\n`@not/this.md`\n```\n@nor/this.md\n```\nBut @yes.md';
    expect(importReferences(text)).toEqual(['yes.md']);
  });

  it(`follows imports ${MAX_IMPORT_DEPTH} levels deep and says where it stopped`, async () => {
    const files: Record<string, string> = { 'AGENTS.md': 'Root @l1.md' };
    for (let level = 1; level <= 7; level++) files[`l${level}.md`] = `Level ${level} @l${level + 1}.md`;
    const part = await projectInstructionsPart(await sandboxWith(files));
    expect(part?.text).toContain('Level 5');
    expect(part?.text).not.toContain('Level 6');
    expect(part?.text).toContain(`@l6.md in l5.md was not followed: imports are followed at most ${MAX_IMPORT_DEPTH} levels deep.`);
  });

  it('stops cycles and includes each file once', async () => {
    const sandbox = await sandboxWith({
      'AGENTS.md': 'A @a.md @b.md',
      'a.md': 'File a @b.md @AGENTS.md',
      'b.md': 'File b @a.md',
    });
    const part = await projectInstructionsPart(sandbox);
    const text = part?.text ?? '';
    expect(text.match(/Contents of b\.md/g)).toHaveLength(1);
    expect(text.match(/Contents of a\.md/g)).toHaveLength(1);
    expect(text).toContain('@AGENTS.md in a.md was not followed: it imports itself (AGENTS.md → a.md → AGENTS.md).');
    expect(text).toContain('@a.md in b.md was not followed: it imports itself (a.md → b.md → a.md).');
  });

  it('notes missing files, home paths and paths outside the workspace', async () => {
    const sandbox = await sandboxWith({ 'AGENTS.md': 'Read @missing.md, @~/private.md and @../etc/passwd' });
    const text = (await projectInstructionsPart(sandbox))?.text ?? '';
    expect(text).toContain('@missing.md in AGENTS.md was not followed: missing.md does not exist.');
    expect(text).toContain('@~/private.md in AGENTS.md was not followed: there is no home directory');
    expect(text).toContain('@../etc/passwd in AGENTS.md was not followed: it is outside the workspace.');
  });
});

describe('project instructions in subfolders', () => {
  it('joins once per folder, from the root down to the file read', async () => {
    const sandbox = await sandboxWith({
      'AGENTS.md': 'root rules',
      'src/AGENTS.md': 'src rules',
      'src/ui/CLAUDE.md': 'ui rules @../../shared.md',
      'shared.md': 'shared rules',
      'src/ui/app.ts': 'x',
      'src/ui/b.ts': 'y',
      'lib/c.ts': 'z',
    });
    const nested = new NestedInstructions();
    const first = await nested.forFile(sandbox, '/workspace/src/ui/app.ts');
    expect(first).toMatch(/^<system-reminder>/);
    expect(first).toContain('src rules');
    expect(first).toContain('ui rules');
    expect(first).toContain('shared rules');
    expect(first).not.toContain('root rules');
    expect(await nested.forFile(sandbox, '/workspace/src/ui/b.ts')).toBeUndefined();
    expect(await nested.forFile(sandbox, '/workspace/lib/c.ts')).toBeUndefined();
    expect(await nested.forFile(sandbox, '/workspace/AGENTS.md')).toBeUndefined();
    nested.clear();
    expect(await nested.forFile(sandbox, '/workspace/src/b.ts')).toContain('src rules');
  });

  it('is appended to the Read result of a session, once per folder', async () => {
    const sandbox = await sandboxWith({ 'pkg/AGENTS.md': 'pkg rules', 'pkg/a.ts': 'alpha', 'pkg/b.ts': 'beta' });
    const model = new ScriptedModelClient({
      script: [
        { toolCalls: [{ name: 'Read', input: { file_path: 'pkg/a.ts' } }] },
        { toolCalls: [{ name: 'Read', input: { file_path: 'pkg/b.ts' } }] },
        { text: 'Done.' },
      ],
    });
    const session = new Session({ sandbox, model, tools: createDefaultTools(), permissionMode: 'bypass' });
    const results: string[] = [];
    session.subscribe((event) => {
      if (event.type === 'tool_result') results.push(typeof event.result.content === 'string' ? event.result.content : JSON.stringify(event.result.content));
    });
    await session.send('read both');
    expect(results[0]).toContain('alpha');
    expect(results[0]).toContain('pkg rules');
    expect(results[0]).toContain('Contents of pkg/AGENTS.md');
    expect(results[1]).toContain('beta');
    expect(results[1]).not.toContain('pkg rules');
  });
});

describe('the system prompt as parts', () => {
  it('sends the parts joined, exactly, and carries them in model_request', async () => {
    const sandbox = await sandboxWith({ 'AGENTS.md': 'Always answer in French.' });
    const model = new ScriptedModelClient({ script: [{ text: 'Bonjour.' }] });
    const session = new Session({ sandbox, model, tools: createDefaultTools(), systemPrompt: contextPromptBuilder() });
    const requests: Array<Extract<AgentEvent, { type: 'model_request' }>> = [];
    session.subscribe((event) => {
      if (event.type === 'model_request') requests.push(event);
    });
    await session.send('hi');
    const request = requests[0];
    expect(request?.systemParts?.map((part) => part.label)).toEqual(['Glassbox', 'Project instructions']);
    expect(joinSystemParts(request?.systemParts ?? [])).toBe(request?.request.system);
    expect(session.systemPrompt).toBe(request?.request.system);
    expect(request?.request.system).toContain('Always answer in French.');
  });

  it('reads AGENTS.md again at every run', async () => {
    const sandbox = await sandboxWith({ 'AGENTS.md': 'First rules.' });
    const model = new ScriptedModelClient({ script: [{ text: 'a' }, { text: 'b' }] });
    const session = new Session({ sandbox, model, tools: createDefaultTools(), systemPrompt: contextPromptBuilder() });
    await session.send('one');
    await sandbox.fs.write('/workspace/AGENTS.md', 'Second rules.');
    await session.send('two');
    expect(session.systemPrompt).toContain('Second rules.');
    expect(session.systemPrompt).not.toContain('First rules.');
  });
});
