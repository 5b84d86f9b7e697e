import { describe, expect, it } from 'vitest';
import { transcriptOf } from '../../../src/agent/event-log';
import type { AgentEvent } from '../../../src/agent/events';
import { Session, type SessionOptions } from '../../../src/agent/session';
import { loadWorkspaceAgentTypes, parseAgentFile, SubagentCatalogue } from '../../../src/agent/subagent-types';
import { subagentTools } from '../../../src/agent/subagents';
import { StepController } from '../../../src/agent/step-controller';
import { branchLog } from '../../../src/agent/branch-point';
import { transcriptProblems } from '../../../src/agent/transcript';
import { messageText, type Message } from '../../../src/models/messages';
import type { ModelClient, ModelEvent, ModelRequest } from '../../../src/models/port';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { createAgentTool } from '../../../src/tools/agent';
import type { AnyTool } from '../../../src/tools/port';
import { createDefaultTools } from '../../../src/tools/registry';
import { sandboxWith } from '../tools/context';
import { deferred, eventsOf, fakeTool, resultTextOf, stubSandbox } from './fakes';

/** Plays one script per conversation: the parent's and each sub-agent's, told apart by their first message (the task). */
class RoutedModel implements ModelClient {
  readonly provider = 'routed';
  readonly label = 'Routed scripts';
  readonly requests: ModelRequest[] = [];
  private readonly clients: Map<string, ScriptedModelClient>;

  constructor(scripts: Record<string, ScriptStep[]>) {
    this.clients = new Map(Object.entries(scripts).map(([prompt, script]) => [prompt, new ScriptedModelClient({ script, chunkDelayMs: 0 })]));
  }

  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    this.requests.push(request);
    const first = request.messages[0];
    const key = first === undefined ? '' : messageText(first);
    const client = this.clients.get(key);
    if (client === undefined) throw new Error(`no script for the conversation starting "${key}"`);
    return client.stream(request, signal);
  }
}

function agentCall(type: string, prompt: string, description = 'a task'): { name: string; input: Record<string, unknown> } {
  return { name: 'Agent', input: { description, prompt, subagent_type: type } };
}

function sessionWith(scripts: Record<string, ScriptStep[]>, tools: AnyTool[], options: Partial<SessionOptions> = {}) {
  const model = new RoutedModel(scripts);
  const subagents = new SubagentCatalogue();
  const session = new Session({
    sandbox: stubSandbox(),
    model,
    tools: [...tools, createAgentTool(() => subagents.types())],
    subagents,
    permissionMode: 'bypass',
    ...options,
  });
  // The stub sandbox has no files: no custom agents (the session reloads them before each run).
  subagents.reload = async () => undefined;
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, model, events, subagents };
}

function subEvents(events: readonly AgentEvent[], callId?: string): AgentEvent[] {
  return events.flatMap((event) => (event.type === 'subagent_event' && (callId === undefined || event.callId === callId) ? [event.event] : []));
}

function agentResults(events: readonly AgentEvent[]): string[] {
  return eventsOf([...events], 'tool_result').map((event) => resultTextOf(event.result.content));
}

