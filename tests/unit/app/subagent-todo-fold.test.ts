/**
 * Sub-agents and todos in the view: a sub-agent's run folds under its Agent call (chat items,
 * turns, tokens), its requests join the inspector labelled with the agent, its prompts count as
 * waiting, and the todo list follows accepted TodoWrite calls. The log stored and read back folds
 * to the same view.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { SubagentCatalogue } from '../../../src/agent/subagent-types';
import { foldEvents, foldLog, pendingPermissions, runState, type ToolItem, type ViewState } from '../../../src/app/state/fold';
import { todoProgress } from '../../../src/app/state/todos';
import { messageText } from '../../../src/models/messages';
import type { ModelClient, ModelEvent, ModelRequest } from '../../../src/models/port';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { openGlassboxDb } from '../../../src/store/db';
import { WorkspaceStore } from '../../../src/store/workspace-store';
import { createAgentTool } from '../../../src/tools/agent';
import { checkTodos, todoWriteTool } from '../../../src/tools/todo-write';
import { fakeTool, stubSandbox } from '../agent/fakes';

class RoutedModel implements ModelClient {
  readonly provider = 'routed';
  readonly label = 'Routed scripts';
  private readonly clients: Map<string, ScriptedModelClient>;
  constructor(scripts: Record<string, ScriptStep[]>) {
    this.clients = new Map(Object.entries(scripts).map(([prompt, script]) => [prompt, new ScriptedModelClient({ script, chunkDelayMs: 0 })]));
  }
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    const key = messageText(request.messages[0]!);
    return this.clients.get(key)!.stream(request, signal);
  }
}

function agentSession(scripts: Record<string, ScriptStep[]>, mode: 'bypass' | 'default' = 'bypass') {
  const subagents = new SubagentCatalogue();
  subagents.reload = async () => undefined;
  const session = new Session({
    sandbox: stubSandbox(),
    model: new RoutedModel(scripts),
    tools: [fakeTool({ name: 'Echo' }), todoWriteTool, createAgentTool(() => subagents.types())],
    subagents,
    permissionMode: mode,
  });
  return session;
}

const SCRIPTS: Record<string, ScriptStep[]> = {
  Go: [
    { text: 'Delegating.', toolCalls: [{ name: 'Agent', id: 'call_a', input: { description: 'Find the config', prompt: 'Find it', subagent_type: 'Explore' } }] },
    { text: 'Found it.' },
  ],
  'Find it': [{ thinking: 'Where is it?', text: 'Searching.', toolCalls: [{ name: 'Echo', id: 'sub_1', input: { value: 'config' } }] }, { text: 'It is in config.json.' }],
};

function agentCard(view: ViewState): ToolItem {
  const card = view.items.find((item): item is ToolItem => item.kind === 'tool' && item.name === 'Agent');
  if (!card) throw new Error('no Agent card');
  return card;
}

describe('a sub-agent in the view', () => {
  it('folds under its Agent call, with its requests in the inspector labelled with the agent', async () => {
    const session = agentSession(SCRIPTS);
    await session.send('Go');
    const view = foldLog(session.log);
    const card = agentCard(view);
    expect(card.status).toBe('done');
    expect(card.output).toBe('It is in config.json.');
    const sub = card.subagent!;
    expect(sub.agentId).toBe('agent-call_a');
    expect(sub.view.running).toBe(false);
    expect(sub.view.items.map((item) => item.kind)).toEqual(['user', 'thinking', 'text', 'tool', 'text', 'run_end']);
    expect(sub.view.requests).toHaveLength(2);
    expect(sub.view.usage.outputTokens).toBeGreaterThan(0);
    // Only the parent's own items at the top level.
    expect(view.items.filter((item) => item.kind === 'tool').map((item) => item.id)).toEqual(['call_a']);
    // Inspector: the parent's two requests and the agent's two, labelled, in the order they were sent.
    expect(view.requests.map((entry) => entry.agent?.label ?? 'parent')).toEqual(['parent', 'Explore: Find the config', 'Explore: Find the config', 'parent']);
    expect(view.requests.filter((entry) => entry.agent).every((entry) => entry.responses.length === 1 && entry.usage !== undefined)).toBe(true);
    // The session's totals include the agent's tokens.
    const parentOnly = view.requests.filter((entry) => !entry.agent).reduce((sum, entry) => sum + (entry.usage?.outputTokens ?? 0), 0);
    expect(view.usage.outputTokens).toBe(parentOnly + sub.view.usage.outputTokens);
  });

  it('reads back from the store to the same view', async () => {
    const session = agentSession(SCRIPTS);
    await session.send('Go');
    const name = `glassbox-subagent-test-${Date.now()}`;
    const store = () => new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    expect(await store().saveConversation({ log: session.log, permissionMode: 'default' })).toEqual({ persisted: true });
    const loaded = (await store().loadConversation()).value!;
    const strip = (view: ViewState) => JSON.parse(JSON.stringify({ ...view, requests: view.requests.map(({ at: _at, ...entry }) => entry) }));
    expect(strip(foldLog(loaded.log))).toEqual(strip(foldLog(session.log)));
    expect(agentCard(foldLog(loaded.log)).subagent?.view.items).toHaveLength(6);
  });

  it("counts a sub-agent's permission prompt as waiting", () => {
    const inner = (event: AgentEvent): AgentEvent => ({ type: 'subagent_event', agentId: 'agent-c', callId: 'c', event });
    const view = foldEvents([
      { type: 'run_start', runId: 'r', prompt: 'Go', at: 0 },
      { type: 'tool_call', turn: 1, call: { id: 'c', name: 'Agent', input: { description: 'd', prompt: 'p', subagent_type: 'general-purpose' } } },
      { type: 'tool_start', callId: 'c', at: 1 },
      inner({ type: 'run_start', runId: 'agent-c', prompt: 'p', at: 1 }),
      inner({ type: 'tool_call', turn: 1, call: { id: 's', name: 'Echo', input: { value: 'x' } } }),
      inner({ type: 'permission_request', callId: 's', descriptor: { title: 'Echo x', ruleKey: 'Echo(x)' } }),
    ]);
    expect(pendingPermissions(view).map((tool) => tool.id)).toEqual(['s']);
    expect(runState(view)).toBe('waiting');
    // The run ends (the page closed): the sub-agent's run ends with it.
    const ended = foldEvents([{ type: 'run_end', reason: 'interrupted', at: 5 }], 5, view);
    expect(agentCard(ended).subagent?.view.running).toBe(false);
    expect(agentCard(ended).subagent?.view.items.at(-1)?.kind).toBe('run_end');
  });
});

describe('the todo list', () => {
  const todos = [
    { content: 'Read the code', status: 'completed', activeForm: 'Reading the code' },
    { content: 'Fix the bug', status: 'in_progress', activeForm: 'Fixing the bug' },
    { content: 'Run the tests', status: 'pending', activeForm: 'Running the tests' },
  ] as const;

  it('validates the list: words in every item, at most one in progress', async () => {
    expect(checkTodos([...todos])).toBeUndefined();
    expect(checkTodos([{ ...todos[0], content: '  ' }])).toMatch(/empty/);
    expect(checkTodos([todos[1], { ...todos[2], status: 'in_progress' }])).toMatch(/2 todos are in_progress/);
    await expect(todoWriteTool.run({ todos: [todos[1], todos[1]] }, { sandbox: stubSandbox(), signal: new AbortController().signal, readLedger: new Map() })).rejects.toThrow(/not updated/);
    expect(todoWriteTool.inputSchema.safeParse({ todos: [{ content: 'x', status: 'done', activeForm: 'x' }] }).success).toBe(false);
  });

  it('follows accepted TodoWrite calls, live and after a reload; a refused call changes nothing', async () => {
    const session = agentSession({
      Plan: [
        { toolCalls: [{ name: 'TodoWrite', input: { todos: [{ content: 'Fix', status: 'pending', activeForm: 'Fixing' }] } }] },
        { toolCalls: [{ name: 'TodoWrite', input: { todos } }] },
        { toolCalls: [{ name: 'TodoWrite', input: { todos: [todos[1], todos[1]] } }] },
        { text: 'Working on it.' },
      ],
    });
    const views: ViewState[] = [];
    let live = foldLog([]);
    session.subscribe((event, at) => {
      live = foldEvents([event], at, live);
      views.push(live);
    });
    await session.send('Plan');
    const lists = [...new Set(views.map((view) => JSON.stringify(view.todos)))].map((text) => JSON.parse(text) as unknown[]);
    expect(lists.map((list) => list.length)).toEqual([0, 1, 3]);
    expect(live.todos).toEqual(todos);
    expect(foldLog(session.log).todos).toEqual(todos);
    expect(todoProgress(live.todos)).toEqual({ done: 1, total: 3, current: todos[1] });
  });
});
