import { describe, expect, it } from 'vitest';
import { accountContext, contextCategories, messageLabel } from '../../../src/agent/context-accounting';
import type { LoggedEvent } from '../../../src/agent/event-log';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import type { AssistantMessage, UserMessage } from '../../../src/models/messages';
import type { ModelRequest } from '../../../src/models/port';
import { estimateMessageTokens, estimateTextTokens, estimateToolDefinitionTokens } from '../../../src/models/token-estimate';
import { EventListClient, stubSandbox, textAnswer } from './fakes';

const logOf = (events: AgentEvent[]): LoggedEvent[] => events.map((event, i) => ({ at: 1000 + i, event }));

const prompt: UserMessage = { role: 'user', content: 'Fix the failing test in src/sum.js please' };
const call: AssistantMessage = {
  role: 'assistant',
  content: [{ type: 'tool_use', id: 'c1', name: 'Read', input: { file_path: 'src/sum.js' } }],
};
const results: UserMessage = {
  role: 'user',
  content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'export const sum = (a, b) => a - b;\n'.repeat(40) }],
};
const tool = { name: 'Read', description: 'Reads a file from the workspace.', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } };
const request: ModelRequest = { model: 'claude-sonnet-5', system: 'You are Glassbox. '.repeat(50), messages: [prompt], tools: [tool], maxTokens: 8000 };

describe('accountContext', () => {
  it('is empty for an empty log', () => {
    expect(accountContext([])).toEqual({ parts: [], used: 0, measured: 0, estimated: 0 });
  });

  it('takes the last response usage as exact (input, cache read, cache write, output) and estimates what came after', () => {
    const log = logOf([
      { type: 'run_start', runId: 'r1', prompt: 'Fix', at: 1 },
      { type: 'user_message', message: prompt },
      { type: 'model_request', turn: 1, request },
      { type: 'usage', turn: 1, usage: { inputTokens: 300, cacheReadTokens: 1200, cacheWriteTokens: 100, outputTokens: 40 } },
      { type: 'assistant_message', turn: 1, message: call },
      { type: 'user_message', message: results },
    ]);
    const account = accountContext(log);
    expect(account.lastUsage).toEqual({ inputTokens: 300, cacheReadTokens: 1200, cacheWriteTokens: 100, outputTokens: 40 });
    expect(account.measured).toBe(1600 + 40);
    expect(account.estimated).toBe(estimateMessageTokens(results));
    expect(account.used).toBe(1640 + estimateMessageTokens(results));
    // The parts add up to the total; the request's parts are scaled to the exact 1,600.
    expect(account.parts.reduce((sum, part) => sum + part.tokens, 0)).toBe(account.used);
    expect(account.parts.map((part) => [part.kind, part.basis])).toEqual([
      ['system', 'measured'],
      ['tools', 'measured'],
      ['message', 'measured'],
      ['message', 'measured'],
      ['message', 'estimated'],
    ]);
    const [system, tools, user, answer, added] = account.parts;
    expect((system?.tokens ?? 0) + (tools?.tokens ?? 0) + (user?.tokens ?? 0)).toBe(1600);
    expect(answer?.tokens).toBe(40);
    expect(added?.label).toBe('Tool results (1)');
    // Scaling keeps the proportions of the estimates.
    const estimates = [estimateTextTokens(request.system), estimateToolDefinitionTokens(tool), estimateMessageTokens(prompt)];
    const total = estimates.reduce((a, b) => a + b, 0);
    expect(system?.tokens).toBeCloseTo((estimates[0]! / total) * 1600, -1);
  });

  it('estimates everything while the request has no usage yet', () => {
    const log = logOf([
      { type: 'user_message', message: prompt },
      { type: 'model_request', turn: 1, request },
    ]);
    const account = accountContext(log);
    expect(account.lastUsage).toBeUndefined();
    expect(account.measured).toBe(0);
    expect(account.used).toBe(estimateTextTokens(request.system) + estimateToolDefinitionTokens(tool) + estimateMessageTokens(prompt));
    expect(account.parts.every((part) => part.basis === 'estimated')).toBe(true);
  });

  it('counts only the messages before any request, estimated', () => {
    const account = accountContext(logOf([{ type: 'user_message', message: prompt }]));
    expect(account.used).toBe(estimateMessageTokens(prompt));
    expect(account.parts).toEqual([{ kind: 'message', label: 'User: Fix the failing test in src/sum.js please', tokens: estimateMessageTokens(prompt), basis: 'estimated' }]);
  });

  it('splits the system prompt into its named parts when the request logs them', () => {
    const withParts = {
      ...request,
      systemParts: [
        { name: 'Harness prompt', text: 'You are Glassbox. '.repeat(40) },
        { name: 'Project instructions (AGENTS.md)', text: 'Run npm test. '.repeat(30) },
        { name: 'Memory', text: 'The user prefers tabs. '.repeat(10) },
      ],
    };
    const account = accountContext(logOf([{ type: 'model_request', turn: 1, request: withParts }]));
    expect(account.parts.slice(0, 3).map((part) => [part.kind, part.label])).toEqual([
      ['system', 'Harness prompt'],
      ['instructions', 'Project instructions (AGENTS.md)'],
      ['instructions', 'Memory'],
    ]);
    const categories = contextCategories(account);
    expect(categories.find((c) => c.kind === 'instructions')?.tokens).toBe(estimateTextTokens('Run npm test. '.repeat(30)) + estimateTextTokens('The user prefers tabs. '.repeat(10)));
  });

  it('uses the latest request only: an earlier run counts through the last request', () => {
    const second: ModelRequest = { ...request, messages: [prompt, call, results] };
    const log = logOf([
      { type: 'model_request', turn: 1, request },
      { type: 'usage', turn: 1, usage: { inputTokens: 999, outputTokens: 9 } },
      { type: 'assistant_message', turn: 1, message: call },
      { type: 'user_message', message: results },
      { type: 'model_request', turn: 2, request: second },
      { type: 'usage', turn: 2, usage: { inputTokens: 2000, outputTokens: 20 } },
      { type: 'assistant_message', turn: 2, message: { role: 'assistant', content: [{ type: 'text', text: 'Fixed: a - b became a + b.' }] } },
    ]);
    const account = accountContext(log);
    expect(account.used).toBe(2020);
    expect(account.estimated).toBe(0);
    expect(account.parts.at(-1)?.label).toBe('Assistant: Fixed: a - b became a + b.');
  });

  it('matches a real session: after a one-turn run the meter is exactly the reported usage', async () => {
    const session = new Session({ sandbox: stubSandbox(), model: new EventListClient([textAnswer('Hello')]), tools: [], systemPrompt: 'Be brief.' });
    await session.send('Hi');
    const account = accountContext(session.log);
    expect(account.used).toBe(10 + 5);
    expect(account.measured).toBe(15);
  });
});

describe('messageLabel', () => {
  it('says who and the start of what', () => {
    expect(messageLabel(call)).toBe('Assistant: calls Read');
    expect(messageLabel({ role: 'user', content: 'x'.repeat(80) })).toMatch(/^User: x+…$/);
  });
});