describe('sub-agents', () => {
  it('runs a sub-agent with a fresh context and returns its last answer as the Agent result', async () => {
    const { session, model, events } = sessionWith(
      {
        'Find the answer': [
          { text: 'Delegating.', toolCalls: [{ ...agentCall('general-purpose', 'Look up the value'), id: 'call_a' }] },
          ({ lastToolResults }) => ({ text: `The agent said: ${resultTextOf(lastToolResults[0]!.content)}` }),
        ],
        'Look up the value': [{ toolCalls: [{ name: 'Echo', input: { value: 'x' } }] }, { text: 'Report: the value is 42.' }],
      },
      [fakeTool({ name: 'Echo' })],
    );
    expect(await session.send('Find the answer')).toBe('completed');

    expect(agentResults(events)).toEqual(['Report: the value is 42.']);
    // The sub-agent's request: only its task, its own system prompt, no Agent tool.
    const subRequest = model.requests.find((request) => messageText(request.messages[0]!) === 'Look up the value')!;
    expect(subRequest.messages).toHaveLength(1);
    expect(subRequest.system).toContain('sub-agent');
    expect(subRequest.tools.map((tool) => tool.name)).toEqual(['Echo']);
    // Its events reach the parent's log, tagged with its id, from run_start to run_end.
    const inner = subEvents(events, 'call_a');
    expect(inner[0]?.type).toBe('user_message');
    expect(inner.find((event) => event.type === 'run_start')).toMatchObject({ runId: 'agent-call_a', prompt: 'Look up the value' });
    expect(inner.at(-1)).toMatchObject({ type: 'run_end', reason: 'completed' });
    expect(eventsOf(events, 'subagent_event').every((event) => event.agentId === 'agent-call_a')).toBe(true);
  });

  it("step mode pauses a sub-agent's steps too, each marked as that agent's, and refuses to branch from them", async () => {
    const { session } = sessionWith(
      {
        'Find the answer': [{ toolCalls: [{ ...agentCall('general-purpose', 'Look up the value'), id: 'call_a' }] }, { text: 'Done.' }],
        'Look up the value': [{ toolCalls: [{ name: 'Echo', input: { value: 'x' } }] }, { text: 'Report: 42.' }],
      },
      [fakeTool({ name: 'Echo' })],
    );
    const controller = new StepController({ enabled: true });
    const seen: string[] = [];
    controller.onChange(({ pause }) => {
      if (pause === null) return;
      const what = pause.kind === 'request' ? `request ${pause.turn}` : `${pause.kind} ${pause.call.name}`;
      seen.push(pause.agent === undefined ? what : `${pause.agent}: ${what}`);
      if (pause.agent !== undefined && pause.kind === 'tool') expect(() => branchLog(session.log, pause, 0)).toThrow(/sub-agent cannot be branched from/);
      queueMicrotask(() => controller.next());
    });
    session.setStepGate(controller);
    expect(await session.send('Find the answer')).toBe('completed');
    expect(seen).toEqual([
      'request 1',
      'tool Agent',
      'general-purpose: request 1',
      'general-purpose: tool Echo',
      'general-purpose: result Echo',
      'general-purpose: request 2',
      'result Agent',
      'request 2',
    ]);
  });

  it("keeps the sub-agent's messages out of the parent's transcript", async () => {
    const { session } = sessionWith(
      {
        Go: [{ toolCalls: [agentCall('general-purpose', 'Sub task')] }, { text: 'All done.' }],
        'Sub task': [{ toolCalls: [{ name: 'Echo', input: { value: 'y' } }] }, { text: 'Sub report.' }],
      },
      [fakeTool({ name: 'Echo' })],
    );
    await session.send('Go');
    const transcript = transcriptOf(session.log);
    expect(transcript).toEqual(session.messages);
    expect(transcript.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    const texts = transcript.map((message: Message) => messageText(message));
    expect(texts).not.toContain('Sub task');
    expect(transcript.some((message) => typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_use' && block.name === 'Echo'))).toBe(false);
    expect(transcriptProblems(transcript)).toEqual([]);
  });

  it('runs several Agent calls of one round in parallel', async () => {
    let inFlight = 0;
    let most = 0;
    const bothStarted = deferred();
    const slow = fakeTool({
      name: 'Slow',
      run: async (input) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        if (inFlight === 2) bothStarted.resolve();
        // Waits for the other sub-agent's call; gives up after a while so a serial run fails instead of hanging.
        await Promise.race([bothStarted.promise, new Promise((resolve) => setTimeout(resolve, 1500))]);
        inFlight -= 1;
        return { content: `slow ${String(input.value)}` };
      },
    });
    const { session, events } = sessionWith(
      {
        Go: [{ toolCalls: [agentCall('general-purpose', 'Task one'), agentCall('general-purpose', 'Task two')] }, { text: 'Both done.' }],
        'Task one': [{ toolCalls: [{ name: 'Slow', input: { value: '1' } }] }, { text: 'One done.' }],
        'Task two': [{ toolCalls: [{ name: 'Slow', input: { value: '2' } }] }, { text: 'Two done.' }],
      },
      [slow],
    );
    expect(await session.send('Go')).toBe('completed');
    expect(most).toBe(2);
    expect(agentResults(events).filter((text) => text.endsWith('done.'))).toEqual(['One done.', 'Two done.']);
  });

  it('asks the user about a sub-agent call through the same permission gate', async () => {
    const { session, events } = sessionWith(
      {
        Go: [{ toolCalls: [{ ...agentCall('general-purpose', 'Change it'), id: 'call_p' }] }, { text: 'Done.' }],
        'Change it': [{ toolCalls: [{ name: 'Echo', input: { value: 'z' }, id: 'sub_echo' }] }, { text: 'Changed.' }],
      },
      [fakeTool({ name: 'Echo' })],
      { permissionMode: 'default' },
    );
    session.subscribe((event) => {
      if (event.type === 'subagent_event' && event.event.type === 'permission_request') {
        queueMicrotask(() => session.decidePermission(event.event.type === 'permission_request' ? event.event.callId : '', { kind: 'allow_once' }));
      }
    });
    expect(await session.send('Go')).toBe('completed');
    const inner = subEvents(events, 'call_p');
    expect(inner.find((event) => event.type === 'permission_request')).toMatchObject({ callId: 'sub_echo' });
    expect(inner.find((event) => event.type === 'permission_decision')).toMatchObject({ decision: { kind: 'allow_once' }, automatic: false });
    expect(agentResults(events)).toContain('Changed.');
  });

  it('answers an unknown agent type with the list of known ones', async () => {
    const { session, events } = sessionWith({ Go: [{ toolCalls: [agentCall('nope', 'x')] }, { text: 'ok' }] }, []);
    await session.send('Go');
    const result = eventsOf(events, 'tool_result')[0]!;
    expect(result.result.is_error).toBe(true);
    expect(resultTextOf(result.result.content)).toMatch(/Unknown agent type "nope".*general-purpose, Explore/);
  });

  it('interrupting the parent interrupts its sub-agents', async () => {
    const started = deferred();
    const hang = fakeTool({
      name: 'Hang',
      readOnly: true,
      run: (_input, context) =>
        new Promise((resolve) => {
          started.resolve();
          context.signal.addEventListener('abort', () => resolve({ content: 'aborted' }), { once: true });
        }),
    });
    const { session, events } = sessionWith(
      {
        Go: [{ toolCalls: [{ ...agentCall('general-purpose', 'Wait forever'), id: 'call_i' }] }, { text: 'never' }],
        'Wait forever': [{ toolCalls: [{ name: 'Hang', input: { value: '1' } }] }, { text: 'never either' }],
      },
      [hang],
    );
    const run = session.send('Go');
    await started.promise;
    session.interrupt();
    expect(await run).toBe('interrupted');
    // The sub-agent's own loop saw the same signal and ended as interrupted.
    await expect.poll(() => subEvents(events, 'call_i').find((event) => event.type === 'run_end')).toMatchObject({ reason: 'interrupted' });
    expect(subEvents(events, 'call_i').some((event) => event.type === 'assistant_message' && messageText(event.message) === 'never either')).toBe(false);
  });

  it('counts a sub-agent’s tokens in the session’s', async () => {
    const { session, events } = sessionWith({ Go: [{ toolCalls: [agentCall('general-purpose', 'Count')] }, { text: 'ok' }], Count: [{ text: 'counted' }] }, []);
    await session.send('Go');
    const own = eventsOf(events, 'usage').reduce((sum, event) => sum + event.usage.inputTokens + event.usage.outputTokens, 0);
    expect(session.tokensUsed).toBeGreaterThan(own);
  });
});

describe('the Explore agent', () => {
  it('cannot write: no Write or Edit tool, and a shell command no rule allows is refused without asking', async () => {
    const sandbox = await sandboxWith({ 'notes.txt': 'hello\n' });
    const subagents = new SubagentCatalogue();
    const model = new RoutedModel({
      Go: [{ toolCalls: [{ ...agentCall('Explore', 'Look around'), id: 'call_e' }] }, { text: 'ok' }],
      'Look around': [
        {
          toolCalls: [
            { name: 'Write', input: { file_path: 'evil.txt', content: 'x' } },
            { name: 'Bash', input: { command: 'touch evil2.txt' } },
            { name: 'Read', input: { file_path: 'notes.txt' } },
          ],
        },
        { text: 'notes.txt says hello.' },
      ],
    });
    const session = new Session({ sandbox, model, tools: createDefaultTools({ agentTypes: () => subagents.types() }), subagents, permissionMode: 'default' });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    expect(await session.send('Go')).toBe('completed');

    const exploreRequest = model.requests.find((request) => messageText(request.messages[0]!) === 'Look around')!;
    expect(exploreRequest.tools.map((tool) => tool.name)).toEqual(['Read', 'Glob', 'Grep', 'Bash']);
    const results = subEvents(events, 'call_e').flatMap((event) => (event.type === 'tool_result' ? [event.result] : []));
    expect(results[0]?.is_error).toBe(true);
    expect(resultTextOf(results[0]!.content)).toMatch(/Write/);
    expect(results[1]?.is_error).toBe(true);
    expect(resultTextOf(results[1]!.content)).toMatch(/read-only/);
    expect(resultTextOf(results[2]!.content)).toContain('hello');
    expect(await sandbox.fs.exists(`${sandbox.root}/evil.txt`)).toBe(false);
    expect(await sandbox.fs.exists(`${sandbox.root}/evil2.txt`)).toBe(false);
    expect(session.pendingPermissionIds).toEqual([]);
  });

  it('runs a shell command an allow rule covers', async () => {
    const sandbox = await sandboxWith({ 'a.txt': 'A\n' });
    const subagents = new SubagentCatalogue();
    const model = new RoutedModel({
      Go: [{ toolCalls: [agentCall('Explore', 'List')] }, { text: 'ok' }],
      List: [{ toolCalls: [{ name: 'Bash', input: { command: 'ls' } }] }, { text: 'listed' }],
    });
    const session = new Session({ sandbox, model, tools: createDefaultTools({ agentTypes: () => subagents.types() }), subagents, permissionMode: 'default' });
    session.permissionRules.add('session', 'allow', ['Bash(ls)']);
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    await session.send('Go');
    const result = subEvents(events).find((event) => event.type === 'tool_result');
    expect(result?.type === 'tool_result' && resultTextOf(result.result.content)).toContain('a.txt');
  });
});

describe('agent types', () => {
  it('parses a custom agent file: frontmatter fields and the body as its system prompt', async () => {
    const parsed = await parseAgentFile(
      '---\nname: code-reviewer\ndescription: Reviews code for bugs.\ntools: Read, Grep, Glob\nmodel: sonnet\n---\nYou review code carefully.\n',
      '.glassbox/agents/code-reviewer.md',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.type).toMatchObject({ name: 'code-reviewer', description: 'Reviews code for bugs.', tools: ['Read', 'Grep', 'Glob'], file: '.glassbox/agents/code-reviewer.md' });
    expect(parsed.type.model).toBeUndefined(); // an alias keeps the session's model
    expect(parsed.type.systemPrompt).toMatch(/^You review code carefully\./);
    const withModel = await parseAgentFile('---\nname: fast\ndescription: d\nmodel: claude-haiku-5\n---\n', 'a.md');
    expect(withModel.ok && withModel.type.model).toBe('claude-haiku-5');
  });

  it.each([
    ['no frontmatter', 'Just a prompt.', /no frontmatter/],
    ['invalid YAML', '---\nname: [oops\n---\nbody', /not valid YAML/],
    ['no description', '---\nname: x\n---\nbody', /description/],
    ['a bad name', '---\nname: has spaces here\ndescription: d\n---\n', /name/],
    ['tools of the wrong type', '---\nname: x\ndescription: d\ntools: 3\n---\n', /tools/],
  ])('reports a file with %s', async (_case, text, problem) => {
    const parsed = await parseAgentFile(text, 'x.md');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('loads custom types from .glassbox/agents and .claude/agents, lists them to the model, and reports bad files', async () => {
    const sandbox = await sandboxWith({
      '.glassbox/agents/reviewer.md': '---\nname: reviewer\ndescription: Reviews diffs.\ntools: Read, Grep\n---\nReview.',
      '.claude/agents/tester.md': '---\nname: tester\ndescription: Runs the tests.\n---\nTest.',
      '.claude/agents/broken.md': 'no frontmatter',
      '.claude/agents/notes.txt': 'ignored',
    });
    const { types, problems } = await loadWorkspaceAgentTypes(sandbox);
    expect(types.map((type) => type.name)).toEqual(['reviewer', 'tester']);
    expect(problems).toEqual([{ file: '.claude/agents/broken.md', problem: expect.stringMatching(/frontmatter/) }]);

    const catalogue = new SubagentCatalogue();
    await catalogue.reload(sandbox);
    expect(catalogue.types().map((type) => type.name)).toEqual(['general-purpose', 'Explore', 'reviewer', 'tester']);
    const description = createAgentTool(() => catalogue.types()).description;
    expect(description).toContain('- reviewer: Reviews diffs. (Tools: Read, Grep)');
    expect(description).toContain('- tester: Runs the tests. (Tools: all tools except Agent)');
    expect(description).toContain('- Explore:');
  });

  it('gives a sub-agent the tools its type lists, never the Agent tool', () => {
    const tools = [...createDefaultTools(), fakeTool({ name: 'Extra' })];
    expect(subagentTools(tools, {}).map((tool) => tool.name)).toEqual(['Read', 'Write', 'Edit', 'Glob', 'Grep', 'Bash', 'WebFetch', 'TodoWrite', 'Extra']);
    expect(subagentTools(tools, { tools: ['Read', 'Agent', 'Missing'] }).map((tool) => tool.name)).toEqual(['Read']);
  });
});
