import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import type { PermissionMode } from '../../../src/agent/session-contract';
import type { ModelRequest } from '../../../src/models/port';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import type { Sandbox } from '../../../src/sandbox/port';
import { createDefaultTools } from '../../../src/tools/registry';
import { WorkspaceToolCatalogue } from '../../../src/tools/workspace-tools/catalogue';
import { sandboxWith } from '../tools/context';
import { eventsOf, resultTextOf } from './fakes';

const WORD_COUNT = JSON.stringify({
  description: 'Counts the words of a text file in the workspace.',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  command: 'jq -r .path | xargs wc -w',
});

function sessionOn(sandbox: Sandbox, script: ScriptStep[], permissionMode: PermissionMode = 'default') {
  const requests: ModelRequest[] = [];
  const model = new ScriptedModelClient({ script, chunkDelayMs: 0 });
  const recording = { ...model, provider: model.provider, label: model.label, stream: (request: ModelRequest, signal: AbortSignal) => (requests.push(request), model.stream(request, signal)) };
  const session = new Session({ sandbox, model: recording, tools: createDefaultTools(), workspaceTools: new WorkspaceToolCatalogue(), permissionMode, systemPrompt: 'test' });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, events, requests };
}

function toolNames(request: ModelRequest | undefined): string[] {
  return (request?.tools ?? []).map((tool) => tool.name);
}

describe('workspace tools in a session', () => {
  it('offers a tool file written between two prompts from the next prompt on, and runs it once the user allows it', async () => {
    const sandbox = await sandboxWith({ 'notes.txt': 'one two three\nfour\n' });
    const { session, events, requests } = sessionOn(sandbox, [
      { text: 'No such tool yet.' },
      { text: 'Counting.', toolCalls: [{ name: 'word_count', input: { path: 'notes.txt' }, id: 'call_wc' }] },
      ({ lastToolResults }) => ({ text: `It says: ${resultTextOf(lastToolResults[0]!.content)}` }),
    ]);
    session.subscribe((event) => {
      if (event.type === 'permission_request') session.decidePermission(event.callId, { kind: 'allow_once' });
    });

    expect(await session.send('Count the words')).toBe('completed');
    expect(toolNames(requests[0])).not.toContain('word_count');
    expect(eventsOf(events, 'workspace_tools')).toEqual([]);

    await sandbox.fs.write(`${sandbox.root}/.glassbox/tools/word_count.json`, WORD_COUNT);
    expect(await session.send('Count the words now')).toBe('completed');
    expect(toolNames(requests[1]).slice(-1)).toEqual(['word_count']);
    expect(requests[1]?.tools.at(-1)?.input_schema).toEqual(JSON.parse(WORD_COUNT).input_schema);
    expect(session.tools.map((tool) => tool.name)).toContain('word_count');

    // Said once, just after the prompt that first offers it.
    const secondRun = events.slice(events.findLastIndex((event) => event.type === 'run_start'));
    expect(secondRun[1]).toEqual({ type: 'workspace_tools', tools: [{ name: 'word_count', file: '.glassbox/tools/word_count.json' }], problems: [] });
    const request = eventsOf(events, 'permission_request')[0];
    expect(request?.descriptor).toMatchObject({ title: 'Run the workspace tool word_count (notes.txt)', ruleKey: 'word_count' });
    const call = eventsOf(events, 'tool_call').find((event) => event.call.id === 'call_wc');
    expect(call?.call).toMatchObject({ name: 'word_count', summary: 'notes.txt', category: 'runs-commands' });
    const result = eventsOf(events, 'tool_result').find((event) => event.callId === 'call_wc');
    expect(result?.result).toEqual({ type: 'tool_result', tool_use_id: 'call_wc', content: '4 notes.txt' });
    expect(eventsOf(events, 'assistant_message').at(-1)?.message.content).toEqual([{ type: 'text', text: 'It says: 4 notes.txt' }]);

    // Nothing changed: nothing more is said.
    const before = eventsOf(events, 'workspace_tools').length;
    await session.send('Again');
    expect(eventsOf(events, 'workspace_tools').length).toBe(before);
  });

  it('offers a tool the agent itself wrote from its next request on, in the same run', async () => {
    const sandbox = await sandboxWith({ 'notes.txt': 'a b c\n' });
    const { session, requests, events } = sessionOn(
      sandbox,
      [
        { toolCalls: [{ name: 'Write', input: { file_path: '.glassbox/tools/word_count.json', content: WORD_COUNT } }] },
        { toolCalls: [{ name: 'word_count', input: { path: 'notes.txt' }, id: 'call_wc' }] },
        { text: 'Done.' },
      ],
      'bypass',
    );
    expect(await session.send('Make a word_count tool and try it')).toBe('completed');
    expect(requests.map(toolNames).map((names) => names.includes('word_count'))).toEqual([false, true, true]);
    expect(eventsOf(events, 'tool_result').find((event) => event.callId === 'call_wc')?.result.content).toBe('3 notes.txt');
    // The chat hears of it once, where it appeared: before the request that first offers it.
    const said = events.findIndex((event) => event.type === 'workspace_tools');
    expect(events.slice(said + 1).find((event) => event.type === 'model_request')).toMatchObject({ turn: 2 });
    expect(eventsOf(events, 'workspace_tools')).toHaveLength(1);
  });

  it('goes through the permission gate like Bash: plan mode refuses it, a deny rule refuses it, an allow rule runs it without asking', async () => {
    const sandbox = await sandboxWith({ 'notes.txt': 'x y\n', '.glassbox/tools/word_count.json': WORD_COUNT });
    const call = { name: 'word_count', input: { path: 'notes.txt' } };
    const { session, events } = sessionOn(sandbox, [{ toolCalls: [call] }, { text: 'ok' }, { toolCalls: [call] }, { text: 'ok' }, { toolCalls: [call] }, { text: 'ok' }], 'plan');

    await session.send('Count');
    const refused = eventsOf(events, 'tool_result')[0]?.result;
    expect(refused?.is_error).toBe(true);
    expect(resultTextOf(refused!.content)).toMatch(/^Plan mode is read-only, so word_count was not run/);

    session.setPermissionMode('default');
    await sandbox.fs.write(`${sandbox.root}/.glassbox/settings.json`, JSON.stringify({ permissions: { deny: ['word_count'] } }));
    await session.send('Count');
    expect(resultTextOf(eventsOf(events, 'tool_result')[1]!.result.content)).toMatch(/the permission rule word_count \(deny, from the workspace's settings\) forbids it/);

    await sandbox.fs.write(`${sandbox.root}/.glassbox/settings.json`, JSON.stringify({ permissions: { allow: ['word_count'] } }));
    await session.send('Count');
    expect(eventsOf(events, 'permission_request')).toEqual([]);
    expect(eventsOf(events, 'tool_result')[2]?.result.content).toBe('2 notes.txt');
    expect(eventsOf(events, 'permission_decision').at(-1)).toMatchObject({ automatic: true, rule: { rule: 'word_count', behavior: 'allow' } });
  });

  it('says in the chat and to the model when a tool file cannot be used, and the run goes on', async () => {
    const sandbox = await sandboxWith({ '.glassbox/tools/line_count.json': '{ "description": "Counts lines", "inputSchema": {}, "command": "wc -l" }' });
    const { session, events, requests } = sessionOn(sandbox, [{ text: 'Noted.' }, { text: 'Better.' }]);
    expect(await session.send('Hello')).toBe('completed');
    const problem = 'has "inputSchema" where this format says "input_schema"';
    expect(eventsOf(events, 'workspace_tools')).toEqual([{ type: 'workspace_tools', tools: [], problems: [{ file: '.glassbox/tools/line_count.json', problem }] }]);
    const first = requests[0]?.messages[0]?.content;
    const prompt = Array.isArray(first) ? first.map((block) => ('text' in block ? block.text : '')).join('\n') : '';
    expect(prompt).toContain(`The workspace tool file .glassbox/tools/line_count.json ${problem}, so its tool is not offered.`);
    expect(toolNames(requests[0])).not.toContain('line_count');

    await sandbox.fs.write(`${sandbox.root}/.glassbox/tools/line_count.json`, '{ "description": "Counts lines", "command": "wc -l" }');
    await session.send('Fixed');
    expect(eventsOf(events, 'workspace_tools').at(-1)).toEqual({ type: 'workspace_tools', tools: [{ name: 'line_count', file: '.glassbox/tools/line_count.json' }], problems: [] });
    expect(toolNames(requests[1])).toContain('line_count');
  });
});
